/**
 * The wire vocabulary between compute and storage, and among storage peers
 * (PROTOCOL.md §14.1). Messages are plain immutable objects; `net` carries
 * them without looking inside.
 */
import type { LogRecord } from './log-record.ts';

/**
 * The volume's durable control state that travels with requests: the volume epoch and every
 * truncation range written by a recovery (A17 §4.3, A18 §2.4). A segment that sees a newer
 * one adopts it (PROTOCOL.md §14.3 item 8: it learns from the request that
 * carries it), so a segment that was down during a recovery still applies its truncation.
 */
export interface VolumeState {
  readonly epoch: number;
  /** Truncation ranges (from, to], flattened as [from1, to1, from2, to2, ...], oldest first. */
  readonly truncations: readonly number[];
}

/**
 * A PG's membership as requests carry it (A18 §4.1: every read, write and gossip request
 * carries the sender's membership epoch): the epoch and the slots writes go to. A segment
 * adopts a newer one and refuses requests from an older one.
 */
export interface MembershipStamp {
  readonly epoch: number;
  /** Every slot of every member set, as a mask. */
  readonly members: number;
}

/** writer -> every segment of a PG: a boxcar of records of that PG. */
export interface WriteBatch {
  readonly type: 'write';
  readonly pg: number;
  readonly records: readonly LogRecord[];
  readonly volume: VolumeState;
  /** The writer's VDL when it sent the batch: storage coalesces only below it (a PGMRPL bound). */
  readonly vdl: number;
  readonly membership: MembershipStamp;
}

/** segment -> writer: acknowledges a persisted batch with the segment's SCL (A18 §2.3). */
export interface WriteAck {
  readonly type: 'ack';
  readonly pg: number;
  readonly segment: number;
  readonly scl: number;
  /** The volume epoch of the request acknowledged (the segment's own, for an unasked report). */
  readonly epoch: number;
  /** The PG membership epoch the segment knew (A18 §4.1): tells a slot's occupants apart. */
  readonly membershipEpoch: number;
}

/** segment -> writer: the request carried a stale volume epoch (fenced, A18 §2.4). */
export interface Reject {
  readonly type: 'reject';
  readonly pg: number;
  readonly segment: number;
  readonly epoch: number;
}

/**
 * recovering writer -> every segment: install `volume` (its new epoch fences every older
 * writer once a write quorum of the PG holds it), then report what you hold above `above`.
 */
export interface RecoveryQuery {
  readonly type: 'recovery-query';
  readonly pg: number;
  readonly volume: VolumeState;
  readonly membership: MembershipStamp;
}

/** A record's identity without its payload, as recovery needs it. */
export interface RecordHeader {
  readonly lsn: number;
  readonly cpl: boolean;
}

/** segment -> recovering writer, after the new epoch is durable on the segment. */
export interface RecoveryInfo {
  readonly type: 'recovery-info';
  readonly pg: number;
  readonly segment: number;
  readonly epoch: number;
  /**
   * False if the segment lost its data or is a new segment still waiting for its copy: its
   * answer fences (it holds the new epoch) but says nothing about what the PG holds.
   */
  readonly intact: boolean;
  /** The PG membership epoch the segment knew: tells a slot's occupants apart. */
  readonly membershipEpoch: number;
  readonly scl: number;
  /** Highest VDL the segment was told: everything at or below it was durable volume-wide. */
  readonly vdlHint: number;
  /** The segment's highest record at or below `vdlHint`. */
  readonly lastAtOrBelowHint: number;
  /** Headers of the chained records in (vdlHint, scl], in LSN order. */
  readonly records: readonly RecordHeader[];
}

/** recovering writer -> every segment: the truncation is durable once a write quorum acks it. */
export interface TruncateRequest {
  readonly type: 'truncate';
  readonly pg: number;
  readonly volume: VolumeState;
  /** The recovered VDL: storage may coalesce up to it. */
  readonly vdl: number;
  readonly membership: MembershipStamp;
}

/** segment -> peer of the same PG: "here is my SCL, send what I miss" (A17 §3.3 step 4). */
export interface GossipPull {
  readonly type: 'gossip-pull';
  readonly pg: number;
  readonly segment: number;
  readonly scl: number;
  readonly maxRecords: number;
  readonly volume: VolumeState;
  readonly membership: MembershipStamp;
}

/** peer -> segment: the peer's SCL and the records above the requester's SCL it holds. */
export interface GossipPush {
  readonly type: 'gossip-push';
  readonly pg: number;
  readonly segment: number;
  readonly scl: number;
  readonly records: readonly LogRecord[];
  readonly volume: VolumeState;
  readonly membership: MembershipStamp;
}

/** writer -> replica: MTR-whole records, the latest VDL and commit notices (A18 §3.4). */
export interface ReplicationChunk {
  readonly type: 'replication';
  /** Volume epoch of the sending writer: a higher one starts a new stream. */
  readonly epoch: number;
  /** Position in the stream; a replica applies chunks in this order. */
  readonly sequence: number;
  readonly records: readonly LogRecord[];
  readonly vdl: number;
  /** Pairs of (commit LSN, writer's acknowledgement time µs), flattened. */
  readonly commits: readonly number[];
}

/** new segment -> a peer: send me your state (repair, A17 §2.2 and A18 §4.2). */
export interface HydrateRequest {
  readonly type: 'hydrate-request';
  readonly pg: number;
  readonly segment: number;
  /** Which of the new segment's requests this is. */
  readonly attempt: number;
}

/** peer -> new segment: "I have no copy to give" (my data is lost, or I am waiting for a copy too). */
export interface HydrateRefused {
  readonly type: 'hydrate-refused';
  readonly pg: number;
  readonly segment: number;
  readonly attempt: number;
}

/** peer -> new segment, once the segment's bytes have been copied at the repair bandwidth. */
export interface HydrateSnapshot {
  readonly type: 'hydrate-snapshot';
  readonly pg: number;
  /** The slot of the new segment it is for (a slot reused since must not take it). */
  readonly segment: number;
  readonly scl: number;
  /** The peer's records above its last coalesced LSN, in LSN order. */
  readonly records: readonly LogRecord[];
  readonly coalescedThrough: number;
  readonly vdlHint: number;
  readonly volume: VolumeState;
  readonly membership: MembershipStamp;
}

export type StorageMessage =
  | WriteBatch | GossipPull | GossipPush | RecoveryQuery | TruncateRequest | HydrateRequest | HydrateSnapshot | HydrateRefused;
export type WriterMessage = WriteAck | Reject | RecoveryInfo;
export type ReplicaMessage = ReplicationChunk;
export type Message = StorageMessage | WriterMessage | ReplicaMessage;
