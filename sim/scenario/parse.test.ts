/**
 * parseScenario on valid input: the documented example resolves field by field into the
 * contract, defaults fill what is omitted, every distribution form resolves, and JSON and
 * YAML spellings of one scenario are the same scenario.
 */
import { describe, expect, it } from 'vitest';
import type { ResolvedScenario } from './resolved.ts';
import { FULL_YAML, MINIMAL_YAML, minimalWith, scenarioOf } from './testing/fixtures.ts';

const FULL_RESOLVED: ResolvedScenario = {
  version: 1,
  name: 'steady-state',
  description: 'Steady writes at 5000/s.',
  seed: 42,
  duration: 10_000_000,
  cluster: {
    azs: 3, segmentsPerAz: 2, quorum: { write: 4, read: 3 }, allowUnsafeQuorum: false,
    protectionGroups: 4, storageNodes: 6, replicas: 2, lal: 10_000_000, writerAz: 'a',
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
    diskQueueDepth: 32,
    segmentSizeBytes: 10_000_000_000,
    gossipInterval: 20_000,
    gossipMaxRecords: 1000,
  },
  writer: { sendCost: 2 },
  workload: {
    arrivals: { kind: 'open', ratePerSecond: 5000 },
    recordsPerTxn: 4, recordsPerMtr: 2, recordBytes: 200, pages: 100_000, pageChoice: { kind: 'uniform' },
  },
  measure: { warmup: 0 },
  faults: [],
  failover: { enabled: true, heartbeatInterval: 500_000, detection: 5_000_000 },
  repair: { detection: 10_000_000, bandwidthBitsPerSecond: 10_000_000_000 },
  convergeWithin: 30_000_000,
  expect: {
    ackedCommitsLost: 0,
    commitsAcknowledged: { min: 1000 },
    commitLatencyP50: { max: 2_000 },
    commitLatencyP99: { min: 1_000, max: 5_000 },
    ioPerCommit: { max: 8 },
    violations: ['acked-commit-durable'],
  },
  bugs: [],
  maxEvents: 200_000_000,
};

describe('parseScenario: a valid file', () => {
  it('resolves the documented example into exactly the contract', () => {
    expect(scenarioOf(FULL_YAML)).toStrictEqual(FULL_RESOLVED);
  });

  it('fills every omitted field from the defaults, which are the documented example’s values', () => {
    const minimal = scenarioOf(MINIMAL_YAML);
    expect(minimal).toStrictEqual({
      ...FULL_RESOLVED,
      name: 'minimal',
      description: '',
      seed: 1,
      duration: 1_000_000,
      workload: { ...FULL_RESOLVED.workload, arrivals: { kind: 'open', ratePerSecond: 1000 } },
      expect: {},
    });
  });

  it('follows YAML anchors and merge keys', () => {
    const text = minimalWith('network:\n  sameAz: &fast { dist: exponential, mean: 50us }\n  crossAz: { <<: *fast, min: 10us }\n');
    expect(scenarioOf(text).network.crossAz).toStrictEqual({ dist: 'exponential', mean: 50, min: 10 });
  });

  it('accepts an inline $schema key for editors', () => {
    expect(scenarioOf(`$schema: ./scenario.schema.json\n${MINIMAL_YAML}`).name).toBe('minimal');
  });

  it('resolves a closed loop, with a default think time of constant 0', () => {
    expect(scenarioOf(minimalWith('workload: { clients: 8 }\n')).workload.arrivals).toStrictEqual({
      kind: 'closed',
      clients: 8,
      thinkTime: { dist: 'constant', value: 0 },
    });
    expect(scenarioOf(minimalWith('workload: { clients: 8, thinkTime: 5ms }\n')).workload.arrivals).toStrictEqual({
      kind: 'closed',
      clients: 8,
      thinkTime: { dist: 'constant', value: 5_000 },
    });
  });

  it('resolves a zipf page choice and a per-millisecond rate', () => {
    const workload = scenarioOf(minimalWith('workload: { rate: 3/ms, pageChoice: { zipf: 0.99 } }\n')).workload;
    expect(workload.pageChoice).toStrictEqual({ kind: 'zipf', exponent: 0.99 });
    expect(workload.arrivals).toStrictEqual({ kind: 'open', ratePerSecond: 3000 });
  });

  it('resolves writer defects for negative scenarios', () => {
    expect(scenarioOf(minimalWith('bugs: [ignore-lal, vdl-ignores-cpl]\n')).bugs).toStrictEqual(['ignore-lal', 'vdl-ignores-cpl']);
  });
});

describe('parseScenario: distributions', () => {
  const crossAz = (yaml: string) => scenarioOf(minimalWith(`network:\n  crossAz: ${yaml}\n`)).network.crossAz;

  it('reads a bare duration as a constant', () => {
    expect(crossAz('1.5ms')).toStrictEqual({ dist: 'constant', value: 1_500 });
    expect(crossAz('0')).toStrictEqual({ dist: 'constant', value: 0 });
  });

  it('resolves every kind, every duration in integer µs and plain numbers as given', () => {
    expect(crossAz('{ dist: constant, value: 1ms }')).toStrictEqual({ dist: 'constant', value: 1_000 });
    expect(crossAz('{ dist: uniform, min: 1ms, max: 2ms }')).toStrictEqual({ dist: 'uniform', min: 1_000, max: 2_000 });
    expect(crossAz('{ dist: exponential, mean: 1ms }')).toStrictEqual({ dist: 'exponential', mean: 1_000 });
    expect(crossAz('{ dist: normal, mean: 1ms, stddev: 100us, min: 0us }')).toStrictEqual({
      dist: 'normal', mean: 1_000, stddev: 100, min: 0,
    });
    expect(crossAz('{ dist: lognormal, mu: 6.2, sigma: 0.5 }')).toStrictEqual({ dist: 'lognormal', mu: 6.2, sigma: 0.5 });
    expect(crossAz('{ dist: pareto, scale: 200us, shape: 1.5, max: 50ms }')).toStrictEqual({
      dist: 'pareto', scale: 200, shape: 1.5, max: 50_000,
    });
    expect(crossAz('{ dist: empirical, samples: [100us, 1ms, 250us] }')).toStrictEqual({
      dist: 'empirical', samples: [100, 1_000, 250],
    });
  });
});

describe('parseScenario: JSON files', () => {
  it('gives the same scenario from JSON as from the YAML it mirrors', () => {
    const json = JSON.stringify({
      version: 1,
      name: 'steady-state',
      description: 'Steady writes at 5000/s.',
      seed: 42,
      duration: '10s',
      network: { sameAz: { dist: 'exponential', mean: '100us', min: '40us' }, bandwidth: '10Gbps' },
      workload: { rate: '5000/s' },
      expect: {
        ackedCommitsLost: 0,
        commitsAcknowledged: { min: 1000 },
        commitLatencyP50: { max: '2ms' },
        commitLatencyP99: { min: '1ms', max: '5ms' },
        ioPerCommit: { max: 8 },
        violations: ['acked-commit-durable'],
      },
    }, null, 2);
    expect(scenarioOf(json, { file: 'steady.json' })).toStrictEqual(scenarioOf(FULL_YAML));
  });
});
