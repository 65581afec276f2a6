/**
 * Portable transcendental functions for the samplers: log, exp and pow.
 *
 * Why: ECMAScript leaves Math.log/exp/pow "implementation-approximated", and V8 changed them
 * (log and exp in Node 7, pow in V8 7.4). A latency draw computed with them can differ in the
 * last bit across Node majors and then round to a different microsecond, which changes the trace
 * hash. These ports use only IEEE-754 + - * / (correctly rounded everywhere, and JS never fuses
 * a multiply-add), exact bit manipulation of the exponent, and Math.sqrt/abs/floor (exact), so
 * they return the same bits on every engine.
 *
 * They are ports of Sun's fdlibm 5.3 (e_log.c, e_exp.c, e_pow.c; error < 1 ulp), the algorithms
 * V8 itself ships for log and exp; exp also returns the correctly rounded e for exp(1), as V8
 * does. (erfc, for the normal CDF, lives with its only user in distribution.ts.)
 */

// One 8-byte scratch cell viewed as a double and as two 32-bit words.
const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: high word second
const LO = 1 - HI;

/** The sign, exponent and top 20 fraction bits of x, as a signed 32-bit integer (fdlibm __HI). */
function highWord(x: number): number {
  f64[0] = x;
  return i32[HI]!;
}

/** The low 32 fraction bits of x, unsigned (fdlibm __LO). */
function lowWord(x: number): number {
  f64[0] = x;
  return u32[LO]!;
}

/** x with its high word replaced. */
function withHigh(x: number, hi: number): number {
  f64[0] = x;
  i32[HI] = hi;
  return f64[0]!;
}

/** x with its low word cleared (keeps the top 21 significant bits: a "head" for exact products). */
function clearLow(x: number): number {
  f64[0] = x;
  u32[LO] = 0;
  return f64[0]!;
}

function fromHigh(hi: number): number {
  i32[HI] = hi;
  u32[LO] = 0;
  return f64[0]!;
}

const TWO53 = 9007199254740992;
const TWO54 = 1.8014398509481984e16;
const TWOM54 = 5.55111512312578270212e-17;
const LN2_HI = 6.93147180369123816490e-1; // 0x3fe62e42 fee00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3dea39ef 35793c76

const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

/** Natural logarithm (fdlibm e_log.c): log(x) = k*ln2 + log(1+f), with 1+f in [sqrt(2)/2, sqrt(2)). */
export function log(x: number): number {
  let hx = highWord(x);
  const lx = lowWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity; // log(+-0)
    if (hx < 0) return NaN; // log(negative)
    k -= 54; // subnormal: scale up
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x; // Infinity or NaN
  if (hx === 0x3ff00000 && lx === 0) return 0;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  x = withHigh(x, hx | (i ^ 0x3ff00000)); // normalize x or x/2
  k += i >> 20;
  const f = x - 1;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    // -2^-20 <= f < 2^-20
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : dk * LN2_HI - (R - dk * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const R = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    if (k === 0) return f - (hfsq - s * (hfsq + R));
    return dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
  }
  if (k === 0) return f - s * (f - R);
  return dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}

const O_THRESHOLD = 7.09782712893383973096e2; // above: exp overflows
const U_THRESHOLD = -7.45133219101941108420e2; // below: exp underflows to 0
const INVLN2 = 1.44269504088896338700;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;
const E = 2.718281828459045;
const TWOM1000 = 9.33263618503218878990e-302;
const TWO1023 = 8.98846567431157953865e307;

/** e^x (fdlibm e_exp.c): exp(x) = 2^k * exp(r), with |r| <= ln2/2 and a rational fit of exp(r). */
export function exp(x: number): number {
  const signedHigh = highWord(x);
  const xsb = signedHigh >>> 31;
  const hx = signedHigh & 0x7fffffff;
  if (hx >= 0x40862e42) {
    // |x| >= 709.78...
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | lowWord(x)) !== 0) return x + x; // NaN
      return xsb === 0 ? x : 0; // exp(+-Infinity) = Infinity, 0
    }
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  let k = 0;
  let hi = 0;
  let lo = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2: reduce
    if (hx < 0x3ff0a2b2) {
      if (x === 1) return E;
      hi = xsb === 0 ? x - LN2_HI : x + LN2_HI;
      lo = xsb === 0 ? LN2_LO : -LN2_LO;
      k = 1 - xsb - xsb;
    } else {
      k = (INVLN2 * x + (xsb === 0 ? 0.5 : -0.5)) | 0; // truncates toward zero, as C's (int)
      hi = x - k * LN2_HI; // exact
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x; // |x| < 2^-28
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2 * TWO1023;
    return y * fromHigh(0x3ff00000 + (k << 20));
  }
  return y * fromHigh(0x3ff00000 + ((k + 1000) << 20)) * TWOM1000;
}

const DP_H = 5.84962487220764160156e-1; // log2(1.5), head
const DP_L = 1.35003920212974897128e-8; // log2(1.5), tail
const L1 = 5.99999999999994648725e-1;
const L2 = 4.28571428578550184252e-1;
const L3 = 3.33333329818377432918e-1;
const L4 = 2.72728123808534006489e-1;
const L5 = 2.30660745775561754067e-1;
const L6 = 2.06975017800338417784e-1;
const LG2_FULL = 6.93147180559945286227e-1;
const LG2_H = 6.93147182464599609375e-1;
const LG2_L = -1.90465429995776804525e-9;
const OVT = 8.0085662595372944372e-17; // -(1024 - log2(overflow + 0.5 ulp))
const CP = 9.61796693925975554329e-1; // 2 / (3 ln2)
const CP_H = 9.61796700954437255859e-1;
const CP_L = -7.02846165095275826516e-9;
const IVLN2 = 1.44269504088896338700;
const IVLN2_H = 1.44269502162933349609;
const IVLN2_L = 1.92596299112661746887e-8;

/**
 * x^y (fdlibm e_pow.c): log2(x) in extra precision as t1 + t2, y * log2(x) = n + y' exactly
 * split, then 2^n * exp(y' ln2). Exact for integer powers that are representable. Special
 * cases follow ECMAScript (1^Infinity and 1^NaN are NaN).
 */
export function pow(x: number, y: number): number {
  const hx = highWord(x);
  const lx = lowWord(x);
  const hy = highWord(y);
  const ly = lowWord(y);
  const ix = hx & 0x7fffffff;
  const iy = hy & 0x7fffffff;
  if ((iy | ly) === 0) return 1;
  if (ix > 0x7ff00000 || (ix === 0x7ff00000 && lx !== 0)) return NaN;
  if (iy > 0x7ff00000 || (iy === 0x7ff00000 && ly !== 0)) return NaN;
  const yisint = hx < 0 ? integerKind(iy, ly) : 0;
  if (ly === 0) {
    if (iy === 0x7ff00000) {
      // y is +-Infinity
      if (((ix - 0x3ff00000) | lx) === 0) return NaN;
      if (ix >= 0x3ff00000) return hy >= 0 ? y : 0;
      return hy < 0 ? -y : 0;
    }
    if (iy === 0x3ff00000) return hy < 0 ? 1 / x : x;
    if (hy === 0x40000000) return x * x;
    if (hy === 0x3fe00000 && hx >= 0) return Math.sqrt(x);
  }
  if (lx === 0 && (ix === 0x7ff00000 || ix === 0 || ix === 0x3ff00000)) {
    // x is +-0, +-Infinity or +-1
    let z = Math.abs(x);
    if (hy < 0) z = 1 / z;
    if (hx < 0) {
      if (((ix - 0x3ff00000) | yisint) === 0) return NaN; // (-1)^non-integer
      if (yisint === 1) z = -z;
    }
    return z;
  }
  if (hx < 0 && yisint === 0) return NaN; // negative^non-integer
  const s = hx < 0 && yisint === 1 ? -1 : 1; // sign of the result
  let t1: number;
  let t2: number;
  if (iy > 0x41e00000) {
    // |y| > 2^31
    if (iy > 0x43f00000) {
      if (ix <= 0x3fefffff) return hy < 0 ? Infinity : 0;
      if (ix >= 0x3ff00000) return hy > 0 ? Infinity : 0;
    }
    if (ix < 0x3fefffff) return hy < 0 ? s * Infinity : s * 0;
    if (ix > 0x3ff00000) return hy > 0 ? s * Infinity : s * 0;
    // |1 - x| <= 2^-20: log(x) by x - x^2/2 + x^3/3 - x^4/4
    const t = Math.abs(x) - 1;
    const w = t * t * (0.5 - t * (0.3333333333333333333333 - t * 0.25));
    const u = IVLN2_H * t;
    const v = t * IVLN2_L - w * IVLN2;
    t1 = clearLow(u + v);
    t2 = v - (t1 - u);
  } else {
    t1 = log2Head(x, ix);
    t2 = log2TailOut;
  }
  // y * log2(x) = pH + pL, with y split so that y1 * t1 is exact
  const y1 = clearLow(y);
  const pL = (y - y1) * t1 + y * t2;
  let pH = y1 * t1;
  let z = pL + pH;
  const j = highWord(z);
  const i = lowWord(z);
  if (j >= 0x40900000) {
    // z >= 1024
    if (((j - 0x40900000) | i) !== 0 || pL + OVT > z - pH) return s * Infinity;
  } else if ((j & 0x7fffffff) >= 0x4090cc00) {
    // z <= -1075
    if (((j - (0xc090cc00 | 0)) | i) !== 0 || pL <= z - pH) return s * 0;
  }
  // z = n + (pH + pL) with |pH + pL| <= 0.5
  const ij = j & 0x7fffffff;
  let n = 0;
  if (ij > 0x3fe00000) {
    n = j + (0x00100000 >> (((ij >> 20) - 0x3ff) + 1));
    const k = ((n & 0x7fffffff) >> 20) - 0x3ff;
    pH -= fromHigh(n & ~(0x000fffff >> k));
    n = ((n & 0x000fffff) | 0x00100000) >> (20 - k);
    if (j < 0) n = -n;
  }
  // 2^(pH + pL) = exp((pH + pL) ln2), reduced as in exp()
  const t = clearLow(pL + pH);
  const u = t * LG2_H;
  const v = (pL - (t - pH)) * LG2_FULL + t * LG2_L;
  z = u + v;
  const w = v - (z - u);
  const tt = z * z;
  const c = z - tt * (P1 + tt * (P2 + tt * (P3 + tt * (P4 + tt * P5))));
  const r = (z * c) / (c - 2) - (w + z * w);
  z = 1 - (r - z);
  const high = highWord(z) + (n << 20);
  z = high >> 20 <= 0 ? scaleSubnormal(z, n) : withHigh(z, high);
  return s * z;
}

/** For x < 0: 0 if y is not an integer, 1 if it is odd, 2 if it is even. */
function integerKind(iy: number, ly: number): number {
  if (iy >= 0x43400000) return 2; // |y| >= 2^53: even
  if (iy < 0x3ff00000) return 0; // |y| < 1
  const k = (iy >> 20) - 0x3ff; // exponent
  if (k > 20) {
    const j = ly >>> (52 - k);
    return (j << (52 - k)) >>> 0 === ly ? 2 - (j & 1) : 0;
  }
  if (ly !== 0) return 0;
  const j = iy >> (20 - k);
  return j << (20 - k) === iy ? 2 - (j & 1) : 0;
}

/** The tail of the last `log2Head` (a second return value without allocating). */
let log2TailOut = 0;

/** log2(|x|) = head + log2TailOut, the head with 21 significant bits (fdlibm's t1, t2). */
function log2Head(x: number, ixIn: number): number {
  let ax = Math.abs(x);
  let ix = ixIn;
  let n = 0;
  if (ix < 0x00100000) {
    // subnormal
    ax *= TWO53;
    n -= 53;
    ix = highWord(ax);
  }
  n += (ix >> 20) - 0x3ff;
  const j = ix & 0x000fffff;
  ix = j | 0x3ff00000; // normalize to [1, 2)
  let k = 0; // 0: |x| < sqrt(3/2), bp = 1; 1: |x| < sqrt(3), bp = 1.5
  if (j <= 0x3988e) k = 0;
  else if (j < 0xbb67a) k = 1;
  else {
    n += 1;
    ix -= 0x00100000;
  }
  ax = withHigh(ax, ix);
  const bp = k === 0 ? 1 : 1.5;
  const dpH = k === 0 ? 0 : DP_H;
  const dpL = k === 0 ? 0 : DP_L;
  // ss = sH + sL = (x - bp) / (x + bp)
  const u = ax - bp;
  const v = 1 / (ax + bp);
  const ss = u * v;
  const sH = clearLow(ss);
  const tHead = fromHigh(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18));
  const tTail = ax - (tHead - bp);
  const sL = v * (u - sH * tHead - sH * tTail);
  // log(ax) = 2 ss + ss^3 (2/3 + r)
  let s2 = ss * ss;
  let r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
  r += sL * (sH + ss);
  s2 = sH * sH;
  const tH = clearLow(3 + s2 + r);
  const tL = r - (tH - 3 - s2);
  const uu = sH * tH;
  const vv = sL * tH + tL * ss;
  const pH = clearLow(uu + vv);
  const pL = vv - (pH - uu);
  // log2(ax) = (ss + ...) * 2 / (3 ln2) = n + dpH + zH + zL
  const zH = CP_H * pH;
  const zL = CP_L * pH + pL * CP + dpL;
  const t1 = clearLow(zH + zL + dpH + n);
  log2TailOut = zL - (t1 - n - dpH - zH);
  return t1;
}

/** z * 2^n for a result in the subnormal range, rounded once (fdlibm scalbn). */
function scaleSubnormal(z: number, n: number): number {
  const hz = highWord(z);
  const k = ((hz & 0x7ff00000) >> 20) + n;
  if (k <= -54) return 0 * z;
  return withHigh(z, (hz & 0x800fffff) | ((k + 54) << 20)) * TWOM54;
}
