/**
 * One line of a sweep's `tasks.jsonl`: what one task (one configuration, one repetition, one
 * seed) came to, as plain data for the summary and for anyone's own analysis (pandas'
 * `read_json(lines=True)`, jq). Times are integer microseconds and their keys say so; the
 * commit-latency histogram is kept whole (its non-empty buckets), so the latencies of many
 * tasks merge exactly. Nothing depends on the machine or the wall clock: the same task gives
 * the same line anywhere.
 */
import type { RunResult } from '../../sim/index.ts';

export type TaskVerdict = RunResult['verdict'] | 'crashed';

/** The commit-latency histogram as in `run --json` (schema 5): buckets are [lowestUs, count]. */
export interface LatencyHistogramJson {
  readonly count: number;
  readonly sumUs: number;
  readonly maxUs: number;
  readonly buckets: readonly (readonly [number, number])[];
}

/** What a task measured; null on a crashed task, which measured nothing. */
export interface TaskMeasurements {
  readonly commitsAcknowledged: number;
  /** Acknowledged commits the clients could not read back. */
  readonly lostCommits: number;
  readonly writeUnavailableUs: number;
  /** Each completed recovery's duration, in start order. */
  readonly recoveriesUs: readonly number[];
  /** Recoveries that were superseded or still running at the end. */
  readonly recoveriesNotCompleted: number;
  readonly latencyHistogram: LatencyHistogramJson;
  /** Bytes on every link class, framing included. */
  readonly networkBytes: number;
  /** networkBytes per acknowledged commit; null without one. */
  readonly bytesPerCommit: number | null;
  /** Writer sends to storage per acknowledged commit; null without one. */
  readonly ioPerCommit: number | null;
}

export interface TaskLine extends NullableMeasurements {
  readonly task: number;
  /** The grid values of the task, path -> value as written, in grid order. */
  readonly config: Readonly<Record<string, string>>;
  readonly repetition: number;
  readonly seed: number;
  readonly verdict: TaskVerdict;
  /** Why the task is not ok: the first violation, what was inconclusive, or the exception. */
  readonly reason: string;
  readonly traceHash: string | null;
}

type NullableMeasurements = { readonly [K in keyof TaskMeasurements]: TaskMeasurements[K] | null };

/** The line of a task that ran to the end. */
export function taskLine(
  task: Pick<TaskLine, 'task' | 'config' | 'repetition' | 'seed'>,
  result: RunResult,
  reason: string,
): TaskLine {
  const acknowledged = result.commits.acknowledged;
  const networkBytes = Object.values(result.network.bytes).reduce((a, b) => a + b, 0);
  const histogram = result.commits.latencyHistogram;
  return {
    ...identity(task),
    verdict: result.verdict,
    reason,
    traceHash: result.traceHash,
    commitsAcknowledged: acknowledged,
    lostCommits: result.commits.lost,
    writeUnavailableUs: result.availability.writeUnavailableUs,
    recoveriesUs: result.recoveries.filter((r) => r.outcome === 'completed').map((r) => r.durationUs),
    recoveriesNotCompleted: result.recoveries.filter((r) => r.outcome !== 'completed').length,
    latencyHistogram: { count: histogram.count, sumUs: histogram.sum, maxUs: histogram.max, buckets: histogram.buckets },
    networkBytes,
    bytesPerCommit: acknowledged === 0 ? null : round6(networkBytes / acknowledged),
    ioPerCommit: acknowledged === 0 ? null : round6(result.network.ioPerCommit),
  };
}

/** The line of a task whose run threw: a simulator bug, counted apart from the measurements. */
export function crashedTaskLine(task: Pick<TaskLine, 'task' | 'config' | 'repetition' | 'seed'>, reason: string): TaskLine {
  return {
    ...identity(task),
    verdict: 'crashed',
    reason,
    traceHash: null,
    commitsAcknowledged: null,
    lostCommits: null,
    writeUnavailableUs: null,
    recoveriesUs: null,
    recoveriesNotCompleted: null,
    latencyHistogram: null,
    networkBytes: null,
    bytesPerCommit: null,
    ioPerCommit: null,
  };
}

function identity(task: Pick<TaskLine, 'task' | 'config' | 'repetition' | 'seed'>): Pick<TaskLine, 'task' | 'config' | 'repetition' | 'seed'> {
  return { task: task.task, config: task.config, repetition: task.repetition, seed: task.seed };
}

/** Six decimals: ratios without float noise, and the same text wherever they are computed. */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** The measurements of a line that has them. */
export function measured(line: TaskLine): line is TaskLine & TaskMeasurements {
  return line.verdict !== 'crashed';
}
