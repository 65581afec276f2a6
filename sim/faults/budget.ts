/**
 * The failure model the protocol promises to survive, as pure functions over a cluster and a
 * set of things down (PROTOCOL.md §1.2, A17 §2.1):
 *
 * - a segment is unavailable when its storage node is down (crashed, paused or disk lost), its
 *   data was lost (a disk loss, of its node or of the segment alone: it stays out until repair
 *   has replaced it, which with no spare node is never), or its node is cut off from the writer;
 * - per protection group, the state is **within the failure model** when the unavailable
 *   segments fit in one AZ plus one more segment (AZ+1) *and* a read quorum survives
 *   (V − down ≥ Vr; with 3 AZs × 2 and Vr = 3 that is implied by AZ+1, but with other
 *   quorums it is not, and a state with no read quorum left can lose acknowledged commits);
 * - **writes are available** when at most V − Vw segments are down (2 of 6), **reads** when
 *   at most V − Vr are (3 of 6).
 * The cluster is within the model when every PG is.
 *
 * **Writes are owed** (`writesOwed`) — a stretch without acknowledgements is a liveness
 * failure — only when every PG has a write quorum of segments that are available *and* not
 * gray. A gray failure (a slow disk; extra latency, loss, duplication or reordering on a link
 * between a storage node and the writer) leaves its segments correct but slow: the protocol
 * promises that writes complete, not how fast, so a gray failure suspends the obligation on
 * the storage nodes it touches (they neither count for nor against a quorum that is owed). A
 * gray failure that touches every link of the writer thus suspends it for every PG. Gray
 * failures do not count against the failure model: nothing is lost while they last.
 *
 * Compute hosts (the writer and read replicas) hold no segments, so a writer or replica down
 * never counts against this storage budget. The compute side has its own, simpler rule
 * (`withinComputeModel`): at most one fault on a compute host at a time. Two at once could take
 * the writer and the replica that would replace it, or the new writer during its recovery;
 * every fault is undone, so the volume comes back, but not within the recovery bounds the
 * scenario expects. Chaos draws no second compute fault while one is active.
 *
 * Not modelled: a segment that is up but behind (a restarted node still catching up by gossip,
 * a new segment still hydrating) counts as available; planning ahead (`footprint.ts`) covers
 * hydration by keeping a data loss in the budget for a while after it ends.
 */
import { slotsOf } from '../quorum/quorum-system.ts';
import type { QuorumConfig } from '../quorum/quorum-config.ts';
import { MAX_SLOTS, type Topology } from '../topology/topology.ts';

export interface FailureModel {
  readonly topology: Topology;
  readonly quorum: QuorumConfig;
  /**
   * A PG's settled member slots now, as a mask; repairs move segments to other slots and
   * nodes (and sometimes other AZs). Without it, the initial placement's slots 0..V-1.
   */
  readonly members?: (pg: number) => number;
}

/** What is down at one instant. */
export interface Outage {
  /** Hosts whose process is down, paused or without its disk (compute hosts are ignored). */
  readonly hostsDown: ReadonlySet<number>;
  /** Segments lost on their own, as `pg * MAX_SLOTS + slot`. */
  readonly segmentsLost: ReadonlySet<number>;
  /** Storage hosts the writer cannot reach (a blocked link in either direction). */
  readonly cutOff: ReadonlySet<number>;
  /** Storage hosts touched by a gray failure: a slow disk, or a degraded link with the writer. */
  readonly gray: ReadonlySet<number>;
}

export const NO_OUTAGE: Outage = { hostsDown: new Set(), segmentsLost: new Set(), cutOff: new Set(), gray: new Set() };

export interface PgAssessment {
  readonly pg: number;
  /** Indexes of the PG's unavailable segments. */
  readonly unavailable: readonly number[];
  readonly withinFailureModel: boolean;
  readonly writable: boolean;
  readonly readable: boolean;
  /** A write quorum of its segments is available and free of gray failures. */
  readonly writesOwed: boolean;
}

export interface Assessment {
  readonly withinFailureModel: boolean;
  readonly writable: boolean;
  readonly readable: boolean;
  /** Every PG owes writes (see the header); the writer's own state is the caller's to add. */
  readonly writesOwed: boolean;
  /** The first PG outside the model, else the first that cannot take writes, else undefined. */
  readonly worst: PgAssessment | undefined;
}

/** Faults on compute hosts that may be active at once. */
export const COMPUTE_FAULTS_AT_ONCE = 1;

export function withinComputeModel(activeComputeFaults: number): boolean {
  return activeComputeFaults <= COMPUTE_FAULTS_AT_ONCE;
}

/** The slots of `pg`'s settled members, ascending. */
function memberSlots(model: FailureModel, pg: number): number[] {
  return slotsOf(model.members?.(pg) ?? (1 << model.topology.segmentsPerPg) - 1);
}

/** Slots of `pg`'s members that are unavailable in `outage`. */
export function unavailableSegments(model: FailureModel, outage: Outage, pg: number): number[] {
  const { topology } = model;
  return memberSlots(model, pg).filter((slot) => {
    const node = topology.nodeOf(pg, slot);
    return outage.hostsDown.has(node) || outage.cutOff.has(node) || outage.segmentsLost.has(pg * MAX_SLOTS + slot);
  });
}

/** Whether the segments in these slots of `pg` fit in one AZ plus one more segment. */
export function withinAzPlusOne(topology: Topology, pg: number, slots: readonly number[]): boolean {
  const perAz = new Array<number>(topology.azs).fill(0);
  for (const slot of slots) perAz[topology.host(topology.nodeOf(pg, slot)).az]!++;
  return slots.length - Math.max(0, ...perAz) <= 1;
}

export function assessPg(model: FailureModel, outage: Outage, pg: number): PgAssessment {
  const { topology, quorum } = model;
  const members = memberSlots(model, pg);
  const unavailable = unavailableSegments(model, outage, pg);
  const up = members.length - unavailable.length;
  const grayUp = members.filter((slot) => !unavailable.includes(slot) && outage.gray.has(topology.nodeOf(pg, slot))).length;
  const readable = up >= quorum.read;
  return {
    pg,
    unavailable,
    withinFailureModel: readable && withinAzPlusOne(topology, pg, unavailable),
    writable: up >= quorum.write,
    readable,
    writesOwed: up - grayUp >= quorum.write,
  };
}

export function assess(model: FailureModel, outage: Outage): Assessment {
  let outside: PgAssessment | undefined;
  let unwritable: PgAssessment | undefined;
  let readable = true;
  let writesOwed = true;
  for (let pg = 0; pg < model.topology.protectionGroups; pg++) {
    const a = assessPg(model, outage, pg);
    if (!a.withinFailureModel) outside ??= a;
    if (!a.writable) unwritable ??= a;
    readable &&= a.readable;
    writesOwed &&= a.writesOwed;
  }
  return {
    withinFailureModel: outside === undefined, writable: unwritable === undefined, readable, writesOwed, worst: outside ?? unwritable,
  };
}

/**
 * Whether a superseded writer that sends to every PG, with what is down and cut off *from
 * it* in `outage`, must reach a segment holding the newer epoch and so be fenced: the newer
 * epoch sits on a write quorum of every PG, which any V − Vw + 1 segments of the PG meet.
 * False when it reaches too few segments anywhere (it may stay unfenced, alive and unable
 * to commit, for as long as that lasts).
 */
/**
 * Whether a failover is owed, failover aside: the writer's host is down (crashed, paused, in an
 * AZ that is out) while another compute host is up to take over.
 */
export function writerDownWithStandby(model: FailureModel, outage: Outage, writers: readonly number[]): boolean {
  if (!writers.every((h) => outage.hostsDown.has(h))) return false;
  const compute = [model.topology.writer, ...model.topology.replicas].map((h) => h.id);
  return compute.some((h) => !writers.includes(h) && !outage.hostsDown.has(h));
}

export function mustBeFenced(model: FailureModel, outage: Outage): boolean {
  for (let pg = 0; pg < model.topology.protectionGroups; pg++) {
    const members = memberSlots(model, pg).length;
    if (members - unavailableSegments(model, outage, pg).length > members - model.quorum.write) return true;
  }
  return false;
}

/**
 * Whether data lost on a storage node can be rebuilt at all: repair places the new segment on
 * a node that holds no segment of the PG, and with as many nodes as segments per PG there is
 * none, so lost segments stay lost for the rest of the run.
 */
export function hasSpareNodes(topology: Topology): boolean {
  return topology.storageNodes.length > topology.segmentsPerPg;
}
