import { describe, expect, it } from 'vitest';
import { binMiddle, LATENCY_BINS, latencyBin, LatencyWindows } from './latency-windows.ts';

describe('latency windows: commit latency percentiles per bucket', () => {
  it('gives latencies below 16 µs a bin each', () => {
    for (let us = 0; us < 16; us++) expect(binMiddle(latencyBin(us))).toBe(us);
  });

  it('reports every latency within 1/32 of itself, bins in increasing order', () => {
    let last = -1;
    for (let us = 1; us < 2 ** 31; us = Math.ceil(us * 1.013) + 1) {
      const bin = latencyBin(us);
      expect(bin).toBeGreaterThanOrEqual(last);
      expect(bin).toBeLessThan(LATENCY_BINS);
      expect(Math.abs(binMiddle(bin) - us) / us).toBeLessThanOrEqual(1 / 32);
      last = bin;
    }
  });

  it('puts 2^31 µs and more in the top bin', () => {
    expect(latencyBin(2 ** 31)).toBe(LATENCY_BINS - 1);
    expect(latencyBin(1e15)).toBe(LATENCY_BINS - 1);
  });

  it("reads each bucket's nearest-rank percentiles; a bucket with no commit has none", () => {
    const w = new LatencyWindows({ widthUs: 1_000, count: 3 });
    for (let i = 1; i <= 100; i++) w.add(10, i * 10);
    w.add(2_500, 7);
    expect(Array.from(w.counts)).toEqual([100, 0, 1]);
    const p50 = w.percentile(50);
    const p99 = w.percentile(99);
    expect(Math.abs(p50[0]! - 500) / 500).toBeLessThanOrEqual(1 / 32);
    expect(Math.abs(p99[0]! - 990) / 990).toBeLessThanOrEqual(1 / 32);
    expect(Number.isNaN(p50[1]!)).toBe(true);
    expect(p50[2]).toBe(7);
  });
});
