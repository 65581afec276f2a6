/**
 * The summary of a sweep from its task lines: the per-configuration figures, that it depends
 * on the lines and not their order, that latencies merge exactly across tasks, that crashed
 * tasks are counted but measure nothing, and the CSV and table renderings of it.
 */
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { Histogram } from '../../sim/index.ts';
import { summaryCsv } from './csv.ts';
import { summarizeSweep, summaryJson, type SweepDefinition } from './summary.ts';
import { summaryTable } from './table.ts';
import { crashedTaskLine, type TaskLine } from './task-line.ts';

const definition: SweepDefinition = {
  scenario: 'grid',
  file: 'grid.yaml',
  sets: [],
  grid: [{ path: 'cluster.quorum.write', values: ['3', '4'] }],
  seeds: 3,
  sweepSeed: 1,
};
const configs = [{ 'cluster.quorum.write': '3' }, { 'cluster.quorum.write': '4' }];

function histogramOf(values: readonly number[]): TaskLine['latencyHistogram'] {
  const h = new Histogram();
  for (const v of values) h.add(v);
  const s = h.snapshot();
  return { count: s.count, sumUs: s.sum, maxUs: s.max, buckets: s.buckets };
}

function line(task: number, write: string, figures: { lost: number; unavailableUs: number; recoveries: number[]; latencies: number[] }): TaskLine {
  return {
    task, config: { 'cluster.quorum.write': write }, repetition: task % 3, seed: 1000 + task,
    verdict: figures.lost > 0 ? 'failed' : 'ok', reason: figures.lost > 0 ? 'acked-commit-survives: lost' : '', traceHash: 'h',
    commitsAcknowledged: 100, lostCommits: figures.lost, writeUnavailableUs: figures.unavailableUs,
    recoveriesUs: figures.recoveries, recoveriesNotCompleted: 0, latencyHistogram: histogramOf(figures.latencies),
    networkBytes: 100 * (1000 + task), bytesPerCommit: 1000 + task, ioPerCommit: 6,
  };
}

const lines: TaskLine[] = [
  line(0, '3', { lost: 2, unavailableUs: 0, recoveries: [300_000], latencies: [1000, 1200, 5000] }),
  line(1, '3', { lost: 0, unavailableUs: 200_000, recoveries: [], latencies: [900, 3000] }),
  line(2, '3', { lost: 5, unavailableUs: 400_000, recoveries: [100_000, 200_000], latencies: [2500, 2600] }),
  line(3, '4', { lost: 0, unavailableUs: 0, recoveries: [], latencies: [800] }),
  crashedTaskLine({ task: 4, config: { 'cluster.quorum.write': '4' }, repetition: 1, seed: 1004 }, 'Error: boom'),
  line(5, '4', { lost: 0, unavailableUs: 0, recoveries: [], latencies: [] }),
];

describe('sweep summary', () => {
  const summary = summarizeSweep(definition, configs, lines);
  const [three, four] = summary.configurations;

  it('counts the share of tasks that lost a commit or were ever unavailable, with Wilson intervals', () => {
    expect(three!.ackedCommitLost).toEqual({ k: 2, n: 3, p: 0.666667, lo: 0.20766, hi: 0.938508 });
    expect(three!.writeUnavailable).toMatchObject({ k: 2, n: 3 });
    expect(three!.verdicts).toEqual({ ok: 1, failed: 2, inconclusive: 0, crashed: 0 });
  });

  it('gives means with Student t intervals, and recovery percentiles by nearest rank over every recovery', () => {
    expect(three!.writeUnavailableUs).toEqual({ n: 3, mean: 200_000, sd: 200_000, lo: -296_827.54235, hi: 696_827.54235 });
    expect(three!.lostCommits.mean).toBeCloseTo(7 / 3, 6);
    expect(three!.recoveryUs).toEqual({ count: 3, p50: 200_000, p90: 300_000, p99: 300_000, max: 300_000 });
    expect(three!.bytesPerCommit).toMatchObject({ n: 3, mean: 1001 });
  });

  it("merges the tasks' latency histograms exactly", () => {
    expect(three!.commitLatencyUs).toEqual({ count: 7, p50: 2500, p99: 5000, p999: 5000, max: 5000, mean: 2314 });
  });

  it('counts a crashed task under verdicts and leaves it out of every figure', () => {
    expect(four!.tasks).toBe(3);
    expect(four!.verdicts.crashed).toBe(1);
    expect(four!.ackedCommitLost).toEqual({ k: 0, n: 2, p: 0, lo: 0, hi: 0.65762 });
    expect(four!.recoveryUs).toEqual({ count: 0, p50: null, p90: null, p99: null, max: null });
    expect(four!.commitLatencyUs).toMatchObject({ count: 1, p50: 800 });
  });

  it('is the same document whatever order the lines come in', () => {
    const shuffled = [lines[4]!, lines[2]!, lines[0]!, lines[5]!, lines[3]!, lines[1]!];
    expect(summaryJson(summarizeSweep(definition, configs, shuffled))).toBe(summaryJson(summary));
  });

  it('renders one CSV row per configuration, grid values first, empty where there is no value', () => {
    const [header, first, second, end] = summaryCsv(summary).split('\n');
    expect(header!.split(',').slice(0, 12)).toEqual([
      'cluster.quorum.write', 'tasks', 'ok', 'failed', 'inconclusive', 'crashed', 'n', 'acked_lost_tasks', 'acked_lost_p', 'acked_lost_lo', 'acked_lost_hi', 'unavailable_tasks',
    ]);
    expect(first!.split(',').slice(0, 11)).toEqual(['3', '3', '1', '2', '0', '0', '3', '2', '0.666667', '0.20766', '0.938508']);
    const cells = Object.fromEntries(header!.split(',').map((name, i) => [name, second!.split(',')[i]]));
    expect(cells.recovery_us_p50).toBe('');
    expect(cells.unavailable_us_lo).toBe('0');
    expect(end).toBe('');
  });

  it('quotes a grid value that holds a comma or a quote', () => {
    const kinds = { ...definition, grid: [{ path: 'chaos.kinds', values: ['[crash,pause]'] }] };
    const csv = summaryCsv(summarizeSweep(kinds, [{ 'chaos.kinds': '[crash,pause]' }], []));
    expect(csv.split('\n')[1]!.startsWith('"[crash,pause]",0,')).toBe(true);
  });

  it('renders a table with the intervals, losing configurations in red when colour is on', () => {
    const plain = summaryTable(summary, new Chalk({ level: 0 }));
    expect(plain).toContain('grid: 2 configuration(s) × 3 seed(s), 6 task(s)');
    expect(plain).toContain('1 task(s) crashed');
    expect(plain).toMatch(/^3 +3 +0\.667 \[0\.208, 0\.939\] +0\.667 \[0\.208, 0\.939\] +200 ms \[0 us, 696\.828 ms\] +200 ms \/ 300 ms +2\.5 ms \/ 5 ms +1001 +6\.00$/m);
    expect(summaryTable(summary, new Chalk({ level: 1 }))).toContain('\u001b[31m3 ');
  });
});
