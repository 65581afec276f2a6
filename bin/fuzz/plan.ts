/**
 * Which seeds a fuzz runs, and which of them it runs twice. Seeds are consecutive, `first` to
 * `first + count − 1`, so a fuzz can be split or resumed by range. The range is lazy: a
 * campaign bounded by time runs "every seed from `first` on" without an array of them. The
 * determinism re-runs are drawn from the seeds that ran, spread evenly over them (the
 * ⌊i·count/k⌋-th seed for i = 0..k−1) and run in reverse, so that in its fresh worker a seed
 * follows other seeds than it did the first time.
 */
import type { TaskList } from './pool.ts';

/** Seeds `first`..`first + length − 1`, each made when asked for. */
export interface SeedRange extends TaskList<number> {
  readonly first: number;
}

export function seedRange(first: number, count: number): SeedRange {
  return { first, length: count, at: (i) => (Number.isInteger(i) && i >= 0 && i < count ? first + i : undefined) };
}

/** Every seed from `first` to the largest a double holds exactly (2^53 − 1): a campaign bounded by time. */
export function seedsFrom(first: number): SeedRange {
  return seedRange(first, Math.max(0, Number.MAX_SAFE_INTEGER - first + 1));
}

/** `k` seeds of `seeds`, evenly spaced, in reverse order; all of them when k ≥ their number. */
export function determinismSample(seeds: readonly number[], k: number): number[] {
  const n = Math.min(k, seeds.length);
  const picked = Array.from({ length: n }, (_, i) => seeds[Math.floor((i * seeds.length) / n)]!);
  return picked.reverse();
}
