/**
 * The `run --json` document is a contract (ARCHITECTURE.md §4.3): these tests pin its keys, their
 * order, and that every time and count in it is an integer.
 */
import { describe, expect, it } from 'vitest';
import { runJson } from './json.ts';
import { failingRun, passingRun } from './testing/fixture.ts';

const tool = { version: '0.1.0' };

/** Every number under a key ending in `Us`, or inside an array under such a key. */
function microsecondValues(value: unknown, key = ''): unknown[] {
  if (Array.isArray(value)) return value.flatMap((v) => microsecondValues(v, key));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => microsecondValues(v, k.endsWith('Us') ? k : key));
  }
  return key.endsWith('Us') ? [value] : [];
}

describe('run --json document', () => {
  it('has exactly the contract keys, in order', () => {
    expect(Object.keys(runJson(passingRun, tool))).toEqual([
      'schemaVersion', 'tool', 'version', 'scenario', 'seed', 'ok', 'verdict', 'traceHash',
      'simulated', 'commits', 'vdl', 'availability', 'recoveries', 'faults', 'replicas', 'network',
      'invariants', 'expectations', 'replay',
    ]);
    expect(Object.keys(runJson(failingRun, tool))).toContain('convergence');
  });

  it('carries what swarm enabled after the faults, only when the run used swarm', () => {
    const swarm = { kinds: [{ name: 'crash' as const, weight: 3 }], triggers: [{ name: 'lag' as const, weight: 1 }] };
    const keys = Object.keys(runJson({ ...passingRun, swarm }, tool));
    expect(keys.slice(keys.indexOf('faults'), keys.indexOf('faults') + 2)).toEqual(['faults', 'swarm']);
    expect(runJson({ ...passingRun, swarm }, tool).swarm).toEqual(swarm);
  });

  it('names the tool, its version and the document schema', () => {
    const doc = runJson(passingRun, tool);
    expect(doc).toMatchObject({ schemaVersion: 5, tool: 'aurora-sim', version: '0.1.0', scenario: 'az-outage', seed: 42 });
  });

  it('nests the measurements under keys with units', () => {
    const doc = runJson(failingRun, tool);
    expect(doc.simulated).toEqual({ durationUs: 2_000_000, events: 1_234_567 });
    expect(doc.commits).toEqual({
      submitted: 10_012, acknowledged: 10_004, lost: 3, refused: 120, aborted: 7,
      latencyUs: { p50: 1_234, p99: 3_456, p999: 4_321, max: 6_789 },
      latencyHistogram: { count: 9_500, sumUs: 13_300_000, maxUs: 6_789, buckets: [[1_234, 4_750], [3_456, 4_655], [4_320, 90], [6_788, 5]] },
    });
    expect(doc.vdl).toEqual({ final: 40_010, monotonic: false });
    expect(doc.availability).toEqual({ writeUnavailableUs: 1_250_000, windows: [[500_000, 1_750_000]] });
    expect(Object.keys(doc.recoveries[0] ?? {})).toEqual([
      'kind', 'startUs', 'durationUs', 'vdlBefore', 'vdlAfter', 'truncatedFrom', 'truncatedTo', 'completed', 'outcome', 'attempts', 'phases',
    ]);
    expect(doc.convergence).toEqual({ healedAtUs: 3_200_000, convergedAtUs: 3_260_000, ok: true, detail: 'all segments caught up 60 ms after the last fault healed' });
    expect(doc.replicas[1]).toEqual({ id: 1, lagUs: { p50: 640, p99: 2_100, max: 3_050 } });
  });

  it('lists network bytes with the known link classes first, then the rest by name', () => {
    const { network } = runJson(passingRun, tool);
    expect(Object.keys(network.bytes)).toEqual([
      'writerToStorage', 'storageToWriter', 'storageToStorage', 'writerToReplica', 'toClient',
    ]);
    expect(network.ioPerCommit).toBe(6.001);
  });

  it('carries every microsecond value as an integer, even when the run gave a fraction', () => {
    const fractional = { ...passingRun, commits: { ...passingRun.commits, latencyUs: { ...passingRun.commits.latencyUs, p99: 3_456.4 } } };
    const values = microsecondValues(runJson(fractional, tool));
    expect(values.length).toBeGreaterThan(10);
    for (const v of values) expect(Number.isInteger(v)).toBe(true);
  });

  it('writes a missing measurement as null, never NaN', () => {
    const empty = { ...passingRun, commits: { ...passingRun.commits, latencyUs: { ...passingRun.commits.latencyUs, p50: NaN } } };
    const text = JSON.stringify(runJson(empty, tool));
    expect(JSON.parse(text).commits.latencyUs.p50).toBeNull();
  });

  it('reports the first violation of a broken invariant and omits it for a kept one', () => {
    const [broken, kept] = runJson(failingRun, tool).invariants;
    expect(broken).toEqual({
      name: 'acked-commits-durable', ok: false, violations: 3,
      first: { timeUs: 1_025_500, message: 'commit 40012 acknowledged at 0.812000 s is missing' },
    });
    expect(kept).toEqual({ name: 'vdl-monotonic', ok: true, violations: 0 });
  });

  it('says ok only for an ok verdict, and always carries the replay line', () => {
    expect(runJson(passingRun, tool)).toMatchObject({ ok: true, verdict: 'ok' });
    expect(runJson(failingRun, tool)).toMatchObject({
      ok: false, verdict: 'failed',
      replay: 'aurora-sim run scenarios/az-outage.yaml --seed 8812 --set cluster.quorum.write=3',
    });
  });
});
