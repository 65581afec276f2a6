/**
 * `aurora-sim fuzz FILE`: the random-fault mode. Runs seeds S..S+N−1 of one scenario (each as
 * `--set seed=K`, exactly what `aurora-sim run FILE --seed K` runs) in worker threads, and
 * reports in seed order, never completion order, so the output is the same on every machine.
 * Each seed that is not ok prints one line (verdict, first violated invariant or failed
 * expectation, reproduce command) and leaves a capsule in --out (`fuzz/capsule.ts`). A closing
 * summary counts ok / failed / inconclusive / crashed, with the wall time and the rate.
 * `--verify-determinism K` re-runs K of the seeds in fresh workers and compares trace hashes;
 * a seed whose hash differs gets a second line, after the first pass's, and a crash capsule.
 *
 * Exit 0 only if every seed is ok, else the most severe code among the seeds: 70 (a crash or a
 * trace hash that did not replay) over 1 (failed) over 3 (inconclusive). Bad input (the file,
 * a flag) exits 2 before any seed runs; an --out folder that cannot be written exits 2 when
 * the first capsule is due, since the folder is only made once a seed needs it.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { fuzzReport } from '../ci/fuzz-report.ts';
import { junitOption, summaryOption, type CiFlags } from '../ci/options.ts';
import { prepareCiOutputs, writeCiOutputs } from '../ci/outputs.ts';
import { CliError, type ExitCode } from '../exit.ts';
import { writeCapsule, type CapsuleContext, type CapsulePaths } from '../fuzz/capsule.ts';
import { mismatches } from '../fuzz/determinism.ts';
import type { SeedOutcome } from '../fuzz/outcome.ts';
import { runPass } from '../fuzz/passes.ts';
import { determinismSample, seedRange } from '../fuzz/plan.ts';
import { collectSet, positiveInteger, wholeNumber } from '../options.ts';
import { Progress } from '../fuzz/progress.ts';
import { exitCodeOf, failureLine, fuzzJson, summaryText, type FuzzRun } from '../fuzz/report.ts';
import type { FuzzJob } from '../fuzz/seed-run.ts';
import { loadedOrStop, loadScenario } from '../scenario-file.ts';
import { print, printJson, report, type Session } from '../session.ts';
import { runReplay } from '../shell.ts';

export interface FuzzFlags extends CiFlags {
  readonly seeds: number;
  readonly firstSeed: number;
  readonly jobs: number;
  readonly out: string;
  readonly set: readonly string[];
  readonly verifyDeterminism: number;
}

export const FUZZ_DEFAULTS = { seeds: 100, firstSeed: 1, out: 'out/fuzz' } as const;

/** The `fuzz` subcommand's arguments and options, on a command `program.command('fuzz')` made. */
export function defineFuzz(
  command: Command,
  context: { readonly session: Session; readonly pkg: { readonly version: string }; readonly done: (code: ExitCode) => void },
): Command {
  return command
    .description('run many seeds of a scenario in worker threads; report every seed that is not ok, in seed order')
    .argument('<file>', 'scenario file (YAML or JSON), usually with a chaos: section')
    .option('--seeds <n>', 'how many seeds to run', positiveInteger, FUZZ_DEFAULTS.seeds)
    .option('--first-seed <s>', 'the first seed; seeds s..s+n-1 are run', wholeNumber, FUZZ_DEFAULTS.firstSeed)
    .option('--jobs <j>', 'worker threads (default: the available parallelism)', positiveInteger)
    .option('--out <dir>', 'folder for failure capsules', FUZZ_DEFAULTS.out)
    .option('--set <path=value>', 'override a field by its dotted path, for every seed (repeatable)', collectSet)
    .option('--verify-determinism <k>', 're-run k of the seeds in fresh workers and compare trace hashes', wholeNumber, 0)
    .addOption(junitOption())
    .addOption(summaryOption())
    .action(async (file: string, opts: Partial<FuzzFlags> & Pick<FuzzFlags, 'seeds' | 'firstSeed' | 'out' | 'verifyDeterminism'>) => {
      const flags: FuzzFlags = { ...opts, jobs: opts.jobs ?? availableParallelism(), set: opts.set ?? [] };
      context.done(await fuzzCommand(context.session, file, flags, context.pkg));
    });
}

export async function fuzzCommand(session: Session, file: string, flags: FuzzFlags, tool: { version: string }): Promise<ExitCode> {
  const { job, name } = loadJob(file, flags);
  if (!Number.isSafeInteger(flags.firstSeed + flags.seeds - 1)) {
    throw new CliError('usage', `--first-seed ${flags.firstSeed} with --seeds ${flags.seeds} goes past the largest seed`);
  }
  const seeds = seedRange(flags.firstSeed, flags.seeds);
  const sample = determinismSample(seeds, flags.verifyDeterminism);
  const jobs = Math.min(flags.jobs, seeds.length);
  prepareCiOutputs(flags);
  const reproduce = (seed: number) => runReplay(file, seed, flags.set);
  const capsuleContext: CapsuleContext = { dir: flags.out, name, file, sets: flags.set, tool };
  const capsules = new Map<number, CapsulePaths>();
  const startMs = performance.now();
  const progress = new Progress(session, `fuzz ${name}`, seeds.length + sample.length, () => performance.now());
  let finished = 0;
  let bad = 0;
  const announce = (outcome: SeedOutcome): void => {
    if (outcome.verdict === 'ok') return;
    bad++;
    capsules.set(outcome.seed, writeCapsule(capsuleContext, outcome));
    progress.clear();
    showFailure(session, outcome, reproduce(outcome.seed));
  };
  const tick = (): void => progress.update(++finished, bad);

  const onOutcome = (outcome: SeedOutcome): void => {
    announce(outcome);
    tick();
  };
  const outcomes = await runPass(seeds, { job, jobs, capsules: false, onOutcome });
  let mismatched: SeedOutcome[] = [];
  if (sample.length > 0) {
    const reruns = await runPass(sample, { job, jobs: Math.min(jobs, sample.length), capsules: true, onOutcome: tick });
    mismatched = mismatches(new Map(outcomes.map((o) => [o.seed, o])), reruns);
    for (const m of mismatched) {
      outcomes[m.seed - flags.firstSeed] = m;
      announce(m);
    }
  }
  progress.clear();

  const run: FuzzRun = {
    scenario: name,
    file,
    sets: flags.set,
    firstSeed: flags.firstSeed,
    jobs,
    outcomes,
    determinism: { seeds: sample, mismatched: mismatched.map((m) => m.seed) },
    capsuleDir: flags.out,
    capsules,
    reproduce,
    wallMs: performance.now() - startMs,
  };
  if (session.flags.json) printJson(session, fuzzJson(run, tool));
  else if (!session.flags.quiet) print(session, summaryText(run, session.color));
  writeCiOutputs(session, flags, fuzzReport(run, job.text));
  return exitCodeOf(run);
}

/** The scenario read once and checked with the first seed: bad input stops here, exit 2. */
function loadJob(file: string, flags: FuzzFlags): { job: FuzzJob; name: string } {
  const loaded = loadedOrStop(file, loadScenario(file, [...flags.set, `seed=${flags.firstSeed}`]));
  return { job: { file, text: loaded.text, sets: [...flags.set] }, name: loaded.scenario.name };
}

/** Text output: the line on stdout, as the fuzz's report; with --json, on stderr beside it. */
function showFailure(session: Session, outcome: SeedOutcome, reproduce: string): void {
  if (session.flags.json) report(session, failureLine(outcome, reproduce, session.errColor));
  else print(session, failureLine(outcome, reproduce, session.color));
  const stack = outcome.error?.stack;
  if (session.flags.verbose && stack !== undefined) report(session, session.errColor.dim(stack));
}
