/**
 * The statistics of a sweep, as pure functions of plain numbers: a proportion with its Wilson
 * score interval, a mean with its Student t interval, and nearest-rank percentiles of samples.
 * Every interval is two-sided at 95%.
 *
 * Only IEEE arithmetic and `Math.sqrt` (exact by the standard) are used: the t quantile comes
 * from a table for small degrees of freedom and from its asymptotic expansion above, never
 * from an engine-approximated `log` or `exp`, so a summary is the same bytes on every machine.
 *
 * Left out: continuity corrections, one-sided intervals, other confidence levels.
 *
 * The proportion and its Wilson interval live in `sim/core/proportion.ts`, shared with the
 * durability estimators, and are re-exported here.
 */
import { Z95 } from '../../sim/index.ts';

export { wilson, Z95, type Proportion } from '../../sim/index.ts';

/** A sample mean with its 95% Student t interval (mean ± t(0.975, n−1) · sd / √n). */
export interface MeanInterval {
  readonly n: number;
  /** Null when n is 0. */
  readonly mean: number | null;
  /** The sample standard deviation (n − 1 in the denominator); null below two values. */
  readonly sd: number | null;
  /** Null below two values: one value says nothing about its spread. */
  readonly lo: number | null;
  readonly hi: number | null;
}

export function meanInterval(values: readonly number[]): MeanInterval {
  const n = values.length;
  if (n === 0) return { n, mean: null, sd: null, lo: null, hi: null };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { n, mean, sd: null, lo: null, hi: null };
  const squares = values.reduce((a, v) => a + (v - mean) * (v - mean), 0);
  const sd = Math.sqrt(squares / (n - 1));
  const half = (tQuantile975(n - 1) * sd) / Math.sqrt(n);
  return { n, mean, sd, lo: mean - half, hi: mean + half };
}

/** t(0.975, df) for df = 1..30, as scipy.stats.t.ppf gives them. */
const T975 = [
  12.706204736174694, 4.302652729749462, 3.1824463052837078, 2.7764451051977934, 2.5705818356363146,
  2.4469118511449786, 2.364624251592784, 2.306004135204166, 2.262157162798205, 2.228138851986274, 2.200985160091639,
  2.1788128296672284, 2.1603686564627913, 2.144786687917804, 2.131449545559776, 2.1199052992212546,
  2.1098155778333156, 2.1009220402410382, 2.0930240544083087, 2.085963447265864, 2.0796138447276795,
  2.0738730679040254, 2.0686576104190486, 2.0638985616280245, 2.0595385527532972, 2.0555294386428735,
  2.0518305164802846, 2.0484071417952454, 2.045229642132703, 2.0422724563012378,
];

/**
 * The 97.5% quantile of Student's t with `df` degrees of freedom: the table up to 30, then the
 * Cornish-Fisher expansion in 1/df to the fourth order (Abramowitz & Stegun 26.7.5), whose
 * error there is below 3e-8 and shrinks fast with df.
 */
export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`degrees of freedom must be a positive integer, got ${df}`);
  if (df <= T975.length) return T975[df - 1]!;
  const z = Z95;
  const z2 = z * z;
  const z3 = z2 * z;
  const z5 = z3 * z2;
  const z7 = z5 * z2;
  const z9 = z7 * z2;
  const g1 = (z3 + z) / 4;
  const g2 = (5 * z5 + 16 * z3 + 3 * z) / 96;
  const g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384;
  const g4 = (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160;
  const v = df;
  return z + g1 / v + g2 / (v * v) + g3 / (v * v * v) + g4 / (v * v * v * v);
}

/** Nearest-rank percentile (0 < p <= 100) of values sorted ascending; null of none. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** A difference of means (b − a) with its 95% interval. */
export interface Difference {
  readonly n: number;
  /** Null without values, as are the bounds (and the bounds below two pairs). */
  readonly mean: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
  /** The degrees of freedom of the t quantile used; null without an interval. */
  readonly df: number | null;
}

/**
 * The paired difference of two equally long samples taken on the same seeds (common random
 * numbers): the t interval of the mean of b[i] − a[i], with n − 1 degrees of freedom. What the
 * two runs share cancels out of each difference, which is why it is narrower than `welch`.
 */
export function pairedDifference(a: readonly number[], b: readonly number[]): Difference {
  if (a.length !== b.length) throw new RangeError(`paired samples differ in length: ${a.length} and ${b.length}`);
  const m = meanInterval(a.map((x, i) => b[i]! - x));
  return { n: m.n, mean: m.mean, lo: m.lo, hi: m.hi, df: m.n >= 2 ? m.n - 1 : null };
}

/**
 * The difference of two independent samples' means (Welch's unequal-variance t interval), as if
 * the runs shared nothing: what the same number of runs would show without pairing. The
 * Welch–Satterthwaite degrees of freedom are rounded down to a whole number (slightly wider,
 * never narrower, than the fractional quantile).
 */
export function welchDifference(a: readonly number[], b: readonly number[]): Difference {
  const ma = meanInterval(a);
  const mb = meanInterval(b);
  const n = Math.min(a.length, b.length);
  if (ma.mean === null || mb.mean === null) return { n, mean: null, lo: null, hi: null, df: null };
  const mean = mb.mean - ma.mean;
  if (ma.sd === null || mb.sd === null) return { n, mean, lo: null, hi: null, df: null };
  const va = (ma.sd * ma.sd) / a.length;
  const vb = (mb.sd * mb.sd) / b.length;
  if (va + vb === 0) return { n, mean, lo: mean, hi: mean, df: a.length + b.length - 2 };
  const df = Math.max(1, Math.floor(((va + vb) * (va + vb)) / ((va * va) / (a.length - 1) + (vb * vb) / (b.length - 1))));
  const half = tQuantile975(df) * Math.sqrt(va + vb);
  return { n, mean, lo: mean - half, hi: mean + half, df };
}
