/**
 * The writer instance's log path: LSN allocation under the LAL bound, shipping through the
 * storage driver, acknowledgement bookkeeping, the consistency points and asynchronous commit
 * (PROTOCOL.md §2-§4), in one volume epoch.
 *
 * - Each MTR gets a contiguous LSN range, allocated only if its last LSN <= base + LAL, where
 *   base = max(VDL, end of the last truncation range): a recovery starts new LSNs above the
 *   range it annulled (A18 §2.4), and nothing in that range is outstanding, so it counts as
 *   settled for back-pressure (A17 §4.2.1; the papers leave this interaction open).
 * - Each ack carries a segment's SCL; the writer keeps the latest per segment and recomputes
 *   that PG's PGCL, then VCL and VDL, locally and with no consensus (A18 §2.3).
 * - A commit is acknowledged when VDL >= its commit LSN (A17 §4.2.2; erratum E3). No
 *   group-commit timer: acknowledgements go out in the event that moved VDL.
 * - Lifecycle: a writer starts `open` on a fresh volume or `recovering` after a crash or a
 *   promotion (recovery.ts); a storage refusal of its epoch means a newer writer exists, and
 *   it stops for good (`fenced`); a crash stops it (`dead`). Transactions it had not yet
 *   acknowledged are then aborted back to their clients.
 *
 * - Records not yet under their PG's PGCL are shipped again if they wait too long
 *   (uncovered-records.ts): otherwise a boxcar lost to every segment would stall its PG.
 *
 * With a run's I/O detail, every acknowledgement that reaches the writer is traced
 * (`ack.arrive`), before it is judged.
 *
 * `bugs` deliberately break the protocol; negative scenarios use them to prove the checkers
 * fire. Not modelled: reads and the buffer cache, writer CPU cost, undo of in-flight
 * transactions after recovery (they are simply never acknowledged).
 */
import { shouldCompact } from '../core/compaction.ts';
import type { LogRecord } from '../protocol/log-record.ts';
import type { VolumeState, WriterMessage } from '../protocol/messages.ts';
import { inRange } from '../protocol/truncations.ts';
import { CompleteLsns, VolumeProgress } from '../quorum/consistency-points.ts';
import { memberMask, type Membership } from '../quorum/membership.ts';
import { thresholdQuorum, type QuorumSystem } from '../quorum/quorum-system.ts';
import { MAX_SLOTS } from '../topology/topology.ts';
import { CommitQueue } from './commit-queue.ts';
import { RepairWatch } from './repair-watch.ts';
import { RETRANSMIT_AFTER, UncoveredRecords } from './uncovered-records.ts';
import { VolumeRecovery, type RecoveryOutcome } from './recovery.ts';
import type { StreamPosition } from './replication-stream.ts';
import type { Transaction } from './transaction.ts';
import type { WriterOptions, WriterPorts, WriterState } from './writer-options.ts';

export type { WriterBug, WriterOptions, WriterPorts, WriterState } from './writer-options.ts';

export class Writer {
  state: WriterState;
  volume: VolumeState;
  /** Next LSN to allocate; LSNs start at 1 and 0 means "nothing". */
  nextLsn = 1;
  readonly progress = new VolumeProgress();
  /** Each PG's PGCL: read it here, set it through `completeLsns` (which keeps it). */
  readonly pgcl: Float64Array;
  private allocationBase = 0;
  /** The PGCLs and the latest SCL acknowledged by each segment. */
  private readonly completeLsns: CompleteLsns;
  /** Each PG's last LSN; a plain array, whose small integers keep `segmentPrev` unboxed (see allocateRecord). */
  private readonly lastLsnOfPg: number[];
  private readonly waiting: Transaction[] = [];
  private waitingHead = 0;
  private allocatedOfHead = 0;
  private stalled = false;
  private readonly commits = new CommitQueue((txn, lsn) => this.acknowledge(txn, lsn));
  private recoveryRun: VolumeRecovery | undefined;
  private readonly allMembers: QuorumSystem;
  private readonly repairWatch: RepairWatch;
  private readonly uncovered: UncoveredRecords;
  /** The deliberate defects switched on, as flags: the ack path tests them on every ack. */
  private readonly bug: Readonly<Record<
    | 'truncateAtVcl' | 'ignoreLal' | 'pgclFromLastAck' | 'pgclNeedsAll' | 'commitOnOwnPg' | 'vdlIgnoresCpl' | 'countEmptySegments'
    | 'sclInsideTruncationTrusted',
    boolean
  >>;
  private readonly ports: WriterPorts;
  private readonly options: WriterOptions;

  constructor(ports: WriterPorts, options: WriterOptions, mode: 'open' | 'recover') {
    this.ports = ports;
    this.options = options;
    this.volume = options.volume;
    const bugs = new Set(options.bugs);
    this.bug = {
      truncateAtVcl: bugs.has('truncate-at-vcl'), ignoreLal: bugs.has('ignore-lal'), pgclFromLastAck: bugs.has('pgcl-from-last-ack'),
      pgclNeedsAll: bugs.has('pgcl-needs-all'), commitOnOwnPg: bugs.has('commit-on-own-pg'), vdlIgnoresCpl: bugs.has('vdl-ignores-cpl'),
      countEmptySegments: bugs.has('recovery-counts-empty-segments'),
      sclInsideTruncationTrusted: bugs.has('scl-inside-truncation-trusted'),
    };
    const members = ports.topology.segmentsPerPg;
    this.allMembers = thresholdQuorum(members, members, 1);
    const { topology } = ports;
    this.completeLsns = new CompleteLsns(topology.protectionGroups);
    this.pgcl = this.completeLsns.pgcl;
    this.lastLsnOfPg = new Array<number>(topology.protectionGroups).fill(0);
    this.uncovered = new UncoveredRecords(topology.protectionGroups);
    ports.loop.after(RETRANSMIT_AFTER, this.onRetransmitTick);
    this.repairWatch = new RepairWatch(ports.loop, ports.memberships, topology.protectionGroups, {
      detection: options.repairDetection, onSuspect: ports.onSuspect, onCaughtUp: ports.onCaughtUp,
    });
    this.repairWatch.watchPending(topology.protectionGroups);
    ports.net.attach(options.host, this.onMessage);
    ports.driver.stamp = this.stampBatch;
    this.state = mode === 'open' ? 'open' : 'recovering';
    if (mode === 'recover') this.startRecovery();
    else ports.trace.emit('writer.open', options.host, this.volume.epoch);
  }

  get vdl(): number {
    return this.progress.vdl;
  }

  get vcl(): number {
    return this.progress.vcl;
  }

  get host(): number {
    return this.options.host;
  }

  /** Where this writer's replication stream stands: a replica added now receives it from there. */
  get streamPosition(): StreamPosition {
    return this.ports.replication.position;
  }

  /** Network sends this writer's driver issued. */
  get driverSends(): number {
    return this.ports.driver.sends;
  }

  /** Boxcars this writer's driver shipped (one quorum write to one PG each). */
  get driverBatches(): number {
    return this.ports.driver.batches;
  }

  /** Records this writer gave an LSN. */
  recordsAllocated = 0;

  /** Takes a transaction; false if this writer cannot (it is not open). */
  submit(txn: Transaction): boolean {
    if (this.state !== 'open') return false;
    this.ports.trace.emit('txn.submit', txn.id);
    this.waiting.push(txn);
    if (!this.stalled) this.allocate();
    return true;
  }

  /** A PG's membership changed: slots new to it start from nothing (a reused slot must not inherit an old SCL). */
  onMembership(pg: number, before: Membership, after: Membership): void {
    const added = memberMask(after) & ~memberMask(before);
    for (let slot = 0; slot < MAX_SLOTS; slot++) {
      if ((added & (1 << slot)) === 0) continue;
      this.completeLsns.setScl(pg, slot, 0);
      this.repairWatch.watch(pg, slot);
      this.recoveryRun?.forget(pg, slot);
    }
  }

  /**
   * The segment in `slot` of `pg` lost its data. A recovery in its repair step that can no
   * longer finish (recovery.ts, step 4) is given up, and the volume recovered again in the
   * next epoch.
   */
  onSegmentLost(pg: number, slot: number): void {
    if (this.state === 'recovering') this.recoveryRun!.lost(pg, slot);
  }

  /**
   * The recovery gave up (recovery.ts, step 4): recover again in the next epoch, if it is still
   * ours, and stream to the replicas in it (they report the epoch they hear when we fall silent).
   */
  private readonly recoverAgain = (): void => {
    const renewed = this.ports.renewEpoch(this.volume.epoch);
    if (renewed === undefined) return this.stop('fenced');
    this.volume = renewed;
    this.ports.replication.newEpoch(renewed.epoch);
    this.startRecovery();
  };

  /** The process died: everything in memory is gone. */
  crash(): void {
    this.stop('dead');
  }

  /** Its host froze (true) or thawed: the repair watch must not count time it heard nothing in. */
  setPaused(paused: boolean): void {
    this.recoveryRun?.setPaused(paused);
    return paused ? this.repairWatch.pause() : this.repairWatch.resume();
  }
  /** PG of a page: PGs cover contiguous page ranges (10 GB of blocks each, A18 §2.1). */
  pgOfPage(page: number): number {
    return Math.floor((page * this.ports.topology.protectionGroups) / this.options.pages);
  }

  private startRecovery(): void {
    this.recoveryRun = new VolumeRecovery(this.ports, {
      host: this.options.host, volume: this.volume, lal: this.options.lal, retryInterval: this.options.recoveryRetry,
      truncateAtVcl: this.bug.truncateAtVcl, countEmptySegments: this.bug.countEmptySegments, onDone: this.onRecovered,
      onTruncation: this.ports.onTruncation, onSuperseded: () => this.stop('fenced'), onGiveUp: this.recoverAgain,
      stallAfter: this.options.repairStall,
    });
    if (this.repairWatch.paused) this.recoveryRun.setPaused(true);
    this.recoveryRun.start();
  }

  private readonly onRecovered = (outcome: RecoveryOutcome): void => {
    if (this.state !== 'recovering') return;
    this.volume = outcome.volume;
    this.nextLsn = outcome.truncateTo + 1;
    this.allocationBase = outcome.truncateTo;
    this.progress.vcl = outcome.vdl;
    this.progress.vdl = outcome.vdl;
    outcome.lastSurviving.forEach((lsn, pg) => {
      this.lastLsnOfPg[pg] = lsn;
      this.completeLsns.setPgcl(pg, lsn);
    });
    this.state = 'open';
    this.ports.trace.emit('writer.open', this.options.host, this.volume.epoch);
    this.ports.trace.emit('vdl', outcome.vdl, this.volume.epoch);
    this.ports.replication.vdlMoved(outcome.vdl);
  };

  private stop(state: 'dead' | 'fenced'): void {
    if (this.state === 'dead' || this.state === 'fenced') return;
    this.state = state;
    this.recoveryRun?.abandon();
    this.repairWatch.stop();
    this.ports.driver.stop();
    this.ports.replication.stop();
    if (state === 'fenced') this.ports.trace.emit('writer.fenced', this.options.host, this.volume.epoch);
    const aborted = [...this.waiting.slice(this.waitingHead), ...this.commits.drain()];
    const unique = [...new Set(aborted)].sort((a, b) => a.id - b.id);
    this.waiting.length = 0;
    for (const txn of unique) this.ports.onAbort(txn);
  }

  private readonly stampBatch = (): { volume: VolumeState; vdl: number } => ({ volume: this.volume, vdl: this.progress.vdl });

  /** Allocates LSNs MTR by MTR, in submission order, until done or the LAL bound stops it. */
  private allocate(): void {
    const perMtr = this.options.recordsPerMtr;
    const trace = this.ports.trace;
    while (this.waitingHead < this.waiting.length) {
      const txn = this.waiting[this.waitingHead]!;
      const total = txn.pages.length + 1;
      const count = Math.min(perMtr, total - this.allocatedOfHead);
      const last = this.nextLsn + count - 1;
      const limit = Math.max(this.progress.vdl, this.allocationBase) + this.options.lal;
      if (last > limit && !this.bug.ignoreLal) {
        if (!this.stalled) trace.emit('lal.stall', last, this.progress.vdl);
        this.stalled = true;
        return;
      }
      if (this.stalled) trace.emit('lal.resume', last, this.progress.vdl);
      this.stalled = false;
      for (let i = 0; i < count; i++) this.allocateRecord(txn, this.allocatedOfHead + i, i === count - 1);
      this.allocatedOfHead += count;
      if (this.allocatedOfHead === total) this.nextTransaction();
    }
  }

  private nextTransaction(): void {
    this.waitingHead++;
    this.allocatedOfHead = 0;
    if (shouldCompact(this.waitingHead, this.waiting.length)) {
      this.waiting.splice(0, this.waitingHead);
      this.waitingHead = 0;
    }
  }

  private allocateRecord(txn: Transaction, index: number, cpl: boolean): void {
    const isCommit = index === txn.pages.length;
    const pg = this.pgOfPage(isCommit ? txn.commitPage : txn.pages[index]!);
    const lsn = this.nextLsn++;
    this.recordsAllocated++;
    const record: LogRecord = { lsn, pg, segmentPrev: this.lastLsnOfPg[pg]!, cpl };
    this.lastLsnOfPg[pg] = lsn;
    this.ports.trace.emit('alloc', lsn, pg, cpl ? 1 : 0, this.volume.epoch);
    this.progress.add(lsn, pg, cpl);
    this.uncovered.add(record, this.ports.loop.now);
    this.ports.driver.enqueue(record);
    this.ports.replication.addRecord(record);
    if (isCommit) {
      txn.commitLsn = lsn;
      txn.epoch = this.volume.epoch;
      this.commits.add(lsn, txn);
    }
  }

  private readonly onMessage = (message: WriterMessage): void => {
    if (this.state === 'dead' || this.state === 'fenced') return;
    switch (message.type) {
      case 'reject':
        if (message.epoch > this.volume.epoch) this.stop('fenced');
        return;
      case 'recovery-info':
        if (this.ports.memberships.fromPresentOccupant(message.pg, message.segment, message.membershipEpoch)) this.recoveryRun?.onInfo(message);
        return;
      case 'ack':
        if (this.ports.trace.detailed) this.ports.trace.emitDetail('ack.arrive', this.options.host, message.pg, message.segment, message.scl, message.epoch);
        // A late ack from a segment that has since left the PG says nothing of its slot's new occupant.
        if (!this.ports.memberships.fromPresentOccupant(message.pg, message.segment, message.membershipEpoch)) return;
        if (this.state === 'recovering') this.onRecoveryAck(message);
        else this.onAck(message.pg, message.segment, message.scl, message.epoch);
        return;
    }
  };

  /**
   * An SCL inside this epoch's truncation range, as the range's start. A segment that took
   * this epoch from the recovery's query but had not yet applied its truncation may hold, and
   * report, records the truncation annuls; an acknowledgement sent then can arrive after the
   * writer opened. What it proves is that the segment holds everything up to the range.
   */
  private belowOwnTruncation(scl: number): number {
    const t = this.volume.truncations;
    const from = t[t.length - 2];
    if (this.bug.sclInsideTruncationTrusted) return scl;
    return from !== undefined && inRange(from, t[t.length - 1]!, scl) ? from : scl;
  }

  /**
   * During recovery's repair step, the segments' progress also feeds the repair watch: a
   * replacement may have to complete before recovery can (its old member holds nothing, and
   * recovery needs a write quorum under the membership in force).
   */
  private onRecoveryAck(ack: WriterMessage & { type: 'ack' }): void {
    const point = this.recoveryRun?.caughtUpPoint(ack.pg);
    if (point !== undefined && ack.epoch === this.volume.epoch) this.repairWatch.onAck(ack.pg, ack.segment, ack.scl, point);
    this.recoveryRun?.onAck(ack);
  }

  private onAck(pg: number, segment: number, reported: number, epoch: number): void {
    const lastAck = this.bug.pgclFromLastAck;
    if (epoch !== this.volume.epoch && !lastAck) return;
    const scl = this.belowOwnTruncation(reported);
    const index = pg * MAX_SLOTS + segment;
    this.repairWatch.onAck(pg, segment, scl, this.pgcl[pg]!);
    if (scl <= this.completeLsns.scl[index]! && !lastAck) return;
    this.completeLsns.setScl(pg, segment, scl);
    const quorum = this.bug.pgclNeedsAll ? this.allMembers : this.ports.memberships.quorum(pg);
    const pgcl = lastAck ? scl : this.completeLsns.risen(pg, quorum);
    if (pgcl === this.pgcl[pg] || (pgcl < this.pgcl[pg]! && !lastAck)) return;
    this.completeLsns.setPgcl(pg, pgcl);
    this.uncovered.coverUpTo(pg, pgcl, this.ports.loop.now);
    this.repairWatch.onPgcl(pg, pgcl, this.completeLsns.scl);
    this.ports.trace.emit('pgcl', pg, pgcl, this.volume.epoch);
    if (this.bug.commitOnOwnPg) this.acknowledgeOnOwnPg();
    const vdlBefore = this.progress.vdl;
    if (!this.progress.advance(this.pgcl)) return;
    this.ports.trace.emit('vcl', this.progress.vcl, this.volume.epoch);
    if (this.bug.vdlIgnoresCpl) this.progress.vdl = this.progress.vcl;
    if (this.progress.vdl !== vdlBefore) this.onVdl();
  }

  private readonly onRetransmitTick = (): void => {
    if (this.state === 'dead' || this.state === 'fenced') return;
    this.ports.loop.after(RETRANSMIT_AFTER, this.onRetransmitTick);
    for (const { pg, records } of this.uncovered.due(this.ports.loop.now)) {
      this.ports.trace.emit('retransmit', pg, records.length);
      for (const record of records) this.ports.driver.enqueue(record);
    }
  };

  private onVdl(): void {
    const vdl = this.progress.vdl;
    this.ports.trace.emit('vdl', vdl, this.volume.epoch);
    this.commits.releaseUpTo(vdl);
    this.ports.replication.vdlMoved(vdl);
    if (this.stalled) this.allocate();
  }

  private acknowledge(txn: Transaction, lsn: number): void {
    const pg = this.pgOfPage(txn.commitPage);
    this.ports.trace.emit('commit', txn.id, lsn, this.ports.loop.now - txn.submittedAt, this.volume.epoch, pg);
    this.ports.replication.commitAcknowledged(lsn);
    this.ports.onCommit(txn);
  }

  /** The 'commit-on-own-pg' defect: acknowledge every waiting commit its own PG holds. */
  private acknowledgeOnOwnPg(): void {
    this.commits.releaseWhere((txn, lsn) => lsn <= this.pgcl[this.pgOfPage(txn.commitPage)]!);
  }
}
