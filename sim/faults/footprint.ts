/**
 * What a fault takes away, worked out on the initial placement (the writer where the cluster
 * starts it): the hosts whose process it stops, the segments it loses, the storage hosts it
 * cuts off from the compute side, and the links it acts on. Chaos and scenario validation use
 * it to keep schedules within the failure model (`budget.ts`) and to refuse faults that cannot
 * both hold (a crashed host cannot also pause).
 *
 * Rules:
 * - crash, pause, az-outage and disk-loss of a host selector stop every host it covers; a
 *   disk-loss of `pg:N/segment:M` loses only that segment (its node keeps running);
 * - a data loss keeps counting for `dataLossTail` µs after the fault ends: the empty segments
 *   are unavailable until repair has refilled them (the caller passes Infinity when no spare
 *   node exists to rebuild them on: then they never come back);
 * - a blocked link between a storage host and a compute host (writer or replica, since a
 *   replica may be promoted) cuts the storage host off; links among storage hosts carry only
 *   gossip and repair, and never cut anything off;
 * - a gray failure makes gray the storage hosts whose disk it slows, and the storage end of
 *   every link with a compute host that it degrades (the same rule as cutting off);
 * - a link fault without a peer acts on every link with at least one end in the target.
 *
 * Not modelled: the writer moving by failover (a later `writer` fault is placed on the initial
 * writer here, while the injector resolves it when the fault starts).
 */
import type { FaultSpec } from './fault-spec.ts';
import { MAX_SLOTS, type Topology } from '../topology/topology.ts';
import type { Outage } from './budget.ts';
import { GRAY_KINDS, kindRow, PARTITION_KINDS, PROCESS_KINDS } from './kinds.ts';
import { hostsOf } from './selector.ts';

/** The parts of a fault that decide what it takes away. */
export type FaultShape = Pick<FaultSpec, 'kind' | 'target' | 'peer' | 'oneWay'>;

export interface Footprint {
  /** Hosts whose process the fault stops or pauses (they cannot take a second such fault). */
  readonly processHosts: readonly number[];
  /** Segments lost on their own, as `pg * V + segment`. */
  readonly segmentsLost: readonly number[];
  /** Storage hosts with a blocked link to or from some compute host (writer or replica). */
  readonly cutOff: readonly number[];
  /** Storage hosts a gray failure slows: their disk, or a link to or from some compute host. */
  readonly gray: readonly number[];
  /** Whether the fault stops a compute host (writer or replica). */
  readonly compute: boolean;
  /** Whether the fault destroys data (it stays in the budget after it ends). */
  readonly dataLoss: boolean;
}

export function footprintOf(fault: FaultShape, topology: Topology): Footprint {
  const none: Footprint = { processHosts: [], segmentsLost: [], cutOff: [], gray: [], compute: false, dataLoss: false };
  if (kindRow(fault.kind).segmentItself === true && fault.target.kind === 'segment') {
    const { pg, segment } = fault.target;
    return { ...none, segmentsLost: [pg * MAX_SLOTS + segment], dataLoss: true };
  }
  if (PROCESS_KINDS.has(fault.kind)) {
    const hosts = hostsOf(fault.target, topology);
    const compute = hosts.some((h) => topology.host(h).role !== 'storage');
    return { ...none, processHosts: hosts, compute, dataLoss: fault.kind === 'disk-loss' };
  }
  if (PARTITION_KINDS.has(fault.kind)) return { ...none, cutOff: storageEnds(linksOf(fault, topology), topology) };
  if (kindRow(fault.kind).family === 'disk-gray') return { ...none, gray: hostsOf(fault.target, topology).filter((h) => topology.host(h).role === 'storage') };
  if (GRAY_KINDS.has(fault.kind)) return { ...none, gray: storageEnds(linksOf(fault, topology), topology) };
  return none;
}

/** The directed links (from, to) a link fault acts on. */
export function linksOf(fault: FaultShape, topology: Topology): [number, number][] {
  const a = hostsOf(fault.target, topology);
  if (fault.peer === undefined) return touching(a, topology.hosts.length);
  return linkPairs(a, hostsOf(fault.peer, topology), fault.oneWay === true);
}

/** Every (a, b) with a in `from`, b in `to`, a ≠ b, and (b, a) too unless one-way; no repeats. */
export function linkPairs(from: readonly number[], to: readonly number[], oneWay: boolean): [number, number][] {
  const seen = new Set<string>();
  const pairs: [number, number][] = [];
  const add = (a: number, b: number) => {
    const key = `${a}>${b}`;
    if (a === b || seen.has(key)) return;
    seen.add(key);
    pairs.push([a, b]);
  };
  for (const a of from) {
    for (const b of to) {
      add(a, b);
      if (!oneWay) add(b, a);
    }
  }
  return pairs;
}

/** Every link with at least one end in `hosts`, among hosts 0 .. hostCount − 1. */
export function touching(hosts: readonly number[], hostCount: number): [number, number][] {
  const all = Array.from({ length: hostCount }, (_, i) => i);
  return linkPairs(hosts, all, false);
}

/** The outage of a set of active faults' footprints. */
export function outageOf(footprints: Iterable<Footprint>): Outage {
  const hostsDown = new Set<number>();
  const segmentsLost = new Set<number>();
  const cut = new Set<number>();
  const gray = new Set<number>();
  for (const f of footprints) {
    for (const h of f.processHosts) hostsDown.add(h);
    for (const s of f.segmentsLost) segmentsLost.add(s);
    for (const h of f.cutOff) cut.add(h);
    for (const h of f.gray) gray.add(h);
  }
  return { hostsDown, segmentsLost, cutOff: cut, gray };
}

/** A host both faults stop or pause, if any: the two cannot hold at the same time. */
export function sharedProcessHost(a: Footprint, b: Footprint): number | undefined {
  return a.processHosts.find((h) => b.processHosts.includes(h));
}

/** Whether two faults' own windows [at, at + for) overlap. */
export function windowsOverlap(a: Pick<FaultSpec, 'at' | 'for'>, b: Pick<FaultSpec, 'at' | 'for'>): boolean {
  return a.at < b.at + b.for && b.at < a.at + a.for;
}

/** [start, end) during which the fault counts against the budget. */
export function occupancy(fault: Pick<FaultSpec, 'at' | 'for'>, footprint: Footprint, dataLossTail: number): [number, number] {
  return [fault.at, fault.at + fault.for + (footprint.dataLoss ? dataLossTail : 0)];
}

/** The storage end of every link between a storage host and a compute host, ascending. */
function storageEnds(links: readonly [number, number][], topology: Topology): number[] {
  const cut = new Set<number>();
  for (const [a, b] of links) {
    const ra = topology.host(a).role;
    const rb = topology.host(b).role;
    if (ra === 'storage' && rb !== 'storage') cut.add(a);
    if (rb === 'storage' && ra !== 'storage') cut.add(b);
  }
  return [...cut].sort((x, y) => x - y);
}
