/**
 * `aurora-sim sweep FILE --grid path=v1,v2,... --seeds N`: a parameter study. Every
 * combination of the grid's values (a configuration) runs N times, each task exactly as
 * `aurora-sim run FILE --seed K --set path=v ...` with a seed derived from the sweep seed and
 * the task's own values (`sweep/grid.ts`), in worker threads. Each finished task is appended to
 * `tasks.jsonl` in --out at once; at the end `summary.json` and `summary.csv` (one row per
 * configuration) are written, and with `--report FILE` the HTML report, and the table printed. `--resume` continues an interrupted sweep:
 * the tasks already in `tasks.jsonl` are skipped.
 *
 * With `--shard i/n` (or a scheduler's variables, `sweep/shard.ts`) only that share of the
 * tasks runs and no summary is written: `aurora-sim merge` combines the shards' folders.
 *
 * Ctrl-C stops dispatching: the tasks running finish and are written, and the sweep exits 130
 * without a summary (a second Ctrl-C exits at once); `--resume` continues it.
 *
 * Exit 0 once every task of the share has run, whatever the verdicts (a lost commit in an
 * unsafe configuration is a finding, not an error); 70 if a task crashed (a simulator bug);
 * 130 if interrupted; 2 for bad input, before any task runs.
 */
import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { ResolvedScenario, ScenarioIssue } from '../../sim/index.ts';
import { crashedTaskLine, type TaskLine } from '../../reports/sweep/task-line.ts';
import { binModule } from '../bin-root.ts';
import { CliError, errorReason, ExitCode } from '../exit.ts';
import { InOrder } from '../fuzz/in-order.ts';
import { catchInterrupts } from '../fuzz/interrupt.ts';
import { runPool } from '../fuzz/pool.ts';
import { collectSet, positiveInteger, wholeNumber } from '../options.ts';
import { prepareReportPath, writeSweepReport } from '../report-file.ts';
import { describeIssue, loadedOrStop, loadScenario, parseScenarioText } from '../scenario-file.ts';
import { info, printJson, report, type Session } from '../session.ts';
import { collectGrid, configLabel, configurations, gridProblem, planTasks, taskKey, type GridAxis, type SweepTask } from '../sweep/grid.ts';
import { describeDifference, differences, MANIFEST_FILE, manifestJson, manifestShard, readManifest, sha256, TASKS_FILE, type SweepManifest } from '../sweep/manifest.ts';
import { showSummary, summaryOf, writeSummary } from '../sweep/outputs.ts';
import { Progress } from '../progress.ts';
import { chooseShard, describeShard, parseShardOption, shareOf, type Shard } from '../sweep/shard.ts';
import { dropTornLine, readTaskLines, TaskWriter, writeInTaskOrder } from '../sweep/tasks-file.ts';
import { taskReplay, taskSets, type SweepJob } from '../sweep/task-run.ts';

const WORKER = binModule('sweep/worker');

export interface SweepFlags {
  /** Empty: the file's `sweep:` section, if it has one. */
  readonly grid: readonly GridAxis[];
  /** Absent: the file's `sweep:` section's, else `SWEEP_DEFAULTS`. */
  readonly seeds?: number;
  readonly sweepSeed?: number;
  readonly jobs: number;
  readonly out?: string;
  readonly set: readonly string[];
  readonly shard?: Shard;
  readonly resume: boolean;
  /** Where to write the HTML report (not for a shard: `merge --report` writes it). */
  readonly report?: string;
}

export const SWEEP_DEFAULTS = { seeds: 10, sweepSeed: 1 } as const;

export function defineSweep(
  command: Command,
  context: { readonly session: Session; readonly pkg: { readonly version: string }; readonly done: (code: ExitCode) => void },
): Command {
  return command
    .description('run every combination of grid values times seeds; write tasks.jsonl, summary.json and summary.csv')
    .argument('<file>', 'scenario file (YAML or JSON)')
    .option('--grid <path=v1,v2,...>', "a field and the values it takes (repeatable; the first varies slowest); replaces the file's sweep: grid", collectGrid)
    .option('--seeds <n>', `repetitions of each configuration (default: the file's sweep: seeds, else ${SWEEP_DEFAULTS.seeds})`, positiveInteger)
    .option('--sweep-seed <s>', `the seed every task seed is derived from (default: the file's sweep: sweepSeed, else ${SWEEP_DEFAULTS.sweepSeed})`, wholeNumber)
    .option('--jobs <j>', 'worker threads (default: the available parallelism)', positiveInteger)
    .option('--out <dir>', 'folder for the results (default: out/sweep/NAME, or out/sweep/NAME/shard-I-of-N)')
    .option('--set <path=value>', 'override a field for every task (repeatable)', collectSet)
    .option('--shard <i/n>', 'run only tasks i-1 modulo n (default: from the scheduler environment, see README)', parseShardOption)
    .option('--resume', 'continue the sweep in --out, skipping the tasks already in tasks.jsonl')
    .option('--report <out.html>', 'also write the summary as a single-file HTML report (charts with intervals, heat maps)')
    .action(async (file: string, opts: Partial<SweepFlags>) => {
      const flags: SweepFlags = {
        ...opts,
        grid: opts.grid ?? [],
        set: opts.set ?? [],
        jobs: opts.jobs ?? availableParallelism(),
        resume: opts.resume === true,
      };
      context.done(await sweepCommand(context.session, file, flags, context.pkg));
    });
}

export async function sweepCommand(session: Session, file: string, given: SweepFlags, tool: { version: string }): Promise<ExitCode> {
  const loaded = loadedOrStop(file, loadScenario(file, given.set));
  const flags = withFileSweep(given, loaded.scenario.sweep);
  const problem = gridProblem(flags.grid, flags.set);
  if (problem !== undefined) throw new CliError('usage', problem);
  const job: SweepJob = { file, text: loaded.text, sets: [...flags.set] };
  checkConfigurations(job, flags.grid);
  const tasks = planTasks(flags.grid, flags.seeds, flags.sweepSeed);
  const shard = chooseShard(flags.shard, session.env);
  const name = loaded.scenario.name;
  const dir = flags.out ?? join('out', 'sweep', name, ...(shard === undefined ? [] : [`shard-${shard.index}-of-${shard.count}`]));
  const manifest: SweepManifest = {
    format: 'aurora-sim-sweep', version: 1, tool: tool.version, scenario: name, file, scenarioSha256: sha256(loaded.text),
    sets: [...flags.set], grid: flags.grid, seeds: flags.seeds, sweepSeed: flags.sweepSeed, tasks: tasks.length, shard: manifestShard(shard),
  };
  const share = shareOf(tasks, shard);
  if (flags.report !== undefined && shard === undefined) prepareReportPath(flags.report);
  const previous = openFolder(dir, manifest, flags.resume, tasks);
  const done = new Set(previous.map((l) => taskKey(Object.entries(l.config), l.repetition)));
  const pending = share.filter((t) => !done.has(taskKey(t.config, t.repetition)));
  if (shard !== undefined) info(session, `shard ${describeShard(shard)} (from ${shard.source}): ${share.length} of ${tasks.length} tasks`);
  if (previous.length > 0) info(session, `resuming: ${previous.length} task(s) already in ${join(dir, TASKS_FILE)}, ${pending.length} to run`);

  let interrupted = false;
  const release = catchInterrupts({
    first: () => {
      interrupted = true;
      info(session, session.errColor.yellow('interrupted: finishing the tasks running, then stopping (Ctrl-C again to quit at once)'));
    },
    again: () => undefined,
  });
  let fresh: TaskLine[];
  try {
    const counts = { already: share.length - pending.length, total: share.length };
    fresh = await runTasks(session, job, pending, { dir, label: `sweep ${name}`, ...counts, jobs: flags.jobs, shouldStop: () => interrupted });
  } finally {
    release();
  }
  const lines = [...previous, ...fresh];
  if (interrupted && lines.length < share.length) {
    report(session, `interrupted: ${lines.length} of ${share.length} task(s) in ${join(dir, TASKS_FILE)}; the same command with --resume continues`);
    return ExitCode.interrupted;
  }
  if (fresh.length > 0 && previous.length > 0) writeInTaskOrder(join(dir, TASKS_FILE), lines);
  const crashed = lines.filter((l) => l.verdict === 'crashed');
  for (const line of crashed) report(session, `task ${line.task} crashed: ${line.reason}\nreproduce: ${taskReplay(job, { config: Object.entries(line.config), seed: line.seed })}`);

  if (shard !== undefined) {
    // A shard has no summary of its own; under --json stdout still carries one document.
    if (session.flags.json) printJson(session, { shard: { index: shard.index, count: shard.count, source: shard.source }, tasks: lines.length, of: tasks.length, out: dir });
    info(session, `shard ${describeShard(shard)}: ${lines.length} task(s) in ${dir}; combine the shards' folders with: aurora-sim merge DIR... --out DIR`);
    if (flags.report !== undefined) info(session, `no report for a shard: merge --report ${flags.report} writes it`);
  } else {
    const summary = summaryOf(manifest, lines);
    writeSummary(dir, summary);
    if (flags.report !== undefined) writeSweepReport(flags.report, summary, tool);
    showSummary(session, summary);
    info(session, `wrote ${join(dir, TASKS_FILE)}, summary.json and summary.csv${flags.report === undefined ? '' : `, and ${flags.report}`}`);
  }
  return crashed.length > 0 ? ExitCode.internal : ExitCode.ok;
}

/** The flags, with what they leave out taken from the file's `sweep:` section, then the defaults. */
function withFileSweep(flags: SweepFlags, file: ResolvedScenario['sweep']): SweepFlags & Required<Pick<SweepFlags, 'seeds' | 'sweepSeed'>> {
  return {
    ...flags,
    grid: flags.grid.length > 0 ? flags.grid : (file?.grid ?? []),
    seeds: flags.seeds ?? file?.seeds ?? SWEEP_DEFAULTS.seeds,
    sweepSeed: flags.sweepSeed ?? file?.sweepSeed ?? SWEEP_DEFAULTS.sweepSeed,
  };
}

/** Parses the scenario with every configuration once, so a bad value stops the sweep before any task runs. */
function checkConfigurations(job: SweepJob, grid: readonly GridAxis[]): void {
  const details: string[] = [];
  const issues: ScenarioIssue[] = [];
  for (const config of configurations(grid)) {
    const parsed = parseScenarioText(job.file, job.text, taskSets(job, { config }));
    if (parsed.ok) continue;
    details.push(`with ${configLabel(config)}:`, ...parsed.issues.map((i) => `  ${describeIssue(i)}`));
    issues.push(...parsed.issues);
  }
  if (details.length > 0) throw new CliError('invalid-scenario', `${job.file}: invalid scenario for some configurations`, { issues, details });
}

/**
 * Makes the folder and writes the manifest. A folder that already holds tasks is continued only
 * with --resume and only for the same sweep and shard; returns the tasks it holds.
 */
function openFolder(dir: string, manifest: SweepManifest, resume: boolean, tasks: readonly SweepTask[]): TaskLine[] {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new CliError('unwritable', `${dir}: cannot create (${errorReason(error)})`);
  }
  const tasksPath = join(dir, TASKS_FILE);
  const read = readTaskLines(tasksPath);
  const old = readManifest(dir);
  if (read.lines.length > 0 || read.torn) {
    if (!resume) {
      throw new CliError('usage', `${tasksPath} already holds ${read.lines.length} task(s): pass --resume to continue that sweep, or choose another --out`);
    }
    if (old === undefined) throw new CliError('usage', `${dir} has ${TASKS_FILE} but no ${MANIFEST_FILE}: cannot tell which sweep it belongs to`);
    const differ = differences(old, manifest, true);
    if (differ.length > 0) {
      throw new CliError('usage', `${dir} holds another sweep: ${differ.map((f) => describeDifference(f, old, manifest)).join('; ')}`);
    }
    checkBelongs(tasksPath, read.lines, tasks);
    dropTornLine(tasksPath, read);
  } else if (!existsSync(tasksPath)) {
    writeFileSync(tasksPath, '');
  }
  try {
    writeFileSync(join(dir, MANIFEST_FILE), manifestJson(manifest));
  } catch (error) {
    throw new CliError('unwritable', `${join(dir, MANIFEST_FILE)}: cannot write (${errorReason(error)})`);
  }
  return read.lines;
}

/** Every line of a resumed folder is a task of this sweep, with its seed, and none is there twice. */
function checkBelongs(path: string, lines: readonly TaskLine[], tasks: readonly SweepTask[]): void {
  const byKey = new Map(tasks.map((t) => [taskKey(t.config, t.repetition), t]));
  const seen = new Set<string>();
  for (const line of lines) {
    const key = taskKey(Object.entries(line.config), line.repetition);
    const task = byKey.get(key);
    if (task === undefined || task.seed !== line.seed || task.index !== line.task) {
      throw new CliError('invalid-manifest', `${path}: task ${line.task} is not a task of this sweep`);
    }
    if (seen.has(key)) throw new CliError('invalid-manifest', `${path}: task ${line.task} is there twice`);
    seen.add(key);
  }
}

interface RunOptions {
  readonly dir: string;
  readonly label: string;
  readonly already: number;
  readonly total: number;
  readonly jobs: number;
  /** Asked before each task starts: true stops the sweep after the tasks running. */
  readonly shouldStop: () => boolean;
}

/** Runs `pending` in worker threads, appending each line to tasks.jsonl in task order. */
async function runTasks(session: Session, job: SweepJob, pending: readonly SweepTask[], options: RunOptions): Promise<TaskLine[]> {
  const writer = new TaskWriter(join(options.dir, TASKS_FILE));
  const progress = new Progress(session, () => performance.now(), { label: options.label, unit: 'task', already: options.already, total: options.total });
  let finished = 0;
  let bad = 0;
  const inOrder = new InOrder<TaskLine>((_index, line) => writer.write(line));
  try {
    progress.update(0, 0);
    return await runPool(pending, {
      worker: WORKER,
      workerData: job,
      jobs: Math.min(options.jobs, Math.max(1, pending.length)),
      shouldStop: options.shouldStop,
      onResult: (index, line) => {
        inOrder.add(index, line);
        if (line.verdict !== 'ok') bad++;
        progress.update(++finished, bad);
      },
      onWorkerLost: (task, error): TaskLine =>
        crashedTaskLine(
          { task: task.index, config: Object.fromEntries(task.config), repetition: task.repetition, seed: task.seed },
          `the worker thread died running this task: ${error.name}: ${error.message}`,
        ),
    });
  } finally {
    progress.clear();
    writer.close();
  }
}
