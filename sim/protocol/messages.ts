/**
 * The wire vocabulary between compute and storage, and among storage peers
 * (research/aurora-protocol.md §14.1). Messages are plain immutable objects; `net` carries
 * them without looking inside.
 */
import type { LogRecord } from './log-record.ts';

/** writer -> every segment of a PG: a boxcar of records of that PG. */
export interface WriteBatch {
  readonly type: 'write';
  readonly pg: number;
  readonly records: readonly LogRecord[];
}

/** segment -> writer: acknowledges a persisted batch with the segment's SCL (A18 §2.3). */
export interface WriteAck {
  readonly type: 'ack';
  readonly pg: number;
  readonly segment: number;
  readonly scl: number;
}

/** segment -> peer of the same PG: "here is my SCL, send what I miss" (A17 §3.3 step 4). */
export interface GossipPull {
  readonly type: 'gossip-pull';
  readonly pg: number;
  readonly segment: number;
  readonly scl: number;
  readonly maxRecords: number;
}

/** peer -> segment: the peer's SCL and the records above the requester's SCL it holds. */
export interface GossipPush {
  readonly type: 'gossip-push';
  readonly pg: number;
  readonly segment: number;
  readonly scl: number;
  readonly records: readonly LogRecord[];
}

/** writer -> replica: MTR-whole records, the latest VDL and commit notices (A18 §3.4). */
export interface ReplicationChunk {
  readonly type: 'replication';
  /** Position in the stream; a replica applies chunks in this order. */
  readonly sequence: number;
  readonly records: readonly LogRecord[];
  readonly vdl: number;
  /** Pairs of (commit LSN, writer's acknowledgement time µs), flattened. */
  readonly commits: readonly number[];
}

export type StorageMessage = WriteBatch | GossipPull | GossipPush;
export type WriterMessage = WriteAck;
export type ReplicaMessage = ReplicationChunk;
export type Message = StorageMessage | WriterMessage | ReplicaMessage;
