/**
 * The write path end to end, as a specification: only redo records cross the writer->storage
 * links, boxcarring makes network I/Os per commit fall as load rises, LAL back-pressure holds
 * allocation below VDL + LAL, gossip fills what a lossy network drops, and a run is a pure
 * function of its scenario and seed.
 */
import { describe, expect, it } from 'vitest';
import { RECORD_HEADER_BYTES } from './protocol/log-record.ts';
import type { ResolvedScenario } from './scenario/resolved.ts';
import { runScenario } from './simulation.ts';
import { withScenario } from './testing/base-scenario.ts';

function run(scenario: ResolvedScenario, keepTrace = false) {
  return runScenario(scenario, { source: 'test', replay: 'test', keepTrace });
}

const open = (ratePerSecond: number) => ({ arrivals: { kind: 'open' as const, ratePerSecond } });

describe('write path', () => {
  it('ships only log records: writer->storage bytes are six copies of the records plus message headers', () => {
    const scenario = withScenario({ duration: 500_000, workload: open(2000) });
    const result = run(scenario);
    const headerBytes = scenario.network.headerBytes;
    const messages = result.network.messages['writerToStorage']!;
    // Every record shipped went to all six segments; nothing else (no page) was sent.
    const recordBytes = (result.network.bytes['writerToStorage']! - messages * headerBytes) / 6;
    expect(recordBytes % (scenario.workload.recordBytes + RECORD_HEADER_BYTES)).toBe(0);
    const recordsShipped = recordBytes / (scenario.workload.recordBytes + RECORD_HEADER_BYTES);
    expect(recordsShipped * scenario.workload.recordBytes).toBeLessThanOrEqual(result.network.redoBytes);
    expect(recordsShipped * scenario.workload.recordBytes).toBeGreaterThan(result.network.redoBytes * 0.99);
    expect(messages).toBeCloseTo(result.network.ioPerCommit * result.commits.acknowledged, 6);
  });

  it('acknowledges commits and keeps every invariant in steady state', () => {
    const result = run(withScenario({ duration: 1_000_000, workload: open(3000) }));
    expect(result.commits.acknowledged).toBeGreaterThan(2800);
    expect(result.commits.lost).toBe(0);
    expect(result.invariants.filter((i) => !i.ok)).toEqual([]);
    expect(result.verdict).toBe('ok');
  });

  it('boxcarring: network I/Os per commit fall as the offered load rises', () => {
    const io = [500, 5000, 30_000].map((rate) => run(withScenario({ duration: 400_000, workload: open(rate) })).network.ioPerCommit);
    expect(io[1]!).toBeLessThan(io[0]!);
    expect(io[2]!).toBeLessThan(io[1]! * 0.8);
  });

  it('LAL back-pressure: with a tiny LAL, allocation stalls and never passes VDL + LAL', () => {
    const result = run(withScenario({ duration: 300_000, cluster: { lal: 20 }, workload: open(20_000) }), true);
    expect(result.traceLines!.some((line) => line.includes(' lal.stall '))).toBe(true);
    expect(result.invariants.find((i) => i.name === 'lsn-allocation-bound')!.ok).toBe(true);
    expect(result.commits.acknowledged).toBeGreaterThan(0);
  });

  it('a lossy network: gossip fills the gaps, commits are acknowledged and none is lost', () => {
    const result = run(withScenario({
      duration: 1_000_000, network: { loss: 0.02 }, storage: { gossipInterval: 5_000 }, workload: open(2000),
    }));
    expect(result.network.dropped).toBeGreaterThan(100);
    expect(result.storage.gossipRecordsFilled).toBeGreaterThan(0);
    expect(result.commits.acknowledged).toBeGreaterThan(result.commits.submitted * 0.97);
    expect(result.invariants.filter((i) => !i.ok)).toEqual([]);
  });

  it('replicas see commits within a few milliseconds and never a VDL beyond the writer', () => {
    const result = run(withScenario({ duration: 500_000, workload: open(2000) }));
    expect(result.replicas).toHaveLength(2);
    for (const replica of result.replicas) {
      expect(replica.lagUs.p50).toBeGreaterThan(0);
      expect(replica.lagUs.p99).toBeLessThan(20_000);
    }
    expect(result.network.bytes['writerToReplica']).toBeGreaterThan(0);
  });
});

describe('determinism', () => {
  it('the same scenario and seed give the same trace hash; another seed another', () => {
    const scenario = withScenario({ duration: 200_000, network: { loss: 0.01 }, workload: open(3000) });
    const first = run(scenario);
    const second = run(scenario);
    const reseeded = run({ ...scenario, seed: 2 });
    expect(second.traceHash).toBe(first.traceHash);
    expect(reseeded.traceHash).not.toBe(first.traceHash);
  });

  it('the hash covers the canonical lines the run keeps', () => {
    const scenario = withScenario({ duration: 50_000, workload: open(1000) });
    const kept = run(scenario, true);
    expect(kept.traceLines!.length).toBe(kept.simulated.traceEvents);
    expect(kept.traceHash).toBe(run(scenario).traceHash);
  });
});
