/** `fuzz` as CI sees it: a case per seed, a crash or a hash that did not replay as an error. */
import { describe, expect, it } from 'vitest';
import type { SeedOutcome } from '../fuzz/outcome.ts';
import { programLine } from '../shell.ts';
import { fuzzReport, type FuzzCases } from './fuzz-report.ts';

const TEXT = 'version: 1\nname: f\nexpect:\n  recoveries: { min: 1 }\n';

function run(outcomes: SeedOutcome[]): FuzzCases {
  return {
    scenario: 'f',
    file: 'f.yaml',
    sets: [],
    outcomes,
    capsules: new Map([[2, { yaml: 'out/fuzz/f-seed-2.yaml', json: 'out/fuzz/f-seed-2.json' }]]),
    reproduce: (seed) => `aurora-sim run f.yaml --seed ${seed}`,
    wallMs: 100,
  };
}

describe('fuzzReport', () => {
  it('places a failed expectation of a seed at its line, with the reproduce line and the capsule', () => {
    const failed: SeedOutcome = {
      seed: 2,
      verdict: 'failed',
      violations: [],
      reason: 'recoveries',
      findings: [{ kind: 'expectation', name: 'recoveries', message: '0 (expected at least 1)', path: ['expect', 'recoveries'] }],
    };
    const [c] = fuzzReport(run([failed]), TEXT).cases;
    expect(c).toMatchObject({ seed: 2, reproduce: 'aurora-sim run f.yaml --seed 2', capsule: programLine(['run', 'out/fuzz/f-seed-2.yaml']) });
    expect(c?.findings[0]?.place).toEqual({ line: 4, col: 3 });
  });

  it('makes a crash an error typed by its class, and a trace hash that did not replay non-deterministic', () => {
    const crash: SeedOutcome = { seed: 1, verdict: 'crashed', violations: [], reason: 'SimulatorBug: boom', error: { name: 'SimulatorBug', message: 'boom', stack: 'at x' } };
    const mismatch: SeedOutcome = { seed: 3, verdict: 'crashed', violations: [], reason: 'non-deterministic: trace hash a on the first run, b on the re-run', rerunTraceHash: 'b' };
    const [a, b] = fuzzReport(run([crash, mismatch]), TEXT).cases;
    expect(a?.error).toEqual({ type: 'SimulatorBug', message: 'boom', detail: 'at x' });
    expect(b?.error).toEqual({ type: 'non-deterministic', message: 'non-deterministic: trace hash a on the first run, b on the re-run' });
  });

  it('gives an ok seed no reproduce line', () => {
    const [c] = fuzzReport(run([{ seed: 1, verdict: 'ok', violations: [], reason: '' }]), TEXT).cases;
    expect(c?.reproduce).toBeUndefined();
  });
});
