/**
 * Runs the corpus scenario files (scenarios/, scenarios/negative/, scenarios/regressions/)
 * against their own `expect:` blocks and against the golden manifest, for the scenario tests
 * (split over several test files so that they run in parallel).
 *
 * One run per file serves both checks: the expectations, then the run's verdict, trace hash and
 * key figures against the file's entry in scenarios/golden.json (the one without overrides;
 * entries with overrides are for `aurora-sim check`). The same code makes the run here and in
 * `aurora-sim check`, so the test and the command cannot disagree.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { scenarioFilesIn, type CorpusDir } from '../../bin/golden/corpus.ts';
import { describeDrift, driftsOf } from '../../bin/golden/drift.ts';
import { goldenFigures, sameRun } from '../../bin/golden/entry.ts';
import { DEFAULT_MANIFEST, parseManifest, UPDATE_COMMAND, type GoldenManifest } from '../../bin/golden/manifest.ts';
import { runGolden } from '../../bin/golden/run.ts';
import { formatIssue, type RunResult } from '../index.ts';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** The scenario files of one corpus folder, relative to the repository root. */
export function scenarioFiles(dir: CorpusDir): string[] {
  return scenarioFilesIn(REPO_ROOT, dir);
}

export const DELIBERATE =
  `If this change of behaviour is deliberate (a model change), update the manifest with \`${UPDATE_COMMAND}\` ` +
  'and say so in the commit message.';

let manifest: GoldenManifest | undefined;

/** scenarios/golden.json, read once per test file. */
export function goldenManifest(): GoldenManifest {
  if (manifest !== undefined) return manifest;
  const parsed = parseManifest(readFileSync(join(REPO_ROOT, DEFAULT_MANIFEST), 'utf8'), DEFAULT_MANIFEST);
  if (!parsed.ok) throw new Error(parsed.issues.map(formatIssue).join('\n'));
  manifest = parsed.manifest;
  return manifest;
}

export function itBehavesAsExpected(file: string): void {
  it(`${file} behaves as it expects, as the golden manifest pins`, () => {
    const result = runGolden(REPO_ROOT, { file, sets: [] });
    expect(result.expectations.filter((e) => !e.ok)).toEqual([]);
    expect(result.verdict).toBe('ok');
    expectGolden(file, result);
  });
}

/** Fails with one `file: field expected X, got Y` line per drift, and how to accept them. */
export function expectGolden(file: string, result: RunResult): void {
  const entry = goldenManifest().entries.find((e) => sameRun(e, { file, sets: [] }));
  if (entry === undefined) throw new Error(`${file}: no entry in ${DEFAULT_MANIFEST}. Add it with \`${UPDATE_COMMAND}\`.`);
  const drifts = driftsOf(entry, goldenFigures(result)).map(describeDrift);
  if (drifts.length > 0) throw new Error(`${drifts.join('\n')}\n${DELIBERATE}`);
}
