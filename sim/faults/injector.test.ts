/**
 * The injector against a recording fake world: each fault begins at `at` and is undone at
 * `at + for`, on exactly the hosts, links and disks it touched; an AZ outage crashes every
 * host in the AZ; a partition blocks both directions and a one-way partition one; link faults
 * without a peer act on every link to and from the target; every begin and end leaves one
 * `fault` line in the trace; and the budget queries follow the active faults.
 */
import { describe, expect, it } from 'vitest';
import { Loop } from '../core/loop.ts';
import { Trace } from '../core/trace.ts';
import { TRACE_KINDS } from '../protocol/trace-kinds.ts';
import type { FaultSpec } from './fault-spec.ts';
import { Topology } from '../topology/topology.ts';
import type { FaultTarget, LinkEffect, Selector } from './fault-target.ts';
import { FaultInjector } from './injector.ts';
import { formatSelector, hostsOf } from './selector.ts';

const topology = new Topology({ azs: 3, segmentsPerAz: 2, protectionGroups: 4, storageNodes: 6, replicas: 2, writerAz: 0 });
const quorum = { write: 4, read: 3 };
const name = (host: number) => topology.host(host).name;

/** Records every call as `time call args`; handles count up from 1. */
class RecordingTarget implements FaultTarget {
  readonly calls: string[] = [];
  writer = topology.writer.id;
  private handle = 0;
  private readonly loop: Loop;
  constructor(loop: Loop) {
    this.loop = loop;
  }
  resolve(selector: Selector): number[] {
    return hostsOf(selector, topology, this.writer);
  }
  crashHost(host: number): void { this.log(`crash ${name(host)}`); }
  restartHost(host: number): void { this.log(`restart ${name(host)}`); }
  wipeDisk(host: number): void { this.log(`wipe ${name(host)}`); }
  wipeSegment(pg: number, segment: number): void { this.log(`wipe pg ${pg} segment ${segment}`); }
  pauseHost(host: number): void { this.log(`pause ${name(host)}`); }
  resumeHost(host: number): void { this.log(`resume ${name(host)}`); }
  addLinkEffect(from: number, to: number, effect: LinkEffect): number {
    this.log(`link ${name(from)}->${name(to)} ${JSON.stringify(effect)} #${++this.handle}`);
    return this.handle;
  }
  removeLinkEffect(handle: number): void { this.log(`unlink #${handle}`); }
  addDiskSlowdown(host: number, factor: number): number {
    this.log(`slow ${name(host)} x${factor} #${++this.handle}`);
    return this.handle;
  }
  removeDiskSlowdown(host: number, handle: number): void { this.log(`unslow ${name(host)} #${handle}`); }
  private log(call: string): void {
    this.calls.push(`${this.loop.now} ${call}`);
  }
}

function fault(kind: FaultSpec['kind'], target: Selector, at: number, duration: number, extra: object = {}): FaultSpec {
  const peer = (extra as { peer?: Selector }).peer;
  const oneWay = (extra as { oneWay?: boolean }).oneWay === true || kind === 'one-way-partition';
  const label = peer === undefined ? formatSelector(target) : `${formatSelector(target)} ${oneWay ? '->' : '<->'} ${formatSelector(peer)}`;
  return { kind, at, for: duration, target, label, ...extra } as FaultSpec;
}

function run(faults: FaultSpec[], until = Infinity) {
  const loop = new Loop();
  const trace = new Trace(loop, TRACE_KINDS, { keepLines: true });
  const target = new RecordingTarget(loop);
  const injector = new FaultInjector(loop, trace, target, faults, { topology, quorum });
  injector.start();
  loop.run({ until, maxEvents: 10_000 });
  return { calls: target.calls, lines: trace.keptLines() ?? [], injector, target, loop };
}

const writer: Selector = { kind: 'writer' };
/** The slot of `pg` whose segment lives on storage node `index`. */
const slotOn = (pg: number, index: number) => [0, 1, 2, 3, 4, 5].find((slot) => topology.nodeOf(pg, slot) === topology.storageNodes[index]!.id)!;
const node = (index: number): Selector => ({ kind: 'node', index });
const az = (n: string): Selector => ({ kind: 'az', name: n });

describe('fault injector: begin and undo', () => {
  it('crashes at `at` and restarts at `at + for`', () => {
    expect(run([fault('crash', writer, 10, 5)]).calls).toEqual(['10 crash writer', '15 restart writer']);
  });

  it('traces one line per begin and end, with the magnitude on the start', () => {
    const { lines } = run([fault('crash', writer, 10, 5), fault('slow-disk', node(1), 20, 5, { factor: 10 })]);
    expect(lines).toEqual(['10 fault start crash writer', '15 fault end crash writer', '20 fault start slow-disk node:1 factor=10', '25 fault end slow-disk node:1']);
  });

  it('crashes every host of the AZ in an AZ outage, and restarts them all', () => {
    const { calls } = run([fault('az-outage', az('b'), 0, 7)]);
    expect(calls).toEqual(['0 crash replica-1', '0 crash node-1', '0 crash node-4', '7 restart replica-1', '7 restart node-1', '7 restart node-4']);
  });

  it('wipes the disk of a host that loses it, and only the segment for a segment target', () => {
    const { calls } = run([fault('disk-loss', node(2), 0, 3), fault('disk-loss', { kind: 'segment', pg: 1, segment: 4 }, 5, 3)]);
    expect(calls).toEqual(['0 crash node-2', '0 wipe node-2', '3 restart node-2', '5 wipe pg 1 segment 4']);
  });

  it('pauses and resumes the node holding a segment', () => {
    const holder = name(topology.nodeOf(0, 3));
    expect(run([fault('pause', { kind: 'segment', pg: 0, segment: 3 }, 1, 1)]).calls).toEqual([`1 pause ${holder}`, `2 resume ${holder}`]);
  });

  it('slows each disk and removes exactly the slowdowns it added', () => {
    expect(run([fault('slow-disk', node(0), 0, 4, { factor: 3 })]).calls).toEqual(['0 slow node-0 x3 #1', '4 unslow node-0 #1']);
  });

  it('ends a fault before beginning another at the same instant', () => {
    const { calls } = run([fault('pause', node(0), 5, 5), fault('crash', node(0), 0, 5)]);
    expect(calls).toEqual(['0 crash node-0', '5 restart node-0', '5 pause node-0', '10 resume node-0']);
  });

  it('resolves `writer` when the fault begins, and undoes on the host it resolved', () => {
    const loop = new Loop();
    const target = new RecordingTarget(loop);
    const injector = new FaultInjector(loop, new Trace(loop, TRACE_KINDS, { keepLines: false }), target, [fault('crash', writer, 10, 10)], { topology, quorum });
    injector.start();
    loop.at(5, () => (target.writer = topology.replicas[0]!.id));
    loop.at(15, () => (target.writer = topology.writer.id));
    loop.run({ until: Infinity, maxEvents: 100 });
    expect(target.calls).toEqual(['10 crash replica-1', '20 restart replica-1']);
  });
});

describe('fault injector: links', () => {
  const block = '{"block":true}';

  it('blocks both directions of every link across a partition', () => {
    const { calls } = run([fault('partition', writer, 0, 2, { peer: node(1) })]);
    expect(calls).toEqual([`0 link writer->node-1 ${block} #1`, `0 link node-1->writer ${block} #2`, '2 unlink #1', '2 unlink #2']);
  });

  it('blocks only from target to peer in a one-way partition', () => {
    const { calls } = run([fault('one-way-partition', writer, 0, 2, { peer: az('b') })]);
    expect(calls).toEqual([
      `0 link writer->replica-1 ${block} #1`,
      `0 link writer->node-1 ${block} #2`,
      `0 link writer->node-4 ${block} #3`,
      '2 unlink #1',
      '2 unlink #2',
      '2 unlink #3',
    ]);
  });

  it('puts a peerless link fault on every link to and from the target', () => {
    const { calls } = run([fault('packet-loss', node(0), 0, 1, { probability: 0.25 })]);
    const added = calls.filter((c) => c.includes(' link '));
    expect(added).toHaveLength(2 * (topology.hosts.length - 1));
    expect(added).toContain('0 link node-0->writer {"loss":0.25} #1');
    expect(added).toContain('0 link writer->node-0 {"loss":0.25} #2');
  });

  it('maps each link kind to its effect', () => {
    const peer = { peer: node(1) };
    const effects = (f: FaultSpec) => run([f]).calls[0]!.split(' ')[3];
    expect(effects(fault('latency-spike', writer, 0, 1, { ...peer, extraLatency: 5_000 }))).toBe('{"extraLatency":5000}');
    expect(effects(fault('packet-duplication', writer, 0, 1, { ...peer, probability: 0.5 }))).toBe('{"duplicate":0.5}');
    expect(effects(fault('packet-reorder', writer, 0, 1, { ...peer, jitter: 2_000 }))).toBe('{"jitter":2000}');
    expect(effects(fault('bandwidth-cut', writer, 0, 1, { ...peer, factor: 10 }))).toBe('{"bandwidthDivisor":10}');
  });
});

describe('fault injector: budget queries', () => {
  const at = (faults: FaultSpec[], time: number) => run(faults, time).injector;

  it('tracks the active faults', () => {
    const faults = [fault('crash', node(0), 0, 10), fault('pause', node(1), 5, 10)];
    expect(at(faults, 7).activeFaults().map((f) => f.spec.kind)).toEqual(['crash', 'pause']);
    expect(at(faults, 12).activeFaults().map((f) => f.spec.kind)).toEqual(['pause']);
  });

  it('an AZ outage keeps writes and the model; an AZ and one more keeps only the model', () => {
    const outage = fault('az-outage', az('b'), 0, 10);
    expect([at([outage], 1).withinBudget(), at([outage], 1).writesShouldBeAvailable()]).toEqual([true, true]);
    const plusOne = [outage, fault('crash', node(0), 0, 10)];
    expect([at(plusOne, 1).withinBudget(), at(plusOne, 1).writesShouldBeAvailable()]).toEqual([true, false]);
  });

  it('writes are not available while the writer is down, though storage is whole', () => {
    const injector = at([fault('crash', writer, 0, 10)], 1);
    expect([injector.withinBudget(), injector.writesShouldBeAvailable()]).toEqual([true, false]);
  });

  it('keeps the segments a disk loss emptied out after it ends, until repair takes their slots out of the PG', () => {
    const { injector, loop } = run([fault('disk-loss', node(0), 0, 10), fault('crash', node(3), 20, 10), fault('crash', node(1), 20, 10)], 25);
    const emptied = [...injector.outage().segmentsLost];
    expect(emptied.length).toBe(topology.protectionGroups);
    expect(loop.now).toBe(25);
    // Node 0's segments still count: with nodes 3 and 1 down, no PG has four intact segments.
    expect(injector.writesShouldBeAvailable()).toBe(false);
    for (let pg = 0; pg < topology.protectionGroups; pg++) injector.membershipChanged(pg, 0b111111 & ~(1 << slotOn(pg, 0)));
    expect(injector.outage().segmentsLost.size).toBe(0);
  });

  it('takes down the node of a segment a crash or pause names; a disk loss of it loses only the segment', () => {
    const segment: Selector = { kind: 'segment', pg: 1, segment: 2 };
    const host = topology.nodeOf(1, 2);
    for (const kind of ['crash', 'pause'] as const) {
      const outage = at([fault(kind, segment, 0, 10)], 1).outage();
      expect([[...outage.hostsDown], [...outage.segmentsLost]]).toEqual([[host], []]);
    }
    const lost = at([fault('disk-loss', segment, 0, 10)], 1).outage();
    expect([[...lost.hostsDown], [...lost.segmentsLost]]).toEqual([[], [1 * 8 + 2]]);
  });

  it('keeps a lost segment out when its replacement is only begun or reverted', () => {
    const { injector } = run([fault('disk-loss', { kind: 'segment', pg: 2, segment: 5 }, 0, 1)], 5);
    injector.membershipChanged(2, 0b111111);
    expect([...injector.outage().segmentsLost]).toEqual([2 * 8 + 5]);
  });

  it('owes no writes while a gray failure slows the writer\'s links to enough segments', () => {
    const spike = (target: Selector) => fault('latency-spike', writer, 0, 10, { peer: target, extraLatency: 1_000_000 });
    expect(at([spike(az('b'))], 1).writesShouldBeAvailable()).toBe(true);
    expect(at([spike(az('b')), spike(az('c'))], 1).writesShouldBeAvailable()).toBe(false);
    expect(at([fault('packet-loss', writer, 0, 10, { probability: 0.5 })], 1).writesShouldBeAvailable()).toBe(false);
    const slow = [0, 1, 2].map((n) => fault('slow-disk', node(n), 0, 10, { factor: 100 }));
    expect(at(slow, 1).writesShouldBeAvailable()).toBe(false);
    expect(at(slow, 1).withinBudget()).toBe(true);
  });

  it('does not gray a segment for a slow link between storage nodes (gossip only)', () => {
    const injector = at([fault('packet-loss', node(0), 0, 10, { peer: node(1), probability: 0.5 })], 1);
    expect(injector.outage().gray.size).toBe(0);
  });

  it('counts nodes partitioned from the writer as unavailable', () => {
    const injector = at([fault('partition', writer, 0, 10, { peer: az('b') }), fault('crash', node(0), 0, 10), fault('crash', node(2), 0, 10)], 1);
    expect(injector.withinBudget()).toBe(false);
    expect(injector.assess().worst?.unavailable.length).toBe(4);
  });
});
