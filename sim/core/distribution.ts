/**
 * Samplers for the resolved distribution specs, plus their analytic mean and CDF.
 *
 * A sampler returns integer microseconds: the real draw rounded half up, then clamped to
 * `spec.min` (when given) and never below 0; pareto is also clamped to `spec.max`. All
 * transcendental math is portable (`detmath.ts`, `fast-exp.ts`), so a draw is the same integer on
 * every Node version. Normal, lognormal and exponential draws scale an exact standard deviate
 * from the ziggurat (`ziggurat.ts`): one float per draw on its fast path, ~2.5x cheaper than the
 * polar method and -log(u) were (a lognormal draw ~30 ns, was ~72). The returned closures
 * allocate nothing per draw: they are called millions of times per run.
 *
 * `distributionCdf` is the exact CDF of the real draw before rounding, with the sampler's clamps
 * applied (mass below the floor max(min, 0) sits at the floor; a pareto's mass above `max` sits
 * at `max`). Rounding the real draw gives the sampler's integer, so
 * P(sample <= k) = cdf(k + 0.5) for integer k. Tests and the commit-latency model integrate it.
 * The normal CDF uses W. J. Cody's erfc (netlib specfun CALERF, relative error ~1e-15).
 */
import { assert, assertNever } from './assert.ts';
import { exp, log, pow } from './detmath.ts';
import type { DistributionSpec } from './distribution-spec.ts';
import { fastExp } from './fast-exp.ts';
import type { Rng } from './rng.ts';
import { standardExponential, standardNormal } from './ziggurat.ts';

/** The standard normal quantile at 0.99: a lognormal's p99 = median * e^(Z99 * sigma). */
export const Z99 = 2.3263478740408408;

/**
 * Draws from `spec`, in integer microseconds, from the stream `parent.fork(name)`.
 *
 * The sampler owns that stream (it forks it here, so nothing else can read it) and draws ahead:
 * BLOCK values at a time into a buffer that it then hands out one by one. A stream with one
 * reader yields the same values in the same order either way, so the trace does not change.
 * Why ahead: called one at a time from inside a busy caller (a network send, a disk write), a
 * draw cost about twice what it costs in a loop. V8 had used up its inlining budget on the
 * caller, so the rng step, the ziggurat or the exp stayed calls, each passing or returning a
 * boxed double (an eighth of a steady-state run's allocations). The block loop is compiled on its
 * own, with everything in it inlined; the per-draw closure only reads the buffer and returns an
 * integer, which needs no box. Measured in `bin/bench/README.md`.
 */
export function makeSampler(spec: DistributionSpec, parent: Rng, name: string): () => number {
  validate(spec);
  if (spec.dist === 'constant') {
    const value = clampRound(spec.value, 0, MAX_DRAW);
    return () => value;
  }
  const fill = filler(spec, parent.fork(name));
  const block = new Float64Array(BLOCK);
  let next = BLOCK;
  return () => {
    if (next === BLOCK) {
      fill(block);
      next = 0;
    }
    return block[next++]!;
  };
}

/**
 * The largest value a sampler returns, µs (about eleven and a half days): a heavy tail (a pareto
 * without a max, a lognormal with a huge p99) would otherwise hand the loop a delay past the
 * largest time it can hold. Anything that long is "never" in a run.
 */
export const MAX_DRAW = 1e12;

/** Draws per refill: small enough that a sampler's buffer stays in cache, large enough to amortize the call. */
const BLOCK = 64;

/** Fills a block with draws from `spec`: one loop per kind, so that each loop's code is monomorphic. */
function filler(spec: Exclude<DistributionSpec, { dist: 'constant' }>, rng: Rng): (out: Float64Array) => void {
  switch (spec.dist) {
    case 'uniform': {
      const { min } = spec;
      const span = spec.max - spec.min + 1;
      return (out) => {
        for (let k = 0; k < out.length; k++) out[k] = min + rng.int(span);
      };
    }
    case 'exponential': {
      const { mean } = spec;
      const floor = floorOf(spec.min);
      return (out) => {
        for (let k = 0; k < out.length; k++) out[k] = clampRound(mean * standardExponential(rng), floor, MAX_DRAW);
      };
    }
    case 'normal': {
      const { mean, stddev } = spec;
      const floor = floorOf(spec.min);
      return (out) => {
        for (let k = 0; k < out.length; k++) out[k] = clampRound(mean + stddev * standardNormal(rng), floor, MAX_DRAW);
      };
    }
    case 'lognormal': {
      const mu = lognormalMu(spec);
      const sigma = lognormalSigma(spec);
      const floor = floorOf(spec.min);
      return (out) => {
        for (let k = 0; k < out.length; k++) out[k] = clampRound(fastExp(mu + sigma * standardNormal(rng)), floor, MAX_DRAW);
      };
    }
    case 'pareto': {
      const { scale } = spec;
      const exponent = -1 / spec.shape;
      const ceiling = spec.max ?? MAX_DRAW;
      return (out) => {
        for (let k = 0; k < out.length; k++) out[k] = clampRound(scale * pow(1 - rng.float(), exponent), 0, ceiling);
      };
    }
    case 'empirical': {
      const values = Float64Array.from(spec.samples, (v) => clampRound(v, 0, MAX_DRAW));
      const count = values.length;
      return (out) => {
        for (let k = 0; k < out.length; k++) out[k] = values[rng.int(count)]!;
      };
    }
    default:
      return assertNever(spec, 'distribution');
  }
}

/** The analytic mean in µs, before rounding and clamping (Infinity for a pareto with shape <= 1). */
export function distributionMean(spec: DistributionSpec): number {
  switch (spec.dist) {
    case 'constant':
      return spec.value;
    case 'uniform':
      return (spec.min + spec.max) / 2;
    case 'exponential':
    case 'normal':
      return spec.mean;
    case 'lognormal': {
      const sigma = lognormalSigma(spec);
      return exp(lognormalMu(spec) + (sigma * sigma) / 2);
    }
    case 'pareto':
      return spec.shape > 1 ? (spec.shape * spec.scale) / (spec.shape - 1) : Infinity;
    case 'empirical': {
      let sum = 0;
      for (const v of spec.samples) sum += v;
      return sum / spec.samples.length;
    }
    default:
      return assertNever(spec, 'distribution');
  }
}

/**
 * P(real draw <= x): the continuous distribution with the sampler's clamps (see the header).
 * Constant, uniform and empirical draws are integers already, so their CDFs are steps.
 */
export function distributionCdf(spec: DistributionSpec, x: number): number {
  if (x !== x) return NaN;
  const floor = spec.dist === 'exponential' || spec.dist === 'normal' || spec.dist === 'lognormal' ? floorOf(spec.min) : 0;
  if (x < floor) return 0;
  switch (spec.dist) {
    case 'constant':
      return x >= spec.value ? 1 : 0;
    case 'uniform': {
      const below = Math.floor(x) - spec.min + 1;
      return below <= 0 ? 0 : Math.min(1, below / (spec.max - spec.min + 1));
    }
    case 'exponential':
      return x <= 0 ? 0 : 1 - exp(-x / spec.mean);
    case 'normal':
      return normalCdf((x - spec.mean) / spec.stddev);
    case 'lognormal':
      return x <= 0 ? 0 : normalCdf((log(x) - lognormalMu(spec)) / lognormalSigma(spec));
    case 'pareto':
      if (x < spec.scale) return 0;
      if (spec.max !== undefined && x >= spec.max) return 1;
      return 1 - pow(spec.scale / x, spec.shape);
    case 'empirical': {
      let atOrBelow = 0;
      for (const v of spec.samples) if (v <= x) atOrBelow++;
      return atOrBelow / spec.samples.length;
    }
    default:
      return assertNever(spec, 'distribution');
  }
}

/** Φ(z) through erfc, accurate in relative terms deep into the lower tail. */
function normalCdf(z: number): number {
  if (z === Infinity || z === -Infinity) return z > 0 ? 1 : 0;
  if (z !== z) return 1; // stddev 0 at the mean: all mass is here
  return 0.5 * erfc(-z * Math.SQRT1_2);
}

/** ln(median) for the {median, p99} form, mu itself otherwise. */
function lognormalMu(spec: Extract<DistributionSpec, { dist: 'lognormal' }>): number {
  return 'median' in spec ? log(spec.median) : spec.mu;
}

function lognormalSigma(spec: Extract<DistributionSpec, { dist: 'lognormal' }>): number {
  return 'median' in spec ? (log(spec.p99) - log(spec.median)) / Z99 : spec.sigma;
}

/** The sampler's lower clamp: `min` when given, never below 0. */
function floorOf(min: number | undefined): number {
  return min !== undefined && min > 0 ? min : 0;
}

/** Round half up, then clamp to [floor, ceiling]. */
function clampRound(v: number, floor: number, ceiling: number): number {
  const r = Math.floor(v + 0.5);
  return r < floor ? floor : r > ceiling ? ceiling : r;
}

/** Rejects specs a sampler cannot honour: a model bug, since the scenario layer validates input. */
function validate(spec: DistributionSpec): void {
  const ok = (cond: boolean, what: string): void => assert(cond, `distribution ${spec.dist}: ${what}`);
  if ('min' in spec && spec.min !== undefined) ok(Number.isSafeInteger(spec.min), 'min must be an integer (µs)');
  switch (spec.dist) {
    case 'constant':
      return ok(Number.isFinite(spec.value), 'value must be finite');
    case 'uniform':
      return ok(Number.isSafeInteger(spec.max) && spec.max >= spec.min && spec.min >= 0 && spec.max - spec.min < 4_294_967_296, 'needs integers 0 <= min <= max');
    case 'exponential':
      return ok(spec.mean > 0 && Number.isFinite(spec.mean), 'mean must be positive');
    case 'normal':
      return ok(Number.isFinite(spec.mean) && spec.stddev >= 0 && Number.isFinite(spec.stddev), 'needs finite mean, stddev >= 0');
    case 'lognormal':
      if ('median' in spec) return ok(spec.median > 0 && spec.p99 >= spec.median && Number.isFinite(spec.p99), 'needs 0 < median <= p99');
      return ok(Number.isFinite(spec.mu) && spec.sigma >= 0 && Number.isFinite(spec.sigma), 'needs finite mu, sigma >= 0');
    case 'pareto':
      ok(spec.scale > 0 && spec.shape > 0 && Number.isFinite(spec.scale) && Number.isFinite(spec.shape), 'needs scale > 0, shape > 0');
      return ok(spec.max === undefined || (Number.isSafeInteger(spec.max) && spec.max >= 0), 'max must be an integer (µs)');
    case 'empirical':
      return ok(spec.samples.length > 0 && spec.samples.length <= 4_294_967_296 && spec.samples.every(Number.isFinite), 'needs finite samples');
    default:
      return assertNever(spec, 'distribution');
  }
}

// W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 1969.
const ERF_A = [3.16112374387056560, 1.13864154151050156e2, 3.77485237685302021e2, 3.20937758913846947e3, 1.85777706184603153e-1] as const;
const ERF_B = [2.36012909523441209e1, 2.44024637934444173e2, 1.28261652607737228e3, 2.84423683343917062e3] as const;
const ERFC_C = [
  5.64188496988670089e-1, 8.88314979438837594, 6.61191906371416295e1, 2.98635138197400131e2, 8.81952221241769090e2,
  1.71204761263407058e3, 2.05107837782607147e3, 1.23033935479799725e3, 2.15311535474403846e-8,
] as const;
const ERFC_D = [
  1.57449261107098347e1, 1.17693950891312499e2, 5.37181101862009858e2, 1.62138957456669019e3, 3.29079923573345963e3,
  4.36261909014324716e3, 3.43936767414372164e3, 1.23033935480374942e3,
] as const;
const ERFC_P = [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2] as const;
const ERFC_Q = [2.56852019228982242, 1.87295284992346047, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3] as const;
const SQRPI = 5.6418958354775628695e-1; // 1 / sqrt(pi)
const ERFC_XBIG = 26.543; // erfc underflows to 0 beyond

/**
 * The complementary error function, erfc(x) = 1 - erf(x), with relative error ~1e-15 in both
 * tails (so a CDF deep in its lower tail keeps its significant digits).
 */
export function erfc(x: number): number {
  if (x !== x) return NaN;
  const y = Math.abs(x);
  if (y <= 0.46875) {
    // erf by a rational function of x^2
    const ysq = y > 1.11e-16 ? y * y : 0;
    let num = ERF_A[4] * ysq;
    let den = ysq;
    for (let i = 0; i < 3; i++) {
      num = (num + ERF_A[i]!) * ysq;
      den = (den + ERF_B[i]!) * ysq;
    }
    return 1 - (x * (num + ERF_A[3])) / (den + ERF_B[3]);
  }
  const r = y <= 4 ? erfcMiddle(y) : y < ERFC_XBIG ? erfcTail(y) : 0;
  return x < 0 ? 2 - r : r;
}

/** exp(-y^2), with y^2 split at a multiple of 1/16 so that the rounding of y*y does not leak in. */
function expMinusSquare(y: number): number {
  const ysq = Math.floor(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return exp(-ysq * ysq) * exp(-del);
}

/** erfc(y) for 0.46875 < y <= 4. */
function erfcMiddle(y: number): number {
  let num = ERFC_C[8] * y;
  let den = y;
  for (let i = 0; i < 7; i++) {
    num = (num + ERFC_C[i]!) * y;
    den = (den + ERFC_D[i]!) * y;
  }
  return expMinusSquare(y) * ((num + ERFC_C[7]) / (den + ERFC_D[7]));
}

/** erfc(y) for 4 < y < 26.543: an asymptotic rational function of 1/y^2. */
function erfcTail(y: number): number {
  const z = 1 / (y * y);
  let num = ERFC_P[5] * z;
  let den = z;
  for (let i = 0; i < 4; i++) {
    num = (num + ERFC_P[i]!) * z;
    den = (den + ERFC_Q[i]!) * z;
  }
  const r = (SQRPI - (z * (num + ERFC_P[4])) / (den + ERFC_Q[4])) / y;
  return expMinusSquare(y) * r;
}
