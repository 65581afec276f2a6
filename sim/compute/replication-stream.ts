/**
 * The writer's redo stream to read replicas (A17 §4.2.4, A18 §3.3-3.4): the same records it
 * ships to storage, in whole MTRs, plus VDL updates and commit notices, since the redo alone
 * cannot tell a replica what is durable.
 *
 * A chunk goes out whenever VDL moves, carrying every record allocated since the last chunk;
 * chunks are numbered within the writer's epoch so a replica applies them in order (the
 * stream is an ordered channel, as a TCP connection would be, though a lost chunk is not
 * resent: a replica moves past it and reads what it missed from storage, replica.ts). A replica added while the stream runs starts at `position`. When
 * nothing has been sent for a heartbeat interval, an empty chunk goes out: replicas detect a
 * lost writer by its silence. A writer that takes a new epoch (its recovery gave up) starts the
 * stream over in it (`newEpoch`). Replicas play no part in commit (A18 §3.2).
 */
import type { Loop } from '../core/loop.ts';
import type { Network } from '../net/network.ts';
import type { LogRecord } from '../protocol/log-record.ts';
import type { ReplicationChunk } from '../protocol/messages.ts';
import { FIXED_BYTES, REPLICATION_COMMIT_BYTES } from '../protocol/wire-size.ts';

export interface ReplicationStreamOptions {
  readonly writerHost: number;
  /** The writer's volume epoch when it starts (`newEpoch` follows it after). */
  readonly epoch: number;
  /** Current replica hosts (they change with failovers and restarts). */
  readonly replicaHosts: () => readonly number[];
  /** Wire bytes of one record: its payload and its header (`RECORD_HEADER_BYTES`). */
  readonly recordWireBytes: number;
  readonly heartbeatInterval: number;
}

/** Where a writer's stream stands: its epoch and the sequence number of its next chunk. */
export interface StreamPosition {
  readonly epoch: number;
  readonly sequence: number;
}

export class ReplicationStream {
  chunks = 0;
  private records: LogRecord[] = [];
  private recordBytes = 0;
  /** (commit LSN, acknowledgement time) pairs, flattened: two slots per commit notice. */
  private commits: number[] = [];
  private vdl = 0;
  private epoch: number;
  private sequence = 0;
  private scheduled = false;
  private lastSentAt = 0;
  private stopped = false;
  private readonly loop: Loop;
  private readonly net: Network;
  private readonly options: ReplicationStreamOptions;

  constructor(loop: Loop, net: Network, options: ReplicationStreamOptions) {
    this.loop = loop;
    this.net = net;
    this.options = options;
    this.epoch = options.epoch;
    loop.after(options.heartbeatInterval, this.onHeartbeat);
  }

  /** The next chunk's place: a replica added now receives chunks from it on (replica.ts). */
  get position(): StreamPosition {
    return { epoch: this.epoch, sequence: this.sequence };
  }

  /**
   * The writer took a new volume epoch (its recovery gave up and it recovers again): the stream
   * starts over in it at chunk 0, as a new writer's would. Replicas report the epoch they hear
   * when the writer falls silent, and the control plane acts only on its current one.
   */
  newEpoch(epoch: number): void {
    this.epoch = epoch;
    this.sequence = 0;
  }

  addRecord(record: LogRecord): void {
    this.records.push(record);
    this.recordBytes += this.options.recordWireBytes;
  }

  commitAcknowledged(lsn: number): void {
    this.commits.push(lsn, this.loop.now);
  }

  /** Schedules one chunk for everything that happened at this instant. */
  vdlMoved(vdl: number): void {
    this.vdl = vdl;
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    this.loop.after(0, this.flush);
  }

  stop(): void {
    this.stopped = true;
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    if (this.stopped) return;
    const chunk: ReplicationChunk = {
      type: 'replication', epoch: this.epoch, sequence: this.sequence++, records: this.records, vdl: this.vdl,
      commits: this.commits,
    };
    // A notice weighs its LSN only: the acknowledgement time rides along for the replica's
    // lag measurement (wire-size.ts).
    const bytes = this.recordBytes + FIXED_BYTES.replication + REPLICATION_COMMIT_BYTES * (this.commits.length / 2);
    this.records = [];
    this.recordBytes = 0;
    this.commits = [];
    this.chunks++;
    this.lastSentAt = this.loop.now;
    for (const replica of this.options.replicaHosts()) this.net.send(this.options.writerHost, replica, bytes, chunk);
  };

  private readonly onHeartbeat = (): void => {
    if (this.stopped) return;
    if (this.loop.now - this.lastSentAt >= this.options.heartbeatInterval && !this.scheduled) this.flush();
    this.loop.after(this.options.heartbeatInterval, this.onHeartbeat);
  };
}
