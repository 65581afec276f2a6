/**
 * `aurora-sim list`: the scenarios shipped in the package's `scenarios/` folder, found
 * recursively, in sorted path order, each with its name and description. A file that does not
 * parse is listed too, marked invalid with its first issue, rather than hidden; the JSON Schema
 * and the golden manifest beside the scenarios are no scenarios and are left out.
 *
 * It fits the terminal's width (80 columns off a terminal): one line per scenario, its
 * description cut to fit, when that leaves the description room enough; else the path (never
 * cut: it is pasted into `run`) and the name on one line, if they fit, and the description below
 * them, indented.
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
const NOT_SCENARIOS = new Set(['golden.json']);
/** The width assumed off a terminal. */
const DEFAULT_COLUMNS = 80;
/** The least room for a description beside the path and name; with less, it goes below them. */
const DESCRIPTION_ROOM = 30;
const INDENT = '    ';

export interface ListOptions {
  readonly scenariosDir: string;
  /** Paths are shown relative to this folder, so they can be pasted into `run`. */
  readonly cwd: string;
  /** On a terminal, its width; undefined elsewhere (80 is assumed). */
  readonly columns: number | undefined;
}

export function listCommand(session: Session, { scenariosDir, cwd, columns }: ListOptions): ExitCode {
  const listed = scenarioFiles(scenariosDir).map((path) => describe(path, relative(cwd, path) || path));
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
    .filter((e) => e.isFile() && SCENARIO_FILE.test(e.name) && !e.name.endsWith('.schema.json') && !NOT_SCENARIOS.has(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Reads `path`; shows it as `file`. */
function describe(path: string, file: string): Listed {
  const loaded = loadScenario(path);
  if (loaded.ok) return { file, ok: true, name: loaded.scenario.name, description: loaded.scenario.description };
  const first = loaded.issues[0];
  return { file, ok: false, issue: first === undefined ? 'invalid' : describeIssue({ ...first, file }) };
}

function table(session: Session, listed: readonly Listed[], columns: number | undefined): string {
  const c = session.color;
  const width = columns ?? DEFAULT_COLUMNS;
  const fileWidth = Math.max(...listed.map((l) => l.file.length));
  const nameWidth = Math.max(...listed.map((l) => (l.name ?? '').length));
  const room = width - fileWidth - nameWidth - 4;
  if (room >= DESCRIPTION_ROOM) {
    return listed
      .map((l) =>
        l.ok
          ? `${l.file.padEnd(fileWidth)}  ${c.bold((l.name ?? '').padEnd(nameWidth))}  ${cut(l.description ?? '', room)}`.trimEnd()
          : `${l.file.padEnd(fileWidth)}  ${c.red(cut(`invalid: ${l.issue ?? ''}`, width - fileWidth - 2))}`,
      )
      .join('\n');
  }
  const below = width - INDENT.length;
  return listed.flatMap((l) => {
    if (!l.ok) return [l.file, `${INDENT}${c.red(cut(`invalid: ${l.issue ?? ''}`, below))}`];
    const name = l.name ?? '';
    // The name beside the path if both fit, else first on the line below.
    if (l.file.length + 2 + name.length <= width) return [`${l.file}  ${c.bold(name)}`, `${INDENT}${cut(l.description ?? '', below)}`.trimEnd()];
    return [l.file, `${INDENT}${c.bold(name)}  ${cut(l.description ?? '', below - name.length - 2)}`.trimEnd()];
  }).join('\n');
}

/** `text` in at most `width` characters, cut with `…` (and never to less than the ellipsis). */
function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
