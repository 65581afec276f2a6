/**
 * The sweep's statistics against published values: Wilson intervals from Newcombe (1998,
 * Stat. Med. 17:857, Table II, method 3) and the usual 0/10, 5/10, 10/10 table; t intervals
 * and quantiles against scipy.stats (t.ppf, numpy.std with ddof=1).
 */
import { describe, expect, it } from 'vitest';
import { meanInterval, nearestRank, pairedDifference, tQuantile975, welchDifference, wilson } from './statistics.ts';

const at4 = (x: number | null): string => (x === null ? 'null' : x.toFixed(4));

describe('Wilson score interval', () => {
  it.each([
    [0, 10, '0.0000', '0.2775'],
    [5, 10, '0.2366', '0.7634'],
    [10, 10, '0.7225', '1.0000'],
    [1, 10, '0.0179', '0.4042'],
    [81, 263, '0.2553', '0.3662'],
    [15, 148, '0.0624', '0.1605'],
    [0, 20, '0.0000', '0.1611'],
    [1, 29, '0.0061', '0.1718'],
  ])('%i of %i: [%s, %s]', (k, n, lo, hi) => {
    const w = wilson(k, n);
    expect([at4(w.lo), at4(w.hi)]).toEqual([lo, hi]);
    expect(w.p).toBe(k / n);
  });

  it('is exactly 0 or 1 at the ends, never a rounding hair inside', () => {
    expect(wilson(0, 7).lo).toBe(0);
    expect(wilson(7, 7).hi).toBe(1);
  });

  it('has no value for no tasks, and refuses what is not a proportion', () => {
    expect(wilson(0, 0)).toEqual({ k: 0, n: 0, p: null, lo: null, hi: null });
    expect(() => wilson(3, 2)).toThrow(RangeError);
    expect(() => wilson(-1, 2)).toThrow(RangeError);
    expect(() => wilson(0.5, 2)).toThrow(RangeError);
  });
});

describe('Student t interval of a mean', () => {
  it('matches scipy for ten values (df 9, from the table)', () => {
    const m = meanInterval([1, 2, 3, 4, 5, 6, 7, 8, 9, 10.5]);
    expect(m.n).toBe(10);
    expect(m.mean).toBeCloseTo(5.55, 12);
    expect(m.sd).toBeCloseTo(3.113144176980351, 12);
    expect(m.lo).toBeCloseTo(3.322990813714745, 8);
    expect(m.hi).toBeCloseTo(7.777009186285255, 8);
  });

  it('matches scipy for forty values (df 39, from the expansion)', () => {
    const m = meanInterval(Array.from({ length: 40 }, (_, i) => i));
    expect(m.mean).toBe(19.5);
    expect(m.lo).toBeCloseTo(15.761212085024908, 6);
    expect(m.hi).toBeCloseTo(23.23878791497509, 6);
  });

  it('is a point for equal values, and has no interval below two values', () => {
    expect(meanInterval([4, 4, 4])).toEqual({ n: 3, mean: 4, sd: 0, lo: 4, hi: 4 });
    expect(meanInterval([4])).toEqual({ n: 1, mean: 4, sd: null, lo: null, hi: null });
    expect(meanInterval([])).toEqual({ n: 0, mean: null, sd: null, lo: null, hi: null });
  });
});

describe('t quantile', () => {
  it.each([
    [1, 12.706204736174707],
    [9, 2.2621571627409915],
    [30, 2.0422724563012378],
    [31, 2.039513446396408],
    [40, 2.021075390306273],
    [60, 2.0002978220142604],
    [120, 1.9799304050824402],
    [1000, 1.9623390808264083],
  ])('t(0.975, %i) = %f (scipy), to 1e-7', (df, expected) => {
    expect(Math.abs(tQuantile975(df) - expected)).toBeLessThan(1e-7);
  });

  it('decreases towards z as df grows', () => {
    let last = Infinity;
    for (let df = 1; df < 5000; df++) {
      const t = tQuantile975(df);
      expect(t).toBeLessThan(last);
      expect(t).toBeGreaterThan(1.959963984540054);
      last = t;
    }
  });
});

describe('nearest-rank percentile', () => {
  it('takes the value at rank ceil(p/100 · n)', () => {
    const sorted = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(nearestRank(sorted, 50)).toBe(50);
    expect(nearestRank(sorted, 51)).toBe(60);
    expect(nearestRank(sorted, 99)).toBe(100);
    expect(nearestRank(sorted, 1)).toBe(10);
    expect(nearestRank([], 50)).toBeNull();
  });
});

describe('differences of means (scipy.stats)', () => {
  const a = [10, 12, 9, 14, 11, 13];
  const b = [11, 14, 9.5, 15, 12.5, 13.8];

  it('paired: the t interval of the per-seed differences, n − 1 degrees of freedom', () => {
    const d = pairedDifference(a, b);
    expect(d.n).toBe(6);
    expect(d.df).toBe(5);
    expect(d.mean).toBeCloseTo(1.1333333333333335, 12);
    expect(d.lo).toBeCloseTo(0.5714522547042495, 8);
    expect(d.hi).toBeCloseTo(1.6952144119624175, 8);
  });

  it('unpaired: Welch, with the degrees of freedom rounded down (9.90 -> 9)', () => {
    const d = welchDifference(a, b);
    expect(d.df).toBe(9);
    expect(d.lo).toBeCloseTo(-1.4404055399397064, 8);
    expect(d.hi).toBeCloseTo(3.707072206606372, 8);
  });

  it('pairing is far narrower when the runs share their noise', () => {
    const p = pairedDifference(a, b);
    const w = welchDifference(a, b);
    expect(p.hi! - p.lo!).toBeLessThan((w.hi! - w.lo!) / 4);
  });

  it('has no interval below two pairs, and refuses samples of unequal length', () => {
    expect(pairedDifference([1], [3])).toEqual({ n: 1, mean: 2, lo: null, hi: null, df: null });
    expect(welchDifference([1], [3])).toEqual({ n: 1, mean: 2, lo: null, hi: null, df: null });
    expect(() => pairedDifference([1, 2], [3])).toThrow(RangeError);
  });
});
