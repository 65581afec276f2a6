/**
 * The charts of a sweep report: each metric of the summary against the first grid axis, one
 * line per combination of the other axes' values, each point with its 95% interval as a bar
 * where the summary has one (Wilson for probabilities, Student t for means; percentiles have
 * none). Means of quantities that cannot be negative have their bars drawn from zero, as the
 * table does; the files keep the interval as computed.
 */
import type { MeanInterval, Proportion } from '../sweep/statistics.ts';
import type { ConfigSummary, SweepSummary } from '../sweep/summary.ts';
import { colorAt, PRINT_WIDTH, SHADE_COLOR, type ChartPlan, type SweepChart, type SweepLine } from './chart-plan.ts';

const HEIGHT = 250;

interface Point {
  readonly mean: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
}

interface Metric {
  readonly id: string;
  readonly title: string;
  readonly note: string;
  readonly yLabel: string;
  /** A probability: the axis runs from 0 to 1. */
  readonly probability?: true;
  readonly point: (c: ConfigSummary) => Point;
}

/** µs per ms: times are drawn in milliseconds. */
const MS = 1000;

export const SWEEP_METRICS: readonly Metric[] = [
  { id: 'acked-lost', title: 'P(an acknowledged commit is lost)', note: 'Share of tasks that lost at least one acknowledged commit, with its Wilson 95% interval.', yLabel: 'probability', probability: true, point: (c) => proportion(c.ackedCommitLost) },
  { id: 'unavailable', title: 'P(writes unavailable)', note: 'Share of tasks with any write-unavailable window, with its Wilson 95% interval.', yLabel: 'probability', probability: true, point: (c) => proportion(c.writeUnavailable) },
  { id: 'unavailable-time', title: 'Write-unavailable time', note: 'Mean over tasks, with its Student t 95% interval (drawn from zero where it reaches below).', yLabel: 'ms', point: (c) => mean(c.writeUnavailableUs, MS) },
  { id: 'lost-commits', title: 'Acknowledged commits lost', note: 'Mean over tasks, with its Student t 95% interval (drawn from zero where it reaches below).', yLabel: 'commits', point: (c) => mean(c.lostCommits, 1) },
  { id: 'recovery-p50', title: 'Recovery time p50', note: 'Nearest-rank median of every completed recovery of every task; no interval.', yLabel: 'ms', point: (c) => only(c.recoveryUs.p50, MS) },
  { id: 'recovery-p99', title: 'Recovery time p99', note: 'Nearest-rank p99 of every completed recovery of every task; no interval.', yLabel: 'ms', point: (c) => only(c.recoveryUs.p99, MS) },
  { id: 'latency-p50', title: 'Commit latency p50', note: 'From the tasks\' histograms merged (within 0.1%); no interval.', yLabel: 'ms', point: (c) => only(c.commitLatencyUs.p50, MS) },
  { id: 'latency-p99', title: 'Commit latency p99', note: 'From the tasks\' histograms merged (within 0.1%); no interval.', yLabel: 'ms', point: (c) => only(c.commitLatencyUs.p99, MS) },
  { id: 'bytes-per-commit', title: 'Network bytes per acknowledged commit', note: 'Mean over tasks, with its Student t 95% interval.', yLabel: 'bytes', point: (c) => mean(c.bytesPerCommit, 1) },
  { id: 'io-per-commit', title: 'Writer I/Os per acknowledged commit', note: 'Mean over tasks, with its Student t 95% interval.', yLabel: 'I/Os', point: (c) => mean(c.ioPerCommit, 1) },
];

/** The x axis (the first grid axis) and the lines (the other axes' combinations) of a sweep. */
export interface SweepLayout {
  readonly x: { readonly label: string; readonly values: readonly string[] };
  readonly lines: readonly string[];
  /** Per configuration, in summary order: its x index and line index. */
  readonly at: readonly (readonly [number, number])[];
}

export function sweepLayout(summary: SweepSummary): SweepLayout {
  const [first, ...rest] = summary.grid;
  const lineKey = (c: ConfigSummary): string => rest.map((a) => `${a.path}=${c.config[a.path] ?? ''}`).join(', ');
  const lines: string[] = [];
  const at = summary.configurations.map((c): [number, number] => {
    const key = lineKey(c);
    if (!lines.includes(key)) lines.push(key);
    return [first === undefined ? 0 : first.values.indexOf(c.config[first.path] ?? ''), lines.indexOf(key)];
  });
  return {
    x: first === undefined ? { label: 'configuration', values: ['(no grid)'] } : { label: first.path, values: first.values },
    lines: lines.map((l) => (l === '' ? 'all tasks' : l)),
    at,
  };
}

export function sweepChartPlan(summary: SweepSummary): ChartPlan {
  const layout = sweepLayout(summary);
  const charts = SWEEP_METRICS.map((m): SweepChart => ({
    kind: 'sweep', id: `chart-${m.id}`, title: m.title, note: m.note, key: [], height: HEIGHT,
    x: layout.x,
    y: { label: m.yLabel, min: m.probability ? 0 : null, max: m.probability ? 1 : null },
    series: lines(summary, layout, m),
  }));
  return { durationS: 0, shade: [], shadeColor: SHADE_COLOR, axisWidth: 72, printWidth: PRINT_WIDTH, charts };
}

function lines(summary: SweepSummary, layout: SweepLayout, metric: Metric): SweepLine[] {
  const blank = (): (number | null)[] => layout.x.values.map(() => null);
  const out = layout.lines.map((label, i) => ({ label, color: colorAt(i), mean: blank(), lo: blank(), hi: blank() }));
  summary.configurations.forEach((c, i) => {
    const [x, line] = layout.at[i]!;
    const p = metric.point(c);
    const target = out[line]!;
    if (x < 0) return;
    target.mean[x] = p.mean;
    target.lo[x] = p.lo;
    target.hi[x] = p.hi;
  });
  return out;
}

function proportion(p: Proportion): Point {
  return { mean: p.p, lo: p.lo, hi: p.hi };
}

/** The mean and its interval in units of `per` (1000 for µs in ms), the interval drawn from zero at least. */
function mean(m: MeanInterval, per: number): Point {
  const scale = (v: number | null): number | null => (v === null ? null : v / per);
  return { mean: scale(m.mean), lo: m.lo === null ? null : Math.max(0, m.lo / per), hi: scale(m.hi) };
}

function only(v: number | null, per: number): Point {
  return { mean: v === null ? null : v / per, lo: null, hi: null };
}
