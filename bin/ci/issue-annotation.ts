/**
 * A scenario issue as a GitHub Actions annotation, at the issue's own line and column: what
 * `validate --format github` prints, and what every command adds to a bad-input error under
 * GitHub Actions. An issue from a `--set` override has no file to point at, so it is a plain
 * error; an unreadable file is annotated without a line. Types only from the simulator, so the
 * CLI can load this before it loads the simulator.
 */
import type { ScenarioIssue } from '../../sim/index.ts';
import { errorCommand } from '../../reports/ci/annotations.ts';

export function githubAnnotation(issue: ScenarioIssue): string {
  const what = issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
  if (issue.override !== undefined) return errorCommand({}, `${issue.file} ${issue.override}  ${what}`);
  const wholeFile = issue.line === 0;
  return errorCommand({ file: issue.file, ...(wholeFile ? {} : { place: { line: issue.line, col: issue.col } }) }, what);
}
