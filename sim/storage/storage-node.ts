/**
 * A storage node: hosts segments of many protection groups, persists what the writer ships,
 * acknowledges with each segment's SCL, gossips with peer segments to fill gaps, and takes
 * part in recovery (A17 §3.3 steps 1-5, §4.3; A18 §2.3-2.4; PROTOCOL.md §6).
 *
 * Storage has no vote (A18 §2.3): a request is refused only when it carries a stale volume
 * epoch (fencing, A18 §2.4) — and a record inside a truncation range is silently annulled.
 * A newer volume state carried by any request is adopted and made durable before the reply.
 *
 * A crash loses what was in memory and in flight to the disk, keeps what was persisted; a
 * disk loss empties the node's segments. With a run's I/O detail, its disk is watched
 * (disk-trace.ts) and each write's acknowledgement traced (`ack.send`). Not modelled: throttling
 * intake when background work falls behind (step 9), reads.
 */
import type { Loop } from '../core/loop.ts';
import type { Rng } from '../core/rng.ts';
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import type { Network } from '../net/network.ts';
import type { LogRecord } from '../protocol/log-record.ts';
import type {
  MembershipStamp, RecoveryInfo, RecoveryQuery, Reject, StorageMessage,
  TruncateRequest, VolumeState, WriteAck, WriteBatch,
} from '../protocol/messages.ts';
import { FIXED_BYTES, RECOVERY_HEADER_BYTES } from '../protocol/wire-size.ts';
import { slotsOf } from '../quorum/quorum-system.ts';
import type { Topology } from '../topology/topology.ts';
import { Disk, type DiskJob } from './disk.ts';
import { DiskTrace } from './disk-trace.ts';
import { Gossip } from './gossip.ts';
import { Hydration } from './hydration.ts';
import { NO_RECORDS, type PersistJob, type PersistKind } from './persist-job.ts';
import { Segment, type SegmentDefects } from './segment.ts';
import type { StorageNodeOptions } from './storage-node-options.ts';

export type { StorageBug, StorageNodeOptions } from './storage-node-options.ts';

export class StorageNode {
  readonly host: number;
  readonly disk: Disk;
  gossipRecordsFilled = 0;
  /** Down (crashed) or paused: handles no timers. The network stops its messages. */
  down = false;
  paused = false;
  private readonly segments: (Segment | undefined)[] = [];
  private readonly hydration: Hydration;
  private readonly gossip: Gossip;
  private readonly loop: Loop;
  private readonly rng: Rng;
  private readonly trace: ModelTrace;
  private readonly net: Network;
  private readonly topology: Topology;
  private readonly options: StorageNodeOptions;
  /** The writer this node last accepted a request from: where unasked SCL reports go. */
  private writerHost: number;
  private readonly noFencing: boolean;
  private readonly rejectWhenBusy: boolean;
  private readonly hintTrusted: boolean;
  private readonly defects: SegmentDefects;

  constructor(loop: Loop, rng: Rng, trace: ModelTrace, net: Network, topology: Topology, host: number, options: StorageNodeOptions) {
    this.loop = loop;
    this.rng = rng;
    this.trace = trace;
    this.net = net;
    this.topology = topology;
    this.host = host;
    this.options = options;
    this.noFencing = options.bugs.includes('no-fencing');
    this.rejectWhenBusy = options.bugs.includes('reject-when-busy');
    this.hintTrusted = options.bugs.includes('truncation-hint-trusted');
    this.defects = {
      sclOverstates: options.bugs.includes('scl-overstates'), hydrationInstallsAnnulled: options.bugs.includes('hydration-installs-annulled'),
    };
    this.writerHost = topology.writer.id;
    this.disk = new Disk(loop, options.diskLatency, options.diskQueueDepth, trace.detailed ? new DiskTrace(host, trace) : undefined);
    this.hydration = new Hydration({
      host, loop, trace, net, topology, hydrationDelay: options.hydrationDelay,
      isDown: () => this.down, segmentOf: (pg) => this.segments[pg], current: (s) => this.current(s),
      peerSlots: (s, avoid) => this.peerSlots(s, avoid), adopt: (s, volume) => this.adopt(s, volume),
      reportScl: (s) => this.ack(s, this.writerHost, s.volume.epoch), recordBytes: (records) => this.recordBytes(records),
    });
    this.gossip = new Gossip({
      host, loop, net, topology, gossipInterval: options.gossipInterval, gossipMaxRecords: options.gossipMaxRecords,
      idle: () => this.down || this.paused, segmentOf: (pg) => this.segments[pg], current: (s) => this.current(s),
      peerSlots: (s, avoid) => this.peerSlots(s, avoid), staleMembership: (s, stamp) => this.staleMembership(s, stamp),
      adopt: (s, volume) => this.adopt(s, volume), onSegmentLost: options.onSegmentLost,
      persistFill: (s, records) => this.disk.write(this.job(s, 'fill', records, -1, 0)), recordBytes: (records) => this.recordBytes(records),
    });
    net.attach(host, this.onMessage);
  }

  /**
   * Places the segment in `slot` of `pg` on this node and starts its gossip timer; a new
   * segment in a repair (`hydrate`) first copies its state from a peer outside `avoid` (a mask
   * of the slots being replaced), asking those in `upPeers` (members whose nodes are up) first.
   */
  addSegment(pg: number, slot: number, membership: MembershipStamp, hydrate?: { readonly avoid: number; readonly upPeers: number }): Segment {
    const hydrating = hydrate !== undefined;
    const segment = new Segment(pg, slot, membership, hydrating, this.defects, this.options.chains(pg));
    this.segments[pg] = segment;
    // Slots are reused by later replacements: readers of the trace start this slot afresh.
    if (hydrating) this.trace.emit('segment.new', pg, slot);
    const phase = this.rng.fork(`gossip/pg-${pg}/segment-${slot}`).int(this.options.gossipInterval);
    this.loop.after(phase + 1, this.gossip.onTick, segment);
    if (hydrate !== undefined) this.hydration.start(segment, hydrate.avoid, hydrate.upPeers);
    return segment;
  }

  segmentOf(pg: number): Segment | undefined {
    return this.segments[pg];
  }

  /**
   * The segment in `slot` of `pg` left its PG for good (its replacement completed, or it was
   * the replacement and the change was reverted): its state is discarded, and its timers and
   * writes still in flight to its disk go quiet.
   */
  retireSegment(pg: number, slot: number): void {
    const segment = this.segments[pg];
    if (segment !== undefined && segment.index === slot) this.segments[pg] = undefined;
  }

  /**
   * The other members `segment` knows of, but none in the `avoid` mask. Slots that left the PG
   * have no node any more; a segment may not know yet that they left.
   */
  private peerSlots(segment: Segment, avoid: number): number[] {
    return slotsOf(segment.membership.members & ~avoid & ~(1 << segment.index))
      .filter((slot) => this.topology.nodeOf(segment.pg, slot) >= 0);
  }

  /** Whether `segment` is still the node's segment of its PG (not retired or replaced). */
  private current(segment: Segment): boolean {
    return this.segments[segment.pg] === segment;
  }

  allSegments(): Segment[] {
    return this.segments.filter((s): s is Segment => s !== undefined);
  }

  crash(): void {
    this.down = true;
    this.disk.crash();
  }

  restart(): void {
    this.down = false;
    for (const segment of this.allSegments()) {
      segment.peerScl.fill(0);
      if (segment.wiped) this.options.onSegmentLost(segment.pg, segment.index);
    }
  }

  /** Disk loss: every segment on the node comes back empty. */
  wipe(): void {
    for (const segment of this.allSegments()) this.wipeSegment(segment);
  }

  wipeSegment(segment: Segment): void {
    segment.wipe(this.options.metadataVolume());
    this.trace.emit('segment.wipe', segment.pg, segment.index);
    if (!this.down) this.options.onSegmentLost(segment.pg, segment.index);
  }

  private readonly onMessage = (message: StorageMessage, from: number): void => {
    switch (message.type) {
      case 'write': return this.onWrite(message, from);
      case 'gossip-pull': return this.gossip.onPull(message, from);
      case 'gossip-push': return this.gossip.onPush(message);
      case 'recovery-query': return this.onVolumeRequest(message, from, 'recovery');
      case 'truncate': return this.onVolumeRequest(message, from, 'truncate');
      case 'hydrate-request': return this.hydration.onRequest(message, from);
      case 'hydrate-snapshot': return this.hydration.onSnapshot(message);
      case 'hydrate-refused': return this.hydration.onRefused(message);
    }
  };

  /** Refuses a request from an older membership epoch (A18 §4.1); the sender refreshes and retries. */
  private staleMembership(segment: Segment, stamp: MembershipStamp): boolean {
    if (segment.checkMembership(stamp)) return false;
    this.trace.emit('reject.membership', segment.pg, segment.index, stamp.epoch, segment.membership.epoch);
    return true;
  }

  /** Refuses a request from an older volume epoch (unless fencing is switched off). */
  private fenced(segment: Segment, volume: VolumeState, from: number): boolean {
    if (volume.epoch >= segment.volume.epoch || this.noFencing) return false;
    this.reject(segment, volume.epoch, from);
    return true;
  }

  private reject(segment: Segment, epoch: number, to: number): void {
    this.trace.emit('reject', segment.pg, segment.index, epoch, segment.volume.epoch);
    const reject: Reject = { type: 'reject', pg: segment.pg, segment: segment.index, epoch: segment.volume.epoch };
    this.net.send(this.host, to, FIXED_BYTES.reject, reject);
  }

  private adopt(segment: Segment, volume: VolumeState): void {
    const epoch = segment.volume.epoch;
    if (!segment.adopt(volume)) return;
    if (segment.volume.epoch !== epoch) this.trace.emit('segment.epoch', segment.pg, segment.index, segment.volume.epoch);
    this.trace.emit('segment.volume', segment.pg, segment.index, segment.scl, volume.truncations.length / 2);
  }

  private onWrite(batch: WriteBatch, from: number): void {
    const segment = this.segments[batch.pg];
    if (segment === undefined) return; // retired: the request was sent before it left
    if (this.fenced(segment, batch.volume, from) || this.staleMembership(segment, batch.membership)) return;
    if (this.rejectWhenBusy && this.disk.queued > 0) return this.reject(segment, batch.volume.epoch, from);
    this.adopt(segment, batch.volume);
    if (batch.volume.epoch === segment.volume.epoch) this.writerHost = from;
    if (batch.vdl > segment.vdlHint) segment.vdlHint = batch.vdl;
    this.disk.write(this.job(segment, 'write', batch.records, from, batch.volume.epoch));
  }

  private onVolumeRequest(request: RecoveryQuery | TruncateRequest, from: number, kind: 'recovery' | 'truncate'): void {
    const segment = this.segments[request.pg];
    if (segment === undefined) return;
    if (this.fenced(segment, request.volume, from) || this.staleMembership(segment, request.membership)) return;
    this.adopt(segment, request.volume);
    this.writerHost = from;
    // The recovered VDL is not durable yet: its records may sit on fewer than a write quorum
    // until the recovery's repair step ends, and a recovery interrupted before then must not
    // find it in a hint (hints count as durable). The new writer's first writes carry it.
    if (this.hintTrusted && request.type === 'truncate' && request.vdl > segment.vdlHint) segment.vdlHint = request.vdl;
    this.disk.write(this.job(segment, kind, NO_RECORDS, from, 0));
  }

  private job(segment: Segment, kind: PersistKind, records: readonly LogRecord[], replyTo: number, epoch: number): PersistJob {
    return { done: this.onPersisted, segment, kind, records, replyTo, epoch };
  }

  private readonly onPersisted = (job: DiskJob): void => {
    const persist = job as PersistJob;
    const segment = persist.segment;
    if (!this.current(segment)) return;
    switch (persist.kind) {
      case 'write':
        // Fenced while the write was on its way to disk: the records stay (a truncation
        // deals with them), but acknowledging would hand the old writer a copy the new
        // writer's recovery never saw.
        if (persist.epoch < segment.volume.epoch && !this.noFencing) {
          const before = segment.scl;
          this.install(segment, persist.records);
          this.reportIfMoved(segment, before);
          return this.reject(segment, persist.epoch, persist.replyTo);
        }
        this.install(segment, persist.records);
        if (this.trace.detailed) this.traceAck(segment, persist.records);
        return this.ack(segment, persist.replyTo, persist.epoch);
      case 'fill': {
        const before = segment.scl;
        const accepted = this.install(segment, persist.records);
        if (accepted > 0) {
          this.gossipRecordsFilled += accepted;
          this.trace.emit('gossip.fill', segment.pg, segment.index, accepted);
        }
        if (segment.scl !== before) this.gossip.continueCatchUp(segment);
        return this.reportIfMoved(segment, before);
      }
      case 'recovery': return this.replyRecoveryInfo(segment, persist.replyTo);
      case 'truncate': return this.ack(segment, persist.replyTo, segment.volume.epoch);
    }
  };

  /** Takes persisted records into `segment`; returns how many were new. Emits the SCL if it moved. */
  private install(segment: Segment, records: readonly LogRecord[]): number {
    let accepted = 0;
    for (let i = 0; i < records.length; i++) if (segment.accept(records[i]!)) accepted++;
    if (segment.advance()) this.trace.emit('scl', segment.pg, segment.index, segment.scl);
    return accepted;
  }

  /**
   * After records nobody waits to hear about (a gossip fill, or a write fenced while in
   * flight): if the SCL moved from `before`, the current writer is told unasked. Otherwise a
   * writer with nothing more to send to this PG (one in its recovery's repair step, waiting
   * for this segment) would never learn that the gap closed. A fenced writer gets nothing.
   */
  private reportIfMoved(segment: Segment, before: number): void {
    if (segment.scl !== before) this.ack(segment, this.writerHost, segment.volume.epoch);
  }

  private ack(segment: Segment, to: number, epoch: number): void {
    const ack: WriteAck = {
      type: 'ack', pg: segment.pg, segment: segment.index, scl: segment.scl, epoch, membershipEpoch: segment.membership.epoch,
    };
    this.net.send(this.host, to, FIXED_BYTES.ack, ack);
  }

  /** I/O detail: the acknowledgement of a write, named by its last record (the storage's only name for it). */
  private traceAck(segment: Segment, records: readonly LogRecord[]): void {
    this.trace.emitDetail('ack.send', this.host, segment.pg, segment.index, records.at(-1)?.lsn ?? 0, segment.scl);
  }

  private replyRecoveryInfo(segment: Segment, to: number): void {
    const records = segment.headersAboveHint();
    const info: RecoveryInfo = {
      type: 'recovery-info', pg: segment.pg, segment: segment.index, epoch: segment.volume.epoch, intact: segment.intact,
      membershipEpoch: segment.membership.epoch,
      scl: segment.scl, vdlHint: segment.vdlHint, lastAtOrBelowHint: segment.lastAtOrBelowHint(), records,
    };
    this.net.send(this.host, to, FIXED_BYTES['recovery-info'] + RECOVERY_HEADER_BYTES * records.length, info);
  }

  private recordBytes(records: readonly LogRecord[]): number {
    return records.length * this.options.recordWireBytes;
  }
}
