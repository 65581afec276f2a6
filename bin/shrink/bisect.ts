/**
 * Shrinking one number: the smallest value in [low, high] that still fails, found by binary
 * search from `high` (known to fail) toward `low`. The floor is tried first, since a failure
 * that does not depend on the number at all is common and costs one test. The search stops
 * once the bracket is within `grain`, so a number costs a handful of tests, not one per unit:
 * a shorter fault or an earlier start is what is wanted, not the exact edge.
 *
 * Pure; failure is not assumed monotonic, so the answer is a value that fails, not the least.
 */

export interface BisectOptions {
  readonly low: number;
  readonly high: number;
  /** Stop when the bracket is this narrow or narrower. */
  readonly grain: number;
  /** Midpoints are rounded to a multiple of this (a whole millisecond reads better). */
  readonly step: number;
}

/** The smallest value found that fails; `high` when nothing lower does. */
export async function shrinkNumber(options: BisectOptions, fails: (value: number) => Promise<boolean>): Promise<number> {
  const { low, step } = options;
  let { high } = options;
  if (high <= low) return high;
  if (await fails(low)) return low;
  let passing = low;
  const grain = Math.max(options.grain, step);
  while (high - passing > grain) {
    const mid = Math.round((passing + high) / 2 / step) * step;
    if (mid <= passing || mid >= high) break;
    if (await fails(mid)) high = mid;
    else passing = mid;
  }
  return high;
}

/** The grain for shrinking `value` toward `low`: a sixteenth of the way, at least `step`. */
export function grainOf(low: number, value: number, step: number): number {
  return Math.max(step, Math.floor((value - low) / 16));
}
