/**
 * A proportion with its Wilson score 95% interval, as a pure function of two counts. It lives
 * in core so that the model's estimators (`sim/durability/`) and the sweep's statistics
 * (`reports/sweep/statistics.ts`, which re-exports it) share one implementation.
 *
 * Only IEEE arithmetic and `Math.sqrt` (exact by the standard): the same bytes on every machine.
 * Left out: continuity corrections, one-sided intervals, other confidence levels.
 */

/** The standard normal's 97.5% quantile: the z of a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** A count of k out of n, with the Wilson score 95% interval of the proportion. */
export interface Proportion {
  readonly k: number;
  readonly n: number;
  /** k / n; null when n is 0, as are the bounds. */
  readonly p: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
}

/**
 * Wilson's score interval (Wilson 1927; Newcombe 1998, method 3): unlike the normal
 * approximation it stays inside [0, 1] and is not degenerate at k = 0 or k = n, which is
 * exactly where a sweep's "no commit lost" cells and a rare event's tallies sit.
 */
export function wilson(k: number, n: number): Proportion {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || k > n) throw new RangeError(`not a proportion: ${k}/${n}`);
  if (n === 0) return { k, n, p: null, lo: null, hi: null };
  const p = k / n;
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (Z95 / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At k = 0 and k = n the bound is 0 or 1 exactly; rounding must not leave it a hair off.
  return { k, n, p, lo: k === 0 ? 0 : Math.max(0, centre - half), hi: k === n ? 1 : Math.min(1, centre + half) };
}
