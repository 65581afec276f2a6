/**
 * One sweep task, start to end, as a worker thread runs it: exactly what
 * `aurora-sim run FILE --seed K --set ... --set path=v ...` runs (the sweep's `--set`s, then
 * the task's grid values, then its seed), boiled down to its `tasks.jsonl` line. An exception
 * is a line too (`crashed`), never a dead worker, so one bad task does not take others with it.
 */
import { runScenario } from '../../sim/index.ts';
import { crashedTaskLine, taskLine, type TaskLine } from '../../reports/sweep/task-line.ts';
import { describeViolation, violationsOf } from '../fuzz/seed-run.ts';
import { caught } from '../fuzz/outcome.ts';
import { describeIssue, parseScenarioText } from '../scenario-file.ts';
import { runReplay } from '../shell.ts';
import { configSets, type SweepTask } from './grid.ts';

/** What every task of one sweep shares; sent to each worker once. */
export interface SweepJob {
  /** The scenario file as the user gave it: for the reproduce line and relative CSV paths. */
  readonly file: string;
  /** Its text, read once by the main thread, so that every task runs the same scenario. */
  readonly text: string;
  /** The sweep's `--set` overrides, in the user's order. */
  readonly sets: readonly string[];
}

/** The overrides of a task, in the order they apply. */
export function taskSets(job: Pick<SweepJob, 'sets'>, task: Pick<SweepTask, 'config'>): string[] {
  return [...job.sets, ...configSets(task.config)];
}

/** The command that reruns a task on its own. */
export function taskReplay(job: Pick<SweepJob, 'file' | 'sets'>, task: Pick<SweepTask, 'config' | 'seed'>): string {
  return runReplay(job.file, task.seed, taskSets(job, task));
}

export function runTask(job: SweepJob, task: SweepTask): TaskLine {
  const id = { task: task.index, config: Object.fromEntries(task.config), repetition: task.repetition, seed: task.seed };
  try {
    const sets = taskSets(job, task);
    const parsed = parseScenarioText(job.file, job.text, [...sets, `seed=${task.seed}`]);
    if (!parsed.ok) throw new Error(`the scenario does not parse: ${parsed.issues.map(describeIssue).join('; ')}`);
    const result = runScenario(parsed.scenario, { source: job.file, replay: taskReplay(job, task), keepTrace: false });
    const reason =
      result.verdict === 'ok' ? '' : result.verdict === 'inconclusive' ? (result.inconclusive ?? 'inconclusive') : describeViolation(violationsOf(result)[0]);
    return taskLine(id, result, reason);
  } catch (error) {
    const e = caught(error);
    return crashedTaskLine(id, `${e.name}: ${e.message}`);
  }
}
