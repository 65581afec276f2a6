/**
 * `aurora-sim schema`: print the scenario JSON Schema (for editors and CI). With --check,
 * compare it with the committed `scenarios/scenario.schema.json` and exit 1 if that file is
 * missing or differs from what this command prints; the fix is always to regenerate it here.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { renderScenarioJsonSchema } from '../../sim/index.ts';
import { ExitCode } from '../exit.ts';
import { info, print, printJson, report, type Session } from '../session.ts';

export function schemaCommand(session: Session, check: boolean, schemaFile: string, cwd: string): ExitCode {
  const schema = renderScenarioJsonSchema();
  if (!check) {
    print(session, schema);
    return ExitCode.ok;
  }
  const shown = relative(cwd, schemaFile) || schemaFile;
  const committed = readText(schemaFile);
  const fresh = committed === schema;
  if (session.flags.json) printJson(session, { ok: fresh, file: shown, stale: !fresh });
  if (fresh) {
    info(session, `${shown} is up to date`);
    return ExitCode.ok;
  }
  report(session, `${shown} is ${committed === undefined ? 'missing or unreadable' : 'stale'}; regenerate it with:`);
  report(session, `  aurora-sim schema > ${shown}`);
  return ExitCode.failed;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
