/**
 * Every checker can fail: each negative scenario in scenarios/negative/ produces exactly the
 * violations it names (and no other), every invariant has at least one such scenario, and each
 * run is the one scenarios/golden.json pins.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './scenario/index.ts';
import { runScenario } from './simulation.ts';
import { withScenario } from './testing/base-scenario.ts';
import { itBehavesAsExpected, REPO_ROOT, scenarioFiles } from './testing/shipped-scenarios.ts';

describe('negative scenarios', () => {
  const files = scenarioFiles('scenarios/negative');
  for (const file of files) itBehavesAsExpected(file);

  it('cover every invariant the checkers report', () => {
    const invariants = runScenario(withScenario({ duration: 10_000 }), { source: 't', replay: 't', keepTrace: false }).invariants.map((i) => i.name);
    const named = new Set(files.flatMap((file) => {
      const parsed = parseScenario(readFileSync(join(REPO_ROOT, file), 'utf8'), { file });
      return parsed.ok ? (parsed.scenario.expect.violations ?? []) : [];
    }));
    expect(invariants.filter((name) => !named.has(name))).toEqual([]);
  });
});
