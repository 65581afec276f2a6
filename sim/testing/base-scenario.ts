/**
 * A fully resolved scenario for tests that drive the model directly, with the defaults of the
 * steady-state scenario; tests override what they study with `withScenario`.
 */
import type { ResolvedScenario } from '../scenario/resolved.ts';

export const BASE_SCENARIO: ResolvedScenario = {
  version: 1,
  name: 'test',
  description: '',
  seed: 1,
  duration: 1_000_000,
  cluster: {
    azs: 3, segmentsPerAz: 2, quorum: { write: 4, read: 3 }, allowUnsafeQuorum: false,
    protectionGroups: 4, storageNodes: 6, replicas: 2, lal: 10_000_000, writerAz: 'a',
  },
  network: {
    sameAz: { dist: 'exponential', mean: 100, min: 40 },
    crossAz: { dist: 'lognormal', median: 500, p99: 2000 },
    bandwidthBitsPerSecond: 10_000_000_000, loss: 0, headerBytes: 64,
  },
  storage: {
    diskWrite: { dist: 'lognormal', median: 150, p99: 1000 },
    diskQueueDepth: 32, segmentSizeBytes: 10_000_000_000, gossipInterval: 20_000, gossipMaxRecords: 1000,
  },
  writer: { sendCost: 2 },
  workload: {
    arrivals: { kind: 'open', ratePerSecond: 1000 },
    recordsPerTxn: 4, recordsPerMtr: 2, recordBytes: 200, pages: 100_000, pageChoice: { kind: 'uniform' },
  },
  measure: { warmup: 0 },
  expect: {},
  faults: [],
  failover: { enabled: true, heartbeatInterval: 500_000, detection: 5_000_000 },
  repair: { detection: 10_000_000, bandwidthBitsPerSecond: 10_000_000_000 },
  convergeWithin: 30_000_000,
  bugs: [],
  maxEvents: 100_000_000,
};

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends readonly unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

/** BASE_SCENARIO with nested fields replaced. Arrays and distributions are replaced whole. */
export function withScenario(changes: DeepPartial<ResolvedScenario>): ResolvedScenario {
  return merge(BASE_SCENARIO, changes) as ResolvedScenario;
}

function merge(base: unknown, changes: unknown): unknown {
  if (changes === undefined) return base;
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes) || 'dist' in changes || 'kind' in changes) {
    return changes;
  }
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(changes)) out[key] = merge(out[key], value);
  return out;
}
