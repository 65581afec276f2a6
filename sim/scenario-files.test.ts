/**
 * Golden behaviour of the shipped scenarios: every file in scenarios/ parses and its run
 * meets its own `expect:` block, so a negative scenario produces exactly the violations it
 * names and every other scenario produces none. This is the regression net over the
 * scenarios users start from.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './scenario/index.ts';
import { runScenario } from './simulation.ts';

const root = join(import.meta.dirname, '..', 'scenarios');
const files = ['', 'negative']
  .flatMap((dir) => readdirSync(join(root, dir)).filter((f) => f.endsWith('.yaml')).map((f) => join(dir, f)))
  .sort();

describe('shipped scenarios', () => {
  it('include at least one negative scenario per invariant', () => {
    expect(files.filter((f) => f.startsWith('negative')).length).toBeGreaterThanOrEqual(5);
  });

  for (const file of files) {
    it(`${file} behaves as it expects`, () => {
      const parsed = parseScenario(readFileSync(join(root, file), 'utf8'), { file });
      if (!parsed.ok) throw new Error(parsed.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
      const result = runScenario(parsed.scenario, { source: file, replay: file, keepTrace: false });
      expect(result.expectations.filter((e) => !e.ok)).toEqual([]);
      expect(result.verdict).toBe('ok');
    });
  }
});
