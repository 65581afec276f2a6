/** Estimates from tallies: their intervals, effective sample size, and the verdicts built on them. */
import { describe, expect, it } from 'vitest';
import { agreement, estimateOf, meanOf, MIN_ESS, unreliability } from './estimate.ts';

describe('an estimate from plain sampling', () => {
  it("is the proportion of runs with Wilson's interval, sound at zero hits", () => {
    const none = estimateOf({ runs: 1000, hits: 0, sum: 0, sumSquares: 0 }, true);
    expect(none).toMatchObject({ method: 'plain', p: 0, lo: 0, relativeError: null, ess: 0 });
    expect(none.hi).toBeCloseTo(0.003827, 6);
    const some = estimateOf({ runs: 10, hits: 5, sum: 5, sumSquares: 5 }, true);
    expect([some.lo.toFixed(4), some.hi.toFixed(4)]).toEqual(['0.2366', '0.7634']);
    expect(some.relativeError).toBeCloseTo(Math.sqrt(0.5 / 5), 12);
  });
});

describe('an estimate from importance sampling', () => {
  it('is the mean of the weighted values, zeros included, with mean ± 1.96 sd / √n', () => {
    // values 0, 0, 2, 0: mean 0.5, sample sd 1, standard error 0.5
    const e = estimateOf({ runs: 4, hits: 1, sum: 2, sumSquares: 4 }, false);
    expect(e).toMatchObject({ method: 'importance', p: 0.5, lo: 0, relativeError: 1, ess: 1 });
    expect(e.hi).toBeCloseTo(0.5 + 1.959963984540054 * 0.5, 12);
  });

  it('counts effective hits by Kish: equal weights count fully, one dominant weight counts once', () => {
    expect(estimateOf({ runs: 100, hits: 4, sum: 4e-6, sumSquares: 4e-12 }, false).ess).toBeCloseTo(4, 9);
    expect(estimateOf({ runs: 100, hits: 2, sum: 1 + 1e-3, sumSquares: 1 + 1e-6 }, false).ess).toBeCloseTo(1.002, 3);
  });

  it('is unreliable below the minimum effective hits, or when the mean weight leaves 1 out of its interval', () => {
    const thin = estimateOf({ runs: 1000, hits: 3, sum: 3e-3, sumSquares: 3e-6 }, false);
    const fine = meanOf(1000, 1000, 1000);
    expect(unreliability(thin, fine)).toBe(`effective sample size 3.0 < ${MIN_ESS}`);
    const rich = estimateOf({ runs: 1000, hits: 100, sum: 0.1, sumSquares: 1e-4 }, false);
    expect(unreliability(rich, fine)).toBeNull();
    expect(unreliability(rich, meanOf(1000, 10, 1))).toBe('mean weight 0.0100, not 1 within its interval');
  });
});

describe('agreement', () => {
  it('holds when the exact value is inside the interval, its ends included', () => {
    const e = estimateOf({ runs: 10, hits: 5, sum: 5, sumSquares: 5 }, true);
    expect([agreement(e.lo, e), agreement(e.hi, e), agreement(0.5, e)]).toEqual(['agree', 'agree', 'agree']);
    expect([agreement(0.2, e), agreement(0.8, e)]).toEqual(['disagree', 'disagree']);
  });
});
