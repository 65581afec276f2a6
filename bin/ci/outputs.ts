/**
 * Writing what CI reads, for `run`, `fuzz` and `check`: the JUnit file (`--junit`), the
 * Markdown summary (`--summary`, also appended to `$GITHUB_STEP_SUMMARY` when that is set) and,
 * on GitHub Actions (`GITHUB_ACTIONS=true`), annotations on stderr, where the runner reads
 * workflow commands as it does on stdout, which carries only data. The content is rendered by
 * `reports/ci/`; this file only writes it.
 */
import { appendFileSync, closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { githubAnnotations } from '../../reports/ci/annotations.ts';
import type { CiReport } from '../../reports/ci/ci-case.ts';
import { junitXml } from '../../reports/ci/junit.ts';
import { summaryMarkdown } from '../../reports/ci/markdown.ts';
import { CliError, errorReason } from '../exit.ts';
import { report, type Session } from '../session.ts';
import type { CiFlags } from './options.ts';

/** Before any run: a path that cannot be written fails now (exit 2), not after a long run. */
export function prepareCiOutputs(flags: CiFlags): void {
  for (const path of [flags.junit, flags.summary]) {
    if (path === undefined) continue;
    guarded(path, () => {
      mkdirSync(dirname(path), { recursive: true });
      closeSync(openSync(path, 'w'));
    });
  }
}

export function writeCiOutputs(session: Session, flags: CiFlags, ci: CiReport): void {
  if (flags.junit !== undefined) guarded(flags.junit, () => writeFileSync(flags.junit!, junitXml(ci)));
  if (flags.summary !== undefined) {
    const markdown = summaryMarkdown(ci);
    guarded(flags.summary, () => writeFileSync(flags.summary!, markdown));
    appendStepSummary(session, markdown);
  }
  if (session.env.GITHUB_ACTIONS === 'true') for (const line of githubAnnotations(ci)) report(session, line);
}

/** After a crash, which is what the exit code must say (70): a write error is only reported. */
export function writeCiOutputsAfterCrash(session: Session, flags: CiFlags, ci: CiReport): void {
  try {
    writeCiOutputs(session, flags, ci);
  } catch (error) {
    report(session, `aurora-sim: ${errorReason(error)}`);
  }
}

/**
 * The job summary is GitHub's file, not the user's: failing to append to it is said, and does
 * not change the command's exit code.
 */
function appendStepSummary(session: Session, markdown: string): void {
  const path = session.env.GITHUB_STEP_SUMMARY;
  if (path === undefined || path === '') return;
  try {
    appendFileSync(path, `\n${markdown}`); // a blank line ends whatever the step wrote before
  } catch (error) {
    report(session, `aurora-sim: GITHUB_STEP_SUMMARY ${path}: cannot append (${errorReason(error)})`);
  }
}

function guarded(path: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    throw new CliError('unwritable', `${path}: cannot write (${errorReason(error)})`);
  }
}
