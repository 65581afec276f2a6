/**
 * Which seeds a fuzz runs, and which it runs twice to check determinism.
 */
import { describe, expect, it } from 'vitest';
import { determinismSample, seedRange } from './plan.ts';

describe('fuzz plan', () => {
  it('runs consecutive seeds from the first one', () => {
    expect(seedRange(7, 4)).toEqual([7, 8, 9, 10]);
  });

  it('re-runs k seeds spread evenly over the range, starting at the first, latest first', () => {
    expect(determinismSample(seedRange(1, 10), 5)).toEqual([9, 7, 5, 3, 1]);
    expect(determinismSample(seedRange(1, 1000), 4)).toEqual([751, 501, 251, 1]);
  });

  it('spreads an uneven split by rounding each position down (the ⌊i·count/k⌋-th seed)', () => {
    expect(determinismSample(seedRange(0, 10), 4)).toEqual([7, 5, 2, 0]);
  });

  it('re-runs every seed when k is at least their number, and none when k is 0', () => {
    expect(determinismSample([4, 5, 6], 10)).toEqual([6, 5, 4]);
    expect(determinismSample([4, 5, 6], 0)).toEqual([]);
  });
});
