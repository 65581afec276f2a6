/**
 * A paired comparison of two configurations (`compare-configs`): both run on the same seeds,
 * so each pair shares its workload arrivals, page choices, chaos schedule and every other
 * random stream the change does not touch (common random numbers). Per metric: each side's
 * mean, the mean paired difference B − A with its t interval, and beside it the unpaired
 * (Welch) interval the same runs would give without pairing, so the gain is visible; and per
 * seed, the first event of the canonical trace where the two runs part.
 */
import type { ChalkInstance } from 'chalk';
import { Histogram } from '../../sim/index.ts';
import { count, duration } from '../format.ts';
import { meanInterval, pairedDifference, welchDifference, type Difference } from './statistics.ts';
import { measured, round6, type TaskLine } from './task-line.ts';

/** Where the canonical traces of a pair first differ; absent sides ran out of events first. */
export interface Divergence {
  /** 1-based number of the first differing trace event. */
  readonly event: number;
  readonly timeUs: number;
  readonly a: string | null;
  readonly b: string | null;
}

export interface Pair {
  readonly repetition: number;
  readonly seed: number;
  readonly a: TaskLine;
  readonly b: TaskLine;
  /** Null when the two traces are identical. */
  readonly divergence: Divergence | null;
}

export interface MetricComparison {
  readonly metric: string;
  /** `us` for durations, `count` or `ratio` otherwise: how the table prints it. */
  readonly unit: 'us' | 'count' | 'ratio';
  /** Pairs in which both sides have the metric. */
  readonly n: number;
  readonly meanA: number | null;
  readonly meanB: number | null;
  readonly paired: Difference;
  readonly unpaired: Difference;
}

export interface Comparison extends ComparisonDefinition {
  readonly format: 'aurora-sim-comparison';
  readonly version: 1;
  readonly methods: { readonly paired: string; readonly unpaired: string };
  readonly metrics: readonly MetricComparison[];
  readonly pairs: readonly {
    readonly repetition: number;
    readonly seed: number;
    readonly verdictA: string;
    readonly verdictB: string;
    readonly traceHashA: string | null;
    readonly traceHashB: string | null;
    readonly divergence: Divergence | null;
  }[];
}

type Measured = TaskLine & { readonly latencyHistogram: NonNullable<TaskLine['latencyHistogram']> };

const METRICS: readonly { metric: string; unit: MetricComparison['unit']; of: (l: Measured) => number | null }[] = [
  { metric: 'commitsAcknowledged', unit: 'count', of: (l) => l.commitsAcknowledged },
  { metric: 'lostCommits', unit: 'count', of: (l) => l.lostCommits },
  { metric: 'writeUnavailableUs', unit: 'us', of: (l) => l.writeUnavailableUs },
  { metric: 'recoveryUs', unit: 'us', of: (l) => (l.recoveriesUs ?? []).reduce((a, b) => a + b, 0) },
  { metric: 'commitLatencyMeanUs', unit: 'us', of: (l) => (l.latencyHistogram.count === 0 ? null : l.latencyHistogram.sumUs / l.latencyHistogram.count) },
  { metric: 'commitLatencyP99Us', unit: 'us', of: (l) => (l.latencyHistogram.count === 0 ? null : percentile99(l.latencyHistogram)) },
  { metric: 'bytesPerCommit', unit: 'ratio', of: (l) => l.bytesPerCommit },
  { metric: 'ioPerCommit', unit: 'ratio', of: (l) => l.ioPerCommit },
];

export interface ComparisonDefinition {
  readonly scenario: string;
  readonly file: string;
  readonly sets: readonly string[];
  readonly a: readonly string[];
  readonly b: readonly string[];
  readonly seeds: number;
  readonly sweepSeed: number;
}

export function compare(definition: ComparisonDefinition, pairs: readonly Pair[]): Comparison {
  const ran = pairs.filter((p) => measured(p.a) && measured(p.b));
  return {
    format: 'aurora-sim-comparison',
    version: 1,
    ...definition,
    methods: {
      paired: 'mean of per-seed differences B - A, Student t 95% interval (n - 1 df)',
      unpaired: 'difference of means, Welch t 95% interval (df rounded down), as without pairing',
    },
    metrics: METRICS.map(({ metric, unit, of }) => {
      const both = ran.map((p) => [of(p.a as Measured), of(p.b as Measured)] as const).filter((v): v is readonly [number, number] => v[0] !== null && v[1] !== null);
      const a = both.map((v) => v[0]);
      const b = both.map((v) => v[1]);
      return { metric, unit, n: both.length, meanA: rounded(meanInterval(a).mean), meanB: rounded(meanInterval(b).mean), paired: roundedDiff(pairedDifference(a, b)), unpaired: roundedDiff(welchDifference(a, b)) };
    }),
    pairs: pairs.map((p) => ({
      repetition: p.repetition, seed: p.seed, verdictA: p.a.verdict, verdictB: p.b.verdict, traceHashA: p.a.traceHash, traceHashB: p.b.traceHash,
      divergence: p.divergence,
    })),
  };
}

function percentile99(h: NonNullable<TaskLine['latencyHistogram']>): number {
  return Histogram.merged([{ count: h.count, sum: h.sumUs, max: h.maxUs, buckets: h.buckets }]).percentile(99);
}

function rounded(x: number | null): number | null {
  return x === null ? null : round6(x);
}

function roundedDiff(d: Difference): Difference {
  return { n: d.n, mean: rounded(d.mean), lo: rounded(d.lo), hi: rounded(d.hi), df: d.df };
}

/** The first line where two canonical traces differ, or null if they are the same. */
export function firstDivergence(a: readonly string[], b: readonly string[]): Divergence | null {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a[i] === b[i]) continue;
    const la = a[i] ?? null;
    const lb = b[i] ?? null;
    const timeUs = Math.min(...[la, lb].filter((l): l is string => l !== null).map((l) => Number(l.slice(0, l.indexOf(' ')))));
    return { event: i + 1, timeUs, a: la, b: lb };
  }
  return null;
}

/** The comparison as a text table, then the first divergence of each seed. */
export function comparisonText(c: Comparison, chalk: ChalkInstance): string {
  const header = ['metric', 'n', 'mean A', 'mean B', 'B − A paired [95% CI]', 'B − A unpaired [95% CI]', 'paired/unpaired width'];
  const rows = c.metrics.map((m) => [m.metric, String(m.n), value(m.meanA, m.unit), value(m.meanB, m.unit), interval(m.paired, m.unit), interval(m.unpaired, m.unit), widthRatio(m)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  const divergences = c.pairs.map((p) => {
    const where = p.divergence === null ? 'identical traces' : `first differs at event ${count(p.divergence.event)} (${duration(p.divergence.timeUs)}): A ${p.divergence.a ?? '(ended)'} | B ${p.divergence.b ?? '(ended)'}`;
    return `  seed ${p.seed} (repetition ${p.repetition}, A ${p.verdictA}, B ${p.verdictB}): ${where}`;
  });
  return [
    `${c.scenario}: A = ${c.a.join(' ')}, B = ${c.b.join(' ')}; ${c.seeds} seed(s), each running both (common random numbers)`,
    chalk.bold(line(header)),
    ...rows.map(line),
    '',
    'where each pair of runs first parts:',
    ...divergences,
  ].join('\n') + '\n';
}

function value(x: number | null, unit: MetricComparison['unit']): string {
  if (x === null) return '-';
  if (unit === 'us') return duration(x);
  if (unit === 'count') return count(round6(x));
  const fixed = x.toFixed(3);
  return fixed === '-0.000' ? '0.000' : fixed;
}

function interval(d: Difference, unit: MetricComparison['unit']): string {
  if (d.mean === null) return '-';
  if (d.lo === null || d.hi === null) return value(d.mean, unit);
  return `${value(d.mean, unit)} [${value(d.lo, unit)}, ${value(d.hi, unit)}]`;
}

function widthRatio(m: MetricComparison): string {
  const { paired: p, unpaired: u } = m;
  if (p.lo === null || p.hi === null || u.lo === null || u.hi === null || u.hi === u.lo) return '-';
  return ((p.hi - p.lo) / (u.hi - u.lo)).toFixed(3);
}
