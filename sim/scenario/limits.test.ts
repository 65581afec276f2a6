/**
 * Sizes the simulator cannot hold are refused before the run, with the limit and its reason
 * in the message (they used to pass and then run out of memory, exit 134, or overflow the
 * clock or a 32-bit draw, exit 70). So are numbers that are not what the field takes: a
 * fraction where a count goes, infinity, and whole numbers beyond 2^53 - 1, which are quoted
 * as written rather than as the nearest double.
 */
import { describe, expect, it } from 'vitest';
import { issuesOf, minimalWith, scenarioOf } from './testing/fixtures.ts';
import {
  MAX_CHAOS_FAULTS,
  MAX_CLIENTS,
  MAX_PAGES,
  MAX_PROTECTION_GROUPS,
  MAX_RATE,
  MAX_RECORDS_PER_TXN,
  MAX_REPLICAS,
  MAX_STORAGE_NODES,
} from './limits.ts';

const only = (yaml: string): string => {
  const issues = issuesOf(minimalWith(yaml));
  expect(issues).toHaveLength(1);
  return issues[0] ?? '';
};

describe('sizes the simulator cannot hold', () => {
  it.each([
    ['cluster:\n  protectionGroups: 1e8\n', 'cluster.protectionGroups', MAX_PROTECTION_GROUPS.max],
    ['cluster:\n  storageNodes: 1000000\n', 'cluster.storageNodes', MAX_STORAGE_NODES.max],
    ['cluster:\n  replicas: 100000\n', 'cluster.replicas', MAX_REPLICAS.max],
    ['workload:\n  clients: 10000000\n', 'workload.clients', MAX_CLIENTS.max],
    ['workload:\n  recordsPerTxn: 100000000\n', 'workload.recordsPerTxn', MAX_RECORDS_PER_TXN.max],
    ['workload:\n  pages: 10000000000\n', 'workload.pages', MAX_PAGES.max],
  ])('refuses %j at the field, with the range and why', (yaml, path, max) => {
    expect(only(yaml)).toMatch(new RegExp(`^test\\.yaml:5:\\d+  ${path.replace('.', '\\.')}: must be from [01] to ${max} \\(.+\\), got \\d+$`));
  });

  it('says why, in the words of what runs out', () => {
    expect(only('cluster:\n  protectionGroups: 100000000\n')).toBe(
      'test.yaml:5:21  cluster.protectionGroups: must be from 1 to 10000 (every segment gossips on its own timer: 10000 PGs already take 9.4 million events per simulated second), got 100000000',
    );
  });

  it('refuses an arrival rate above one per microsecond, quoting it as written', () => {
    expect(only('workload:\n  rate: 99999999999999999999/s\n')).toBe(
      `test.yaml:5:9  workload.rate: must be at most ${MAX_RATE.max}/s (the clock counts whole microseconds, and faster arrivals fill memory: 3000000/s took 3.5GB in one second), got "99999999999999999999/s"`,
    );
  });

  it('refuses an offered load of more records per second than the writer keeps up with', () => {
    expect(only('workload:\n  rate: 1000000/s\n  recordsPerTxn: 10\n')).toMatch(
      /^test\.yaml:6:18 {2}workload\.recordsPerTxn: rate × recordsPerTxn = 1000000\/s × 10 = 10000000 records\/s; the simulator holds at most 5000000 records\/s \(/,
    );
    expect(scenarioOf(minimalWith('workload:\n  rate: 1000000/s\n')).workload.recordsPerTxn).toBe(4);
  });

  it('refuses more records in flight than memory holds, in closed loop', () => {
    expect(only('workload:\n  clients: 1000\n  recordsPerTxn: 10000\n')).toMatch(
      /^test\.yaml:6:18 {2}workload\.recordsPerTxn: clients × recordsPerTxn = 1000 × 10000 = 10000000 records in flight; the simulator holds at most 1000000 \(/,
    );
  });

  it('bounds the pages of a Zipf choice, whose table is built before the run', () => {
    expect(only('workload:\n  pages: 100000000\n  pageChoice: { zipf: 0.99 }\n')).toMatch(
      /^test\.yaml:5:10 {2}workload\.pages: with a Zipf page choice, must be at most 10000000 \(/,
    );
    expect(scenarioOf(minimalWith('workload:\n  pages: 100000000\n')).workload.pages).toBe(100_000_000);
  });

  it('bounds the faults chaos expects to draw, naming a default interval as one', () => {
    expect(issuesOf('version: 1\nname: x\nduration: 48h\nchaos: {}\n')).toEqual([
      `test.yaml:4:8  chaos.meanInterval: 10s (the default) between fault starts from 0s to 32h expects 11520 faults; at most ${MAX_CHAOS_FAULTS.max} (each drawn fault is checked against the faults it overlaps: 6700 took 18s to draw)`,
    ]);
    expect(only('chaos: { meanInterval: 1us }\n')).toBe(
      `test.yaml:4:24  chaos.meanInterval: 1us between fault starts from 0s to 666.666ms expects 666666 faults; at most ${MAX_CHAOS_FAULTS.max} (each drawn fault is checked against the faults it overlaps: 6700 took 18s to draw)`,
    );
  });

  it('bounds what is drawn as a 32-bit number of microseconds', () => {
    expect(only('storage:\n  gossipInterval: 2h\n')).toBe(
      'test.yaml:5:19  storage.gossipInterval: must be at most 1h (it is drawn as a 32-bit number of microseconds), got "2h"',
    );
    expect(only('network:\n  crossAz: { dist: uniform, min: 1ms, max: 2h }\n')).toBe(
      'test.yaml:5:44  network.crossAz.max: max - min (7199.999s) must be at most 1h (it is drawn as a 32-bit number of microseconds)',
    );
    expect(only('faults: [{ at: 0s, kind: packet-reorder, target: writer, jitter: 2h }]\n')).toMatch(/faults\.0\.jitter: must be at most 1h/);
  });

  it('bounds a record and a disk slowdown, which would otherwise carry times past the end of the clock', () => {
    expect(only('workload:\n  recordBytes: 1000TB\n')).toBe(
      'test.yaml:5:16  workload.recordBytes: must be at most 1MiB (a redo record describes a change to one page), got "1000TB"',
    );
    expect(only('faults: [{ at: 0s, kind: slow-disk, target: node:0, factor: 1e6 }]\n')).toBe(
      'test.yaml:4:61  faults.0.factor: must be at most 1000 (a disk or link that slow is as good as stopped, and overlapping slowdowns multiply), got 1000000',
    );
  });
});

describe('numbers a field does not take', () => {
  it('refuses a fraction where a whole number goes', () => {
    expect(only('cluster:\n  protectionGroups: 2.5\n')).toBe('test.yaml:5:21  cluster.protectionGroups: expected a whole number, got 2.5');
    expect(only('seed: 1.5\n')).toBe('test.yaml:4:7  seed: expected a whole number, got 1.5');
  });

  it('refuses infinity and not-a-number wherever a number goes', () => {
    expect(only('seed: .inf\n')).toBe('test.yaml:4:7  seed: expected a whole number, got Infinity');
    expect(only('network:\n  loss: .nan\n')).toBe('test.yaml:5:9  network.loss: expected a number, got NaN');
    expect(only('workload:\n  pageChoice: { zipf: .inf }\n')).toBe('test.yaml:5:23  workload.pageChoice.zipf: expected a number, got Infinity');
    expect(only('convergeWithin: .inf\n')).toBe(
      'test.yaml:4:17  convergeWithin: expected a duration like "250us" or "1.5s", got Infinity',
    );
  });
});

describe('whole numbers beyond 2^53 - 1', () => {
  it('refuses a seed above 2^53 - 1 with the allowed range, quoting the seed as written', () => {
    expect(only('seed: 9007199254740993\n')).toBe('test.yaml:4:7  seed: must be from 0 to 2^53 - 1 (9007199254740991), got 9007199254740993');
    expect(only('maxEvents: 12345678901234567890\n')).toBe(
      'test.yaml:4:12  maxEvents: must be from 1 to 2^53 - 1 (9007199254740991), got 12345678901234567890',
    );
  });

  it('accepts the largest seed, 2^53 - 1', () => {
    expect(scenarioOf(minimalWith('seed: 9007199254740991\n')).seed).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('quotes them as written from a --set override and in plain-number fields too', () => {
    expect(issuesOf(minimalWith(''), { overrides: ['seed=9007199254740993'] })).toEqual([
      '--set seed=9007199254740993  seed: must be from 0 to 2^53 - 1 (9007199254740991), got 9007199254740993',
    ]);
    expect(only('network:\n  loss: 99999999999999999999\n')).toBe('test.yaml:5:9  network.loss: must be less than 1, got 99999999999999999999');
  });

  it('quotes them as written in a JSON file', () => {
    const json = '{"version": 1, "name": "x", "duration": "1s", "seed": 9007199254740993}';
    expect(issuesOf(json, { file: 's.json' })).toEqual(['s.json:1:55  seed: must be from 0 to 2^53 - 1 (9007199254740991), got 9007199254740993']);
  });
});
