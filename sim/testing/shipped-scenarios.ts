/**
 * Runs shipped scenario files against their own `expect:` blocks, for the golden tests
 * (split over two test files so the two halves run in parallel).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parseScenario } from '../scenario/index.ts';
import { runScenario } from '../simulation.ts';

export const SCENARIOS_ROOT = join(import.meta.dirname, '..', '..', 'scenarios');

export function scenarioFiles(dir: '' | 'negative' | 'regressions'): string[] {
  return readdirSync(join(SCENARIOS_ROOT, dir)).filter((f) => f.endsWith('.yaml')).map((f) => join(dir, f)).sort();
}

export function itBehavesAsExpected(file: string): void {
  it(`${file} behaves as it expects`, () => {
    const parsed = parseScenario(readFileSync(join(SCENARIOS_ROOT, file), 'utf8'), { file });
    if (!parsed.ok) throw new Error(parsed.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
    const result = runScenario(parsed.scenario, { source: file, replay: file, keepTrace: false });
    expect(result.expectations.filter((e) => !e.ok)).toEqual([]);
    expect(result.verdict).toBe('ok');
  });
}
