/**
 * One golden run, as both `npm test` and `aurora-sim check` make it: the scenario file read
 * from under the repository root, parsed with the entry's overrides (files it names read
 * beside it), and run without keeping the trace. The same code on both sides, so that the
 * test and the command cannot disagree about what a run came to.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseScenario, runScenario, type RunResult, type ScenarioIssue } from '../../sim/index.ts';
import { CliError, errorReason } from '../exit.ts';
import type { KeyFigures } from '../../reports/ci/ci-case.ts';
import { keyFigures } from '../../reports/ci/run-facts.ts';
import { caught, type CaughtError } from '../fuzz/outcome.ts';
import { describeIssue } from '../scenario-file.ts';
import { programLine, runReplay } from '../shell.ts';
import { goldenFigures, type GoldenEntry, type GoldenFigures } from './entry.ts';

export type GoldenRun = Pick<GoldenEntry, 'file' | 'sets'>;

/** What a golden run came to, as plain data that crosses the worker-thread boundary. */
export type GoldenOutcome =
  /** `scenario`, `key` and `wallMs` are for the CI reports of `check`. */
  | { readonly kind: 'ran'; readonly figures: GoldenFigures; readonly scenario: string; readonly key: KeyFigures; readonly wallMs: number }
  /** The file could not be read or parsed: its issues, and one `file:line:col  path: message` line each. */
  | { readonly kind: 'invalid'; readonly issues: readonly ScenarioIssue[]; readonly details: readonly string[] }
  | { readonly kind: 'crashed'; readonly error: CaughtError; readonly replay: string };

/** Runs `run` under `root`; a file that cannot be read or parsed is a CliError (exit 2). */
export function runGolden(root: string, run: GoldenRun): RunResult {
  let text: string;
  try {
    text = readFileSync(join(root, run.file), 'utf8');
  } catch (error) {
    throw new CliError('unreadable', `${run.file}: cannot read (${errorReason(error)})`);
  }
  const parsed = parseScenario(text, {
    file: run.file,
    overrides: [...run.sets],
    readFile: (path: string) => readFileSync(resolve(root, dirname(run.file), path), 'utf8'),
  });
  if (!parsed.ok) {
    const details = parsed.issues.map(describeIssue);
    throw new CliError('invalid-scenario', `${run.file}: invalid scenario`, { issues: parsed.issues, details });
  }
  const replay = runReplay(run.file, parsed.scenario.seed, run.sets);
  return runScenario(parsed.scenario, { source: run.file, replay, keepTrace: false });
}

/** `runGolden` boiled down to its figures; never throws. */
export function goldenOutcome(root: string, run: GoldenRun): GoldenOutcome {
  const started = performance.now();
  try {
    const result = runGolden(root, run);
    return { kind: 'ran', figures: goldenFigures(result), scenario: result.scenario.name, key: keyFigures(result), wallMs: performance.now() - started };
  } catch (error) {
    if (error instanceof CliError) {
      return { kind: 'invalid', issues: error.issues ?? [], details: error.details.length > 0 ? error.details : [error.message] };
    }
    return { kind: 'crashed', error: caught(error), replay: runLine(run) };
  }
}

/** The command that makes `run` (the seed is the file's, or one of the overrides). */
export function runLine(run: GoldenRun): string {
  return programLine(['run', run.file, ...run.sets.flatMap((s) => ['--set', s])]);
}
