/**
 * `check` as CI sees it: a case per golden run in manifest order, then the entries whose file
 * is gone and the files without an entry; a drift names each field, a crash and a scenario that
 * no longer parses are errors.
 */
import { describe, expect, it } from 'vitest';
import type { GoldenEntry, GoldenFigures } from '../golden/entry.ts';
import type { GoldenOutcome } from '../golden/run.ts';
import { checkReport } from './check-report.ts';

const figures: GoldenFigures = {
  seed: 7,
  traceHash: 'a'.repeat(64),
  verdict: 'ok',
  commitsAcknowledged: 40,
  ackedCommitsLost: 0,
  writeUnavailableUs: 0,
  recoveries: 0,
  violatedInvariants: [],
};
const entry = (file: string, sets: string[] = []): GoldenEntry => ({ file, sets, ...figures });
const key = { commitsAcknowledged: 40, ackedCommitsLost: 0, writeUnavailableUs: 0, longestRecoveryUs: null };
const ran = (changed: Partial<GoldenFigures> = {}): GoldenOutcome => ({ kind: 'ran', figures: { ...figures, ...changed }, scenario: 'a', key, wallMs: 3 });

const report = checkReport({
  manifestFile: 'scenarios/golden.json',
  entries: [entry('scenarios/a.yaml'), entry('scenarios/a.yaml', ['seed=8']), entry('scenarios/c.yaml'), entry('scenarios/d.yaml'), entry('scenarios/gone.yaml')],
  plan: {
    runs: [
      { file: 'scenarios/a.yaml', sets: [] },
      { file: 'scenarios/a.yaml', sets: ['seed=8'] },
      { file: 'scenarios/c.yaml', sets: [] },
      { file: 'scenarios/d.yaml', sets: [] },
    ],
    gone: [entry('scenarios/gone.yaml')],
    unlisted: ['scenarios/new.yaml'],
  },
  outcomes: [
    ran(),
    ran({ seed: 8, traceHash: 'b'.repeat(64) }),
    { kind: 'crashed', error: { name: 'SimulatorBug', message: 'boom', stack: 'SimulatorBug: boom\n    at x' }, replay: 'aurora-sim run scenarios/c.yaml' },
    { kind: 'invalid', issues: [], details: ['scenarios/d.yaml:3:1  colour: unknown key'] },
  ],
  wallMs: 10,
});

describe('checkReport', () => {
  it('has one case per run, then the gone entries, then the unlisted files', () => {
    expect(report.cases.map((c) => [c.file, c.sets.join(' '), c.verdict])).toEqual([
      ['scenarios/a.yaml', '', 'ok'],
      ['scenarios/a.yaml', 'seed=8', 'drifted'],
      ['scenarios/c.yaml', '', 'crashed'],
      ['scenarios/d.yaml', '', 'invalid'],
      ['scenarios/gone.yaml', '', 'drifted'],
      ['scenarios/new.yaml', '', 'drifted'],
    ]);
  });

  it('makes each drifted field a finding at line 1, with the command that runs it and the one that accepts it', () => {
    const drifted = report.cases[1]!;
    expect(drifted.findings.map((f) => [f.name, f.message, f.place])).toEqual([
      ['seed', 'expected 7, got 8', { line: 1, col: 1 }],
      ['traceHash', `expected ${'a'.repeat(64)}, got ${'b'.repeat(64)}`, { line: 1, col: 1 }],
    ]);
    expect(drifted.reproduce).toBe('aurora-sim run scenarios/a.yaml --set seed=8');
    expect(drifted.accept).toBe('aurora-sim check scenarios/golden.json --update');
    expect(report.cases[0]!.accept).toBeUndefined();
  });

  it('keeps a crash\'s error and stack, and a broken scenario\'s issues', () => {
    expect(report.cases[2]!.error).toEqual({ type: 'SimulatorBug', message: 'boom', detail: 'SimulatorBug: boom\n    at x' });
    expect(report.cases[3]!.error).toEqual({ type: 'invalid-scenario', message: 'scenarios/d.yaml: invalid scenario', detail: 'scenarios/d.yaml:3:1  colour: unknown key' });
  });

  it('says a gone entry is gone, and places an unlisted file at its line 1', () => {
    expect(report.cases[4]!.findings[0]?.message).toBe('scenarios/gone.yaml: the file is gone (the manifest still lists it)');
    expect(report.cases[4]!.findings[0]?.place).toBeUndefined();
    expect(report.cases[5]!.findings[0]?.place).toEqual({ line: 1, col: 1 });
  });
});
