/**
 * The control plane: the storage metadata service (the durable volume epoch and truncation
 * ranges, A18 §2.4), who the writer is, failover, and where clients' transactions go.
 *
 * - A writer that restarts after a crash runs recovery in a new epoch (crash restart,
 *   PROTOCOL.md §8.4).
 * - With failover enabled, a replica that stops hearing the writer reports it lost; the first
 *   report about the current writer's epoch promotes that replica (PROTOCOL.md §8.4-8.5:
 *   detection, then promotion; the papers' host manager and priority tiers are reduced to
 *   "first replica to notice"). The promoted replica recovers the volume in a new epoch, whose
 *   fence shuts out the old writer if it is still alive behind a partition.
 * - A former writer's host that comes back after a failover rejoins as a replica.
 * - A replica started or restarted while a writer runs is told where that writer's
 *   replication stream stands: what was sent before never reaches it (replica.ts). The running
 *   replicas are told of every new writer too (a promotion, a crash restart, a recovery that
 *   renews its epoch), so they watch it from its start and report its own epoch if it dies
 *   before any chunk of it reaches them: reports of an older epoch are ignored, and a writer
 *   the replicas never heard would otherwise never be failed over. A replica that is down is
 *   told when it restarts.
 * - Clients keep the connection they have: they stay with their writer while it is open and
 *   running, even after a failover elected another (an old writer alive behind a partition
 *   keeps its clients until storage fences it out), and reconnect to the current writer when
 *   theirs refuses, dies, freezes or is fenced. The endpoint flips instantly; DNS caching
 *   and client timeouts are not modelled. A writer that is not open refuses transactions.
 * - Repair (A18 §4.1): a segment F the writer reports suspect is replaced by a new segment G
 *   on a free node, in two steps that each raise the PG's membership epoch by one: first
 *   "F or G" (writes need both member sets), and when G has hydrated and caught up, "G";
 *   if F catches up first, the change is reverted instead. A second suspect mid-change
 *   starts its own replacement. The change is recorded here and travels to storage with the
 *   next requests, which carry the membership epoch; its own quorum write is not modelled.
 */
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import type { MembershipStamp, VolumeState } from '../protocol/messages.ts';
import {
  beginReplacement, completeReplacement, encodeReplacements, freeSlot, replacementOf, revertReplacement, type Membership,
  type PgMemberships,
} from '../quorum/membership.ts';
import { MAX_SLOTS, type Topology } from '../topology/topology.ts';
import type { Replica } from './replica.ts';
import type { StreamPosition } from './replication-stream.ts';
import type { Transaction } from './transaction.ts';
import type { Writer } from './writer.ts';

export interface ControlPlaneHooks {
  /** Starts a writer process on `host` working in `volume`. */
  readonly createWriter: (host: number, volume: VolumeState, mode: 'open' | 'recover') => Writer;
  /** Starts a replica process on `host`. */
  readonly createReplica: (host: number) => Replica;
  /**
   * Creates a new, empty segment of `pg` in `slot` on storage node `node`, which hydrates
   * itself from a member outside `avoid` (a mask of the slots being replaced), asking those
   * in `upPeers` (members whose nodes are up now) first.
   */
  readonly createSegment: (pg: number, slot: number, node: number, membership: MembershipStamp, avoid: number, upPeers: number) => void;
  /** Whether a host is running (the control plane's health view). */
  readonly isUp: (host: number) => boolean;
  /** Discards the segment in `slot` of `pg` on storage node `node`: it left the PG for good. */
  readonly retireSegment: (pg: number, slot: number, node: number) => void;
}

/**
 * Deliberate control-plane defects, for negative scenarios that prove a checker fires: each
 * name with what it breaks (the scenario schema and its docs read these texts).
 */
export const CONTROL_PLANE_BUGS = {
  'membership-epoch-skip': 'Membership changes raise the membership epoch by two instead of one.',
  'truncation-from-stale-writer': 'The metadata service records the truncation of a recovery a failover already superseded, rolling the epoch back.',
  'silent-new-writer':
    'Replicas are not told of a new writer and watch the last one they heard: a writer that dies before its first chunk reaches them is never replaced.',
} as const;

export type ControlPlaneBug = keyof typeof CONTROL_PLANE_BUGS;

export interface ControlPlaneOptions {
  readonly failover: boolean;
  /** Deliberate defect: membership changes raise the epoch by two. */
  readonly membershipEpochSkip: boolean;
  /** Deliberate defect: truncations are recorded without comparing epochs. */
  readonly staleTruncation: boolean;
  /** Deliberate defect: replicas are not told of a new writer; they learn of it from its first chunk. */
  readonly silentNewWriter: boolean;
}

export class ControlPlane {
  /** The storage metadata service's durable state. */
  volume: VolumeState = { epoch: 1, truncations: [] };
  writer: Writer;
  /** Every writer incarnation, in order (for the run summary). */
  readonly writers: Writer[] = [];
  /** Every replica process ever started, by host. */
  readonly replicas = new Map<number, Replica>();
  /** Replica processes that became writers or were replaced, kept for their statistics. */
  readonly retiredReplicas: Replica[] = [];
  private readonly formerWriterHosts = new Set<number>();
  /** The writer clients are connected to (see the header). */
  private connected: Writer;
  private readonly paused = new Set<number>();
  /** Replacements reported blocked, as pg * 8 + slot, so each is reported once. */
  private readonly blocked = new Set<number>();
  private readonly trace: ModelTrace;
  private readonly hooks: ControlPlaneHooks;
  private readonly options: ControlPlaneOptions;
  private readonly memberships: PgMemberships;
  private readonly topology: Topology;

  constructor(
    ports: { trace: ModelTrace; memberships: PgMemberships; topology: Topology },
    hooks: ControlPlaneHooks,
    options: ControlPlaneOptions,
    replicaHosts: readonly number[],
  ) {
    this.trace = ports.trace;
    this.memberships = ports.memberships;
    this.topology = ports.topology;
    this.hooks = hooks;
    this.options = options;
    const writerHost = ports.topology.writer.id;
    this.writer = this.start(writerHost, 'open');
    this.connected = this.writer;
    for (const host of replicaHosts) this.addReplica(host);
  }

  /** The writer clients' transactions go to now: theirs while it is open and running, else the current one. */
  get clientWriter(): Writer {
    const connected = this.connected;
    return connected !== this.writer && (connected.state !== 'open' || this.paused.has(connected.host)) ? this.writer : connected;
  }

  /** Routes a client transaction over the clients' connection; false if it cannot take it. */
  submit(txn: Transaction): boolean {
    this.connected = this.clientWriter;
    return this.connected.submit(txn);
  }

  /** Hosts of live replica processes. */
  replicaHosts(): number[] {
    return [...this.replicas.keys()];
  }

  /**
   * Records a recovery's truncation: a compare-and-set on the volume epoch. Only the writer of
   * the current epoch may record one; a recovery a failover superseded is refused, or the
   * metadata would roll back to its older epoch and the next failover would hand out an epoch a
   * live writer holds.
   */
  readonly onTruncation = (volume: VolumeState): boolean => {
    if (volume.epoch !== this.volume.epoch && !this.options.staleTruncation) return false;
    this.volume = volume;
    return true;
  };

  /** The next epoch for the current writer, which must recover again (compare-and-set on `epoch`). */
  readonly renewEpoch = (epoch: number): VolumeState | undefined => {
    if (epoch !== this.volume.epoch) return undefined;
    this.volume = { epoch: epoch + 1, truncations: this.volume.truncations };
    // The writer's stream starts over at chunk 0 in the new epoch (ReplicationStream.newEpoch).
    this.announce({ epoch: epoch + 1, sequence: 0 });
    return this.volume;
  };

  crashHost(host: number): void {
    for (const writer of this.writers) if (writer.host === host) writer.crash();
    this.replicas.get(host)?.crash();
  }

  pauseHost(host: number): void {
    this.paused.add(host);
    for (const writer of this.writers) if (writer.host === host) writer.setPaused(true);
    this.replicas.get(host)?.pause();
  }

  resumeHost(host: number): void {
    this.paused.delete(host);
    for (const writer of this.writers) if (writer.host === host) writer.setPaused(false);
    this.replicas.get(host)?.resume();
  }

  restartHost(host: number): void {
    if (host === this.writer.host && this.writer.state === 'dead') {
      this.writer = this.start(host, 'recover');
    } else if (this.formerWriterHosts.has(host) && host !== this.writer.host) {
      this.formerWriterHosts.delete(host);
      this.addReplica(host);
    } else {
      this.replicas.get(host)?.restart(this.writer.streamPosition);
    }
  }

  private addReplica(host: number): void {
    const replica = this.hooks.createReplica(host);
    replica.joinStream(this.writer.streamPosition);
    this.replicas.set(host, replica);
  }

  /** A replica stopped hearing the writer of `epoch`. */
  readonly onWriterLost = (replica: Replica, epoch: number): void => {
    if (!this.options.failover || epoch < this.writer.volume.epoch) return;
    replica.retire();
    this.replicas.delete(replica.host);
    this.retiredReplicas.push(replica);
    this.formerWriterHosts.add(this.writer.host);
    this.trace.emit('promote', replica.host, this.volume.epoch + 1);
    this.writer = this.start(replica.host, 'recover');
  };

  /**
   * A writer's repair watch reports a segment suspect, or caught up. Only the current writer's
   * view counts: one a failover superseded, still alive behind a partition, sees healthy
   * segments it cannot reach lag, and would have them replaced.
   */
  readonly reportSuspect = (from: Writer, pg: number, slot: number): void => {
    if (from === this.writer) this.onSuspect(pg, slot);
  };

  readonly reportCaughtUp = (from: Writer, pg: number, slot: number): void => {
    if (from === this.writer) this.onCaughtUp(pg, slot);
  };

  /** A segment lagged its PG for the detection time (the writer's watch), or its node lost its data. */
  readonly onSuspect = (pg: number, slot: number): void => {
    const membership = this.memberships.of(pg);
    if (replacementOf(membership, slot) !== undefined) return;
    if ((membership.base & (1 << slot)) === 0) return;
    const to = freeSlot(membership);
    const node = to < 0 ? -1 : this.topology.spareNodeFor(pg, slot, this.hooks.isUp);
    if (node < 0) {
      if (!this.blocked.has(pg * 8 + slot)) this.trace.emit('repair.blocked', pg, slot);
      this.blocked.add(pg * 8 + slot);
      return;
    }
    this.blocked.delete(pg * 8 + slot);
    this.topology.place(pg, to, node);
    const next = beginReplacement(membership, slot, to);
    this.change(pg, next);
    const avoid = next.replacements.reduce((mask, [from]) => mask | (1 << from), 0);
    this.hooks.createSegment(pg, to, node, this.memberships.stamp(pg), avoid, this.slotsUp(pg));
  };

  /** The slots of `pg` whose nodes are up now, as a mask. */
  private slotsUp(pg: number): number {
    let mask = 0;
    for (let slot = 0; slot < MAX_SLOTS; slot++) {
      const node = this.topology.nodeOf(pg, slot);
      if (node >= 0 && this.hooks.isUp(node)) mask |= 1 << slot;
    }
    return mask;
  }

  /**
   * A storage node lost the data of the segment in `slot`. If that segment is the new end G
   * of a pending replacement F -> G, the change can neither complete (G holds nothing) nor be
   * left pending (nobody would ever report G again): it is reverted, and F, still the one
   * that needed replacing, gets a new replacement elsewhere. Otherwise the segment is suspect.
   * The writer hears of it first: its recovery may have counted on the lost copy.
   */
  readonly onSegmentLost = (pg: number, slot: number): void => {
    this.writer.onSegmentLost(pg, slot);
    const membership = this.memberships.of(pg);
    const pair = replacementOf(membership, slot);
    if (pair === undefined || pair[1] !== slot) return this.onSuspect(pg, slot);
    this.change(pg, revertReplacement(membership, pair[0]), slot);
    this.onSuspect(pg, pair[0]);
  };

  /** The writer reports a segment that lagged and has caught up with its PG. */
  readonly onCaughtUp = (pg: number, slot: number): void => {
    const membership = this.memberships.of(pg);
    const pair = replacementOf(membership, slot);
    if (pair === undefined) return;
    const [from, to] = pair;
    if (to === slot) this.change(pg, completeReplacement(membership, from), from);
    else this.change(pg, revertReplacement(membership, from), to);
  };

  /** Records a membership step; `released` is the slot that left (its placement is freed). */
  private change(pg: number, next: Membership, released = -1): void {
    const before = this.memberships.of(pg);
    const membership = this.options.membershipEpochSkip ? { ...next, epoch: next.epoch + 1 } : next;
    this.memberships.set(pg, membership);
    if (released >= 0) {
      this.hooks.retireSegment(pg, released, this.topology.nodeOf(pg, released));
      this.topology.place(pg, released, -1);
    }
    this.trace.emit('membership', pg, membership.epoch, membership.base, encodeReplacements(membership));
    this.writer.onMembership(pg, before, membership);
  }

  private start(host: number, mode: 'open' | 'recover'): Writer {
    if (mode === 'recover') this.volume = { epoch: this.volume.epoch + 1, truncations: this.volume.truncations };
    const writer = this.hooks.createWriter(host, this.volume, mode);
    this.writers.push(writer);
    this.announce(writer.streamPosition);
    return writer;
  }

  /** Tells the running replicas a new writer's stream starts at `at` (see the header). */
  private announce(at: StreamPosition): void {
    if (this.options.silentNewWriter) return;
    for (const replica of this.replicas.values()) if (!replica.down) replica.joinStream(at);
  }
}
