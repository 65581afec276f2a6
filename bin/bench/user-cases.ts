/**
 * The rows that follow how people use aurora-sim, beside the engine comparisons of matrix.ts:
 *
 * - faults: `scenarios/az-outage.yaml` at two rates, each against the same scenario with its
 *   faults removed (`--set faults=[]`), wall time of `runScenario` and peak RSS; and a long
 *   run with a fault every few minutes (`hour-with-faults.yaml`), RSS sampled every second.
 * - fuzz: the whole `aurora-sim fuzz scenarios/chaos.yaml` command, seeds per minute, with one
 *   worker and with one per available CPU, over the same seeds.
 * - startup: `aurora-sim run` of a 1 ms scenario against `node -e 0`.
 *
 * The fuzz and start-up rows run the command a user gets (`bin/aurora-sim.js`, which loads the
 * compiled CLI in dist/), not the bench's own compiled copy.
 */
import { join } from 'node:path';
import { parseDuration } from '../../sim/index.ts';
import { faultSchedule, faultsFlow } from './fault-schedule.ts';
import type { BenchCase, Group } from './matrix.ts';

export interface UserCaseOptions {
  readonly groups: ReadonlySet<Group>;
  readonly quick: boolean;
  readonly repoRoot: string;
  /** Launchers of the bench's processes: sim-main, fuzz-main, startup-main. */
  readonly ourSim: readonly string[];
  readonly ourFuzz: readonly string[];
  readonly ourStartup: readonly string[];
  /** The user's command, up to its arguments: [node, REPO/bin/aurora-sim.js]. */
  readonly cli: readonly string[];
  /** Whether `cli` is the compiled command; the start-up row measures nothing else. */
  readonly cliCompiled: boolean;
  /** Worker threads of the parallel fuzz row: the available parallelism. */
  readonly parallelism: number;
  /** Simulated duration of the long run with faults, as a scenario duration ('3600s'). */
  readonly longDuration: string;
}

/** az-outage's transaction rates: a light load and a heavy one. */
export function faultRates(quick: boolean): readonly number[] {
  return quick ? [1000, 3000] : [5000, 20_000];
}

/** Seeds per fuzz run: about 30 s of work per worker at N workers on the reference machine. */
export function fuzzSeeds(quick: boolean, parallelism: number): number {
  return (quick ? 4 : 80) * parallelism;
}

export const FUZZ_ENGINE = (jobs: number): string => `aurora-sim --jobs ${jobs}`;
/** N independent `--jobs 1` processes, each on 1/N of the seeds: the machine's own ceiling. */
export const FUZZ_CEILING = (processes: number): string => `${processes} processes`;

const rateText = (rate: number): string => rate.toLocaleString('en-US');

export const USER_CASE_ID = {
  azOutage: (rate: number): string => `az-outage at ${rateText(rate)} txn/s`,
  longFaults: (duration: string): string => `full simulator with faults: ${duration} at 5,000 txn/s`,
  fuzz: 'fuzz scenarios/chaos.yaml',
  startup: 'start-up: aurora-sim run, 1 ms simulated',
} as const;

export function buildUserCases(o: UserCaseOptions): BenchCase[] {
  return [
    ...(o.groups.has('faults') ? faultCases(o) : []),
    ...(o.groups.has('fuzz') ? [fuzzCase(o)] : []),
    ...(o.groups.has('startup') && o.cliCompiled ? [startupCase(o)] : []),
  ];
}

function faultCases(o: UserCaseOptions): BenchCase[] {
  const azOutage = [...o.ourSim, '--scenario', join(o.repoRoot, 'scenarios', 'az-outage.yaml')];
  const cases: BenchCase[] = faultRates(o.quick).map((rate) => {
    const at = ['--set', `workload.rate=${rate}/s`];
    return {
      group: 'faults',
      id: USER_CASE_ID.azOutage(rate),
      metric: 'wall_s',
      references: [{ engine: 'no faults', label: 'x no faults' }],
      note:
        'scenarios/az-outage.yaml (AZ b down for 10 of 30 simulated seconds) against the same scenario with ' +
        '`--set faults=[]`: wall seconds of runScenario and peak RSS, each ratio taken within a repetition.',
      engines: [
        // Far above any run that could meet its target; a run killed at it counts as a FAIL
        // (targets.ts), and later repetitions skip it.
        { engine: 'az-outage', argv: [...azOutage, ...at], timeoutS: 600 },
        { engine: 'no faults', argv: [...azOutage, ...at, '--set', 'faults=[]'], timeoutS: 600 },
      ],
    };
  });
  cases.push({
    group: 'faults',
    id: USER_CASE_ID.longFaults(o.longDuration),
    metric: 'quorum_writes_per_s',
    note:
      'Memory over a long run with faults: bin/bench/hour-with-faults.yaml (steady-state on nine storage nodes, ' +
      'a writer crash, an AZ outage or a disk loss with segment repair every five minutes; squeezed into a shorter ' +
      'run by bin/bench/fault-schedule.ts), RSS sampled from /proc every second by the runner, and live memory ' +
      '(V8 heap in use plus typed arrays, after a full collection) 120 times over the run; first repetition only.',
    engines: [
      {
        engine: 'aurora-sim',
        argv: [
          ...o.ourSim, '--scenario', join(o.repoRoot, 'bin', 'bench', 'hour-with-faults.yaml'), ...longOverrides(o.longDuration),
          ...liveEvery(o.longDuration),
        ],
        timeoutS: 4 * 3600,
        firstRepOnly: true,
        sampleRssMs: 1000,
      },
    ],
  });
  return cases;
}

/**
 * `sim-main --live-every`: a live-memory sample (after a full collection) every 1/120 of a long
 * run's simulated time, at least every simulated second.
 */
export function liveEvery(duration: string): readonly string[] {
  const parsed = parseDuration(duration);
  if (!parsed.ok) throw new Error(`--long-duration ${duration}: ${parsed.message}`);
  return ['--live-every', `${Math.max(1_000_000, Math.round(parsed.value / 120))}us`];
}

/** The hour's file as it is, or its duration and a squeezed schedule for another length. */
function longOverrides(duration: string): string[] {
  const parsed = parseDuration(duration);
  if (!parsed.ok) throw new Error(`--long-duration ${duration}: ${parsed.message}`);
  if (parsed.value === 3600 * 1_000_000) return [];
  return ['--set', `duration=${duration}`, '--set', `faults=${faultsFlow(faultSchedule(parsed.value))}`];
}

function fuzzCase(o: UserCaseOptions): BenchCase {
  const seeds = fuzzSeeds(o.quick, o.parallelism);
  const fuzz = (jobs: number, split = 1): readonly string[] => [
    ...o.ourFuzz,
    '--scenario', join(o.repoRoot, 'scenarios', 'chaos.yaml'),
    '--seeds', String(seeds),
    '--jobs', String(jobs),
    '--split', String(split),
    '--out', join(o.repoRoot, 'out', 'bench', 'fuzz'),
    '--', ...o.cli,
  ];
  const jobCounts = o.parallelism > 1 ? [1, o.parallelism] : [1];
  const ceiling = o.parallelism > 1 ? [{ engine: FUZZ_CEILING(o.parallelism), argv: fuzz(1, o.parallelism), timeoutS: 3600 }] : [];
  return {
    group: 'fuzz',
    id: USER_CASE_ID.fuzz,
    metric: 'seeds_per_min',
    references: [{ engine: FUZZ_ENGINE(1), label: 'x --jobs 1' }],
    note:
      `\`aurora-sim fuzz scenarios/chaos.yaml --seeds ${seeds} --first-seed 1\` (the same seeds on every row), ` +
      'timed from spawn to exit: seeds per wall-clock minute. Scaling efficiency = (seeds/min at N jobs) / ' +
      `(N x seeds/min at one job), N = ${o.parallelism} (the available parallelism). "N processes": N ` +
      'independent `--jobs 1` commands at once, each on 1/N of the seeds, sharing nothing: what N CPUs of this ' +
      'machine give a CPU-bound job at all, the ceiling the pool is read against.',
    engines: [
      ...jobCounts.map((jobs) => ({ engine: FUZZ_ENGINE(jobs), argv: fuzz(jobs), timeoutS: 3600 })),
      ...ceiling,
    ],
  };
}

function startupCase(o: UserCaseOptions): BenchCase {
  const run = [
    ...o.cli, 'run', join(o.repoRoot, 'scenarios', 'steady-state.yaml'),
    '--set', 'duration=1ms', '--set', 'measure.warmup=0us', '--set', 'expect={}', '-q',
  ];
  return {
    group: 'startup',
    id: USER_CASE_ID.startup,
    metric: 'added_ms',
    note:
      'What `aurora-sim run` (bin/aurora-sim.js, the compiled CLI) of steady-state cut to 1 ms adds to `node -e 0`: ' +
      `the two alternated ${o.quick ? 3 : 10} times per repetition, median of the differences. Beside it, for ` +
      'information, what `node -e "await import(X)"` adds for zod, yaml, the simulator and the command tree.',
    engines: [{ engine: 'aurora-sim', argv: [...o.ourStartup, '--rounds', String(o.quick ? 3 : 10), '--root', o.repoRoot, '--', ...run], timeoutS: 600 }],
  };
}
