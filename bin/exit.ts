/**
 * Exit codes (ARCHITECTURE.md §4.2), each meaning one thing, and the error the commands throw
 * for an expected failure (bad input, an unwritable output). Anything else that escapes a
 * command is a bug in the simulator or the CLI and exits 70, never Node's default 1, which CI
 * would read as "an invariant failed".
 */
import type { RunResult, ScenarioIssue } from '../sim/index.ts';

export const ExitCode = {
  ok: 0,
  /** An invariant or expectation failed, or a check found something stale. */
  failed: 1,
  /** Bad input or usage: arguments, a scenario that fails validation, a missing file. */
  badInput: 2,
  /** Inconclusive: a budget ran out before the run could decide. */
  inconclusive: 3,
  /** Internal error: a simulator bug (EX_SOFTWARE). */
  internal: 70,
  /** Interrupted by Ctrl-C (128 + SIGINT, what a shell reports for a process SIGINT killed). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** What a run's verdict exits with (`run`, and each seed of `fuzz`). */
export const VERDICT_EXIT: Readonly<Record<RunResult['verdict'], ExitCode>> = {
  ok: ExitCode.ok,
  failed: ExitCode.failed,
  inconclusive: ExitCode.inconclusive,
};

/** Machine-readable error codes of the `{ok:false, error:{code, ...}}` document. */
export type ErrorCode =
  | 'usage'
  | 'unreadable'
  | 'invalid-scenario'
  | 'invalid-manifest'
  | 'unwritable'
  | 'internal'
  /** `merge`: a task of the sweep is missing or there twice. */
  | 'incomplete-sweep'
  /** `shrink` of a run that violates no invariant. */
  | 'nothing-to-shrink'
  /** `replay` to an event or a time past the end of the run. */
  | 'out-of-range'
  /** `replay --diff` of a file that is not a `--trace` file (or one of a format it does not read). */
  | 'invalid-trace';

/** An expected failure: the message is for the user, the stack is never shown. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;
  /** Scenario issues, for the JSON error document. */
  readonly issues: readonly ScenarioIssue[] | undefined;
  /** Lines to print instead of the message (one per issue, `file:line:col  path: message`). */
  readonly details: readonly string[];

  constructor(
    code: ErrorCode,
    message: string,
    options: { exitCode?: ExitCode; issues?: readonly ScenarioIssue[]; details?: readonly string[] } = {},
  ) {
    super(message);
    this.code = code;
    this.exitCode = options.exitCode ?? ExitCode.badInput;
    this.issues = options.issues;
    this.details = options.details ?? [];
  }
}

/**
 * An error's message cut to its first clause, for a one-line report: Node's fs errors read
 * "ENOENT: no such file or directory, open 'x'", and the path is already in the line.
 */
export function errorReason(error: unknown): string {
  return error instanceof Error ? (error.message.split(',')[0] ?? error.message) : String(error);
}
