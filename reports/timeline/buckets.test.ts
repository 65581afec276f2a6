import { describe, expect, it } from 'vitest';
import { bucketOf, bucketsFor, MAX_BUCKETS } from './buckets.ts';

describe('buckets: a time axis chosen from the duration alone', () => {
  it('takes the narrowest width of 1, 2 or 5 times a power of ten µs that fits', () => {
    expect(bucketsFor(30_000_000)).toEqual({ widthUs: 20_000, count: 1_500 });
    expect(bucketsFor(600_000_000)).toEqual({ widthUs: 500_000, count: 1_200 });
    expect(bucketsFor(3_600_000_000)).toEqual({ widthUs: 2_000_000, count: 1_800 });
    expect(bucketsFor(2_000)).toEqual({ widthUs: 1, count: 2_000 });
  });

  it('never has more than MAX_BUCKETS, however long the run', () => {
    for (let d = 1; d < 1e13; d = d * 3 + 7) expect(bucketsFor(d).count).toBeLessThanOrEqual(MAX_BUCKETS);
  });

  it('has one bucket for a run of no time', () => {
    expect(bucketsFor(0)).toEqual({ widthUs: 1, count: 1 });
  });

  it('puts the end of the run, and anything after it, in the last bucket', () => {
    const b = bucketsFor(30_000_000);
    expect(bucketOf(b, 0)).toBe(0);
    expect(bucketOf(b, 19_999)).toBe(0);
    expect(bucketOf(b, 20_000)).toBe(1);
    expect(bucketOf(b, 30_000_000)).toBe(1_499);
    expect(bucketOf(b, 31_000_000)).toBe(1_499);
  });

  it('refuses what is not a duration', () => {
    expect(() => bucketsFor(-1)).toThrow(RangeError);
    expect(() => bucketsFor(1.5)).toThrow(RangeError);
  });
});
