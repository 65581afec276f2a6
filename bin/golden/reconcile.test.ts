/**
 * The manifest against the corpus and the runs: which runs to make, what drifted (field by
 * field, in the manifest's order), and the manifest that --update writes.
 */
import { describe, expect, it } from 'vitest';
import { describeDrift } from './drift.ts';
import type { GoldenEntry, GoldenFigures } from './entry.ts';
import { planCheck, reconcile } from './reconcile.ts';

const figures: GoldenFigures = {
  seed: 42, traceHash: 'a'.repeat(64), verdict: 'ok',
  commitsAcknowledged: 100, ackedCommitsLost: 0, writeUnavailableUs: 0, recoveries: 0, violatedInvariants: [],
};
const entry = (file: string, sets: string[] = []): GoldenEntry => ({ file, sets, ...figures });
const exists = (files: string[]) => (file: string) => files.includes(file);

describe('planning a check', () => {
  const entries = [entry('scenarios/b.yaml'), entry('scenarios/a.yaml', ['seed=7']), entry('scenarios/gone.yaml')];
  const corpus = ['scenarios/a.yaml', 'scenarios/b.yaml', 'scenarios/regressions/new.yaml'];
  const onDisk = exists([...corpus]);

  it('runs every entry whose file exists, in manifest order, and sets aside the gone ones', () => {
    const plan = planCheck(entries, corpus, onDisk, false);
    expect(plan.runs).toEqual([{ file: 'scenarios/a.yaml', sets: ['seed=7'] }, { file: 'scenarios/b.yaml', sets: [] }]);
    expect(plan.gone.map((e) => e.file)).toEqual(['scenarios/gone.yaml']);
  });

  it('counts a corpus file as listed only by an entry without overrides', () => {
    expect(planCheck(entries, corpus, onDisk, false).unlisted).toEqual(['scenarios/a.yaml', 'scenarios/regressions/new.yaml']);
  });

  it('with --update also runs the unlisted files, to add them', () => {
    expect(planCheck(entries, corpus, onDisk, true).runs.slice(2)).toEqual([
      { file: 'scenarios/a.yaml', sets: [] },
      { file: 'scenarios/regressions/new.yaml', sets: [] },
    ]);
  });
});

describe('reconciling the runs with the manifest', () => {
  it('names every field that moved, expected then got, and nothing that did not', () => {
    const plan = planCheck([entry('scenarios/a.yaml')], ['scenarios/a.yaml'], exists(['scenarios/a.yaml']), false);
    const got = { ...figures, traceHash: 'b'.repeat(64), recoveries: 1, violatedInvariants: ['epoch-fencing', 'monotonic-points'] };
    expect(reconcile([entry('scenarios/a.yaml')], plan, [got]).drifts.map(describeDrift)).toEqual([
      `scenarios/a.yaml: traceHash expected ${'a'.repeat(64)}, got ${'b'.repeat(64)}`,
      'scenarios/a.yaml: recoveries expected 0, got 1',
      'scenarios/a.yaml: violatedInvariants expected [], got [epoch-fencing, monotonic-points]',
    ]);
  });

  it('finds nothing when every run came to what its entry pins', () => {
    const entries = [entry('scenarios/a.yaml'), entry('scenarios/a.yaml', ['seed=9'])];
    const plan = planCheck(entries, ['scenarios/a.yaml'], exists(['scenarios/a.yaml']), false);
    expect(reconcile(entries, plan, [figures, figures]).drifts).toEqual([]);
  });

  it('writes, for --update, the runs as they came out: gone entries dropped, new files added, sorted', () => {
    const entries = [entry('scenarios/gone.yaml'), entry('scenarios/b.yaml')];
    const corpus = ['scenarios/a.yaml', 'scenarios/b.yaml'];
    const plan = planCheck(entries, corpus, exists(corpus), true);
    const got = [{ ...figures, seed: 3 }, { ...figures, seed: 5 }];
    const { next, drifts } = reconcile(entries, plan, got);
    expect(next).toEqual([{ ...entry('scenarios/a.yaml'), seed: 5 }, { ...entry('scenarios/b.yaml'), seed: 3 }]);
    expect(drifts.map(describeDrift)).toEqual([
      'scenarios/b.yaml: seed expected 42, got 3',
      'scenarios/gone.yaml: the file is gone (the manifest still lists it)',
      'scenarios/a.yaml: not in the manifest (a scenario file without a golden entry)',
    ]);
  });
});
