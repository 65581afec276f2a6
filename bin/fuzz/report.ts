/**
 * What a fuzz prints: one line per seed that is not ok (verdict, why, and the command that
 * reproduces it), a closing summary, and the `--json` document. Everything here depends only on
 * the outcomes in seed order, except the wall time and the rate, so the same seeds give the
 * same report however the threads interleaved. A session cut short by `--time` or Ctrl-C
 * reports the seeds that ran (always a gap-free range), how it ended, and the commands that
 * continue it; a resumed session adds the campaign's running total.
 */
import type { ChalkInstance } from 'chalk';
import { ExitCode } from '../exit.ts';
import { formatDuration } from '../options.ts';
import type { CampaignCounts, CampaignState } from './campaign-state.ts';
import type { CapsulePaths } from './capsule.ts';
import type { ContinueCommands } from './continuation.ts';
import { SEED_EXIT, worstExit, type SeedOutcome, type SeedVerdict } from './outcome.ts';
import type { CampaignEnd } from './stop-rule.ts';

export const FUZZ_JSON_SCHEMA_VERSION = 1;

export interface FuzzRun {
  readonly scenario: string;
  readonly file: string;
  readonly sets: readonly string[];
  readonly firstSeed: number;
  readonly jobs: number;
  /** Every seed's outcome, in seed order (after the determinism re-runs were compared). */
  readonly outcomes: readonly SeedOutcome[];
  /** The seeds re-run for determinism, and those whose trace hash differed. */
  readonly determinism: { readonly seeds: readonly number[]; readonly mismatched: readonly number[] };
  readonly capsuleDir: string;
  /** Capsule files by seed, for the seeds that have one. */
  readonly capsules: ReadonlyMap<number, CapsulePaths>;
  /** Reproduce command by seed. */
  readonly reproduce: (seed: number) => string;
  readonly wallMs: number;
  readonly end: CampaignEnd;
  /** `--time`, when given. */
  readonly timeMs?: number;
  /** The campaign after this session, where its state is kept, and whether this session resumed it. */
  readonly campaign: { readonly state: CampaignState; readonly stateFile: string; readonly resumed: boolean };
  /** When seeds of this session's budget were left: the commands that run them. */
  readonly continueWith?: ContinueCommands;
}

export type Counts = CampaignCounts;

export function counts(outcomes: readonly SeedOutcome[]): Counts {
  const of = (v: SeedVerdict) => outcomes.filter((o) => o.verdict === v).length;
  return { seeds: outcomes.length, ok: of('ok'), failed: of('failed'), inconclusive: of('inconclusive'), crashed: of('crashed') };
}

export function failureLine(outcome: SeedOutcome, reproduce: string, c: ChalkInstance): string {
  const paint = outcome.verdict === 'inconclusive' ? c.yellow : outcome.verdict === 'crashed' ? c.red.bold : c.red;
  return `${paint(outcome.verdict.toUpperCase())} seed ${outcome.seed}: ${outcome.reason.replace(/\s*\n\s*/g, ' ')}  ${c.dim('reproduce:')} ${reproduce}`;
}

/** All runs, determinism re-runs included, per wall-clock second. */
function runsPerSecond(run: FuzzRun): number {
  const runs = run.outcomes.length + run.determinism.seeds.length;
  return run.wallMs > 0 ? (runs * 1000) / run.wallMs : 0;
}

/** `12 seeds (101..112)`: how many, and the range they cover. */
function seedsText(seeds: number, first: number): string {
  return seeds === 0 ? '0 seeds' : `${seeds} seed${seeds === 1 ? '' : 's'} (${first}..${first + seeds - 1})`;
}

function tallyText(n: Counts, c: ChalkInstance): string {
  return [
    c.green(`${n.ok} ok`),
    (n.failed > 0 ? c.red : c.dim)(`${n.failed} failed`),
    (n.inconclusive > 0 ? c.yellow : c.dim)(`${n.inconclusive} inconclusive`),
    (n.crashed > 0 ? c.red.bold : c.dim)(`${n.crashed} crashed`),
  ].join(', ');
}

/** How the session ended, and where the next one would start when seeds were left. */
function endText(run: FuzzRun, next: number, c: ChalkInstance): string {
  if (run.end === 'all-seeds') return 'all seeds run';
  const why = run.end === 'time' ? `time spent (--time ${formatDuration(run.timeMs ?? 0)})` : c.yellow('interrupted (Ctrl-C)');
  return run.continueWith === undefined ? why : `${why}; the next seed is ${next}`;
}

export function summaryText(run: FuzzRun, c: ChalkInstance): string {
  const n = counts(run.outcomes);
  const lines = [
    `${c.bold(`fuzz ${run.scenario}`)}: ${seedsText(n.seeds, run.firstSeed)} of ${run.file} on ${run.jobs} worker${run.jobs === 1 ? '' : 's'}`,
    `  ${tallyText(n, c)}`,
  ];
  const { seeds, mismatched } = run.determinism;
  if (seeds.length > 0) {
    const verdict = mismatched.length === 0 ? 'every trace hash the same' : c.red.bold(`${mismatched.length} different: seeds ${mismatched.join(', ')}`);
    lines.push(`  determinism: ${seeds.length} seeds re-run in fresh workers, ${verdict}`);
  }
  if (run.capsules.size > 0) lines.push(`  capsules: ${run.capsules.size} in ${run.capsuleDir}`);
  lines.push(`  ended: ${endText(run, run.firstSeed + n.seeds, c)}`);
  if (run.continueWith !== undefined) lines.push(`  continue: ${run.continueWith.resume}`, `        or: ${run.continueWith.firstSeed}`);
  if (run.campaign.resumed) {
    const { counts: total, firstSeed } = run.campaign.state;
    lines.push(`  campaign: ${seedsText(total.seeds, firstSeed)}, ${tallyText(total, c)}`);
  }
  lines.push(`  ${(run.wallMs / 1000).toFixed(1)} s wall, ${runsPerSecond(run).toFixed(2)} runs/s`);
  return lines.join('\n');
}

/** 130 for a session Ctrl-C cut short, whatever its seeds came to; else the worst seed's code. */
export function exitCodeOf(run: FuzzRun): ExitCode {
  return run.end === 'interrupted' ? ExitCode.interrupted : worstExit(run.outcomes);
}

export function fuzzJson(run: FuzzRun, tool: { version: string }) {
  const exitCode = exitCodeOf(run);
  const n = counts(run.outcomes);
  return {
    schemaVersion: FUZZ_JSON_SCHEMA_VERSION,
    tool: 'aurora-sim',
    version: tool.version,
    command: 'fuzz',
    scenario: run.scenario,
    file: run.file,
    sets: [...run.sets],
    ok: exitCode === ExitCode.ok,
    exitCode,
    summary: {
      ...n,
      firstSeed: run.firstSeed,
      lastSeed: n.seeds === 0 ? null : run.firstSeed + n.seeds - 1,
      ended: run.end,
      jobs: run.jobs,
      wallMs: Math.round(run.wallMs),
      runsPerSecond: Number(runsPerSecond(run).toFixed(3)),
    },
    campaign: campaignJson(run),
    continue: run.continueWith === undefined ? null : { ...run.continueWith },
    determinism: { checked: [...run.determinism.seeds].sort((a, b) => a - b), mismatched: [...run.determinism.mismatched] },
    results: run.outcomes.map((o) => {
      const capsule = run.capsules.get(o.seed);
      return {
        seed: o.seed,
        verdict: o.verdict,
        traceHash: o.traceHash ?? null,
        violations: o.violations,
        ...(o.verdict === 'ok' ? {} : { exitCode: SEED_EXIT[o.verdict], reason: o.reason, reproduce: run.reproduce(o.seed) }),
        ...(capsule === undefined ? {} : { capsule: capsule.yaml }),
      };
    }),
  };
}

/** The campaign as a whole after this session: every seed run in it, this session's included. */
function campaignJson(run: FuzzRun) {
  const { state, stateFile, resumed } = run.campaign;
  const n = state.counts;
  return { stateFile, resumed, firstSeed: state.firstSeed, lastSeed: n.seeds === 0 ? null : state.nextSeed - 1, nextSeed: state.nextSeed, ...n };
}
