/**
 * A small quorum grid's sweep summary for report tests: write quorum 3 or 4 by read quorum 2
 * or 3, three tasks each, where only the unsafe corner (3/2, 3/3) loses commits.
 */
import { Histogram } from '../../../sim/index.ts';
import { summarizeSweep, type SweepSummary } from '../../sweep/summary.ts';
import type { TaskLine } from '../../sweep/task-line.ts';

const GRID = [
  { path: 'cluster.quorum.write', values: ['3', '4'] },
  { path: 'cluster.quorum.read', values: ['2', '3'] },
];

function histogramOf(values: readonly number[]): TaskLine['latencyHistogram'] {
  const h = new Histogram();
  for (const v of values) h.add(v);
  const s = h.snapshot();
  return { count: s.count, sumUs: s.sum, maxUs: s.max, buckets: s.buckets };
}

export function quorumGridSummary(): SweepSummary {
  const configs = GRID[0]!.values.flatMap((w) => GRID[1]!.values.map((r) => ({ 'cluster.quorum.write': w, 'cluster.quorum.read': r })));
  const lines: TaskLine[] = configs.flatMap((config, c) =>
    [0, 1, 2].map((repetition): TaskLine => {
      const task = c * 3 + repetition;
      const unsafe = Number(config['cluster.quorum.write']) + Number(config['cluster.quorum.read']) <= 6;
      const lost = unsafe && repetition < 2 - (c % 2) ? 3 + repetition : 0;
      return {
        task, config, repetition, seed: 1000 + task, verdict: lost > 0 ? 'failed' : 'ok', reason: '', traceHash: 'h',
        commitsAcknowledged: 500, lostCommits: lost, writeUnavailableUs: 100_000 * (c + 1) + 7_000 * repetition,
        recoveriesUs: [300_000 + 10_000 * task], recoveriesNotCompleted: 0, latencyHistogram: histogramOf([900 + task, 1_500, 4_000 + 100 * c]),
        networkBytes: 500 * (9_000 + task), bytesPerCommit: 9_000 + 100 * c + task, ioPerCommit: 6 + c / 4,
      };
    }),
  );
  return summarizeSweep({ scenario: 'quorum-grid', file: 'quorum-grid.yaml', sets: [], grid: GRID, seeds: 3, sweepSeed: 1 }, configs, lines);
}
