/**
 * The candidates that replace a fault which can move the writer by starting the writer in
 * another AZ: only faults of the writer, a replica or an AZ, each AZ but the writer's own.
 */
import { describe, expect, it } from 'vitest';
import { scenarioFromText } from '../testing/scenario.ts';
import { faultItems } from './edits.ts';
import { writerStartCandidates } from './writer-start.ts';

const s = scenarioFromText(
  `version: 1
name: writer-start
seed: 10
duration: 3s
cluster: { replicas: 2 }
faults:
  - { at: 100ms, kind: partition, target: "writer <-> replica:1", for: 1s }
  - { at: 1500ms, kind: disk-loss, target: "pg:0/segment:0", for: 1us }
  - { at: 2s, kind: crash, target: "az:c", for: 20ms }
  - { when: { on: truncate, after: 50us }, kind: crash, target: writer, for: 1ms }
`,
  'writer-start.yaml',
);

describe('writerStartCandidates', () => {
  const candidates = writerStartCandidates(s, 8_000_000);

  it('removes each fault of the writer, a replica or an AZ, with the writer starting in each other AZ', () => {
    expect(candidates.map((c) => [c.scenario.cluster.writerAz, faultItems(c.scenario).length])).toEqual([
      ['b', 3], ['c', 3], ['b', 3], ['c', 3], ['b', 3], ['c', 3],
    ]);
    expect(candidates.map((c) => c.what)).toEqual([
      'removed partition of writer <-> replica:1 at 100ms for 1s, the writer starting in AZ b',
      'removed partition of writer <-> replica:1 at 100ms for 1s, the writer starting in AZ c',
      'removed crash of az:c at 2s for 20ms, the writer starting in AZ b',
      'removed crash of az:c at 2s for 20ms, the writer starting in AZ c',
      'removed crash of writer on truncate for 1ms, the writer starting in AZ b',
      'removed crash of writer on truncate for 1ms, the writer starting in AZ c',
    ]);
  });

  it('leaves a storage fault alone, every other fault as it was, and the seed', () => {
    const kept = faultItems(candidates[0]!.scenario).map((i) => i.spec.label);
    expect(kept).toEqual(['pg:0/segment:0', 'az:c', 'writer']);
    expect(candidates.every((c) => c.scenario.seed === 10 && c.scenario.duration === 8_000_000)).toBe(true);
  });
});
