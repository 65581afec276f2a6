/**
 * What one fuzzed seed came to, as plain data that crosses the worker-thread boundary
 * (structured clone: no classes, no functions), and how outcomes rank. A seed is `ok`,
 * `failed` (an invariant or expectation broke: exit 1), `inconclusive` (a budget ran out or the
 * cluster did not converge: exit 3) or `crashed` (an exception, or a trace hash that did not
 * replay: a simulator bug, exit 70). The fuzz exits with the most severe code of its seeds.
 */
import type { Finding, KeyFigures } from '../../reports/ci/ci-case.ts';
import { ExitCode, VERDICT_EXIT } from '../exit.ts';

export type SeedVerdict = 'ok' | 'failed' | 'inconclusive' | 'crashed';

/** A violated invariant or a failed expectation. */
export interface Violation {
  readonly name: string;
  readonly message: string;
  /** Simulated time of an invariant's first violation, µs. */
  readonly timeUs?: number;
}

/** An exception, as it can be sent between threads and written to a capsule. */
export interface CaughtError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

export interface SeedOutcome {
  readonly seed: number;
  readonly verdict: SeedVerdict;
  /** Absent when the run threw before it could finish. */
  readonly traceHash?: string;
  /** Violated invariants first, then failed expectations; empty for ok and inconclusive. */
  readonly violations: readonly Violation[];
  /** One line: why the seed is not ok (empty when it is). */
  readonly reason: string;
  readonly events?: number;
  readonly error?: CaughtError;
  /** Set when a determinism re-run of the seed gave another trace hash than `traceHash`. */
  readonly rerunTraceHash?: string;
  /** With `chaos.swarm`: the kinds and triggers this seed enabled, with their weights. */
  readonly swarm?: string;
  /**
   * The replayable scenario (canonical YAML, the seed and the fault schedule written in), for
   * seeds that are not ok and when asked for; see `capsule.ts`.
   */
  readonly capsuleYaml?: string;
  /** For the CI reports (`--junit`, `--summary`): what the run came to, and why it is not ok. */
  readonly figures?: KeyFigures;
  readonly findings?: readonly Finding[];
  /** Wall time of the run in its worker, ms. */
  readonly wallMs?: number;
}

/** A seed verdict's exit code: a run's, and 70 for a crash. */
export const SEED_EXIT: Readonly<Record<SeedVerdict, ExitCode>> = { ...VERDICT_EXIT, crashed: ExitCode.internal };

/** Most severe first: a crash hides a failure, a failure hides an inconclusive run. */
const SEVERITY: readonly ExitCode[] = [ExitCode.internal, ExitCode.failed, ExitCode.inconclusive, ExitCode.ok];

/** The exit code of a set of seeds: the most severe of theirs, 0 only when all are ok. */
export function worstExit(outcomes: readonly Pick<SeedOutcome, 'verdict'>[]): ExitCode {
  const codes = new Set(outcomes.map((o) => SEED_EXIT[o.verdict]));
  return SEVERITY.find((code) => codes.has(code)) ?? ExitCode.ok;
}

export function caught(error: unknown): CaughtError {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, ...(error.stack === undefined ? {} : { stack: error.stack }) };
  }
  return { name: 'Error', message: String(error) };
}
