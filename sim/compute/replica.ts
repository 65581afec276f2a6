/**
 * A read replica: applies the writer's redo stream to its view, never past the VDL it has
 * been told (A17 §4.2.4 rule (a); A18 §3.3's "above the VDL" is a typo, erratum E2), in LSN
 * order and whole MTRs at a time (VDL is always an MTR boundary), and records replica lag:
 * the time from the writer's commit acknowledgement to the commit becoming visible here.
 *
 * Not modelled: the replica's buffer cache (records for uncached pages would be discarded;
 * the count of applied records is the same either way), reads, undo and read views.
 */
import type { Trace } from '../core/trace.ts';
import type { Loop } from '../core/loop.ts';
import type { Network } from '../net/network.ts';
import type { ReplicationChunk } from '../protocol/messages.ts';
import { Samples } from '../metrics/samples.ts';

export class Replica {
  readonly id: number;
  readonly lagUs = new Samples();
  vdl = 0;
  applied = 0;
  private nextSequence = 0;
  private readonly early = new Map<number, ReplicationChunk>();
  /** Records received but above the known VDL; in LSN order. */
  private pendingLsns: number[] = [];
  private pendingHead = 0;
  /** (commit LSN, acknowledgement time) pairs not yet visible, flattened. */
  private commits: number[] = [];
  private commitHead = 0;
  private readonly loop: Loop;
  private readonly trace: Trace;

  constructor(id: number, host: number, loop: Loop, trace: Trace, net: Network) {
    this.id = id;
    this.loop = loop;
    this.trace = trace;
    net.attach(host, this.onMessage);
  }

  private readonly onMessage = (chunk: ReplicationChunk): void => {
    if (chunk.sequence !== this.nextSequence) {
      this.early.set(chunk.sequence, chunk);
      return;
    }
    this.take(chunk);
    let next = this.early.get(this.nextSequence);
    while (next !== undefined) {
      this.early.delete(next.sequence);
      this.take(next);
      next = this.early.get(this.nextSequence);
    }
  };

  private take(chunk: ReplicationChunk): void {
    this.nextSequence++;
    for (const record of chunk.records) this.pendingLsns.push(record.lsn);
    for (const value of chunk.commits) this.commits.push(value);
    if (chunk.vdl > this.vdl) this.apply(chunk.vdl);
  }

  private apply(vdl: number): void {
    this.vdl = vdl;
    while (this.pendingHead < this.pendingLsns.length && this.pendingLsns[this.pendingHead]! <= vdl) {
      this.pendingHead++;
      this.applied++;
    }
    while (this.commitHead < this.commits.length && this.commits[this.commitHead]! <= vdl) {
      this.lagUs.add(this.loop.now - this.commits[this.commitHead + 1]!);
      this.commitHead += 2;
    }
    this.compact();
    this.trace.emit('replica.vdl', this.id, vdl);
  }

  private compact(): void {
    if (this.pendingHead > 4096 && this.pendingHead * 2 > this.pendingLsns.length) {
      this.pendingLsns = this.pendingLsns.slice(this.pendingHead);
      this.pendingHead = 0;
    }
    if (this.commitHead > 4096 && this.commitHead * 2 > this.commits.length) {
      this.commits = this.commits.slice(this.commitHead);
      this.commitHead = 0;
    }
  }
}
