/**
 * The canonical form: every field explicit, quantities in canonical units, and parsing it back
 * (as YAML text) gives the same ResolvedScenario, so a saved failing case replays exactly.
 */
import { describe, expect, it } from 'vitest';
import { renderScenarioYaml } from './canonical.ts';
import { FULL_YAML, MINIMAL_YAML, minimalWith } from './testing/fixtures.ts';
import { parseScenario } from './parse.ts';

function roundTrip(text: string) {
  const first = parseScenario(text, { file: 'test.yaml' });
  if (!first.ok) throw new Error(first.issues.map((i) => i.message).join('\n'));
  const rendered = renderScenarioYaml(first.canonical);
  const second = parseScenario(rendered, { file: 'replay.yaml' });
  return { first, second, rendered };
}

describe('canonical scenario', () => {
  it('round-trips the documented example', () => {
    const { first, second } = roundTrip(FULL_YAML);
    expect(second).toStrictEqual(first);
  });

  it('round-trips closed loops and every distribution form', () => {
    const text = minimalWith(
      [
        'network:',
        '  sameAz: { dist: normal, mean: 1.5ms, stddev: 250us, min: 1us }',
        '  crossAz: { dist: pareto, scale: 200us, shape: 1.16, max: 1h }',
        'storage:',
        '  diskWrite: { dist: empirical, samples: [100us, 1.5ms, 2s] }',
        'workload:',
        '  clients: 8',
        '  thinkTime: { dist: lognormal, mu: 6.2, sigma: 0.7 }',
        '  pageChoice: { zipf: 0.99 }',
        'cluster: { quorum: { write: 3, read: 3 }, allowUnsafeQuorum: true }',
        'bugs: [commit-on-own-pg]',
        '',
      ].join('\n'),
    );
    const { first, second } = roundTrip(text);
    expect(second).toStrictEqual(first);
  });

  it('round-trips fractional rates exactly', () => {
    const { first, second } = roundTrip(minimalWith('workload: { rate: 0.3/ms }\n'));
    expect(second).toStrictEqual(first);
  });

  it('spells every field out, in canonical units', () => {
    const { rendered } = roundTrip(MINIMAL_YAML);
    expect(rendered).toBe(
      [
        'version: 1',
        'name: minimal',
        'description: ""',
        'seed: 1',
        'duration: 1s',
        'cluster:',
        '  azs: 3',
        '  segmentsPerAz: 2',
        '  quorum: { write: 4, read: 3 }',
        '  allowUnsafeQuorum: false',
        '  protectionGroups: 4',
        '  storageNodes: 6',
        '  replicas: 2',
        '  lal: 10000000',
        '  writerAz: a',
        'network:',
        '  sameAz: { dist: exponential, mean: 100us, min: 40us }',
        '  crossAz: { dist: lognormal, median: 500us, p99: 2ms }',
        '  bandwidth: 10Gbps',
        '  loss: 0',
        '  headerBytes: 64B',
        'storage:',
        '  diskWrite: { dist: lognormal, median: 150us, p99: 1ms }',
        '  diskQueueDepth: 32',
        '  segmentSize: 10GB',
        '  gossipInterval: 20ms',
        '  gossipMaxRecords: 1000',
        'writer:',
        '  sendCost: 2us',
        'workload:',
        '  rate: 1000/s',
        '  recordsPerTxn: 4',
        '  recordsPerMtr: 2',
        '  recordBytes: 200B',
        '  pages: 100000',
        '  pageChoice: uniform',
        'measure:',
        '  warmup: 0s',
        'faults: []',
        'failover:',
        '  enabled: true',
        '  heartbeatInterval: 500ms',
        '  detection: 5s',
        'repair:',
        '  detection: 10s',
        '  bandwidth: 10Gbps',
        'convergeWithin: 30s',
        'expect: {}',
        'bugs: []',
        'maxEvents: 200000000',
        '',
      ].join('\n'),
    );
  });
});
