/**
 * What a fuzz prints: one line per seed that is not ok (verdict, why, and the command that
 * reproduces it), a closing summary, and the `--json` document. Everything here depends only on
 * the outcomes in seed order, except the wall time and the rate, so the same seeds give the
 * same report however the threads interleaved.
 */
import type { ChalkInstance } from 'chalk';
import { ExitCode } from '../exit.ts';
import type { CapsulePaths } from './capsule.ts';
import { SEED_EXIT, worstExit, type SeedOutcome, type SeedVerdict } from './outcome.ts';

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
}

export interface Counts {
  readonly seeds: number;
  readonly ok: number;
  readonly failed: number;
  readonly inconclusive: number;
  readonly crashed: number;
}

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

export function summaryText(run: FuzzRun, c: ChalkInstance): string {
  const n = counts(run.outcomes);
  const last = run.firstSeed + n.seeds - 1;
  const tally = [
    c.green(`${n.ok} ok`),
    (n.failed > 0 ? c.red : c.dim)(`${n.failed} failed`),
    (n.inconclusive > 0 ? c.yellow : c.dim)(`${n.inconclusive} inconclusive`),
    (n.crashed > 0 ? c.red.bold : c.dim)(`${n.crashed} crashed`),
  ];
  const lines = [
    `${c.bold(`fuzz ${run.scenario}`)}: ${n.seeds} seeds (${run.firstSeed}..${last}) of ${run.file} on ${run.jobs} worker${run.jobs === 1 ? '' : 's'}`,
    `  ${tally.join(', ')}`,
  ];
  const { seeds, mismatched } = run.determinism;
  if (seeds.length > 0) {
    const verdict = mismatched.length === 0 ? 'every trace hash the same' : c.red.bold(`${mismatched.length} different: seeds ${mismatched.join(', ')}`);
    lines.push(`  determinism: ${seeds.length} seeds re-run in fresh workers, ${verdict}`);
  }
  if (run.capsules.size > 0) lines.push(`  capsules: ${run.capsules.size} in ${run.capsuleDir}`);
  lines.push(`  ${(run.wallMs / 1000).toFixed(1)} s wall, ${runsPerSecond(run).toFixed(2)} runs/s`);
  return lines.join('\n');
}

export function exitCodeOf(run: FuzzRun): ExitCode {
  return worstExit(run.outcomes);
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
      jobs: run.jobs,
      wallMs: Math.round(run.wallMs),
      runsPerSecond: Number(runsPerSecond(run).toFixed(3)),
    },
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
