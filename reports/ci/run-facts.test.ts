/**
 * What CI keeps of a run: the key figures of the verdict table, and why a run is not ok — the
 * invariants it broke that it was not meant to, then the failed expectations with their field.
 */
import { describe, expect, it } from 'vitest';
import { failingRun, inconclusiveRun, passingRun } from '../testing/fixture.ts';
import { keyFigures, runFindings } from './run-facts.ts';

describe('key figures', () => {
  it('are commits acknowledged, acknowledged commits lost, write-unavailable time and the longest recovery', () => {
    expect(keyFigures(failingRun)).toEqual({ commitsAcknowledged: 10_004, ackedCommitsLost: 3, writeUnavailableUs: 1_250_000, longestRecoveryUs: 25_500 });
  });

  it('have no recovery time when nothing recovered', () => {
    expect(keyFigures(passingRun).longestRecoveryUs).toBeNull();
  });
});

describe('findings', () => {
  it('are none for an ok run', () => {
    expect(runFindings(passingRun)).toEqual([]);
  });

  it('put the violated invariant first, with its first violation, then each failed expectation and its field', () => {
    expect(runFindings(failingRun)).toEqual([
      { kind: 'invariant', name: 'acked-commits-durable', message: 'commit 40012 acknowledged at 0.812000 s is missing', timeUs: 1_025_500, count: 3 },
      { kind: 'expectation', name: 'ackedCommitsLost', message: '3 lost, want 0', path: ['expect', 'ackedCommitsLost'] },
    ]);
  });

  it('leave out an invariant a negative scenario breaks on purpose, and the summary expectation of invariants', () => {
    const negative = {
      ...failingRun,
      scenario: { ...failingRun.scenario, expect: { violations: ['acked-commits-durable'] } },
      expectations: [
        { name: 'violations', ok: false, detail: 'expected violations: acked-commits-durable; unexpected: vdl-monotonic' },
        { name: 'invariants', ok: false, detail: 'unexpected: vdl-monotonic' },
      ],
    };
    expect(runFindings(negative).map((f) => f.name)).toEqual(['violations']);
  });

  it('say why a run is inconclusive, about the field that bounded it', () => {
    const notConverged = { ...inconclusiveRun, inconclusive: 'segments still behind 5 s after the last fault healed' };
    expect(runFindings(notConverged)).toEqual([
      { kind: 'inconclusive', name: 'inconclusive', message: 'segments still behind 5 s after the last fault healed', path: ['convergeWithin'] },
    ]);
    const outOfEvents = { ...inconclusiveRun, simulated: { ...inconclusiveRun.simulated, events: inconclusiveRun.scenario.maxEvents } };
    expect(runFindings(outOfEvents)).toEqual([
      { kind: 'inconclusive', name: 'inconclusive', message: 'event budget of 50000000 ran out at 1.250000 s', path: ['maxEvents'] },
    ]);
  });
});
