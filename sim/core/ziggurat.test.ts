/**
 * Ziggurat: the tables stack 256 layers of equal area that close at the peak, and the deviates
 * have the exact distribution, checked where a broken table, wedge or tail would show: tail
 * frequencies (5 standard errors), a chi-squared over 64 equal-probability bins, and a
 * chi-squared over bins cut at the layer edges (each layer's wedge is the excess mass of one
 * bin). 16M draws each, so that the normal's tail beyond R (~4,000 draws) is itself tested.
 * Critical values are chi-squared quantiles at p = 1e-6 (mpmath): a fixed seed either passes or
 * fails, and a correct sampler fails with negligible probability on a new seed.
 */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { exp, log } from './detmath.ts';
import { erfc } from './distribution.ts';
import { Rng } from './rng.ts';
import { standardExponential, standardNormal, ZIGGURAT_LAYERS } from './ziggurat.ts';
import { countAtOrBelow } from '../testing/sorted-count.ts';

const DRAWS = 16_000_000;
const CHI2_63 = 131.3697; // P(chi-squared with 63 dof > this) = 1e-6
const CHI2_255 = 377.0781; // same, 255 dof
const { normal, exponential, normalV, exponentialV } = ZIGGURAT_LAYERS;

/** P(Z > z) for a standard normal, through the exact erfc. */
const upperNormal = (z: number): number => 0.5 * erfc(z * Math.SQRT1_2);

/** The standard normal quantile by bisection on the exact CDF (for equal-probability bins). */
function normalQuantile(p: number): number {
  let lo = -40;
  let hi = 40;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (1 - upperNormal(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}


/** Counts of `values` per bin of `edges` (edges.length + 1 bins). */
function tally(values: Float64Array, edges: Float64Array): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  for (let i = 0; i < values.length; i++) counts[countAtOrBelow(edges, values[i]!)]!++;
  return counts;
}

/** Pearson's statistic against bin probabilities. */
function chiSquared(counts: Float64Array, probabilities: readonly number[]): number {
  let sum = 0;
  probabilities.forEach((p, k) => {
    const expected = p * DRAWS;
    sum += (counts[k]! - expected) ** 2 / expected;
  });
  return sum;
}

/** The observed frequency of `count`, with the expected one when it is more than 5 standard errors off. */
function frequencyCheck(label: string, count: number, p: number): string | undefined {
  const se = Math.sqrt(DRAWS * p * (1 - p));
  if (Math.abs(count - DRAWS * p) <= 5 * se) return undefined;
  return `${label}: ${count} draws, expected ${(DRAWS * p).toFixed(1)} ± ${se.toFixed(1)}`;
}

/** How many of `values` lie above `t`. */
function countAbove(values: Float64Array, t: number): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! > t) n++;
  return n;
}

/** How many of `values` lie below `t`. */
function countBelow(values: Float64Array, t: number): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! < t) n++;
  return n;
}

describe('ziggurat tables', () => {
  for (const [name, layers, v, f] of [
    ['normal', normal, normalV, (x: number) => exp(-0.5 * x * x)],
    ['exponential', exponential, exponentialV, (x: number) => exp(-x)],
  ] as const) {
    it(`${name}: 256 layers of area V, descending to 0 at the peak`, () => {
      const bad: string[] = [];
      const area = (i: number): number => (i === 0 ? layers.x[0]! * f(layers.x[1]!) : layers.x[i]! * (f(layers.x[i + 1]!) - f(layers.x[i]!)));
      for (let i = 0; i < 256; i++) if (Math.abs(area(i) - v) > 1e-12 * v) bad.push(`layer ${i}: area ${area(i)}`);
      expect(bad).toEqual([]);
      expect(layers.x[256]).toBe(0);
      for (let i = 1; i < 256; i++) expect(layers.x[i + 1]!).toBeLessThan(layers.x[i]!);
    });
  }
});

describe('standardNormal', () => {
  const rng = Rng.root(2025).fork('ziggurat/normal');
  const draws = new Float64Array(DRAWS);
  for (let i = 0; i < DRAWS; i++) draws[i] = standardNormal(rng);

  it('has the tail frequencies of the normal, both sides, through and beyond R = 3.654', () => {
    const bad: string[] = [];
    for (const t of [3, 4, 4.5]) {
      bad.push(frequencyCheck(`Z > ${t}`, countAbove(draws, t), upperNormal(t)) ?? '');
      bad.push(frequencyCheck(`Z < -${t}`, countBelow(draws, -t), upperNormal(t)) ?? '');
    }
    expect(bad.filter((b) => b !== '')).toEqual([]);
  });

  it('fills 64 equal-probability bins evenly (chi-squared)', () => {
    const edges = Float64Array.from({ length: 63 }, (_, k) => normalQuantile((k + 1) / 64));
    expect(chiSquared(tally(draws, edges), Array(64).fill(1 / 64))).toBeLessThan(CHI2_63);
  });

  it('puts the normal mass between the layer edges (chi-squared on |Z|, 256 bins)', () => {
    const edges = normal.x.slice(1).reverse(); // 0, X[255], ..., X[1] = R
    const probabilities = Array.from({ length: 257 }, (_, k) => 2 * (upperNormal(k === 0 ? 0 : edges[k - 1]!) - (k === 256 ? 0 : upperNormal(edges[k]!))));
    const counts = tally(draws.map(Math.abs), edges);
    expect(counts[0]).toBe(0); // |Z| < 0 never happens: bin 0 is empty
    expect(chiSquared(counts.subarray(1), probabilities.slice(1))).toBeLessThan(CHI2_255);
  });
});

describe('standardExponential', () => {
  const rng = Rng.root(2025).fork('ziggurat/exponential');
  const draws = new Float64Array(DRAWS);
  for (let i = 0; i < DRAWS; i++) draws[i] = standardExponential(rng);

  it('has the tail frequencies of the exponential, through and beyond R = 7.697 (the memoryless tail)', () => {
    const bad = [5, 8, 12].map((t) => frequencyCheck(`X > ${t}`, countAbove(draws, t), exp(-t)) ?? '');
    expect(bad.filter((b) => b !== '')).toEqual([]);
  });

  it('fills 64 equal-probability bins evenly (chi-squared)', () => {
    const edges = Float64Array.from({ length: 63 }, (_, k) => -log(1 - (k + 1) / 64));
    expect(chiSquared(tally(draws, edges), Array(64).fill(1 / 64))).toBeLessThan(CHI2_63);
  });

  it('puts the exponential mass between the layer edges (chi-squared, 256 bins)', () => {
    const edges = exponential.x.slice(1).reverse();
    const probabilities = Array.from({ length: 257 }, (_, k) => (k === 0 ? 0 : exp(-edges[k - 1]!)) - (k === 256 ? 0 : exp(-edges[k]!)));
    const counts = tally(draws, edges);
    expect(counts[0]).toBe(0);
    expect(chiSquared(counts.subarray(1), probabilities.slice(1))).toBeLessThan(CHI2_255);
  });
});

describe('cost', () => {
  /** Floats per draw and the share of draws that took one float, over 200k draws. */
  function cost(deviate: (rng: Rng) => number): { perDraw: number; oneFloat: number } {
    const inner = Rng.root(9).fork('ziggurat/cost');
    let floats = 0;
    const counting = { float: () => (floats++, inner.float()) } as unknown as Rng;
    let oneFloat = 0;
    for (let i = 0; i < 200_000; i++) {
      const before = floats;
      deviate(counting);
      if (floats - before === 1) oneFloat++;
    }
    return { perDraw: floats / 200_000, oneFloat: oneFloat / 200_000 };
  }

  // Expected values from the exact layer geometry (mpmath): the fast path takes the first float.
  it('a normal draw costs one float 98.5% of the time, 1.0220 on average', () => {
    const { perDraw, oneFloat } = cost(standardNormal);
    expect(perDraw).toBeCloseTo(1.022034831, 2);
    expect(Math.abs(oneFloat - 0.98508095)).toBeLessThan(5 * Math.sqrt((0.98508 * 0.01492) / 200_000));
  });

  it('an exponential draw costs one float 97.8% of the time, 1.0336 on average', () => {
    const { perDraw, oneFloat } = cost(standardExponential);
    expect(perDraw).toBeCloseTo(1.033595449, 2);
    expect(Math.abs(oneFloat - 0.97777966)).toBeLessThan(5 * Math.sqrt((0.97778 * 0.02222) / 200_000));
  });
});

describe('golden draws (a refactor of the samplers must keep every bit)', () => {
  it('400k normal and exponential deviates, wedges and tails included, match a pinned digest', () => {
    // Computed with the ziggurat as first committed (7740246), before its fast paths were split
    // out for inlining: every scenario's trace hash depends on these exact values.
    const rng = Rng.root(7).fork('ziggurat/golden');
    const hash = createHash('sha256');
    const bytes = Buffer.alloc(8);
    for (let i = 0; i < 400_000; i++) {
      bytes.writeDoubleBE(i % 2 === 0 ? standardNormal(rng) : standardExponential(rng));
      hash.update(bytes);
    }
    expect(hash.digest('hex')).toBe('6f84576376073ac2760bbc7e2bb1a2d1c7750c9a07f1b392be64257be1836c85');
  });
});
