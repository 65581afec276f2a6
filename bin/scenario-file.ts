/**
 * Reading a scenario file from disk and handing it to the parser. A file that cannot be read
 * becomes one issue (`file: cannot read (ENOENT: no such file or directory)`), so `validate`
 * reports it beside the parser's own issues and `run` exits 2 the same way for both. Files the
 * scenario names (an empirical CSV) are read relative to the scenario's own folder.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  formatIssue,
  parseScenario,
  type ResolvedScenario,
  type ScenarioDocument,
  type ScenarioIssue,
} from '../sim/index.ts';
import { CliError, errorReason } from './exit.ts';

/** A loaded scenario keeps the text it was parsed from: fuzz workers parse it again per seed. */
export type LoadedScenario =
  | { readonly ok: true; readonly scenario: ResolvedScenario; readonly canonical: ScenarioDocument; readonly text: string }
  | { readonly ok: false; readonly issues: readonly ScenarioIssue[]; readonly unreadable?: true };

export function loadScenario(file: string, overrides: readonly string[] = []): LoadedScenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, issues: [unreadable(file, error)], unreadable: true };
  }
  const parsed = parseScenarioText(file, text, overrides);
  return parsed.ok ? { ok: true, scenario: parsed.scenario, canonical: parsed.canonical, text } : parsed;
}

/** Parses the text of `file`; files the scenario names are read relative to its folder. */
export function parseScenarioText(file: string, text: string, overrides: readonly string[]): ReturnType<typeof parseScenario> {
  return parseScenario(text, {
    file,
    overrides: [...overrides],
    readFile: (path: string) => readFileSync(resolve(dirname(file), path), 'utf8'),
  });
}

/** The scenario a command goes on with, or the error it stops with (exit 2). */
export function loadedOrStop(file: string, loaded: LoadedScenario): Extract<LoadedScenario, { ok: true }> {
  if (loaded.ok) return loaded;
  const unreadableFile = loaded.unreadable === true;
  const details = loaded.issues.map(describeIssue);
  const message = unreadableFile ? details.join('; ') : `${file}: invalid scenario`;
  throw new CliError(unreadableFile ? 'unreadable' : 'invalid-scenario', message, { issues: loaded.issues, details });
}

/** `file:line:col  path: message`, or `file: message` for a problem with the whole file. */
export function describeIssue(issue: ScenarioIssue): string {
  return wholeFile(issue) ? `${issue.file}: ${issue.message}` : formatIssue(issue);
}

/** An issue about a file as a whole (it cannot be read) rather than a place in it or an override. */
export function wholeFile(issue: ScenarioIssue): boolean {
  return issue.line === 0 && issue.override === undefined;
}

/** An issue for a file that could not be read: line 0 without an override marks "the whole file". */
function unreadable(file: string, error: unknown): ScenarioIssue {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = errorReason(error);
  const message = code !== undefined && !reason.startsWith(code) ? `${code}: ${reason}` : reason;
  return { file, line: 0, col: 0, path: '', message: `cannot read (${message})` };
}
