/**
 * The fault sections of a scenario file: `faults:`, `chaos:`, `failover:`, `repair:`,
 * `convergeWithin` and the recovery expectations. Valid input resolves into the contract;
 * each class of mistake is reported at the line and column to edit; the canonical form and a
 * chaos schedule written back as `faults:` both replay exactly.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { Rng } from '../core/rng.ts';
import { dataLossTail, expandChaos } from '../faults/chaos.ts';
import { renderScenarioYaml } from './canonical.ts';
import { renderFaults, topologyOf } from './faults.ts';
import { issuesOf, scenarioOf } from './testing/fixtures.ts';
import { parseScenario } from './parse.ts';

const RUN = 'version: 1\nname: faults\nduration: 60s\n'; // lines 1-3; sections start on line 4
const withFaults = (...entries: string[]) => `${RUN}faults:\n${entries.map((e) => `  - ${e}\n`).join('')}`;

describe('faults: valid entries', () => {
  it('resolves the design example: an AZ outage, then a writer crash for the rest of the run', () => {
    const s = scenarioOf(withFaults('{ at: 10s, kind: az-outage, target: az:a, for: 20s }', '{ at: 40s, kind: crash, target: writer }'));
    expect(s.faults).toStrictEqual([
      { kind: 'az-outage', at: 10_000_000, for: 20_000_000, target: { kind: 'az', name: 'a' }, label: 'az:a' },
      { kind: 'crash', at: 40_000_000, for: 20_000_000, target: { kind: 'writer' }, label: 'writer' },
    ]);
  });

  it('resolves link targets, their direction and each magnitude', () => {
    const s = scenarioOf(
      withFaults(
        '{ at: 1s, kind: partition, target: "writer <-> az:b", for: 1s }',
        '{ at: 1s, kind: one-way-partition, target: "node:1 -> replica:2", for: 1s }',
        '{ at: 1s, kind: packet-loss, target: node:3, probability: 0.2, for: 1s }',
        '{ at: 1s, kind: latency-spike, target: "writer -> node:0", extra: 5ms, for: 1s }',
        '{ at: 1s, kind: packet-reorder, target: az:c, jitter: 2ms, for: 1s }',
        '{ at: 1s, kind: slow-disk, target: pg:0/segment:1, factor: 2.5, for: 1s }',
      ),
    );
    expect(s.faults.map((f) => [f.label, f.peer === undefined ? 'single' : f.oneWay ? 'one way' : 'both'])).toEqual([
      ['writer <-> az:b', 'both'],
      ['node:1 -> replica:2', 'one way'],
      ['node:3', 'single'],
      ['writer -> node:0', 'one way'],
      ['az:c', 'single'],
      ['pg:0/segment:1', 'single'],
    ]);
    expect(s.faults.map((f) => ('probability' in f ? f.probability : 'extraLatency' in f ? f.extraLatency : 'jitter' in f ? f.jitter : 'factor' in f ? f.factor : 0))).toEqual([
      0, 0, 0.2, 5_000, 2_000, 2.5,
    ]);
  });

  it('resolves the recovery sections, with their defaults', () => {
    const s = scenarioOf(`${RUN}failover: { enabled: false, detection: 2s }\nrepair: { bandwidth: 1Gbps }\nconvergeWithin: 1m\n`);
    expect(s.failover).toStrictEqual({ enabled: false, heartbeatInterval: 500_000, detection: 2_000_000 });
    expect(s.repair).toStrictEqual({ detection: 10_000_000, bandwidthBitsPerSecond: 1_000_000_000 });
    expect(s.convergeWithin).toBe(60_000_000);
    expect(s.chaos).toBeUndefined();
  });

  it('resolves chaos with every default, `to` at two thirds of the duration', () => {
    expect(scenarioOf(`${RUN}chaos: {}\n`).chaos).toStrictEqual({
      from: 0,
      to: 40_000_000,
      meanInterval: 10_000_000,
      kinds: ['crash', 'pause', 'disk-loss', 'az-outage', 'slow-disk', 'partition', 'packet-loss', 'latency-spike'],
      faultDuration: { dist: 'uniform', min: 1_000_000, max: 10_000_000 },
      exceedFailureModel: false,
      triggers: [],
      triggerDelay: { dist: 'uniform', min: 0, max: 2_000 },
      swarm: false,
    });
  });

  it('resolves the recovery expectations', () => {
    const s = scenarioOf(`${RUN}expect:\n  writesAvailable: { from: 10s, to: 30s }\n  writeUnavailable: { max: 6s }\n  recoveryTime: { max: 10s }\n  recoveries: { min: 1, max: 2 }\n  membershipChanges: { max: 0 }\n`);
    expect(s.expect).toStrictEqual({
      writesAvailable: { from: 10_000_000, to: 30_000_000 },
      writeUnavailable: { max: 6_000_000 },
      recoveryTime: { max: 10_000_000 },
      recoveries: { min: 1, max: 2 },
      membershipChanges: { max: 0 },
    });
  });
});

describe('faults: mistakes, each at its line and column', () => {
  it('an unknown kind, with the kind meant', () => {
    expect(issuesOf(withFaults('{ at: 1s, kind: crsh, target: writer }'))).toEqual([
      'test.yaml:5:21  faults.0.kind: unknown kind "crsh" (did you mean \'crash\'?); expected one of crash, disk-loss, az-outage, pause, slow-disk, partition, one-way-partition, latency-spike, packet-loss, packet-duplication, packet-reorder or bandwidth-cut',
    ]);
  });

  it('a misspelt target, with the target meant', () => {
    expect(issuesOf(withFaults('{ at: 1s, kind: crash, target: nod:1 }'))).toEqual([
      `test.yaml:5:36  faults.0.target: "nod:1" is not a target: expected writer, replica:N, node:N, az:NAME or pg:N/segment:M (did you mean 'node:1'?)`,
    ]);
  });

  it('a target the cluster does not have', () => {
    expect(issuesOf(withFaults('{ at: 1s, kind: crash, target: replica:3 }', '{ at: 1s, kind: partition, target: "writer <-> az:d" }'))).toEqual([
      'test.yaml:5:36  faults.0.target: replica:3: replicas are numbered 1 to 2',
      'test.yaml:6:40  faults.1.target: az:d: the AZs are a, b, c',
    ]);
  });

  it('a target of the wrong shape for the kind', () => {
    expect(
      issuesOf(
        withFaults(
          '{ at: 1s, kind: az-outage, target: node:1 }',
          '{ at: 1s, kind: partition, target: "writer -> node:1" }',
          '{ at: 1s, kind: one-way-partition, target: writer }',
          '{ at: 1s, kind: crash, target: "writer <-> node:1" }',
          '{ at: 1s, kind: disk-loss, target: replica:1 }',
        ),
      ),
    ).toEqual([
      'test.yaml:5:40  faults.0.target: az-outage takes an AZ, e.g. az:a',
      'test.yaml:6:40  faults.1.target: partition cuts both directions: write "A <-> B" (for one direction use one-way-partition)',
      'test.yaml:7:48  faults.2.target: one-way-partition takes a directed link, "A -> B"',
      'test.yaml:8:36  faults.3.target: crash takes one host selector (writer, replica:N, node:N, az:NAME or pg:N/segment:M), not a link',
      'test.yaml:9:40  faults.4.target: disk-loss takes a storage node, segment or AZ (node:N, pg:N/segment:M or az:NAME); a replica has no storage disk',
    ]);
  });

  it('a link with the same host on both sides', () => {
    expect(issuesOf(withFaults('{ at: 1s, kind: partition, target: "node:1 <-> node:1" }'))).toEqual([
      'test.yaml:5:40  faults.0.target: node:1 <-> node:1 names no link: both sides are the same host',
    ]);
  });

  it('a fault that starts after the scenario ends, or lasts no time', () => {
    expect(issuesOf(withFaults('{ at: 60s, kind: crash, target: writer }', '{ at: 1s, kind: crash, target: node:1, for: 0s }'))).toEqual([
      'test.yaml:5:11  faults.0.at: the fault starts at 1m, after the scenario ends (duration 1m)',
      'test.yaml:6:49  faults.1.for: must be greater than 0, got "0s"',
    ]);
  });

  it('a magnitude out of range, or missing', () => {
    expect(
      issuesOf(
        withFaults(
          '{ at: 1s, kind: slow-disk, target: node:1, factor: 0.5 }',
          '{ at: 1s, kind: packet-loss, target: node:1, probability: 0 }',
          '{ at: 1s, kind: latency-spike, target: node:1 }',
        ),
      ),
    ).toEqual([
      'test.yaml:5:56  faults.0.factor: must be greater than 1, got 0.5',
      'test.yaml:6:63  faults.1.probability: must be greater than 0, got 0',
      "test.yaml:7:5  faults.2.extra: missing required key 'extra'",
    ]);
  });

  it('two faults that cannot both hold on one host, at the later one', () => {
    expect(
      issuesOf(withFaults('{ at: 15s, kind: pause, target: writer, for: 10s }', '{ at: 10s, kind: az-outage, target: az:a, for: 10s }', '{ at: 20s, kind: crash, target: node:0, for: 5s }')),
    ).toEqual([
      'test.yaml:5:5  faults.0: pause of writer overlaps faults.1 (az-outage of az:a, 10s to 20s) on host writer: a host takes one of crash, disk-loss, az-outage and pause at a time',
    ]);
  });

  it('still checks the other faults when one has a typo', () => {
    expect(issuesOf(withFaults('{ at: soon, kind: crash, target: writer }', '{ at: 1s, kind: crash, target: node:9 }'))).toEqual([
      'test.yaml:5:11  faults.0.at: expected a duration like "250us" or "1.5s", got "soon"',
      'test.yaml:6:36  faults.1.target: node:9: storage nodes are numbered 0 to 5',
    ]);
  });
});

describe('chaos, failover and expectations: mistakes', () => {
  it('a chaos window that is empty or runs past the end', () => {
    expect(issuesOf(`${RUN}chaos: { from: 50s }\n`)).toEqual([
      'test.yaml:4:16  chaos.from: from (50s) must be before to (40s, two thirds of the duration by default)',
    ]);
    expect(issuesOf(`${RUN}chaos: { from: 50s, to: 45s }\n`)).toEqual(['test.yaml:4:16  chaos.from: from (50s) must be before to (45s)']);
    expect(issuesOf(`${RUN}chaos: { to: 2m }\n`)).toEqual(['test.yaml:4:14  chaos.to: to (2m) must not be after the end of the run (1m)']);
  });

  it('an unknown chaos kind', () => {
    expect(issuesOf(`${RUN}chaos: { kinds: [crash, partiton] }\n`)).toEqual([
      `test.yaml:4:25  chaos.kinds.1: expected "crash", "disk-loss", "az-outage", "pause", "slow-disk", "partition", "one-way-partition", "latency-spike", "packet-loss", "packet-duplication", "packet-reorder" or "bandwidth-cut", got "partiton" (did you mean 'partition'?)`,
    ]);
  });

  it('a budget that cannot be met: every AZ outage would leave fewer than Vr segments', () => {
    const cluster = 'cluster: { azs: 2, segmentsPerAz: 3, quorum: { write: 4, read: 4 } }\n';
    expect(issuesOf(`${RUN}${cluster}chaos: { kinds: [crash, az-outage] }\n`)).toEqual([
      'test.yaml:5:25  chaos.kinds.1: budget cannot be met: every az-outage on this cluster would take a protection group beyond the failure model (AZ+1 with a read quorum of 4 left); remove it or set exceedFailureModel: true',
    ]);
    expect(scenarioOf(`${RUN}${cluster}chaos: { kinds: [az-outage], exceedFailureModel: true }\n`).chaos?.kinds).toEqual(['az-outage']);
  });

  it('failure detection no longer than a heartbeat', () => {
    expect(issuesOf(`${RUN}failover: { heartbeatInterval: 5s, detection: 5s }\n`)).toEqual([
      'test.yaml:4:47  failover.detection: detection (5s) must be longer than the heartbeat interval (5s), or every gap between heartbeats would look like a lost writer',
    ]);
  });

  it('a writes-available window that is empty or runs past the end', () => {
    expect(issuesOf(`${RUN}expect: { writesAvailable: { from: 30s, to: 10s } }\n`)).toEqual([
      'test.yaml:4:45  expect.writesAvailable.to: to (10s) must be after from (30s)',
    ]);
    expect(issuesOf(`${RUN}expect: { writesAvailable: { from: 30s, to: 2m } }\n`)).toEqual([
      'test.yaml:4:45  expect.writesAvailable.to: to (2m) must not be after the end of the run (1m)',
    ]);
  });

  it('bounds with nothing in them, and a zero convergence bound', () => {
    expect(issuesOf(`${RUN}expect: { recoveries: {} }\nconvergeWithin: 0s\n`)).toEqual([
      'test.yaml:4:23  expect.recoveries: give min, max or both',
      'test.yaml:5:17  convergeWithin: must be greater than 0, got "0s"',
    ]);
  });
});

describe('faults: written back', () => {
  function roundTrip(text: string) {
    const first = parseScenario(text, { file: 'test.yaml' });
    if (!first.ok) throw new Error(first.issues.map((i) => i.message).join('\n'));
    const second = parseScenario(renderScenarioYaml(first.canonical), { file: 'replay.yaml' });
    return { first, second };
  }

  it('the canonical form of faults, chaos and recovery replays exactly', () => {
    const { first, second } = roundTrip(
      `${withFaults(
        '{ at: 10s, kind: az-outage, target: az:a, for: 20s }',
        '{ at: 40s, kind: crash, target: writer }',
        '{ at: 1.5s, kind: packet-duplication, target: "writer -> az:b", probability: 0.05 }',
      )}chaos: { kinds: [crash, crash, partition], faultDuration: { dist: exponential, mean: 2s, min: 100ms } }\nexpect: { writesAvailable: { from: 1s, to: 2s }, recoveries: { max: 3 } }\n`,
    );
    expect(second).toStrictEqual(first);
  });

  it('a chaos schedule written as `faults:` replays as the same faults', () => {
    const s = scenarioOf(`${RUN}chaos: { meanInterval: 2s, kinds: [crash, disk-loss, partition, one-way-partition, slow-disk, latency-spike, packet-loss, packet-duplication, packet-reorder, pause, az-outage] }\n`);
    const context = { topology: topologyOf(s.cluster), quorum: s.cluster.quorum, dataLossTail: dataLossTail(s.repair, s.storage.segmentSizeBytes) };
    const drawn = expandChaos(s.chaos!, Rng.root(s.seed), context).faults;
    expect(drawn.length).toBeGreaterThan(5);
    expect(scenarioOf(`${RUN}${stringify({ faults: renderFaults(drawn) })}`).faults).toStrictEqual(drawn);
  });
});
