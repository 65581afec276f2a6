/**
 * The histogram keeps every value within 0.1% of its bucket, exact below 2,048 µs, and its
 * percentiles agree with exact nearest-rank percentiles of the same data to that precision.
 */
import { describe, expect, it } from 'vitest';
import { bucketOf, Histogram, lowestOf } from './histogram.ts';

describe('histogram', () => {
  it('buckets are exact below 2048 and within 1/1024 above, across the whole safe range', () => {
    for (const value of [0, 1, 2047, 2048, 2049, 4095, 4096, 123_456, 9_999_999, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 12_345, 2 ** 52]) {
      const low = lowestOf(bucketOf(value));
      expect(low).toBeLessThanOrEqual(value);
      expect(value - low).toBeLessThanOrEqual(value < 2048 ? 0 : value / 1024);
      expect(bucketOf(low)).toBe(bucketOf(value));
    }
  });

  it('bucket indexes grow with the value', () => {
    let last = -1;
    for (let value = 0; value < 200_000; value += 7) {
      const index = bucketOf(value);
      expect(index).toBeGreaterThanOrEqual(last);
      last = index;
    }
  });

  it('percentiles match exact nearest-rank percentiles within 0.1%', () => {
    const histogram = new Histogram();
    const values: number[] = [];
    let x = 12_345;
    for (let i = 0; i < 50_000; i++) {
      x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
      const value = 100 + (x % 5_000_000);
      values.push(value);
      histogram.add(value);
    }
    values.sort((a, b) => a - b);
    for (const p of [50, 99, 99.9]) {
      const exact = values[Math.ceil((p / 100) * values.length) - 1]!;
      expect(Math.abs(histogram.percentile(p) - exact)).toBeLessThanOrEqual(exact / 1024);
    }
    expect(histogram.summarize().max).toBe(values[values.length - 1]);
    expect(histogram.count).toBe(50_000);
  });

  it('an empty histogram reports zeros', () => {
    expect(new Histogram().summarize()).toEqual({ count: 0, p50: 0, p99: 0, p999: 0, max: 0, mean: 0 });
  });
});

describe('merging histograms', () => {
  /** Deterministic values spread over the exact range and several powers of two above it. */
  function values(seed: number, n: number): number[] {
    const out: number[] = [];
    let x = seed;
    for (let i = 0; i < n; i++) {
      x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
      out.push(i % 3 === 0 ? x % 2048 : 1000 + (x % 9_000_000));
    }
    return out;
  }

  it('merging two runs gives the percentiles, count, mean and max of one histogram fed both', () => {
    const a = values(1, 20_000);
    const b = values(2, 7_000);
    const first = new Histogram();
    const second = new Histogram();
    const both = new Histogram();
    for (const v of a) {
      first.add(v);
      both.add(v);
    }
    for (const v of b) {
      second.add(v);
      both.add(v);
    }
    const merged = Histogram.merged([first.snapshot(), second.snapshot()]);
    expect(merged.summarize()).toEqual(both.summarize());
    for (const p of [1, 10, 50, 90, 99, 99.9, 99.99, 100]) expect(merged.percentile(p)).toBe(both.percentile(p));
    expect(merged.snapshot()).toEqual(both.snapshot());
  });

  it('a snapshot lists the non-empty buckets in order by their lowest value, and survives JSON', () => {
    const histogram = new Histogram();
    for (const v of [5, 5, 7, 4096, 4100, 3_000_000]) histogram.add(v);
    const snapshot = histogram.snapshot();
    expect(snapshot).toEqual({ count: 6, sum: 3_008_213, max: 3_000_000, buckets: [[5, 2], [7, 1], [4096, 1], [4100, 1], [lowestOf(bucketOf(3_000_000)), 1]] });
    const copy = Histogram.merged([JSON.parse(JSON.stringify(snapshot))]);
    expect(copy.summarize()).toEqual(histogram.summarize());
  });

  it('merging nothing, or empty snapshots, leaves an empty histogram', () => {
    expect(Histogram.merged([]).summarize()).toEqual(new Histogram().summarize());
    expect(Histogram.merged([new Histogram().snapshot()]).snapshot()).toEqual({ count: 0, sum: 0, max: 0, buckets: [] });
  });

  it('refuses a bucket that is not one of the layout', () => {
    expect(() => new Histogram().merge({ count: 1, sum: 2049, max: 2049, buckets: [[2049, 1]] })).toThrow(RangeError);
  });
});
