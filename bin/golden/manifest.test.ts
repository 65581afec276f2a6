/**
 * The golden manifest's file format: written canonically (sorted, fixed field order, arrays on
 * one line) and read back to the same entries; everything it cannot take at its word is an
 * issue at file:line:col with the field path, all of them at once.
 */
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../sim/index.ts';
import type { GoldenEntry } from './entry.ts';
import { parseManifest, renderManifest } from './manifest.ts';

const HASH = 'a'.repeat(64);

function entry(file: string, changes: Partial<GoldenEntry> = {}): GoldenEntry {
  return {
    file, sets: [], seed: 42, traceHash: HASH, verdict: 'ok',
    commitsAcknowledged: 100, ackedCommitsLost: 0, writeUnavailableUs: 0, recoveries: 0, violatedInvariants: [], ...changes,
  };
}

const issuesOf = (text: string): string[] => {
  const parsed = parseManifest(text, 'golden.json');
  return parsed.ok ? [] : parsed.issues.map(formatIssue);
};

describe('the golden manifest file', () => {
  it('is written sorted by file then overrides, one field per line, file three lines above traceHash', () => {
    const text = renderManifest({
      version: 1,
      entries: [entry('scenarios/b.yaml', { violatedInvariants: ['x', 'y'] }), entry('scenarios/a.yaml', { sets: ['seed=2'] }), entry('scenarios/a.yaml')],
    });
    const lines = text.split('\n');
    expect(lines.slice(0, 16)).toEqual([
      '{',
      '  "version": 1,',
      '  "entries": [',
      '    {',
      '      "file": "scenarios/a.yaml",',
      '      "sets": [],',
      '      "seed": 42,',
      `      "traceHash": "${HASH}",`,
      '      "verdict": "ok",',
      '      "commitsAcknowledged": 100,',
      '      "ackedCommitsLost": 0,',
      '      "writeUnavailableUs": 0,',
      '      "recoveries": 0,',
      '      "violatedInvariants": []',
      '    },',
      '    {',
    ]);
    expect(lines[17]).toBe('      "sets": ["seed=2"],');
    expect(text).toContain('"violatedInvariants": ["x", "y"]\n    }\n  ]\n}\n');
  });

  it('reads back what it writes, and an empty manifest too', () => {
    const manifest = { version: 1 as const, entries: [entry('scenarios/a.yaml'), entry('scenarios/b.yaml', { verdict: 'failed', recoveries: 2 })] };
    expect(parseManifest(renderManifest(manifest), 'golden.json')).toEqual({ ok: true, manifest });
    expect(renderManifest({ version: 1, entries: [] })).toBe('{\n  "version": 1,\n  "entries": []\n}\n');
    expect(parseManifest('{"version": 1, "entries": []}', 'golden.json')).toEqual({ ok: true, manifest: { version: 1, entries: [] } });
  });

  it('refuses a version it does not read, at the value', () => {
    expect(issuesOf('{\n  "version": 2,\n  "entries": []\n}')).toEqual(['golden.json:2:14  version: unsupported version 2 (this aurora-sim reads version 1)']);
  });

  it('refuses invalid JSON, even what YAML would accept, where the parser stopped', () => {
    expect(issuesOf('{\n  "version": 1,\n  "entries": [,]\n}')).toEqual(["golden.json:3:15  invalid JSON: Unexpected token ','"]);
    expect(issuesOf('{version: 1, entries: []}')).toEqual([expect.stringMatching(/^golden\.json:1:2 {2}invalid JSON: /)]);
  });

  it('reports every problem of every entry at once, each at its field', () => {
    const good = renderManifest({ version: 1, entries: [entry('scenarios/a.yaml'), entry('scenarios/b.yaml')] });
    const bad = good
      .replace('"verdict": "ok"', '"verdict": "passed"')
      .replace('"seed": 42', '"seed": 4.5')
      .replace('"sets": []', '"sets": ["seed"]')
      .replace(`"traceHash": "${HASH}",\n      "verdict": "ok"`, `"traceHash": "ABC",\n      "verdict": "ok",\n      "colour": "blue"`)
      .replace('"recoveries": 0,', '');
    expect(issuesOf(bad)).toEqual([
      'golden.json:4:5  entries.0: missing recoveries',
      'golden.json:6:16  entries.0.sets.0: expected path=value, got "seed"',
      'golden.json:7:15  entries.0.seed: expected a non-negative integer, got 4.5',
      'golden.json:9:18  entries.0.verdict: expected ok | failed | inconclusive, got "passed"',
      'golden.json:20:20  entries.1.traceHash: expected 64 lowercase hex digits, got "ABC"',
      'golden.json:22:7  entries.1.colour: unknown field (expected file, sets, seed, traceHash, verdict, commitsAcknowledged, ackedCommitsLost, writeUnavailableUs, recoveries, violatedInvariants)',
    ]);
  });

  it('refuses the same run twice: same file and the same overrides', () => {
    const twice = renderManifest({ version: 1, entries: [entry('scenarios/a.yaml'), entry('scenarios/a.yaml', { seed: 1 })] });
    expect(issuesOf(twice)).toEqual(['golden.json:16:5  entries.1: the same run as entries.0 (same file and sets)']);
    const seeds = renderManifest({ version: 1, entries: [entry('scenarios/a.yaml'), entry('scenarios/a.yaml', { sets: ['seed=1'] })] });
    expect(issuesOf(seeds)).toEqual([]);
  });

  it('takes only paths relative to the repository root', () => {
    const absolute = renderManifest({ version: 1, entries: [entry('/tmp/a.yaml')] });
    expect(issuesOf(absolute)).toEqual(['golden.json:5:15  entries.0.file: expected a path relative to the repository root, with /, got "/tmp/a.yaml"']);
  });
});
