/**
 * The sweep summary as a text table for a person at a terminal: one row per configuration,
 * the grid's values first, then n, the two probabilities with their 95% intervals, the mean
 * write-unavailable time with its interval, recovery and commit-latency percentiles, and the
 * cost per commit. `summary.json` and `summary.csv` carry every figure; this shows the ones a
 * reader compares first.
 */
import type { ChalkInstance } from 'chalk';
import { duration } from '../format.ts';
import type { MeanInterval, Proportion } from './statistics.ts';
import type { ConfigSummary, SweepSummary } from './summary.ts';

/** The headings of `figures`' columns. */
export const FIGURE_COLUMNS = ['n', 'P(acked lost) [95% CI]', 'P(unavailable) [95% CI]', 'unavailable mean [95% CI]', 'recovery p50 / p99', 'latency p50 / p99', 'B/commit', 'I/O/commit'] as const;

export function summaryTable(summary: SweepSummary, chalk: ChalkInstance): string {
  const paths = summary.grid.map((axis) => axis.path);
  const header = [...paths, ...FIGURE_COLUMNS];
  const rows = summary.configurations.map((c) => [...paths.map((p) => c.config[p] ?? ''), ...figures(c)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const lost = (c: ConfigSummary): boolean => c.ackedCommitLost.k > 0;
  const body = rows.map((r, i) => (lost(summary.configurations[i]!) ? chalk.red(line(r)) : line(r)));
  const crashed = summary.configurations.reduce((n, c) => n + c.verdicts.crashed, 0);
  const notes = [
    `${summary.scenario}: ${summary.configurations.length} configuration(s) × ${summary.seeds} seed(s), ${summary.tasks} task(s)`,
    ...(crashed > 0 ? [chalk.red(`${crashed} task(s) crashed (a simulator bug) and are left out of the figures`)] : []),
  ];
  return [...notes, chalk.bold(line(header)), ...body].join('\n') + '\n';
}

/** A configuration's figures as the table shows them, in `FIGURE_COLUMNS` order. */
export function figures(c: ConfigSummary): string[] {
  const r = c.recoveryUs;
  const l = c.commitLatencyUs;
  return [
    String(c.ackedCommitLost.n),
    probability(c.ackedCommitLost),
    probability(c.writeUnavailable),
    meanSpan(c.writeUnavailableUs),
    r.count === 0 ? '-' : `${duration(r.p50!)} / ${duration(r.p99!)}`,
    l.count === 0 ? '-' : `${duration(l.p50!)} / ${duration(l.p99!)}`,
    perCommit(c.bytesPerCommit, 0),
    perCommit(c.ioPerCommit, 2),
  ];
}

function probability(p: Proportion): string {
  if (p.p === null) return '-';
  return `${p.p.toFixed(3)} [${p.lo!.toFixed(3)}, ${p.hi!.toFixed(3)}]`;
}

/** A t interval of a quantity that cannot be negative may reach below zero: shown from zero here, as computed in the JSON and CSV. */
function meanSpan(m: MeanInterval): string {
  if (m.mean === null) return '-';
  if (m.lo === null) return duration(m.mean);
  return `${duration(m.mean)} [${duration(Math.max(0, m.lo))}, ${duration(m.hi!)}]`;
}

function perCommit(m: MeanInterval, decimals: number): string {
  return m.mean === null ? '-' : m.mean.toFixed(decimals);
}
