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
