/**
 * The `replicaLagMax` expectation: the largest lag of any replica, where a commit a running
 * replica received but had not made visible by the end counts with its age then (a replica
 * that stopped applying shows no large lag sample, only commits it never shows).
 */
import { describe, expect, it } from 'vitest';
import { evaluateExpectations, type Measured, type ReplicaLag } from './expectations.ts';

function replicaLagMax(replicas: ReplicaLag[], max: number) {
  const measured: Measured = {
    ackedCommitsLost: 0, commitsAcknowledged: 0, commitLatencyP50: 0, commitLatencyP99: 0, ioPerCommit: 0, invariants: [], recoveries: [],
    membershipChanges: 0, replicas, availability: { writeUnavailableUs: 0, windows: [] },
  };
  return evaluateExpectations({ replicaLagMax: { max } }, measured).find((e) => e.name === 'replicaLagMax')!;
}

describe('expectation replicaLagMax', () => {
  it('takes the largest lag sample of any replica', () => {
    const result = replicaLagMax([{ id: 1, maxUs: 900, invisibleUs: 0 }, { id: 2, maxUs: 1_200, invisibleUs: 100 }], 1_000);
    expect(result).toEqual({ name: 'replicaLagMax', ok: false, detail: '1200us, replica 2 (expected -inf..1000us)' });
  });

  it('counts a commit received and not yet visible at the end by its age then', () => {
    const result = replicaLagMax([{ id: 1, maxUs: 900, invisibleUs: 9_000_000 }], 1_000_000);
    expect(result.ok).toBe(false);
    expect(result.detail).toBe('9000000us, replica 1, a commit it received and had not made visible at the end (expected -inf..1000000us)');
  });

  it('holds trivially without replicas', () => {
    expect(replicaLagMax([], 1_000)).toEqual({ name: 'replicaLagMax', ok: true, detail: '0us, no replica (expected -inf..1000us)' });
  });
});
