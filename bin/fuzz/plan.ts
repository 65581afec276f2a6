/**
 * Which seeds a fuzz runs, and which of them it runs twice. Seeds are consecutive, `first` to
 * `first + count − 1`, so a fuzz can be split or resumed by range. The determinism re-runs are
 * spread evenly over that range (the ⌊i·count/k⌋-th seed for i = 0..k−1) and run in reverse,
 * so that in its fresh worker a seed follows other seeds than it did the first time.
 */

export function seedRange(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}

/** `k` seeds of `seeds`, evenly spaced, in reverse order; all of them when k ≥ their number. */
export function determinismSample(seeds: readonly number[], k: number): number[] {
  const n = Math.min(k, seeds.length);
  const picked = Array.from({ length: n }, (_, i) => seeds[Math.floor((i * seeds.length) / n)]!);
  return picked.reverse();
}
