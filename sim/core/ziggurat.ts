/**
 * Exact standard normal and standard exponential deviates by the ziggurat method: G. Marsaglia
 * and W. W. Tsang, "The Ziggurat Method for Generating Random Variables", J. Stat. Softw. 5(8),
 * 2000, with J. A. Doornik's correction ("An Improved Ziggurat Method to Generate Normal Random
 * Samples", 2005): the layer index must not come from the bits that make the value.
 *
 * Why: the samplers draw ~18 of these per quorum write, and the polar method (two floats, a
 * log and a sqrt per pair) and -log(u) cost more than twice as much a draw (bin/bench/README.md, "What the design choices measured").
 * Here nearly every deviate takes one float, a few multiplies and one compare; detmath's exp
 * and log run only on the rare slow paths, so the output stays exact and portable.
 *
 * The method: the region under f (e^(-x^2/2) or e^(-x), x >= 0) is covered by 256 layers of
 * equal area V. Layer 0 is the strip [0, R] x [0, f(R)] plus the tail beyond R, treated as a
 * rectangle of width V / f(R); layer i >= 1 is [0, X[i]] x [f(X[i]), f(X[i+1])], up to
 * X[256] = 0 at the peak. Pick a layer uniformly and x = u * X[i]: if x < X[i+1] the point is
 * under f whatever its height (the fast path). Otherwise it is in the wedge, accepted when a
 * uniform height lies under f (exact test with detmath.exp), or beyond R in layer 0, where the
 * tail is drawn exactly: Marsaglia's tail method for the normal (1964), and for the exponential
 * R plus a fresh deviate (memorylessness). A rejected point starts over with a new layer.
 *
 * Bits: one rng.float() (53 random bits) per attempt. Its top 8 bits pick the layer and the
 * other 45 are the uniform: signed, in (-1, 1), for the normal (its sign is the deviate's), in
 * (0, 1) for the exponential, each centred on its grid cell so that it is symmetric and never 0.
 * Disjoint bits of an unbiased generator are independent, which is all Doornik asks (Marsaglia and
 * Tsang reused the low bits of the value as the index); one float costs two alea steps, where a
 * separate u32 for the index would cost a third. The grid is at most 2^-44 of a layer's width,
 * far below the microsecond rounding.
 *
 * R and V solve the closure (the top layer has area V exactly) for 256 layers, from mpmath at 60
 * digits; the tables are built at load with IEEE arithmetic and detmath, so they are the same
 * bits on every engine.
 */
import { exp, log } from './detmath.ts';
import type { Rng } from './rng.ts';

const LAYERS = 256;
const NORMAL_R = 3.654152885361009;
const NORMAL_V = 0.004928673233974655; // R f(R) + sqrt(pi/2) erfc(R / sqrt 2)
const EXPONENTIAL_R = 7.69711747013105;
const EXPONENTIAL_V = 0.003949659822581557; // (R + 1) e^-R
const NORMAL_CENTRE = 2.842170943040401e-14; // 2^-45: half the 2^-44 grid step of the normal's signed uniform
const EXPONENTIAL_CENTRE = 1.4210854715202004e-14; // 2^-46: half the 2^-45 grid step of the exponential's uniform

/** A ziggurat's tables: right edges x, heights f(x) (f[0] unused) and the fast-path bounds x[i+1] / x[i]. */
interface Layers {
  readonly x: Float64Array;
  readonly f: Float64Array;
  readonly ratio: Float64Array;
}

/** Stacks the layers from the base up: each next edge makes a layer of area v (Marsaglia & Tsang). */
function buildLayers(r: number, v: number, f: (x: number) => number, fInverse: (y: number) => number): Layers {
  const x = new Float64Array(LAYERS + 1);
  x[0] = v / f(r);
  x[1] = r;
  for (let i = 1; i < LAYERS - 1; i++) x[i + 1] = fInverse(v / x[i]! + f(x[i]!));
  x[LAYERS] = 0;
  const heights = x.map(f);
  const ratio = new Float64Array(LAYERS);
  for (let i = 0; i < LAYERS; i++) ratio[i] = x[i + 1]! / x[i]!;
  return { x, f: heights, ratio };
}

const NORMAL = buildLayers(NORMAL_R, NORMAL_V, (x) => exp(-0.5 * x * x), (y) => Math.sqrt(-2 * log(y)));
const EXPONENTIAL = buildLayers(EXPONENTIAL_R, EXPONENTIAL_V, (x) => exp(-x), (y) => -log(y));

/**
 * Where the fast paths take a slow path's deviate. `return normalBeyond(...)` would merge a call's
 * tagged result with the fast path's double, and V8 then boxed every deviate, fast or not: 17
 * bytes of garbage a draw. Read back from a float64 cell, both sides stay doubles.
 */
const BEYOND = new Float64Array(1);

/** The tables, for tests. */
export const ZIGGURAT_LAYERS = { normal: NORMAL, exponential: EXPONENTIAL, normalV: NORMAL_V, exponentialV: EXPONENTIAL_V } as const;

/**
 * A standard normal deviate. Only the fast path is here, so that V8 inlines it into the
 * samplers: a call it does not inline takes and returns doubles boxed, an allocation each.
 * The rest is `normalBeyond`.
 */
export function standardNormal(rng: Rng): number {
  const t = rng.float() * 256;
  const i = t | 0; // the top 8 bits
  // The other 45 bits as a signed uniform in (-1, 1) (Doornik's form): the sign needs no branch,
  // where a coin-flip branch would be mispredicted half the time (~10 ns a draw).
  const u = 2 * (t - i) - 1 + NORMAL_CENTRE;
  if (Math.abs(u) < NORMAL.ratio[i]!) return u * NORMAL.x[i]!;
  BEYOND[0] = normalBeyond(rng, i, u);
  return BEYOND[0]!;
}

/** `standardNormal` once the point (layer i, uniform u) missed the fast path: the rest of the method. */
function normalBeyond(rng: Rng, i: number, u: number): number {
  const { x: edge, f, ratio } = NORMAL;
  for (;;) {
    const x = u * edge[i]!;
    if (Math.abs(u) < ratio[i]!) return x;
    if (i === 0) return u < 0 ? -normalTail(rng) : normalTail(rng);
    if (f[i]! + rng.float() * (f[i + 1]! - f[i]!) < exp(-0.5 * x * x)) return x;
    const t = rng.float() * 256;
    i = t | 0;
    u = 2 * (t - i) - 1 + NORMAL_CENTRE;
  }
}

/** A normal deviate conditioned on z > R (Marsaglia 1964): R + x, x ~ Exp(R), kept with probability e^(-x^2/2). */
function normalTail(rng: Rng): number {
  for (;;) {
    const x = -log(1 - rng.float()) / NORMAL_R;
    const y = -log(1 - rng.float());
    if (y + y >= x * x) return NORMAL_R + x;
  }
}

/** A standard exponential deviate (mean 1): the fast path, inlined like `standardNormal`'s. */
export function standardExponential(rng: Rng): number {
  const t = rng.float() * 256;
  const i = t | 0; // the top 8 bits
  const u = t - i + EXPONENTIAL_CENTRE;
  if (u < EXPONENTIAL.ratio[i]!) return u * EXPONENTIAL.x[i]!;
  BEYOND[0] = exponentialBeyond(rng, i, u);
  return BEYOND[0]!;
}

/** `standardExponential` once the point (layer i, uniform u) missed the fast path. */
function exponentialBeyond(rng: Rng, i: number, u: number): number {
  const { x: edge, f, ratio } = EXPONENTIAL;
  let base = 0; // R per tail visit: P(X > R + s | X > R) = P(X > s)
  for (;;) {
    const x = u * edge[i]!;
    if (u < ratio[i]!) return base + x;
    if (i === 0) base += EXPONENTIAL_R;
    else if (f[i]! + rng.float() * (f[i + 1]! - f[i]!) < exp(-x)) return base + x;
    const t = rng.float() * 256;
    i = t | 0;
    u = t - i + EXPONENTIAL_CENTRE;
  }
}
