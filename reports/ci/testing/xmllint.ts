/**
 * Validating JUnit files against the schema the repository ships (`bin/ci/junit.xsd`) with
 * xmllint, the validator of libxml2 that CI installs (Debian: libxml2-utils). Where xmllint is
 * missing the tests that need it skip, and say why.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const JUNIT_XSD = join(dirname(fileURLToPath(import.meta.url)), '../../../bin/ci/junit.xsd');

/** Why schema validation cannot run here, or undefined when it can. */
export function xmllintMissing(): string | undefined {
  const probe = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  if (probe.error === undefined && probe.status === 0) return undefined;
  return 'xmllint is not installed (Debian: apt-get install libxml2-utils), so JUnit files are not validated against bin/ci/junit.xsd';
}

let warned = false;

/**
 * Skips the calling test when xmllint is missing, with the reason as the skip note; the reason
 * also goes to stderr once, since the default reporter does not print skip notes.
 */
export function skipWithoutXmllint(ctx: { skip: (note?: string) => never }): void {
  const reason = xmllintMissing();
  if (reason === undefined) return;
  if (!warned) console.warn(`skipped: ${reason}`);
  warned = true;
  ctx.skip(reason);
}

export interface Validation {
  readonly ok: boolean;
  /** xmllint's own words: `FILE validates`, or each error at its line. */
  readonly output: string;
}

export function validateFile(path: string): Validation {
  const run = spawnSync('xmllint', ['--noout', '--schema', JUNIT_XSD, path], { encoding: 'utf8' });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}`.trim() };
}

export function validateXml(xml: string): Validation {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-sim-junit-'));
  try {
    const path = join(dir, 'junit.xml');
    writeFileSync(path, xml);
    return validateFile(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
