/**
 * The line `fuzz --shrink` prints per failed seed: what the shrink came to and how to run it,
 * and, as a problem, a shrunk file that does not fail in a fresh process or that fails
 * without the defects the campaign switched on.
 */
import { describe, expect, it } from 'vitest';
import { seedLine, type SeedShrink } from './fuzz-shrinks.ts';

const shrunk: SeedShrink = {
  seed: 37,
  shrunk: true,
  file: 'out/fuzz/x-seed-37.shrunk.yaml',
  invariant: 'acked-commit-survives',
  faults: { before: 21, after: 3 },
  runs: 87,
  stoppedEarly: false,
  verified: true,
  withoutDefects: { bugs: ['no-fencing'], violated: [], stillViolated: false },
  reproduce: 'npx aurora-sim run out/fuzz/x-seed-37.shrunk.yaml --seed 37',
};

describe('seedLine', () => {
  it('gives the faults, the runs, the invariant and the reproduce command', () => {
    expect(seedLine(shrunk)).toBe('shrunk seed 37: 3 faults (from 21), 87 runs, acked-commit-survives: npx aurora-sim run out/fuzz/x-seed-37.shrunk.yaml --seed 37');
  });

  it('says when the shrunk case fails without its defects too, with the command that shows it', () => {
    const line = seedLine({ ...shrunk, withoutDefects: { bugs: ['no-fencing'], violated: ['acked-commit-survives'], stillViolated: true } });
    expect(line).toBe(
      "shrunk seed 37: 3 faults (from 21), 87 runs, acked-commit-survives, and still without bugs: [no-fencing]: npx aurora-sim run out/fuzz/x-seed-37.shrunk.yaml --seed 37 --set 'bugs=[]'",
    );
  });

  it('says when the shrunk file does not fail in a fresh process', () => {
    expect(seedLine({ ...shrunk, verified: false })).toMatch(/, but out\/fuzz\/x-seed-37\.shrunk\.yaml does not violate it in a fresh process$/);
  });
});
