/**
 * `aurora-sim validate FILE...`: check every file and report every issue at once, as text
 * (`file:line:col  path: message` on stderr), one JSON document, or GitHub Actions annotations
 * (`::error file=..,line=..,col=..::message`, on stdout where the runner reads them). Exit 2
 * when any file has an issue.
 */
import type { ScenarioIssue } from '../../sim/index.ts';
import { githubAnnotation } from '../ci/issue-annotation.ts';
import { ExitCode } from '../exit.ts';
import { describeIssue, loadScenario } from '../scenario-file.ts';
import { info, print, printJson, report, type Session } from '../session.ts';

export type ValidateFormat = 'text' | 'json' | 'github';
export const VALIDATE_FORMATS: readonly ValidateFormat[] = ['text', 'json', 'github'];

interface FileVerdict {
  readonly file: string;
  readonly ok: boolean;
  readonly name?: string;
  readonly issues: readonly ScenarioIssue[];
}

export function validateCommand(session: Session, files: readonly string[], format: ValidateFormat): ExitCode {
  const verdicts = files.map(validateFile);
  const bad = verdicts.filter((v) => !v.ok);
  if (format === 'json') printJson(session, { ok: bad.length === 0, files: verdicts });
  else if (format === 'github') showGithub(session, verdicts);
  else showText(session, verdicts);
  return bad.length === 0 ? ExitCode.ok : ExitCode.badInput;
}

function validateFile(file: string): FileVerdict {
  const loaded = loadScenario(file);
  return loaded.ok ? { file, ok: true, name: loaded.scenario.name, issues: [] } : { file, ok: false, issues: loaded.issues };
}

function showText(session: Session, verdicts: readonly FileVerdict[]): void {
  const c = session.color;
  for (const v of verdicts) {
    if (v.ok) {
      if (!session.flags.quiet) print(session, `${c.green('✓')} ${v.file}  ${c.dim(v.name ?? '')}`);
    } else {
      for (const issue of v.issues) report(session, describeIssue(issue));
    }
  }
  const bad = verdicts.filter((v) => !v.ok);
  if (bad.length === 0) return;
  const issues = bad.reduce((n, v) => n + v.issues.length, 0);
  info(session, `${issues} issue${issues === 1 ? '' : 's'} in ${bad.length} of ${verdicts.length} file${verdicts.length === 1 ? '' : 's'}`);
}

function showGithub(session: Session, verdicts: readonly FileVerdict[]): void {
  for (const v of verdicts) for (const issue of v.issues) print(session, githubAnnotation(issue));
}
