/**
 * `aurora-sim list`: the scenarios shipped in the package's `scenarios/` folder, found
 * recursively, in sorted path order, each with its name and description. A file that does not
 * parse is listed too, marked invalid with its first issue, rather than hidden.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ExitCode } from '../exit.ts';
import { describeIssue, loadScenario } from '../scenario-file.ts';
import { info, print, printJson, type Session } from '../session.ts';

interface Listed {
  readonly file: string;
  readonly ok: boolean;
  readonly name?: string;
  readonly description?: string;
  readonly issue?: string;
}

const SCENARIO_FILE = /\.(ya?ml|json)$/;

export interface ListOptions {
  readonly scenariosDir: string;
  /** Paths are shown relative to this folder, so they can be pasted into `run`. */
  readonly cwd: string;
  /** On a terminal, its width: long descriptions are cut to fit one line. */
  readonly columns: number | undefined;
}

export function listCommand(session: Session, { scenariosDir, cwd, columns }: ListOptions): ExitCode {
  const listed = scenarioFiles(scenariosDir).map((path) => describe(relative(cwd, path) || path));
  if (session.flags.json) printJson(session, { ok: true, scenarios: listed });
  else if (listed.length === 0) info(session, `no scenarios in ${scenariosDir}`);
  else print(session, table(session, listed, columns));
  return ExitCode.ok;
}

/** Scenario files under `dir`, recursively, sorted by path (code-unit order, locale-free). */
export function scenarioFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile() && SCENARIO_FILE.test(e.name) && !e.name.endsWith('.schema.json'))
    .map((e) => join(e.parentPath, e.name))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function describe(file: string): Listed {
  const loaded = loadScenario(file);
  if (loaded.ok) return { file, ok: true, name: loaded.scenario.name, description: loaded.scenario.description };
  const first = loaded.issues[0];
  return { file, ok: false, issue: first === undefined ? 'invalid' : describeIssue(first) };
}

function table(session: Session, listed: readonly Listed[], columns: number | undefined): string {
  const c = session.color;
  const fileWidth = Math.max(...listed.map((l) => l.file.length));
  const nameWidth = Math.max(...listed.map((l) => (l.name ?? '').length));
  const room = columns === undefined ? Infinity : Math.max(20, columns - fileWidth - nameWidth - 4);
  return listed
    .map((l) =>
      l.ok
        ? `${l.file.padEnd(fileWidth)}  ${c.bold((l.name ?? '').padEnd(nameWidth))}  ${cut(l.description ?? '', room)}`.trimEnd()
        : `${l.file.padEnd(fileWidth)}  ${c.red(`invalid: ${l.issue ?? ''}`)}`,
    )
    .join('\n');
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
