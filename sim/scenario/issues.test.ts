/**
 * parseScenario on bad input: each class of mistake is reported at the line and column to
 * edit, with a message that says what is wrong and how to fix it, and all of them at once.
 */
import { describe, expect, it } from 'vitest';
import { MAX_SLOTS } from '../topology/topology.ts';
import { issuesOf, MINIMAL_YAML, minimalWith, scenarioOf } from './testing/fixtures.ts';
import { formatIssue } from './issue.ts';
import { parseScenario } from './parse.ts';

describe('syntax', () => {
  it('reports malformed YAML at its line and column, and nothing else', () => {
    expect(issuesOf('version: 1\nname: x\ncluster:\n  azs: [1, 2\n')).toEqual([
      'test.yaml:5:1  Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('reports duplicate keys, which JSON.parse would silently accept', () => {
    expect(issuesOf(`${MINIMAL_YAML}seed: 1\nseed: 2\n`)).toEqual(['test.yaml:5:1  Map keys must be unique']);
  });

  it('reports malformed JSON at its position', () => {
    expect(issuesOf('{\n  "version": 1,\n  "name": "x",\n}\n', { file: 's.json' })).toEqual([
      's.json:4:1  invalid JSON: Expected double-quoted property name',
    ]);
    expect(issuesOf('{ "version": 1', { file: 's.json' })).toEqual(["s.json:1:15  invalid JSON: Expected ',' or '}' after property value"]);
  });

  it('refuses YAML-only syntax in a .json file', () => {
    expect(issuesOf('version: 1\nname: x\n', { file: 's.json' })).toEqual([`s.json:1:1  invalid JSON: Unexpected token 'v'`]);
    expect(issuesOf('{"version": 1, "name": yes}', { file: 's.json' })).toEqual([`s.json:1:24  invalid JSON: Unexpected token 'y'`]);
  });

  it('places schema issues in a JSON file at their line and column too', () => {
    const json = '{\n  "version": 1,\n  "name": "x",\n  "duration": "1s",\n  "cluster": { "quorum": { "write": 9 } }\n}\n';
    expect(issuesOf(json, { file: 's.json' })).toEqual(['s.json:5:37  cluster.quorum.write: write quorum 9 exceeds V = 6 (3 AZs × 2 segments)']);
  });

  it('reports an empty file as a missing mapping', () => {
    expect(issuesOf('')).toEqual(['test.yaml:1:1  expected a mapping (key: value pairs), got an empty value']);
  });
});

describe('types and keys', () => {
  it('names the expected type and the value found', () => {
    expect(issuesOf(minimalWith('cluster:\n  azs: three\n'))).toEqual(['test.yaml:5:8  cluster.azs: expected a whole number, got "three"']);
    expect(issuesOf(minimalWith('cluster:\n  allowUnsafeQuorum: no\n'))).toEqual([
      'test.yaml:5:22  cluster.allowUnsafeQuorum: expected true or false, got "no" (YAML 1.2 reads no as a string; write true or false)',
    ]);
    expect(issuesOf(minimalWith('cluster: 3\n'))).toEqual(['test.yaml:4:10  cluster: expected a mapping (key: value pairs), got 3']);
  });

  it('points at an unknown key itself and suggests the key meant', () => {
    expect(issuesOf(minimalWith('cluster:\n  quorom: { write: 4 }\n'))).toEqual([
      "test.yaml:5:3  cluster.quorom: unknown key 'quorom' (did you mean 'quorum'?)",
    ]);
    expect(issuesOf(minimalWith('colour: red\n'))).toEqual(["test.yaml:4:1  colour: unknown key 'colour'"]);
  });

  it('reports a missing required key at the mapping that should hold it', () => {
    expect(issuesOf('version: 1\nname: x\n')).toEqual(["test.yaml:1:1  duration: missing required key 'duration'"]);
    expect(issuesOf(minimalWith('network:\n  crossAz: { dist: uniform, min: 1ms }\n'))).toEqual([
      "test.yaml:5:12  network.crossAz.max: missing required key 'max'",
    ]);
  });

  it('refuses any version but 1', () => {
    expect(issuesOf('version: 2\nname: x\nduration: 1s\n')).toEqual(['test.yaml:1:10  version: the scenario format version must be 1, got 2']);
  });

  it('gives the YAML 1.2 hint for underscore numbers in plain counts', () => {
    expect(issuesOf(minimalWith('cluster:\n  lal: 1_000\n'))).toEqual([
      'test.yaml:5:8  cluster.lal: expected a whole number, got "1_000" (YAML 1.2 reads 1_000 as a string; write 1000)',
    ]);
  });

  it('suggests the value meant for a misspelt name', () => {
    expect(issuesOf(minimalWith('bugs: [ignore-lall]\n'))).toEqual([
      `test.yaml:4:8  bugs.0: expected "vdl-ignores-cpl", "ignore-lal", "commit-on-own-pg", "pgcl-from-last-ack", "truncate-at-vcl", "pgcl-needs-all", "recovery-counts-empty-segments", "scl-inside-truncation-trusted", "membership-epoch-skip", "truncation-from-stale-writer", "silent-new-writer", "no-fencing", "reject-when-busy", "truncation-hint-trusted", "hydration-installs-annulled" or "scl-overstates", got "ignore-lall" (did you mean 'ignore-lal'?)`,
    ]);
  });

  it('names an unknown distribution and the one probably meant', () => {
    expect(issuesOf(minimalWith('network:\n  sameAz: { dist: expo, mean: 1ms }\n'))).toEqual([
      "test.yaml:5:19  network.sameAz.dist: unknown dist \"expo\" (did you mean 'exponential'?); expected one of constant, uniform, exponential, normal, lognormal, pareto or empirical",
    ]);
  });

  it('says what a distribution may be when it is neither a duration nor a mapping', () => {
    expect(issuesOf(minimalWith('network:\n  sameAz: true\n'))).toEqual([
      'test.yaml:5:11  network.sameAz: expected a duration like "250us" or a distribution like {dist: exponential, mean: 100us}, got true',
    ]);
  });
});

describe('units', () => {
  it('refuses a duration without a unit, quoted or not, listing the units', () => {
    const message = 'duration: a number needs a unit: ns, us, ms, s, m, h (e.g. "10s")';
    expect(issuesOf('version: 1\nname: x\nduration: "10"\n')).toEqual([`test.yaml:3:11  ${message}`]);
    expect(issuesOf('version: 1\nname: x\nduration: 10\n')).toEqual([`test.yaml:3:11  ${message}`]);
  });

  it('refuses a negative duration', () => {
    expect(issuesOf(minimalWith('writer: { sendCost: -2us }\n'))).toEqual(['test.yaml:4:21  writer.sendCost: must not be negative, got "-2us"']);
  });

  it('refuses a zero run duration and a fractional microsecond', () => {
    expect(issuesOf('version: 1\nname: x\nduration: 0s\n')).toEqual(['test.yaml:3:11  duration: must be greater than 0, got "0s"']);
    expect(issuesOf(minimalWith('writer: { sendCost: 0.5us }\n'))).toEqual([
      'test.yaml:4:21  writer.sendCost: "0.5us" is not a whole number of microseconds',
    ]);
  });

  it('reports a bad duration inside a distribution at the field', () => {
    expect(issuesOf(minimalWith('storage:\n  diskWrite: { dist: lognormal, median: fast, p99: 1ms }\n'))).toEqual([
      'test.yaml:5:41  storage.diskWrite.median: expected a duration like "250us" or "1.5s", got "fast"',
    ]);
  });
});

describe('quorum rules', () => {
  const quorum = (write: number, read: number, extra = '') => minimalWith(`cluster:\n  quorum: { write: ${write}, read: ${read} }${extra}\n`);

  it('refuses a write quorum larger than V', () => {
    expect(issuesOf(quorum(7, 3))).toEqual(['test.yaml:5:20  cluster.quorum.write: write quorum 7 exceeds V = 6 (3 AZs × 2 segments)']);
  });

  it('refuses a read quorum larger than V, and quorums below 1', () => {
    expect(issuesOf(quorum(4, 9))).toEqual(['test.yaml:5:29  cluster.quorum.read: read quorum 9 exceeds V = 6 (3 AZs × 2 segments)']);
    expect(issuesOf(quorum(0, 3))).toEqual(['test.yaml:5:20  cluster.quorum.write: must be at least 1, got 0']);
  });

  it('refuses read and write quorums that need not overlap', () => {
    expect(issuesOf(quorum(4, 2))).toEqual([
      'test.yaml:5:29  cluster.quorum.read: write + read quorum (4 + 2) must exceed V = 6 (3 AZs × 2 segments) so every read meets every write; set allowUnsafeQuorum: true to study quorums that do not overlap',
    ]);
  });

  it('refuses write quorums that need not overlap each other', () => {
    expect(issuesOf(quorum(3, 4))).toEqual([
      'test.yaml:5:20  cluster.quorum.write: 2 × write quorum (6) must exceed V = 6 (3 AZs × 2 segments) so two writes meet; set allowUnsafeQuorum: true to study quorums that do not overlap',
    ]);
  });

  it('refuses more segments per protection group than repair can replace, with the limit and why', () => {
    const why = `a protection group has ${MAX_SLOTS} slots for segments, and repair puts a replacement in a free slot before the lost segment leaves, so replacing two at once needs 2 free`;
    expect(issuesOf(minimalWith('cluster:\n  segmentsPerAz: 3\n'))).toEqual([
      `test.yaml:5:18  cluster.segmentsPerAz: V = 9 (3 AZs × 3 segments) is more than the ${MAX_SLOTS - 2} segments per protection group repair supports: ${why}`,
    ]);
    expect(issuesOf(minimalWith('cluster:\n  azs: 4\n  segmentsPerAz: 2\n'))).toEqual([
      `test.yaml:6:18  cluster.segmentsPerAz: V = 8 (4 AZs × 2 segments) is more than the ${MAX_SLOTS - 2} segments per protection group repair supports: ${why}`,
    ]);
    expect(issuesOf(minimalWith('cluster:\n  azs: 7\n'))).toEqual([
      `test.yaml:5:8  cluster.azs: at most ${MAX_SLOTS - 2} AZs: each holds a segment of every protection group, and V = azs × segmentsPerAz can be at most ${MAX_SLOTS - 2} (${why})`,
    ]);
  });

  it('accepts V up to MAX_SLOTS - 2, and says nothing about quorums against a V it refused', () => {
    expect(scenarioOf(minimalWith('cluster:\n  azs: 2\n  segmentsPerAz: 3\n')).cluster.quorum).toStrictEqual({ write: 4, read: 3 });
    expect(issuesOf(minimalWith('cluster:\n  segmentsPerAz: 4\n  quorum: { write: 4, read: 3 }\n'))).toHaveLength(1);
  });

  it('accepts non-overlapping quorums when they are asked for, but never more than V', () => {
    const unsafe = parseScenario(quorum(3, 3, '\n  allowUnsafeQuorum: true'), { file: 'test.yaml' });
    expect(unsafe.ok).toBe(true);
    expect(issuesOf(quorum(7, 3, '\n  allowUnsafeQuorum: true'))).toHaveLength(1);
  });
});

describe('other cross-field rules', () => {
  it('needs enough storage nodes that no two segments of a PG share one', () => {
    expect(issuesOf(minimalWith('cluster:\n  storageNodes: 5\n'))).toEqual([
      'test.yaml:5:17  cluster.storageNodes: 5 storage nodes over 3 AZs leave an AZ with 1, but each AZ holds 2 segments of every protection group, so two would share a node; use at least 6',
    ]);
  });

  it('needs the writer in one of the AZs', () => {
    expect(issuesOf(minimalWith('cluster:\n  writerAz: A\n'))).toEqual([
      `test.yaml:5:13  cluster.writerAz: "A" is not one of the 3 AZs (a, b or c) (did you mean 'a'?)`,
    ]);
    expect(issuesOf(minimalWith('cluster:\n  azs: 2\n  writerAz: c\n'))).toEqual([
      'test.yaml:6:13  cluster.writerAz: "c" is not one of the 2 AZs (a or b)',
    ]);
  });

  it('needs room under the LAL for one mini-transaction, or the writer never allocates', () => {
    expect(issuesOf(minimalWith('cluster:\n  lal: 1\nworkload:\n  recordsPerMtr: 2\n'))).toEqual([
      "test.yaml:5:8  cluster.lal: lal (1) is smaller than one mini-transaction (workload.recordsPerMtr: 2): an MTR's LSNs are allocated together and only up to VDL + lal, so the writer would never allocate one",
    ]);
    expect(scenarioOf(minimalWith('cluster:\n  lal: 2\nworkload:\n  recordsPerMtr: 2\n')).cluster.lal).toBe(2);
  });

  it('keeps a mini-transaction within its transaction', () => {
    expect(issuesOf(minimalWith('workload: { recordsPerTxn: 2, recordsPerMtr: 3 }\n'))).toEqual([
      'test.yaml:4:46  workload.recordsPerMtr: a mini-transaction (3 records) cannot be longer than its transaction (2 records)',
    ]);
  });

  it('needs exactly one of rate and clients, and thinkTime only with clients', () => {
    expect(issuesOf(minimalWith('workload: { rate: 10/s, clients: 2 }\n'))).toEqual([
      'test.yaml:4:34  workload.clients: give either rate (open loop) or clients (closed loop), not both',
    ]);
    expect(issuesOf(minimalWith('workload: { thinkTime: 1ms }\n'))).toEqual([
      'test.yaml:4:24  workload.thinkTime: thinkTime applies only with clients (closed loop)',
    ]);
  });

  it('needs warmup shorter than the run', () => {
    expect(issuesOf(minimalWith('measure: { warmup: 1s }\n'))).toEqual([
      'test.yaml:4:20  measure.warmup: warmup (1s) must be shorter than the duration (1s)',
    ]);
  });

  it('orders distribution parameters and bounds', () => {
    expect(issuesOf(minimalWith('network:\n  crossAz: { dist: uniform, min: 2ms, max: 1ms }\n'))).toEqual([
      'test.yaml:5:44  network.crossAz.max: max (1ms) must be at least min (2ms)',
    ]);
    expect(issuesOf(minimalWith('network:\n  crossAz: { dist: lognormal, median: 2ms, p99: 2ms }\n'))).toEqual([
      'test.yaml:5:49  network.crossAz.p99: p99 (2ms) must be greater than the median (2ms)',
    ]);
    expect(issuesOf(minimalWith('expect:\n  commitLatencyP99: { min: 5ms, max: 1ms }\n'))).toEqual([
      'test.yaml:5:38  expect.commitLatencyP99.max: max (1ms) must be at least min (5ms)',
    ]);
  });

  it('needs at least one bound in a bounds mapping', () => {
    expect(issuesOf(minimalWith('expect:\n  ioPerCommit: {}\n'))).toEqual(['test.yaml:5:16  expect.ioPerCommit: give min, max or both']);
  });

  it('needs one complete lognormal parameterization', () => {
    expect(issuesOf(minimalWith('network:\n  crossAz: { dist: lognormal, median: 1ms, mu: 6 }\n'))).toEqual([
      'test.yaml:5:48  network.crossAz.mu: give either median and p99, or mu and sigma, not both',
    ]);
    expect(issuesOf(minimalWith('network:\n  crossAz: { dist: lognormal, median: 1ms }\n'))).toEqual([
      "test.yaml:5:12  network.crossAz.p99: missing required key 'p99' (a lognormal needs median and p99)",
    ]);
  });

  it('keeps loss a probability below 1', () => {
    expect(issuesOf(minimalWith('network: { loss: 1 }\n'))).toEqual(['test.yaml:4:18  network.loss: must be less than 1, got 1']);
  });
});

describe('many problems at once', () => {
  const text = [
    'version: 1', //                                1
    'name: several', //                             2
    'duration: fast', //                            3  bad duration
    'cluster:', //                                  4
    '  quorom: 1', //                               5  unknown key
    '  quorum: { write: 7, read: 3 }', //           6  Vw > V
    'network:', //                                  7
    '  crossAz: { dist: uniform, min: 2ms, max: 1ms }', // 8  min > max
    'workload:', //                                 9
    '  pageChoice: unifrom', //                     10 neither uniform nor zipf
    'measure: { warmup: -1s }', //                  11 negative
    '',
  ].join('\n');

  it('reports every issue together, in file order, each at its own line:col', () => {
    expect(issuesOf(text)).toEqual([
      'test.yaml:3:11  duration: expected a duration like "250us" or "1.5s", got "fast"',
      "test.yaml:5:3  cluster.quorom: unknown key 'quorom' (did you mean 'quorum'?)",
      'test.yaml:6:20  cluster.quorum.write: write quorum 7 exceeds V = 6 (3 AZs × 2 segments)',
      'test.yaml:8:44  network.crossAz.max: max (1ms) must be at least min (2ms)',
      'test.yaml:10:15  workload.pageChoice: expected "uniform" or {zipf: <exponent>}, got "unifrom"',
      'test.yaml:11:20  measure.warmup: must not be negative, got "-1s"',
    ]);
  });

  it('gives each issue as data too', () => {
    const result = parseScenario(text, { file: 'test.yaml' });
    expect(result.ok ? [] : result.issues[2]).toStrictEqual({
      file: 'test.yaml',
      line: 6,
      col: 20,
      path: 'cluster.quorum.write',
      message: 'write quorum 7 exceeds V = 6 (3 AZs × 2 segments)',
    });
  });
});

describe('formatIssue', () => {
  it('writes file:line:col, two spaces, then path: message', () => {
    expect(formatIssue({ file: 'a.yaml', line: 3, col: 7, path: 'cluster.azs', message: 'bad' })).toBe('a.yaml:3:7  cluster.azs: bad');
  });

  it('leaves out an empty path, and names the override instead of a position', () => {
    expect(formatIssue({ file: 'a.yaml', line: 1, col: 1, path: '', message: 'bad' })).toBe('a.yaml:1:1  bad');
    expect(formatIssue({ file: '--set', line: 0, col: 0, path: 'seed', message: 'bad', override: 'seed=x' })).toBe('--set seed=x  seed: bad');
  });
});
