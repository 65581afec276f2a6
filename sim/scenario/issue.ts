/**
 * A problem found in a scenario, pointing at the place the user has to edit: the file, the
 * 1-based line and column, and the dotted path of the field. An issue caused by a command-line
 * override has file `--set`, no position (line and col 0) and the override's text.
 *
 * Printed GCC-style, `file:line:col  path: message`, which terminals and CI problem matchers
 * turn into links.
 */

export interface ScenarioIssue {
  /** The scenario file, a CSV file it names, or `--set` for a command-line override. */
  readonly file: string;
  /** 1-based; 0 when the issue comes from an override. */
  readonly line: number;
  /** 1-based; 0 when the issue comes from an override. */
  readonly col: number;
  /** Dotted path of the field, e.g. `cluster.quorum.write`; '' for the whole document. */
  readonly path: string;
  readonly message: string;
  /** The `path=value` text of the override the issue comes from. */
  readonly override?: string;
}

/** A path into the scenario document, as zod and the yaml document use it. */
export type DocPath = readonly PropertyKey[];

/** An issue not yet placed in a file: the field it is about and what is wrong. */
export interface PathIssue {
  readonly path: DocPath;
  readonly message: string;
  /** Point at the key itself (an unknown key) rather than at its value. */
  readonly at: 'value' | 'key';
}

export const OVERRIDE_FILE = '--set';

export function formatIssue(issue: ScenarioIssue): string {
  const where = issue.override === undefined ? `${issue.file}:${issue.line}:${issue.col}` : `${issue.file} ${issue.override}`;
  const what = issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
  return `${where}  ${what}`;
}

export function dotted(path: DocPath): string {
  return path.map(String).join('.');
}

/**
 * Issues in reading order: the scenario file first, then the files it names, then overrides;
 * by position within a file. Exact repeats (one cause reported twice) are dropped.
 */
export function sortIssues(issues: readonly ScenarioIssue[], mainFile: string): ScenarioIssue[] {
  const rank = (issue: ScenarioIssue): number => (issue.file === mainFile ? 0 : issue.file === OVERRIDE_FILE ? 2 : 1);
  const seen = new Set<string>();
  const unique = issues.filter((issue) => {
    const key = JSON.stringify([issue.file, issue.line, issue.col, issue.path, issue.message, issue.override]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(
    (a, b) => rank(a) - rank(b) || compareText(a.file, b.file) || a.line - b.line || a.col - b.col,
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
