/**
 * One pair of a paired comparison, as a worker thread runs it: the scenario with A's overrides
 * and with B's, both at the pair's seed and keeping their canonical traces, boiled down to two
 * task lines and the first event where the traces part. Both runs of a pair happen in the same
 * thread, so their traces never cross a thread boundary; only the lines do.
 */
import { firstDivergence, type Pair } from '../../reports/sweep/comparison.ts';
import { crashedTaskLine, taskLine, type TaskLine } from '../../reports/sweep/task-line.ts';
import { runScenario, type RunResult } from '../../sim/index.ts';
import { caught } from '../fuzz/outcome.ts';
import { describeViolation, violationsOf } from '../fuzz/seed-run.ts';
import { describeIssue, parseScenarioText } from '../scenario-file.ts';
import { runReplay } from '../shell.ts';

export interface ComparisonJob {
  readonly file: string;
  readonly text: string;
  /** Overrides for both sides, then each side's own. */
  readonly sets: readonly string[];
  readonly a: readonly string[];
  readonly b: readonly string[];
}

export interface PairTask {
  readonly index: number;
  readonly repetition: number;
  readonly seed: number;
}

export function runPair(job: ComparisonJob, task: PairTask): Pair {
  const a = runSide(job, job.a, task);
  const b = runSide(job, job.b, task);
  const divergence = a.result !== undefined && b.result !== undefined ? firstDivergence(a.result.traceLines ?? [], b.result.traceLines ?? []) : null;
  return { repetition: task.repetition, seed: task.seed, a: a.line, b: b.line, divergence };
}

function runSide(job: ComparisonJob, side: readonly string[], task: PairTask): { line: TaskLine; result?: RunResult } {
  const id = { task: task.index, config: Object.fromEntries(side.map((s) => [s.slice(0, s.indexOf('=')).trim(), s.slice(s.indexOf('=') + 1)])), repetition: task.repetition, seed: task.seed };
  try {
    const sets = [...job.sets, ...side];
    const parsed = parseScenarioText(job.file, job.text, [...sets, `seed=${task.seed}`]);
    if (!parsed.ok) throw new Error(`the scenario does not parse: ${parsed.issues.map(describeIssue).join('; ')}`);
    const result = runScenario(parsed.scenario, { source: job.file, replay: runReplay(job.file, task.seed, sets), keepTrace: true });
    const reason = result.verdict === 'ok' ? '' : result.verdict === 'inconclusive' ? (result.inconclusive ?? 'inconclusive') : describeViolation(violationsOf(result)[0]);
    return { line: taskLine(id, result, reason), result };
  } catch (error) {
    const e = caught(error);
    return { line: crashedTaskLine(id, `${e.name}: ${e.message}`) };
  }
}
