/**
 * `summary.csv`: the sweep summary as one row per configuration, for pandas
 * (`pd.read_csv`) and R (`read.csv`) without any cleaning: a header of plain snake_case names
 * (the grid's columns are named by their dotted paths, which both accept), numbers as plain
 * decimals, an empty field where there is no value (NaN in pandas, NA in R), RFC 4180 quoting
 * only where a value needs it, and "\n" line ends.
 */
import type { ConfigSummary, SweepSummary } from './summary.ts';
import type { MeanInterval, Proportion } from './statistics.ts';

type Cell = string | number | null;

export function summaryCsv(summary: SweepSummary): string {
  const paths = summary.grid.map((axis) => axis.path);
  const header = [...paths, ...COLUMNS.map(([name]) => name)];
  const rows = summary.configurations.map((c) => [...paths.map((p) => c.config[p] ?? null), ...COLUMNS.map(([, value]) => value(c))]);
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\n') + '\n';
}

const proportionColumns = (prefix: string, of: (c: ConfigSummary) => Proportion): [string, (c: ConfigSummary) => Cell][] => [
  [`${prefix}_tasks`, (c) => of(c).k],
  [`${prefix}_p`, (c) => of(c).p],
  [`${prefix}_lo`, (c) => of(c).lo],
  [`${prefix}_hi`, (c) => of(c).hi],
];

const meanColumns = (prefix: string, of: (c: ConfigSummary) => MeanInterval): [string, (c: ConfigSummary) => Cell][] => [
  [`${prefix}_mean`, (c) => of(c).mean],
  [`${prefix}_lo`, (c) => of(c).lo],
  [`${prefix}_hi`, (c) => of(c).hi],
];

/** The columns after the grid's, in order. */
export const COLUMNS: readonly (readonly [string, (c: ConfigSummary) => Cell])[] = [
  ['tasks', (c) => c.tasks],
  ['ok', (c) => c.verdicts.ok],
  ['failed', (c) => c.verdicts.failed],
  ['inconclusive', (c) => c.verdicts.inconclusive],
  ['crashed', (c) => c.verdicts.crashed],
  ['n', (c) => c.ackedCommitLost.n],
  ...proportionColumns('acked_lost', (c) => c.ackedCommitLost),
  ...proportionColumns('unavailable', (c) => c.writeUnavailable),
  ...meanColumns('unavailable_us', (c) => c.writeUnavailableUs),
  ...meanColumns('lost_commits', (c) => c.lostCommits),
  ['recoveries', (c) => c.recoveryUs.count],
  ['recovery_us_p50', (c) => c.recoveryUs.p50],
  ['recovery_us_p90', (c) => c.recoveryUs.p90],
  ['recovery_us_p99', (c) => c.recoveryUs.p99],
  ['recovery_us_max', (c) => c.recoveryUs.max],
  ['latency_count', (c) => c.commitLatencyUs.count],
  ['latency_us_p50', (c) => c.commitLatencyUs.p50],
  ['latency_us_p99', (c) => c.commitLatencyUs.p99],
  ['latency_us_p999', (c) => c.commitLatencyUs.p999],
  ['latency_us_max', (c) => c.commitLatencyUs.max],
  ['latency_us_mean', (c) => c.commitLatencyUs.mean],
  ...meanColumns('bytes_per_commit', (c) => c.bytesPerCommit),
  ...meanColumns('io_per_commit', (c) => c.ioPerCommit),
];

function cell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? decimal(value) : '';
  return /[",\n\r]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A plain decimal, never exponent notation (which JavaScript uses below 1e-6 and from 1e21). */
function decimal(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/\.?0+$/, '');
}
