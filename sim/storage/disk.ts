/**
 * A storage node's local SSD: each durable write (one batch) takes a latency drawn from the
 * scenario's distribution; at most `queueDepth` writes are in service at once and the rest
 * wait in FIFO order. With light load this is an infinite-server disk (latencies are
 * independent draws), and under load it queues, which is how a busy node turns into the slow
 * member that the 4/6 quorum hides (A17 §3.3).
 *
 * Faults: a slowdown (gray failure) multiplies the latency of every write *started* while it
 * is active by the product of the active factors, rounded to whole µs; writes already in
 * service keep their latency. `crash()` forgets every queued and in-service write: their
 * completions never fire (the process that waited for them is gone). A completion carries the
 * generation of the disk it was started on, through the callback it was scheduled with, so a
 * stale one is recognised without any per-write bookkeeping.
 *
 * A disk may be watched (`DiskWatch`, for a run's I/O detail): told when a write enters service,
 * completes or is lost, and of every change of its queue. Unwatched, it tests one field.
 *
 * Not modelled: latency that depends on write size, write amplification of background work,
 * torn or misdirected writes.
 */
import { assert } from '../core/assert.ts';
import type { Loop } from '../core/loop.ts';

export interface DiskJob {
  /** Called when the write is durable. */
  readonly done: (job: DiskJob) => void;
}

/** What a watched disk reports; it only reads (nothing it is told changes the disk). */
export interface DiskWatch {
  /** `job` entered service, the disk's `write`th write to do so. */
  started(job: DiskJob, write: number): void;
  /** `job` is durable (said before the next write starts in its slot). */
  done(job: DiskJob): void;
  /** Writes waiting for a slot and writes in service, after any change. */
  queue(waiting: number, inService: number): void;
  /** A crash dropped `writes`, in service or waiting: none of them completes. */
  lost(writes: number): void;
}

/** The most a disk's latency is multiplied by, whatever the slowdowns active. */
const MAX_SLOWDOWN = 1e6;

export class Disk {
  writes = 0;
  private inService = 0;
  private readonly waiting: DiskJob[] = [];
  private waitingHead = 0;
  private readonly loop: Loop;
  private readonly latency: () => number;
  private readonly queueDepth: number;
  /** Bumped by every crash; completions of older generations are ignored. */
  private generation = 0;
  private complete: (job: DiskJob) => void;
  /** Product of the active slowdown factors (1 when none). */
  private factor = 1;
  private readonly slowdowns = new Map<number, number>();
  private nextSlowdown = 1;
  private readonly watch: DiskWatch | undefined;

  constructor(loop: Loop, latency: () => number, queueDepth: number, watch?: DiskWatch) {
    this.loop = loop;
    this.latency = latency;
    this.queueDepth = queueDepth;
    this.watch = watch;
    this.complete = this.completer(0);
  }

  /** Writes waiting for a free slot (not yet in service). */
  get queued(): number {
    return this.waiting.length - this.waitingHead;
  }

  write(job: DiskJob): void {
    if (this.inService < this.queueDepth) this.start(job);
    else this.waiting.push(job);
    if (this.watch !== undefined) this.watch.queue(this.queued, this.inService);
  }

  /** Multiplies the latency of writes started from now on by `factor` (> 0); returns a handle. */
  addSlowdown(factor: number): number {
    assert(factor > 0 && Number.isFinite(factor), `disk: bad slowdown factor ${factor}`);
    const handle = this.nextSlowdown++;
    this.slowdowns.set(handle, factor);
    this.factor = this.product();
    return handle;
  }

  /** Ends the slowdown `handle`; writes already started keep their latency. */
  removeSlowdown(handle: number): void {
    assert(this.slowdowns.delete(handle), `disk: no slowdown ${handle}`);
    this.factor = this.product();
  }

  /** Drops every queued and in-service write; none of their `done` callbacks will run. */
  crash(): void {
    const lost = this.inService + this.queued;
    this.generation++;
    this.complete = this.completer(this.generation);
    this.inService = 0;
    this.waiting.length = 0;
    this.waitingHead = 0;
    if (this.watch === undefined) return;
    this.watch.lost(lost);
    this.watch.queue(0, 0);
  }

  private start(job: DiskJob): void {
    this.inService++;
    this.writes++;
    if (this.watch !== undefined) this.watch.started(job, this.writes);
    const latency = this.latency();
    this.loop.after(this.factor === 1 ? latency : Math.floor(latency * this.factor + 0.5), this.complete, job);
  }

  /** Recomputed from the active factors, so that removing one leaves no rounding residue. */
  private product(): number {
    let product = 1;
    for (const factor of this.slowdowns.values()) product *= factor;
    // Overlapping slowdowns multiply; past a million the disk is as good as stopped, and an
    // uncapped product would push write completions past the largest time the loop holds.
    if (product > MAX_SLOWDOWN) product = MAX_SLOWDOWN;
    return product;
  }

  private completer(generation: number): (job: DiskJob) => void {
    return (job) => {
      if (generation !== this.generation) return;
      this.inService--;
      const watch = this.watch;
      if (watch !== undefined) watch.done(job);
      if (this.waitingHead < this.waiting.length) {
        const next = this.waiting[this.waitingHead++]!;
        if (this.waitingHead === this.waiting.length) {
          this.waiting.length = 0;
          this.waitingHead = 0;
        }
        this.start(next);
      }
      if (watch !== undefined) watch.queue(this.queued, this.inService);
      job.done(job);
    };
  }
}
