/**
 * Every checker can fail: each deliberate defect (or unsafe configuration) trips exactly the
 * invariant it breaks, and a healthy run trips none. The scenario files in
 * scenarios/negative/ are the user-facing copies of these cases.
 */
import { describe, expect, it } from 'vitest';
import type { ResolvedScenario, WriterBug } from '../scenario/resolved.ts';
import { runScenario } from '../simulation.ts';
import { withScenario } from '../testing/base-scenario.ts';

function violated(scenario: ResolvedScenario): string[] {
  const result = runScenario(scenario, { source: 'test', replay: 'test', keepTrace: false });
  return result.invariants.filter((invariant) => !invariant.ok).map((invariant) => invariant.name).sort();
}

const busy = (bugs: WriterBug[], extra: Parameters<typeof withScenario>[0] = {}) =>
  withScenario({ duration: 300_000, workload: { arrivals: { kind: 'open', ratePerSecond: 5000 } }, bugs, ...extra });

describe('checkers fire', () => {
  it('a healthy run violates nothing', () => {
    expect(violated(busy([]))).toEqual([]);
  });

  it('quorum-intersection and acked-commit-durable: 3/6 writes with 3/6 reads', () => {
    const unsafe = busy([], { cluster: { quorum: { write: 3, read: 3 }, allowUnsafeQuorum: true } });
    expect(violated(unsafe)).toEqual(['acked-commit-durable', 'quorum-intersection']);
  });

  it('vdl-is-cpl-below-vcl: VDL that ignores MTR boundaries', () => {
    expect(violated(busy(['vdl-ignores-cpl']))).toEqual(['vdl-is-cpl-below-vcl']);
  });

  it('lsn-allocation-bound: allocation that ignores LAL', () => {
    expect(violated(busy(['ignore-lal'], { cluster: { lal: 10 } }))).toEqual(['lsn-allocation-bound']);
  });

  it('acked-commit-durable: commits acknowledged once their own PG holds them', () => {
    expect(violated(busy(['commit-on-own-pg']))).toEqual(['acked-commit-durable']);
  });

  it('monotonic-points (and durability): PGCL taken from the latest acknowledgement alone', () => {
    expect(violated(busy(['pgcl-from-last-ack']))).toEqual(['acked-commit-durable', 'monotonic-points']);
  });
});
