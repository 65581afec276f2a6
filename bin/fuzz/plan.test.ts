/**
 * Which seeds a fuzz runs, and which it runs twice to check determinism.
 */
import { describe, expect, it } from 'vitest';
import { determinismSample, seedRange, seedsFrom, type SeedRange } from './plan.ts';

const listed = (range: SeedRange): number[] => Array.from({ length: range.length }, (_, i) => range.at(i)!);

describe('fuzz plan', () => {
  it('runs consecutive seeds from the first one', () => {
    expect(listed(seedRange(7, 4))).toEqual([7, 8, 9, 10]);
    expect(seedRange(7, 4).at(4)).toBeUndefined();
  });

  it('bounded by time, runs every seed from the first to 2^53 - 1, each made only when asked for', () => {
    const range = seedsFrom(10);
    expect(range.length).toBe(Number.MAX_SAFE_INTEGER - 9);
    expect([range.at(0), range.at(1), range.at(range.length - 1), range.at(range.length)]).toEqual([10, 11, Number.MAX_SAFE_INTEGER, undefined]);
  });

  it('re-runs k seeds spread evenly over the range, starting at the first, latest first', () => {
    expect(determinismSample(listed(seedRange(1, 10)), 5)).toEqual([9, 7, 5, 3, 1]);
    expect(determinismSample(listed(seedRange(1, 1000)), 4)).toEqual([751, 501, 251, 1]);
  });

  it('spreads an uneven split by rounding each position down (the ⌊i·count/k⌋-th seed)', () => {
    expect(determinismSample(listed(seedRange(0, 10)), 4)).toEqual([7, 5, 2, 0]);
  });

  it('re-runs every seed when k is at least their number, and none when k is 0', () => {
    expect(determinismSample([4, 5, 6], 10)).toEqual([6, 5, 4]);
    expect(determinismSample([4, 5, 6], 0)).toEqual([]);
  });
});
