/**
 * The regression corpus: every scenario in scenarios/regressions/ (a run that once went wrong,
 * kept so that it cannot go wrong again unnoticed) meets its own `expect:` block, positive or
 * negative (`expect.violations`), and is the run scenarios/golden.json pins. And the manifest
 * itself: one entry for every scenario file of the three corpus folders, a file for every
 * entry, written in its canonical form so that its diffs show only runs that changed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFiles } from '../bin/golden/corpus.ts';
import { describeDrift } from '../bin/golden/drift.ts';
import { DEFAULT_MANIFEST, renderManifest, UPDATE_COMMAND } from '../bin/golden/manifest.ts';
import { planCheck } from '../bin/golden/reconcile.ts';
import { goldenManifest, itBehavesAsExpected, REPO_ROOT, scenarioFiles } from './testing/shipped-scenarios.ts';

const regressions = scenarioFiles('scenarios/regressions');
// An empty suite is an error to vitest, and the folder may hold no scenario yet.
if (regressions.length > 0) {
  describe('regression scenarios', () => {
    for (const file of regressions) itBehavesAsExpected(file);
  });
}

describe('the golden manifest', () => {
  it('lists every scenario file of the corpus folders, and only files that exist', () => {
    const plan = planCheck(goldenManifest().entries, corpusFiles(REPO_ROOT), (file) => existsSync(join(REPO_ROOT, file)), false);
    const drifts = [...plan.gone.map((e) => ({ kind: 'gone' as const, run: e.file })), ...plan.unlisted.map((run) => ({ kind: 'unlisted' as const, run }))];
    expect(drifts.map(describeDrift), `update the manifest with \`${UPDATE_COMMAND}\``).toEqual([]);
  });

  it('is written in its canonical form (sorted entries, fixed field order)', () => {
    const text = readFileSync(join(REPO_ROOT, DEFAULT_MANIFEST), 'utf8');
    expect(text, `rewrite it with \`${UPDATE_COMMAND}\``).toBe(renderManifest(goldenManifest()));
  });
});
