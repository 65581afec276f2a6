/**
 * The candidates of the late-faults search: each instant's faults from it on, seed by seed and
 * fewest faults first, run for the duration the shrink started from.
 */
import { describe, expect, it } from 'vitest';
import { scenarioFromText } from '../testing/scenario.ts';
import { faultItems } from './edits.ts';
import { lateCandidates } from './late.ts';

const s = scenarioFromText(
  `version: 1
name: late
seed: 10
duration: 3s
faults:
  - { at: 100ms, kind: pause, target: "node:1", for: 50ms }
  - { at: 2s, kind: crash, target: writer, for: 20ms }
  - { when: { on: truncate, after: 50us, from: 2s, to: 3s }, kind: disk-loss, target: "pg:0/segment:0", for: 1us }
  - { at: 2500ms, kind: pause, target: "node:2", for: 50ms }
`,
  'late.yaml',
);

describe('lateCandidates', () => {
  const candidates = lateCandidates(s, 8_000_000, 2);

  it('cuts at each instant but the first, the fewest faults first, each under its own seed and then the next', () => {
    expect(candidates.map((c) => [c.scenario.seed, faultItems(c.scenario).length])).toEqual([
      [10, 1], [10, 3], [11, 1], [11, 3],
    ]);
    expect(candidates.map((c) => c.what)).toEqual([
      'removed the 3 faults before 2.5s', 'removed the fault before 2s',
      'removed the 3 faults before 2.5s, with seed 10 -> 11', 'removed the fault before 2s, with seed 10 -> 11',
    ]);
  });

  it('starts at a later seed when asked, for the windows of seeds after the first', () => {
    expect(lateCandidates(s, 8_000_000, 1, 64).map((c) => [c.scenario.seed, c.what])).toEqual([
      [74, 'removed the 3 faults before 2.5s, with seed 10 -> 74'], [74, 'removed the fault before 2s, with seed 10 -> 74'],
    ]);
  });

  it('counts a triggered fault from the opening of its window', () => {
    expect(faultItems(candidates[1]!.scenario).map((i) => i.kind)).toEqual(['timed', 'timed', 'triggered']);
  });

  it('runs for the longer of the starting duration and the current one, and a window that ran to the end still does', () => {
    const c = candidates[1]!.scenario;
    expect(c.duration).toBe(8_000_000);
    expect(c.triggered![0]!.when.to).toBe(8_000_000);
  });
});
