/**
 * Scenario texts and helpers shared by the scenario layer's tests: the documented example with
 * every field, and shortcuts that parse and return the scenario or the formatted issues.
 */
import { formatIssue } from '../issue.ts';
import { parseScenario, type ParseOptions } from '../parse.ts';
import type { ResolvedScenario } from '../resolved.ts';

/** The documented example, every field given. */
export const FULL_YAML = `# yaml-language-server: $schema=./scenario.schema.json
version: 1
name: steady-state
description: Steady writes at 5000/s.
seed: 42
duration: 10s
cluster:
  azs: 3
  segmentsPerAz: 2
  quorum: { write: 4, read: 3 }
  allowUnsafeQuorum: false
  protectionGroups: 4
  storageNodes: 6
  replicas: 2
  lal: 10000000
  writerAz: a
network:
  sameAz:  { dist: exponential, mean: 100us, min: 40us }
  crossAz: { dist: lognormal, median: 500us, p99: 2ms }
  bandwidth: 10Gbps
  loss: 0
  headerBytes: 64B
storage:
  diskWrite: { dist: lognormal, median: 150us, p99: 1ms }
  diskQueueDepth: 32
  segmentSize: 10GB
  gossipInterval: 20ms
  gossipMaxRecords: 1000
writer:
  sendCost: 2us
workload:
  rate: 5000/s
  recordsPerTxn: 4
  recordsPerMtr: 2
  recordBytes: 200B
  pages: 100000
  pageChoice: uniform
measure:
  warmup: 0s
faults: []
failover:
  enabled: true
  heartbeatInterval: 500ms
  detection: 5s
repair:
  detection: 10s
  bandwidth: 10Gbps
convergeWithin: 30s
expect:
  ackedCommitsLost: 0
  commitsAcknowledged: { min: 1000 }
  commitLatencyP50: { max: 2ms }
  commitLatencyP99: { min: 1ms, max: 5ms }
  ioPerCommit: { max: 8 }
  violations: [acked-commit-durable]
maxEvents: 200000000
`;

/** The smallest valid scenario: everything else defaulted. */
export const MINIMAL_YAML = 'version: 1\nname: minimal\nduration: 1s\n';

type Options = Partial<ParseOptions>;

export function scenarioOf(text: string, options: Options = {}): ResolvedScenario {
  const result = parseScenario(text, { file: 'test.yaml', ...options });
  if (!result.ok) throw new Error(`expected a valid scenario, got:\n${result.issues.map(formatIssue).join('\n')}`);
  return result.scenario;
}

/** Every issue, formatted `file:line:col  path: message`. */
export function issuesOf(text: string, options: Options = {}): string[] {
  const result = parseScenario(text, { file: 'test.yaml', ...options });
  if (result.ok) throw new Error('expected issues, but the scenario is valid');
  return result.issues.map(formatIssue);
}

/** The minimal scenario with extra YAML lines appended (top-level sections). */
export function minimalWith(yaml: string): string {
  return `${MINIMAL_YAML}${yaml}`;
}
