/**
 * The writer instance's log path: LSN allocation under the LAL bound, shipping through the
 * storage driver, acknowledgement bookkeeping, the consistency points and asynchronous commit
 * (research/aurora-protocol.md §2-§4).
 *
 * - Each MTR gets a contiguous LSN range, allocated only if its last LSN <= VDL + LAL;
 *   otherwise allocation stalls (back-pressure, A17 §4.2.1) until VDL moves.
 * - Each ack carries a segment's SCL; the writer keeps the latest per segment and recomputes
 *   that PG's PGCL, then VCL and VDL, locally and with no consensus (A18 §2.3).
 * - A commit is acknowledged when VDL >= its commit LSN (A17 §4.2.2; E3 in §11: VDL, not VCL,
 *   which agree because a commit record is a CPL). No group-commit timer: acknowledgements go
 *   out in the same event that moved VDL.
 *
 * `bugs` deliberately break the protocol; negative scenarios use them to prove the checkers
 * fire. Not modelled here yet: reads and the buffer cache, epochs, recovery, writer CPU cost.
 */
import type { Loop } from '../core/loop.ts';
import type { Trace } from '../core/trace.ts';
import type { Network } from '../net/network.ts';
import type { WriterMessage } from '../protocol/messages.ts';
import type { LogRecord } from '../protocol/log-record.ts';
import { protectionGroupCompleteLsn, VolumeProgress } from '../quorum/consistency-points.ts';
import type { QuorumSystem } from '../quorum/quorum-system.ts';
import type { Topology } from '../topology/topology.ts';
import type { ReplicationStream } from './replication-stream.ts';
import type { StorageDriver } from './storage-driver.ts';
import type { CommitListener, Transaction } from './transaction.ts';

/** Deliberate protocol defects, for negative scenarios. */
export type WriterBug =
  /** VDL follows VCL even where VCL is not an MTR boundary. */
  | 'vdl-ignores-cpl'
  /** LSNs are allocated without the LAL bound. */
  | 'ignore-lal'
  /** A commit is acknowledged once its own PG holds it, ignoring earlier LSNs elsewhere. */
  | 'commit-on-own-pg'
  /** PGCL is taken from the latest acknowledgement alone, so it can move backwards. */
  | 'pgcl-from-last-ack';

export interface WriterOptions {
  readonly lal: number;
  readonly recordsPerMtr: number;
  readonly recordBytes: number;
  readonly pages: number;
  readonly bugs: readonly WriterBug[];
}

export class Writer {
  /** Next LSN to allocate; LSNs start at 1 and 0 means "nothing". */
  nextLsn = 1;
  readonly progress = new VolumeProgress();
  readonly pgcl: Float64Array;
  private readonly sclKnown: Float64Array;
  private readonly lastLsnOfPg: Float64Array;
  /** Transactions waiting for LSNs, and how many of their records already got one. */
  private readonly waiting: Transaction[] = [];
  private waitingHead = 0;
  private allocatedOfHead = 0;
  private stalled = false;
  /** Commits waiting for VDL, in LSN order: parallel arrays. */
  private readonly commitLsns: number[] = [];
  private readonly commitTxns: Transaction[] = [];
  private commitHead = 0;
  private readonly bug: ReadonlySet<WriterBug>;
  private readonly loop: Loop;
  private readonly trace: Trace;
  private readonly topology: Topology;
  private readonly quorum: QuorumSystem;
  private readonly driver: StorageDriver;
  private readonly replication: ReplicationStream;
  private readonly onCommit: CommitListener;
  private readonly options: WriterOptions;

  constructor(
    ports: { loop: Loop; trace: Trace; net: Network; topology: Topology; quorum: QuorumSystem;
      driver: StorageDriver; replication: ReplicationStream; onCommit: CommitListener },
    options: WriterOptions,
  ) {
    this.loop = ports.loop;
    this.trace = ports.trace;
    this.topology = ports.topology;
    this.quorum = ports.quorum;
    this.driver = ports.driver;
    this.replication = ports.replication;
    this.onCommit = ports.onCommit;
    this.options = options;
    this.bug = new Set(options.bugs);
    const pgs = this.topology.protectionGroups;
    this.pgcl = new Float64Array(pgs);
    this.lastLsnOfPg = new Float64Array(pgs);
    this.sclKnown = new Float64Array(pgs * this.topology.segmentsPerPg);
    ports.net.attach(this.topology.writer.id, this.onMessage);
  }

  get vdl(): number {
    return this.progress.vdl;
  }

  get vcl(): number {
    return this.progress.vcl;
  }

  /** Commits acknowledged so far wait no more; this many still wait for VDL. */
  get commitsWaiting(): number {
    return this.commitLsns.length - this.commitHead;
  }

  submit(txn: Transaction): void {
    this.trace.emit('txn.submit', txn.id);
    this.waiting.push(txn);
    if (!this.stalled) this.allocate();
  }

  /** PG of a page: PGs cover contiguous page ranges (10 GB of blocks each, A18 §2.1). */
  pgOfPage(page: number): number {
    return Math.floor((page * this.topology.protectionGroups) / this.options.pages);
  }

  /** Allocates LSNs MTR by MTR, in submission order, until done or the LAL bound stops it. */
  private allocate(): void {
    const perMtr = this.options.recordsPerMtr;
    while (this.waitingHead < this.waiting.length) {
      const txn = this.waiting[this.waitingHead]!;
      const total = txn.pages.length + 1;
      const count = Math.min(perMtr, total - this.allocatedOfHead);
      const last = this.nextLsn + count - 1;
      if (last > this.progress.vdl + this.options.lal && !this.bug.has('ignore-lal')) {
        if (!this.stalled) this.trace.emit('lal.stall', last, this.progress.vdl);
        this.stalled = true;
        return;
      }
      if (this.stalled) this.trace.emit('lal.resume', last, this.progress.vdl);
      this.stalled = false;
      for (let i = 0; i < count; i++) this.allocateRecord(txn, this.allocatedOfHead + i, i === count - 1);
      this.allocatedOfHead += count;
      if (this.allocatedOfHead === total) this.nextTransaction();
    }
  }

  private nextTransaction(): void {
    this.waitingHead++;
    this.allocatedOfHead = 0;
    if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
      this.waiting.splice(0, this.waitingHead);
      this.waitingHead = 0;
    }
  }

  private allocateRecord(txn: Transaction, index: number, cpl: boolean): void {
    const isCommit = index === txn.pages.length;
    const pageId = isCommit ? txn.commitPage : txn.pages[index]!;
    const pg = this.pgOfPage(pageId);
    const lsn = this.nextLsn++;
    const record: LogRecord = {
      lsn, pg, pageId, segmentPrev: this.lastLsnOfPg[pg]!, bytes: this.options.recordBytes, cpl,
    };
    this.lastLsnOfPg[pg] = lsn;
    this.trace.emit('alloc', lsn, pg, cpl ? 1 : 0);
    this.progress.add(lsn, pg, cpl);
    this.driver.enqueue(record);
    this.replication.addRecord(record);
    if (isCommit) {
      this.commitLsns.push(lsn);
      this.commitTxns.push(txn);
    }
  }

  private readonly onMessage = (ack: WriterMessage): void => {
    const index = ack.pg * this.topology.segmentsPerPg + ack.segment;
    if (ack.scl <= this.sclKnown[index]! && !this.bug.has('pgcl-from-last-ack')) return;
    this.sclKnown[index] = ack.scl;
    const pgcl = this.bug.has('pgcl-from-last-ack')
      ? ack.scl
      : protectionGroupCompleteLsn(this.sclKnown, ack.pg * this.topology.segmentsPerPg, this.quorum);
    if (pgcl === this.pgcl[ack.pg]) return;
    if (pgcl < this.pgcl[ack.pg]! && !this.bug.has('pgcl-from-last-ack')) return;
    this.pgcl[ack.pg] = pgcl;
    this.trace.emit('pgcl', ack.pg, pgcl);
    if (this.bug.has('commit-on-own-pg')) this.acknowledgeOnOwnPg();
    const vdlBefore = this.progress.vdl;
    if (!this.progress.advance(this.pgcl)) return;
    this.trace.emit('vcl', this.progress.vcl);
    if (this.bug.has('vdl-ignores-cpl')) this.progress.vdl = this.progress.vcl;
    if (this.progress.vdl !== vdlBefore) this.onVdl();
  };

  private onVdl(): void {
    const vdl = this.progress.vdl;
    this.trace.emit('vdl', vdl);
    while (this.commitHead < this.commitLsns.length && this.commitLsns[this.commitHead]! <= vdl) {
      this.acknowledge(this.commitHead++);
    }
    if (this.commitHead > 1024 && this.commitHead * 2 > this.commitLsns.length) {
      this.commitLsns.splice(0, this.commitHead);
      this.commitTxns.splice(0, this.commitHead);
      this.commitHead = 0;
    }
    this.replication.vdlMoved(vdl);
    if (this.stalled) this.allocate();
  }

  private acknowledge(index: number): void {
    const txn = this.commitTxns[index]!;
    const lsn = this.commitLsns[index]!;
    if (lsn === 0) return;
    this.commitLsns[index] = 0;
    this.trace.emit('commit', txn.id, lsn, this.loop.now - txn.submittedAt);
    this.replication.commitAcknowledged(lsn);
    this.onCommit(txn, lsn);
  }

  /** The 'commit-on-own-pg' defect: acknowledge every waiting commit its own PG holds. */
  private acknowledgeOnOwnPg(): void {
    for (let i = this.commitHead; i < this.commitLsns.length; i++) {
      const lsn = this.commitLsns[i]!;
      if (lsn !== 0 && lsn <= this.pgcl[this.pgOfPage(this.commitTxns[i]!.commitPage)]!) this.acknowledge(i);
    }
  }
}
