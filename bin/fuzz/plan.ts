/**
 * Which seeds a fuzz runs, and which of them it runs twice. Seeds are consecutive, `first` to
 * `first + count − 1`, so a fuzz can be split or resumed by range. The determinism re-runs are
 * spread evenly over that range (every ⌊count/k⌋-th seed, from the first) and run in reverse,
 * so that in its fresh worker a seed follows other seeds than it did the first time.
 */
import { InvalidArgumentError } from 'commander';

export function seedRange(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}

/** `k` seeds of `seeds`, evenly spaced, in reverse order; all of them when k ≥ their number. */
export function determinismSample(seeds: readonly number[], k: number): number[] {
  const n = Math.min(k, seeds.length);
  const picked = Array.from({ length: n }, (_, i) => seeds[Math.floor((i * seeds.length) / n)]!);
  return picked.reverse();
}

/** Option parsers: whole numbers only, as commander `argParser`s (bad input exits 2). */
export function positiveInteger(value: string): number {
  const n = wholeNumber(value);
  if (n === 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

export function wholeNumber(value: string): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

export function collectSet(value: string, previous: string[] | undefined): string[] {
  if (!/^[^=]+=/.test(value)) throw new InvalidArgumentError('expected path=value, e.g. workload.rate=200/s');
  return [...(previous ?? []), value];
}
