/**
 * The writer's redo stream to read replicas (A17 §4.2.4, A18 §3.3-3.4): the same records it
 * ships to storage, in whole MTRs, plus VDL updates and commit notices, since the redo alone
 * cannot tell a replica what is durable.
 *
 * A chunk goes out whenever VDL moves, carrying every record allocated since the last chunk;
 * chunks of one replica's stream are numbered so the replica applies them in order (the
 * stream is modelled as an ordered channel, as a TCP connection would be). Replicas play no
 * part in commit (A18 §3.2).
 */
import type { Loop } from '../core/loop.ts';
import type { Network } from '../net/network.ts';
import type { LogRecord } from '../protocol/log-record.ts';
import type { ReplicationChunk } from '../protocol/messages.ts';

export interface ReplicationStreamOptions {
  readonly writerHost: number;
  readonly replicaHosts: readonly number[];
  readonly recordHeaderBytes: number;
}

export class ReplicationStream {
  chunks = 0;
  private records: LogRecord[] = [];
  private recordBytes = 0;
  private commits: number[] = [];
  private vdl = 0;
  private sequence = 0;
  private scheduled = false;
  private readonly loop: Loop;
  private readonly net: Network;
  private readonly options: ReplicationStreamOptions;

  constructor(loop: Loop, net: Network, options: ReplicationStreamOptions) {
    this.loop = loop;
    this.net = net;
    this.options = options;
  }

  addRecord(record: LogRecord): void {
    if (this.options.replicaHosts.length === 0) return;
    this.records.push(record);
    this.recordBytes += record.bytes + this.options.recordHeaderBytes;
  }

  commitAcknowledged(lsn: number): void {
    if (this.options.replicaHosts.length === 0) return;
    this.commits.push(lsn, this.loop.now);
  }

  /** Schedules one chunk for everything that happened at this instant. */
  vdlMoved(vdl: number): void {
    if (this.options.replicaHosts.length === 0) return;
    this.vdl = vdl;
    if (this.scheduled) return;
    this.scheduled = true;
    this.loop.after(0, this.flush);
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const chunk: ReplicationChunk = {
      type: 'replication', sequence: this.sequence++, records: this.records, vdl: this.vdl, commits: this.commits,
    };
    const bytes = this.recordBytes + 8 + 8 * this.commits.length;
    this.records = [];
    this.recordBytes = 0;
    this.commits = [];
    this.chunks++;
    for (const replica of this.options.replicaHosts) this.net.send(this.options.writerHost, replica, bytes, chunk);
  };
}
