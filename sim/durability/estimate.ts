/**
 * From Monte Carlo sums (`monte-carlo.ts`) to estimates with their 95% intervals, and the
 * verdict of the cross-check against the exact value (`exact.ts`).
 *
 * - Plain sampling: the proportion of runs that lost the quorum, with Wilson's interval
 *   (`core/proportion.ts`), sound at zero hits.
 * - Importance sampling: the mean of the n weighted values L · 1{lost} (zeros included), with a
 *   normal interval mean ± z · sd / √n. It leans on the central limit theorem, and on the sample
 *   sd being near the true one, which heavy-tailed weights break. Two guards say when not to
 *   trust it: the effective sample size (Kish) of the hits, ESS = (Σ L)^2 / Σ L^2 over the runs
 *   that lost the quorum (how many runs the estimate really rests on), below `MIN_ESS`; and the
 *   mean of all runs' weights, 1 in expectation, whose interval leaves out 1 (weights whose
 *   mass sits in runs never drawn: the estimate is then biased low in practice).
 */
import { wilson, Z95 } from '../core/proportion.ts';
import type { Tally } from './monte-carlo.ts';

/** Effective hits below which an importance-sampling interval is not to be trusted. */
export const MIN_ESS = 30;

export interface Estimate {
  readonly method: 'plain' | 'importance';
  readonly runs: number;
  readonly hits: number;
  readonly p: number;
  /** The 95% interval. */
  readonly lo: number;
  readonly hi: number;
  /** sd / (√n · p): the estimator's relative standard error; null when p is 0. */
  readonly relativeError: number | null;
  /** Effective number of hits: the hits themselves under plain sampling. */
  readonly ess: number;
}

/** A mean of n values with its normal 95% interval. */
export interface MeanOf {
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
  /** The standard error sd / √n. */
  readonly se: number;
}

/** The mean of `runs` values from their sum and sum of squares, with mean ± z · sd / √n. */
export function meanOf(runs: number, sum: number, sumSquares: number): MeanOf {
  if (runs === 0) throw new RangeError('a mean needs at least one value');
  const mean = sum / runs;
  const variance = runs > 1 ? Math.max(0, (sumSquares - runs * mean * mean) / (runs - 1)) : 0;
  const se = Math.sqrt(variance / runs);
  return { mean, lo: mean - Z95 * se, hi: mean + Z95 * se, se };
}

/** The estimate of a tally drawn by plain sampling (`plain`) or by importance sampling. */
export function estimateOf(tally: Tally, plain: boolean): Estimate {
  const { runs, hits, sum, sumSquares } = tally;
  if (runs === 0) throw new RangeError('an estimate needs at least one run');
  if (plain) {
    const w = wilson(hits, runs);
    const p = w.p!;
    return { method: 'plain', runs, hits, p, lo: w.lo!, hi: w.hi!, relativeError: p === 0 ? null : Math.sqrt((1 - p) / (runs * p)), ess: hits };
  }
  const m = meanOf(runs, sum, sumSquares);
  return {
    method: 'importance',
    runs,
    hits,
    p: m.mean,
    lo: Math.max(0, m.lo),
    hi: m.hi,
    relativeError: m.mean === 0 ? null : m.se / m.mean,
    ess: sumSquares === 0 ? 0 : (sum * sum) / sumSquares,
  };
}

export type Agreement = 'agree' | 'disagree';

/** Whether the exact value lies within the estimate's interval. */
export function agreement(exact: number, estimate: Estimate): Agreement {
  return estimate.lo <= exact && exact <= estimate.hi ? 'agree' : 'disagree';
}

/** Why an importance-sampling estimate is not to be trusted, or null. */
export function unreliability(estimate: Estimate, weights: MeanOf): string | null {
  if (estimate.method === 'plain') return null;
  if (estimate.ess < MIN_ESS) return `effective sample size ${estimate.ess.toFixed(1)} < ${MIN_ESS}`;
  if (!(weights.lo <= 1 && 1 <= weights.hi)) return `mean weight ${weights.mean.toPrecision(3)}, not 1 within its interval`;
  return null;
}
