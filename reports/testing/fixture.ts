/**
 * Hand-built RunResults for renderer tests: one passing run and one that failed an invariant
 * and an expectation. Values are realistic for a 2 s run at 5000 commits/s on 6 segments, so
 * the rendered text reads like the real thing. Lives under `testing/` so the build skips it.
 */
import type { ResolvedScenario, RunResult } from '../../sim/index.ts';

export const scenario: ResolvedScenario = {
  version: 1,
  name: 'az-outage',
  description: 'One AZ is lost under steady writes; writes continue at 4/6; nothing acked is lost.',
  seed: 42,
  duration: 2_000_000,
  cluster: {
    azs: 3,
    segmentsPerAz: 2,
    quorum: { write: 4, read: 3 },
    allowUnsafeQuorum: false,
    protectionGroups: 4,
    storageNodes: 6,
    replicas: 2,
    lal: 10_000_000,
    writerAz: 'a',
  },
  network: {
    sameAz: { dist: 'exponential', mean: 100, min: 40 },
    crossAz: { dist: 'lognormal', median: 500, p99: 2_000 },
    bandwidthBitsPerSecond: 10_000_000_000,
    loss: 0,
    headerBytes: 64,
  },
  storage: {
    diskWrite: { dist: 'lognormal', median: 150, p99: 1_000 },
    diskQueueDepth: 8,
    segmentSizeBytes: 10_000_000_000,
    gossipInterval: 100_000,
    gossipMaxRecords: 256,
  },
  writer: { sendCost: 5 },
  workload: {
    arrivals: { kind: 'open', ratePerSecond: 5_000 },
    recordsPerTxn: 4,
    recordsPerMtr: 2,
    recordBytes: 200,
    pages: 100_000,
    pageChoice: { kind: 'uniform' },
  },
  measure: { warmup: 100_000 },
  expect: { ackedCommitsLost: 0, commitLatencyP99: { max: 5_000 } },
  faults: [],
  failover: { enabled: true, heartbeatInterval: 10_000, detection: 100_000 },
  repair: { detection: 10_000_000, bandwidthBitsPerSecond: 1_000_000_000 },
  convergeWithin: 5_000_000,
  bugs: [],
  maxEvents: 50_000_000,
};

export const passingRun: RunResult = {
  scenario,
  source: 'scenarios/az-outage.yaml',
  seed: 42,
  verdict: 'ok',
  traceHash: '3f9a0c5e2b7d41e8a6c9f0b1d2e3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5',
  simulated: { durationUs: 2_000_000, events: 1_234_567, traceEvents: 987_654 },
  commits: {
    submitted: 10_012,
    acknowledged: 10_004,
    lost: 0,
    refused: 0,
    aborted: 0,
    latencyUs: { count: 9_500, p50: 1_234, p99: 3_456, p999: 4_321, max: 6_789, mean: 1_400 },
    latencyHistogram: { count: 9_500, sum: 13_300_000, max: 6_789, buckets: [[1_234, 4_750], [3_456, 4_655], [4_320, 90], [6_788, 5]] },
  },
  vdl: { final: 40_016, vcl: 40_016, monotonic: true },
  availability: { writeUnavailableUs: 0, windows: [] },
  faults: [],
  recoveries: [],
  replicas: [
    { id: 0, lagUs: { p50: 210, p99: 900, max: 1_500 } },
    { id: 1, lagUs: { p50: 640, p99: 2_100, max: 3_050 } },
  ],
  network: {
    bytes: {
      storageToStorage: 1_048_576,
      writerToStorage: 52_428_800,
      storageToWriter: 3_200_000,
      writerToReplica: 17_476_267,
      toClient: 12,
    },
    messages: { writerToStorage: 60_024, storageToWriter: 60_024 },
    dropped: 0,
    writeBatches: 10_004,
    ioPerCommit: 6.000_6,
    redoBytes: 8_009_600,
  },
  storage: { diskWrites: 45_000, gossipRecordsFilled: 12, recordsCoalesced: 4, membershipChanges: 0 },
  invariants: [
    { name: 'acked-commits-durable', ok: true, violations: 0 },
    { name: 'vdl-monotonic', ok: true, violations: 0 },
  ],
  expectations: [
    { name: 'ackedCommitsLost', ok: true, detail: '0 lost, want 0' },
    { name: 'commitLatencyP99', ok: true, detail: '3456us (expected at most 5000us)' },
  ],
  replay: 'aurora-sim run scenarios/az-outage.yaml --seed 42',
};

export const failingRun: RunResult = {
  ...passingRun,
  scenario: {
    ...scenario,
    faults: [{ kind: 'crash', at: 1_000_000, for: 500_000, target: { kind: 'writer' }, label: 'writer' }],
  },
  seed: 8812,
  verdict: 'failed',
  commits: { ...passingRun.commits, lost: 3, refused: 120, aborted: 7 },
  faults: [
    { at: '1000000us', kind: 'crash', target: 'writer', for: '500000us' },
    { at: '1200000us', kind: 'slow-disk', target: 'node:3', for: '2000000us', factor: 10 },
  ],
  convergence: { healedAtUs: 3_200_000, convergedAtUs: 3_260_000, ok: true, detail: 'all segments caught up 60 ms after the last fault healed' },
  vdl: { final: 40_010, vcl: 40_016, monotonic: false },
  availability: { writeUnavailableUs: 1_250_000, windows: [[500_000, 1_750_000]] },
  recoveries: [
    {
      kind: 'crash-recovery',
      startUs: 1_000_000,
      durationUs: 25_500,
      completed: true,
      outcome: 'completed',
      attempts: 1,
      phases: { detectUs: 0, retriedUs: 0, fenceAndReadUs: 20_000, truncateAndRepairUs: 5_500 },
      vdlBefore: 40_016,
      vdlAfter: 40_010,
      truncatedFrom: 40_011,
      truncatedTo: 50_010,
    },
  ],
  invariants: [
    {
      name: 'acked-commits-durable',
      ok: false,
      violations: 3,
      first: { timeUs: 1_025_500, message: 'commit 40012 acknowledged at 0.812000 s is missing' },
    },
    { name: 'vdl-monotonic', ok: true, violations: 0 },
  ],
  expectations: [{ name: 'ackedCommitsLost', ok: false, detail: '3 lost, want 0' }],
  replay: 'aurora-sim run scenarios/az-outage.yaml --seed 8812 --set cluster.quorum.write=3',
};

export const inconclusiveRun: RunResult = {
  ...passingRun,
  verdict: 'inconclusive',
  inconclusive: 'event budget of 50000000 ran out at 1.250000 s',
};
