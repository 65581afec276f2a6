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
 * A fuzz is a session of a campaign whose state is kept in --out (`fuzz/campaign.ts`).
 * `--time` bounds the session by wall time instead of (or as well as) a seed count: no seed
 * starts once it is spent. Ctrl-C stops it the same way (a second one exits at once), and the
 * summary then says where it stopped and how to continue; `--resume` continues the campaign
 * from its next seed. The seeds that ran are always a gap-free range, reported in seed order.
 *
 * `--shrink` then shrinks each failed seed's capsule (`aurora-sim shrink` on it) into
 * `X-seed-K.shrunk.yaml` beside it and prints one line per seed (not after Ctrl-C).
 *
 * Exit 0 only if every seed is ok, else the most severe code among the seeds: 70 (a crash or a
 * trace hash that did not replay, or a shrunk file that does not fail the same way in a fresh
 * process) over 1 (failed) over 3 (inconclusive); 130 when Ctrl-C cut
 * the session short. Bad input (the file, a flag, a campaign --resume cannot continue) and an
 * --out folder that cannot be written exit 2 before any seed runs.
 */
import { availableParallelism } from 'node:os';
import { Option, type Command } from 'commander';
import { fuzzReport } from '../ci/fuzz-report.ts';
import { junitOption, summaryOption, type CiFlags } from '../ci/options.ts';
import { prepareCiOutputs, writeCiOutputs } from '../ci/outputs.ts';
import { ExitCode } from '../exit.ts';
import { writeCapsule, type CapsuleContext, type CapsulePaths } from '../fuzz/capsule.ts';
import { openCampaign, type CampaignRecord } from '../fuzz/campaign.ts';
import { continueCommands, type ContinueCommands } from '../fuzz/continuation.ts';
import { catchInterrupts } from '../fuzz/interrupt.ts';
import type { SeedOutcome } from '../fuzz/outcome.ts';
import { rerunPass, runPass } from '../fuzz/passes.ts';
import { StopRule } from '../fuzz/stop-rule.ts';
import { collectSet, duration, positiveInteger, wholeNumber } from '../options.ts';
import { Progress } from '../progress.ts';
import { exitCodeOf, failureLine, fuzzJson, summaryText, type FuzzRun } from '../fuzz/report.ts';
import type { FuzzJob } from '../fuzz/seed-run.ts';
import { loadedOrStop, loadScenario } from '../scenario-file.ts';
import { info, print, printJson, report, type Session } from '../session.ts';
import { runReplay } from '../shell.ts';
import { shrinkFailures, type SeedShrink } from '../shrink/fuzz-shrinks.ts';
import { SHRINK_DEFAULTS } from './shrink.ts';

export interface FuzzFlags extends CiFlags {
  /** At most this many seeds; undefined with --time alone (then: as many as the time allows). */
  readonly seeds: number | undefined;
  /** --time, in ms. */
  readonly time?: number;
  readonly resume: boolean;
  readonly firstSeed: number;
  readonly jobs: number;
  readonly out: string;
  readonly set: readonly string[];
  readonly verifyDeterminism: number;
  /** Shrink each failed seed's capsule (`shrink/fuzz-shrinks.ts`), with at most this many runs each. */
  readonly shrink: boolean;
  readonly maxRuns: number;
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
    .option('--seeds <n>', `how many seeds to run (default: ${FUZZ_DEFAULTS.seeds}, or as many as --time allows)`, positiveInteger)
    .option('--time <duration>', 'start seeds until this much wall time is spent (500ms, 90s, 10m, 1h), then finish those running', duration)
    .option('--first-seed <s>', 'the first seed; seeds s..s+n-1 are run', wholeNumber, FUZZ_DEFAULTS.firstSeed)
    .addOption(new Option('--resume', 'continue the campaign kept in --out from the seed after the last one it ran').conflicts('firstSeed'))
    .option('--jobs <j>', 'worker threads (default: the available parallelism)', positiveInteger)
    .option('--out <dir>', 'folder for failure capsules and the campaign state', FUZZ_DEFAULTS.out)
    .option('--set <path=value>', 'override a field by its dotted path, for every seed (repeatable)', collectSet)
    .option('--verify-determinism <k>', 're-run k of the seeds in fresh workers and compare trace hashes', wholeNumber, 0)
    .option('--shrink', 'shrink each failed seed into a standalone scenario beside its capsule (X-seed-K.shrunk.yaml)')
    .option('--max-runs <n>', "with --shrink: the most runs one seed's shrink may make", positiveInteger, SHRINK_DEFAULTS.maxRuns)
    .addOption(junitOption())
    .addOption(summaryOption())
    .action(async (file: string, opts: Partial<FuzzFlags> & Pick<FuzzFlags, 'firstSeed' | 'out' | 'verifyDeterminism' | 'maxRuns'>) => {
      // The seed count's default is set here, not by commander: with --time alone there is none.
      const seeds = opts.seeds ?? (opts.time === undefined ? FUZZ_DEFAULTS.seeds : undefined);
      const flags: FuzzFlags = {
        ...opts,
        seeds,
        resume: opts.resume === true,
        jobs: opts.jobs ?? availableParallelism(),
        set: opts.set ?? [],
        shrink: opts.shrink === true,
      };
      context.done(await fuzzCommand(context.session, file, flags, context.pkg));
    });
}

export async function fuzzCommand(session: Session, file: string, flags: FuzzFlags, tool: { version: string }): Promise<ExitCode> {
  const { job, name } = loadJob(file, flags);
  const clock = (): number => performance.now();
  const campaign = { file, scenario: name, text: job.text, sets: flags.set, out: flags.out, version: tool.version };
  const { seeds, resumed, record } = openCampaign({ ...campaign, firstSeed: flags.firstSeed, seeds: flags.seeds, resume: flags.resume }, clock);
  const jobs = Math.min(flags.jobs, seeds.length);
  prepareCiOutputs(flags);
  record.save('running');
  const reproduce = (seed: number) => runReplay(file, seed, flags.set);
  const capsuleContext: CapsuleContext = { dir: flags.out, name, file, sets: flags.set, tool };
  const capsules = new Map<number, CapsulePaths>();
  const startMs = clock();
  const stop = new StopRule(flags.time, clock);
  const planned = flags.seeds === undefined ? Infinity : flags.seeds + Math.min(flags.seeds, flags.verifyDeterminism);
  const progress = new Progress(session, clock, { label: `fuzz ${name}`, unit: 'run', total: planned, timeLeftMs: () => stop.timeLeftMs() });
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
    record.add(outcome, capsules.get(outcome.seed)?.yaml);
    tick();
  };
  const release = stopOnInterrupt(session, stop, () => progress.clear(), record);
  try {
    const outcomes = await runPass(seeds, { job, jobs, capsules: false, onOutcome, shouldStop: stop.shouldStop });
    // Only Ctrl-C stops the re-runs: --time bounds the seeds, not their check.
    const recheck = { job, jobs, onOutcome: tick, shouldStop: () => stop.interrupted };
    const { checked, mismatched } = await rerunPass(outcomes, flags.verifyDeterminism, recheck);
    for (const m of mismatched) {
      const before = outcomes[m.seed - seeds.first]!;
      outcomes[m.seed - seeds.first] = m;
      announce(m);
      record.replace(before, m, capsules.get(m.seed)?.yaml);
    }
    progress.clear();
    record.save(stop.end);

    const run: FuzzRun = {
      scenario: name,
      file,
      sets: flags.set,
      firstSeed: seeds.first,
      jobs,
      outcomes,
      determinism: { seeds: checked, mismatched: mismatched.map((m) => m.seed) },
      capsuleDir: flags.out,
      capsules,
      reproduce,
      wallMs: clock() - startMs,
      end: stop.end,
      ...(flags.time === undefined ? {} : { timeMs: flags.time }),
      campaign: { state: record.state, stateFile: record.path, resumed },
      ...(stop.cut ? { continueWith: continuation(file, flags, seeds.first + outcomes.length, outcomes.length) } : {}),
    };
    if (!session.flags.json && !session.flags.quiet) print(session, summaryText(run, session.color));
    const shrinks = flags.shrink && !stop.interrupted ? await shrinkAll(session, run, flags) : undefined;
    if (session.flags.json) printJson(session, { ...fuzzJson(run, tool), ...(shrinks === undefined ? {} : { shrinks }) });
    writeCiOutputs(session, flags, fuzzReport(run, job.text));
    const unverified = (shrinks ?? []).some((s) => s.shrunk && !s.verified);
    return unverified ? ExitCode.internal : exitCodeOf(run);
  } finally {
    release();
  }
}

/** `--shrink`: every failed seed's capsule, shrunk; a line each (steps with --verbose). */
function shrinkAll(session: Session, run: FuzzRun, flags: FuzzFlags): Promise<SeedShrink[]> {
  const say = (line: string, kind: 'seed' | 'step' | 'problem'): void => {
    if (kind === 'problem') report(session, line);
    else if (kind === 'step' && !session.flags.verbose) return;
    else if (session.flags.json) info(session, line);
    else if (!session.flags.quiet) print(session, line);
  };
  return shrinkFailures(run.outcomes, run.capsules, { jobs: run.jobs, maxRuns: flags.maxRuns, onLine: say });
}

/** Ctrl-C: the first stops new seeds and says so, the second saves the state and exits 130. */
function stopOnInterrupt(session: Session, stop: StopRule, clearProgress: () => void, record: CampaignRecord): () => void {
  return catchInterrupts({
    first: () => {
      stop.interrupt();
      clearProgress();
      info(session, session.errColor.yellow('interrupted: finishing the seeds running, then reporting (Ctrl-C again to quit at once)'));
    },
    again: () => record.save('interrupted'),
  });
}

/** The commands that run the seeds this session's budget had left. */
function continuation(file: string, flags: FuzzFlags, nextSeed: number, ran: number): ContinueCommands {
  return continueCommands({
    file,
    sets: flags.set,
    out: flags.out === FUZZ_DEFAULTS.out ? undefined : flags.out,
    nextSeed,
    seedsLeft: flags.seeds === undefined ? undefined : flags.seeds - ran,
    timeMs: flags.time,
    verifyDeterminism: flags.verifyDeterminism,
  });
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
