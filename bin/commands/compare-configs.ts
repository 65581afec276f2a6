/**
 * `aurora-sim compare-configs FILE --a path=v --b path=v --seeds N`: a paired comparison of two
 * configurations with common random numbers. Each seed runs both A and B (every stream the
 * change does not touch draws the same: arrivals, pages, the chaos schedule), and per metric
 * the report gives each side's mean, the mean paired difference B − A with its t interval and,
 * beside it, the unpaired interval the same runs would give without pairing; and for each seed
 * the first event of the canonical trace where the two runs part. The seeds are those of a
 * sweep without a grid (`sweep/grid.ts`, from --sweep-seed).
 *
 * Both runs of a pair keep their traces in memory until they are compared: mind the size of a
 * long, busy scenario. Exit 0, or 70 if a run crashed; 2 for bad input.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { compare, comparisonText, type Pair } from '../../reports/sweep/comparison.ts';
import { crashedTaskLine } from '../../reports/sweep/task-line.ts';
import { binModule } from '../bin-root.ts';
import { type PairTask, type ComparisonJob } from '../compare/pair-run.ts';
import { CliError, ExitCode } from '../exit.ts';
import { runPool } from '../fuzz/pool.ts';
import { collectSet, positiveInteger, wholeNumber } from '../options.ts';
import { describeIssue, loadedOrStop, loadScenario, parseScenarioText } from '../scenario-file.ts';
import { print, printJson, report, type Session } from '../session.ts';
import { taskSeed } from '../sweep/grid.ts';
import { Progress } from '../progress.ts';
import { runReplay } from '../shell.ts';

const WORKER = binModule('compare/worker');

export interface CompareFlags {
  readonly a: readonly string[];
  readonly b: readonly string[];
  readonly seeds: number;
  readonly sweepSeed: number;
  readonly jobs: number;
  readonly set: readonly string[];
}

export function defineCompareConfigs(
  command: Command,
  context: { readonly session: Session; readonly done: (code: ExitCode) => void },
): Command {
  return command
    .description('run two configurations on the same seeds (common random numbers) and report paired differences')
    .argument('<file>', 'scenario file (YAML or JSON)')
    .requiredOption('--a <path=value>', "configuration A's overrides (repeatable)", collectSet)
    .requiredOption('--b <path=value>', "configuration B's overrides (repeatable)", collectSet)
    .option('--seeds <n>', 'pairs of runs', positiveInteger, 10)
    .option('--sweep-seed <s>', 'the seed the pairs\' seeds are derived from', wholeNumber, 1)
    .option('--jobs <j>', 'worker threads (default: the available parallelism)', positiveInteger)
    .option('--set <path=value>', 'override a field for both configurations (repeatable)', collectSet)
    .action(async (file: string, opts: Partial<CompareFlags> & Pick<CompareFlags, 'a' | 'b' | 'seeds' | 'sweepSeed'>) => {
      const flags: CompareFlags = { ...opts, set: opts.set ?? [], jobs: opts.jobs ?? availableParallelism() };
      context.done(await compareConfigsCommand(context.session, file, flags));
    });
}

export async function compareConfigsCommand(session: Session, file: string, flags: CompareFlags): Promise<ExitCode> {
  const loaded = loadedOrStop(file, loadScenario(file, flags.set));
  const job: ComparisonJob = { file, text: loaded.text, sets: [...flags.set], a: [...flags.a], b: [...flags.b] };
  for (const [name, side] of [['A', job.a], ['B', job.b]] as const) {
    const parsed = parseScenarioText(file, loaded.text, [...job.sets, ...side]);
    if (!parsed.ok) {
      throw new CliError('invalid-scenario', `${file}: invalid scenario for ${name}`, { issues: parsed.issues, details: [`with ${name} (${side.join(' ')}):`, ...parsed.issues.map((i) => `  ${describeIssue(i)}`)] });
    }
  }
  const tasks: PairTask[] = Array.from({ length: flags.seeds }, (_, repetition) => ({ index: repetition, repetition, seed: taskSeed(flags.sweepSeed, [], repetition) }));
  const progress = new Progress(session, () => performance.now(), { label: `compare ${loaded.scenario.name}`, unit: 'pair', total: tasks.length });
  let done = 0;
  let bad = 0;
  const pairs = await runPool<PairTask, Pair>(tasks, {
    worker: WORKER,
    workerData: job,
    jobs: Math.min(flags.jobs, tasks.length),
    onResult: (_index, pair) => {
      if (pair.a.verdict === 'crashed' || pair.b.verdict === 'crashed') bad++;
      progress.update(++done, bad);
    },
    onWorkerLost: (task, error): Pair => {
      const line = crashedTaskLine({ task: task.index, config: {}, repetition: task.repetition, seed: task.seed }, `the worker thread died: ${error.name}: ${error.message}`);
      return { repetition: task.repetition, seed: task.seed, a: line, b: line, divergence: null };
    },
  });
  progress.clear();
  const comparison = compare({ scenario: loaded.scenario.name, file, sets: job.sets, a: job.a, b: job.b, seeds: flags.seeds, sweepSeed: flags.sweepSeed }, pairs);
  if (session.flags.json) printJson(session, comparison);
  else if (!session.flags.quiet) print(session, comparisonText(comparison, session.color));
  let crashed = false;
  for (const pair of pairs) {
    for (const [side, line] of [['A', pair.a], ['B', pair.b]] as const) {
      if (line.verdict !== 'crashed') continue;
      crashed = true;
      report(session, `seed ${pair.seed}, ${side} crashed: ${line.reason}\nreproduce: ${runReplay(file, pair.seed, [...job.sets, ...(side === 'A' ? job.a : job.b)])}`);
    }
  }
  return crashed ? ExitCode.internal : ExitCode.ok;
}
