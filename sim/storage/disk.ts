/**
 * A storage node's local SSD: each durable write (one batch) takes a latency drawn from the
 * scenario's distribution; at most `queueDepth` writes are in service at once and the rest
 * wait in FIFO order. With light load this is an infinite-server disk (latencies are
 * independent draws), and under load it queues, which is how a busy node turns into the slow
 * member that the 4/6 quorum hides (A17 §3.3).
 *
 * Not modelled: latency that depends on write size, write amplification of background work.
 */
import type { Loop } from '../core/loop.ts';

export interface DiskJob {
  /** Called when the write is durable. */
  readonly done: (job: DiskJob) => void;
}

export class Disk {
  writes = 0;
  private inService = 0;
  private readonly waiting: DiskJob[] = [];
  private waitingHead = 0;
  private readonly loop: Loop;
  private readonly latency: () => number;
  private readonly queueDepth: number;

  constructor(loop: Loop, latency: () => number, queueDepth: number) {
    this.loop = loop;
    this.latency = latency;
    this.queueDepth = queueDepth;
  }

  write(job: DiskJob): void {
    if (this.inService < this.queueDepth) this.start(job);
    else this.waiting.push(job);
  }

  private start(job: DiskJob): void {
    this.inService++;
    this.writes++;
    this.loop.after(this.latency(), this.complete, job);
  }

  private readonly complete = (job: DiskJob): void => {
    this.inService--;
    if (this.waitingHead < this.waiting.length) {
      const next = this.waiting[this.waitingHead++]!;
      if (this.waitingHead === this.waiting.length) {
        this.waiting.length = 0;
        this.waitingHead = 0;
      }
      this.start(next);
    }
    job.done(job);
  };
}
