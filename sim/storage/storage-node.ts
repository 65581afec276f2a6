/**
 * A storage node: hosts segments of many protection groups, persists what the writer ships,
 * acknowledges with each segment's SCL, and gossips with peer segments to fill gaps
 * (A17 §3.3 steps 1-5; research/aurora-protocol.md §6).
 *
 * Storage has no vote (A18 §2.3): every write batch is persisted and acknowledged; a record
 * already held is not written twice. Only steps 1-2 (receive, persist + ack) sit on the
 * commit path; gap filling and coalescing run on a per-segment gossip timer.
 *
 * Not modelled yet: epochs and fencing, truncation ranges, reads, throttling of intake when
 * background work falls behind (step 9).
 */
import type { Loop } from '../core/loop.ts';
import type { Rng } from '../core/rng.ts';
import type { Trace } from '../core/trace.ts';
import type { Network } from '../net/network.ts';
import type { LogRecord } from '../protocol/log-record.ts';
import type { GossipPull, GossipPush, StorageMessage, WriteAck, WriteBatch } from '../protocol/messages.ts';
import type { Topology } from '../topology/topology.ts';
import { Disk, type DiskJob } from './disk.ts';
import { Segment } from './segment.ts';

export interface StorageNodeOptions {
  readonly diskLatency: () => number;
  readonly diskQueueDepth: number;
  /** Gossip period of each segment, µs. */
  readonly gossipInterval: number;
  readonly gossipMaxRecords: number;
  /** Bytes of a record's header on the wire besides its payload (LSN, backlinks, flags). */
  readonly recordHeaderBytes: number;
}

interface PersistJob extends DiskJob {
  readonly segment: Segment;
  readonly records: readonly LogRecord[];
  /** Host to acknowledge to, or -1 for a gossip fill (no acknowledgement). */
  readonly ackTo: number;
}

export class StorageNode {
  readonly host: number;
  readonly disk: Disk;
  gossipRecordsFilled = 0;
  private readonly segments: (Segment | undefined)[] = [];
  private readonly loop: Loop;
  private readonly rng: Rng;
  private readonly trace: Trace;
  private readonly net: Network;
  private readonly topology: Topology;
  private readonly options: StorageNodeOptions;

  constructor(loop: Loop, rng: Rng, trace: Trace, net: Network, topology: Topology, host: number, options: StorageNodeOptions) {
    this.loop = loop;
    this.rng = rng;
    this.trace = trace;
    this.net = net;
    this.topology = topology;
    this.host = host;
    this.options = options;
    this.disk = new Disk(loop, options.diskLatency, options.diskQueueDepth);
    net.attach(host, this.onMessage);
  }

  /** Places segment `index` of `pg` on this node and starts its gossip timer. */
  addSegment(pg: number, index: number): Segment {
    const segment = new Segment(pg, index, this.topology.segmentsPerPg);
    this.segments[pg] = segment;
    const phase = this.rng.fork(`gossip/pg-${pg}/segment-${index}`).int(this.options.gossipInterval);
    this.loop.after(phase + 1, this.onGossipTick, segment);
    return segment;
  }

  allSegments(): Segment[] {
    return this.segments.filter((s): s is Segment => s !== undefined);
  }

  private readonly onMessage = (message: StorageMessage, from: number): void => {
    switch (message.type) {
      case 'write': return this.onWrite(message, from);
      case 'gossip-pull': return this.onGossipPull(message, from);
      case 'gossip-push': return this.onGossipPush(message);
    }
  };

  private onWrite(batch: WriteBatch, from: number): void {
    const segment = this.segments[batch.pg]!;
    this.disk.write(this.persistJob(segment, batch.records, from));
  }

  private persistJob(segment: Segment, records: readonly LogRecord[], ackTo: number): PersistJob {
    return { done: this.onPersisted, segment, records, ackTo };
  }

  private readonly onPersisted = (job: DiskJob): void => {
    const { segment, records, ackTo } = job as PersistJob;
    let accepted = 0;
    for (let i = 0; i < records.length; i++) if (segment.accept(records[i]!)) accepted++;
    const moved = segment.advance();
    if (moved) this.trace.emit('scl', segment.pg, segment.index, segment.scl);
    if (ackTo < 0 && accepted > 0) {
      this.gossipRecordsFilled += accepted;
      this.trace.emit('gossip.fill', segment.pg, segment.index, accepted);
    }
    // A gossip fill that moves the SCL is reported to the writer unasked: otherwise a writer
    // with nothing more to send to this PG would never learn that the gap closed.
    if (ackTo >= 0 || moved) {
      const ack: WriteAck = { type: 'ack', pg: segment.pg, segment: segment.index, scl: segment.scl };
      this.net.send(this.host, ackTo >= 0 ? ackTo : this.topology.writer.id, 16, ack);
    }
  };

  /**
   * Each tick: coalesce what every member holds, then exchange SCLs with the next peer,
   * asking it for records only if this segment's SCL is stalled.
   */
  private readonly onGossipTick = (segment: Segment): void => {
    segment.coalesce();
    const maxRecords = segment.stalled ? this.options.gossipMaxRecords : 0;
    segment.sclAtLastTick = segment.scl;
    const members = this.topology.segmentsPerPg;
    segment.gossipCursor = (segment.gossipCursor + 1) % (members - 1);
    const peer = (segment.index + 1 + segment.gossipCursor) % members;
    const pull: GossipPull = {
      type: 'gossip-pull', pg: segment.pg, segment: segment.index, scl: segment.scl, maxRecords,
    };
    this.net.send(this.host, this.topology.nodeOf(segment.pg, peer), 24, pull);
    this.loop.after(this.options.gossipInterval, this.onGossipTick, segment);
  };

  private onGossipPull(pull: GossipPull, from: number): void {
    const segment = this.segments[pull.pg]!;
    if (pull.scl > segment.peerScl[pull.segment]!) segment.peerScl[pull.segment] = pull.scl;
    const records = pull.maxRecords > 0 ? segment.recordsAbove(pull.scl, pull.maxRecords) : [];
    const push: GossipPush = { type: 'gossip-push', pg: pull.pg, segment: segment.index, scl: segment.scl, records };
    this.net.send(this.host, from, 24 + this.recordBytes(records), push);
  }

  private onGossipPush(push: GossipPush): void {
    const segment = this.segments[push.pg]!;
    if (push.scl > segment.peerScl[push.segment]!) segment.peerScl[push.segment] = push.scl;
    const fresh = push.records.filter((record) => segment.isNew(record));
    if (fresh.length > 0) this.disk.write(this.persistJob(segment, fresh, -1));
  }

  private recordBytes(records: readonly LogRecord[]): number {
    let bytes = 0;
    for (const record of records) bytes += record.bytes + this.options.recordHeaderBytes;
    return bytes;
  }
}
