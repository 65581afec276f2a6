/**
 * Uniform draws for the bench models, and the exponential transform the peers use
 * (`Exp(mean) = -mean * ln(1 - U)`).
 *
 * Two sources, chosen per run with `--rng`:
 *  - `bare`: a local sfc32 (seeded through splitmix32) with `Math.log`: the cheapest generator,
 *    the same algorithm family the JS reference kernel uses, so the A/B ratio against it compares
 *    engines and not generators;
 *  - `sim`: the simulator's own `Rng` stream (sim/core/rng.ts) and portable `log`
 *    (sim/core/detmath.ts): what a model inside aurora-sim actually pays per draw.
 * The runner runs a `sim-rng` row beside each of models A, B and C, so the RNG cost is visible
 * next to the engine cost.
 */

import { log } from '../../sim/core/detmath.ts';
import { Rng } from '../../sim/core/rng.ts';

/** A source of uniform doubles in [0, 1). */
export type Uniform = () => number;
/** A natural logarithm (Math.log, or the simulator's portable one). */
export type Ln = (x: number) => number;

export interface Draws {
  readonly uniform: Uniform;
  readonly ln: Ln;
  /** Which source this is, for the JSON output. */
  readonly name: string;
}

/** sfc32 seeded through splitmix32 (both public-domain algorithms), 2^-32 resolution. */
export function sfc32(seed: number): Uniform {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) | 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

export function bareDraws(seed: number): Draws {
  return { uniform: sfc32(seed), ln: Math.log, name: 'bare (sfc32 + Math.log)' };
}

export type RngKind = 'sim' | 'bare';

/** The draws a model run uses; `sim` is what models inside aurora-sim pay. */
export function makeDraws(kind: RngKind, seed: number): Draws {
  if (kind === 'bare') return bareDraws(seed);
  if (kind === 'sim') {
    const rng = Rng.root(seed).fork('bench');
    return { uniform: () => rng.float(), ln: log, name: 'sim (Rng alea + detmath log)' };
  }
  throw new Error(`--rng sim|bare, got ${String(kind)}`);
}
