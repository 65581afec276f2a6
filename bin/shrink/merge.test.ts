/**
 * AZ merges: faults that agree in all but a target of the same AZ are offered as one fault of
 * that AZ; faults that differ in kind, start, duration or magnitude, or whose targets are in
 * different AZs, are not. Nine storage nodes over three AZs: node N is in AZ N mod 3.
 */
import { describe, expect, it } from 'vitest';
import type { ResolvedScenario } from '../../sim/index.ts';
import { scenarioFromText } from '../testing/scenario.ts';
import { faultItems, faultName } from './edits.ts';
import { azMerges, spanMerges } from './merge.ts';

function scenario(faults: readonly string[]): ResolvedScenario {
  const text = ['version: 1', 'name: merge', 'duration: 10s', 'cluster: { storageNodes: 9 }', 'faults:', ...faults.map((f) => `  - ${f}`), ''].join('\n');
  return scenarioFromText(text, 'merge.yaml');
}

const names = (s: ResolvedScenario): string[] => faultItems(s).map(faultName);

describe('azMerges', () => {
  it('offers two crashes of one AZ at the same time as one crash of the AZ, where the first was', () => {
    const s = scenario([
      '{ at: 1s, kind: pause, target: writer, for: 10ms }',
      '{ at: 2s, kind: crash, target: "node:2", for: 1s }',
      '{ at: 2s, kind: crash, target: "node:5", for: 1s }',
    ]);
    const merges = azMerges(s);
    expect(merges.map((m) => m.what)).toEqual(['merged 2 faults into crash of az:c']);
    expect(names(merges[0]!.scenario)).toEqual(['pause of writer', 'crash of az:c']);
  });

  it('merges segments by the AZ they are placed in, and leaves the one in another AZ', () => {
    const s = scenario([
      '{ at: 2s, kind: disk-loss, target: "pg:0/segment:0", for: 300ms }',
      '{ at: 2s, kind: disk-loss, target: "pg:0/segment:1", for: 300ms }',
      '{ at: 2s, kind: disk-loss, target: "pg:0/segment:2", for: 300ms }',
    ]);
    expect(azMerges(s).map((m) => names(m.scenario))).toEqual([['disk-loss of az:a', 'disk-loss of pg:0/segment:2']]);
  });

  it('widens one end of a link fault and keeps the other as written', () => {
    const s = scenario([
      '{ at: 2s, kind: partition, target: "writer <-> node:2", for: 500ms }',
      '{ at: 2s, kind: partition, target: "writer <-> node:8", for: 500ms }',
    ]);
    expect(azMerges(s).map((m) => names(m.scenario))).toEqual([['partition of writer <-> az:c']]);
  });

  it('offers nothing for faults that differ in start, duration or magnitude', () => {
    const s = scenario([
      '{ at: 2s, kind: crash, target: "node:2", for: 1s }',
      '{ at: 3s, kind: crash, target: "node:5", for: 1s }',
      '{ at: 2s, kind: slow-disk, target: "node:1", factor: 5, for: 1s }',
      '{ at: 2s, kind: slow-disk, target: "node:4", factor: 6, for: 1s }',
      '{ at: 2s, kind: pause, target: "node:0", for: 1s }',
      '{ at: 2s, kind: pause, target: "node:3", for: 2s }',
    ]);
    expect(azMerges(s)).toEqual([]);
  });
});

describe('spanMerges', () => {
  const windows = (s: ResolvedScenario): string[] => s.faults.map((f) => `${f.kind} of ${f.label} at ${f.at / 1e6}s for ${f.for / 1e6}s`);

  it('offers two crashes of one host at different times as one crash over both windows', () => {
    const s = scenario(['{ at: 1s, kind: crash, target: writer, for: 1s }', '{ at: 4s, kind: crash, target: writer, for: 2s }']);
    expect(spanMerges(s).map((m) => windows(m.scenario))).toEqual([['crash of writer at 1s for 5s']]);
  });

  it('offers two faults of one kind on hosts of one AZ as one fault of the AZ over both windows', () => {
    const s = scenario(['{ at: 2s, kind: crash, target: "node:2", for: 1s }', '{ at: 5s, kind: crash, target: "node:5", for: 1s }']);
    expect(spanMerges(s).map((m) => windows(m.scenario))).toEqual([['crash of az:c at 2s for 4s']]);
  });

  it('leaves faults of different kinds, magnitudes or AZs apart', () => {
    const s = scenario([
      '{ at: 1s, kind: crash, target: "node:0", for: 1s }',
      '{ at: 3s, kind: pause, target: "node:0", for: 1s }',
      '{ at: 5s, kind: crash, target: "node:1", for: 1s }',
      '{ at: 6s, kind: slow-disk, target: "node:3", factor: 10, for: 1s }',
      '{ at: 8s, kind: slow-disk, target: "node:3", factor: 20, for: 1s }',
    ]);
    expect(spanMerges(s)).toEqual([]);
  });
});
