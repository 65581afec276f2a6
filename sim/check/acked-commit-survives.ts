/**
 * I-2 and I-6 across failures: no acknowledged commit is ever lost.
 *
 * - Every recovery computes a VDL at or above every commit acknowledged before it, and its
 *   truncation range (VDL, end] contains no acknowledged commit (A17 §4.2.2, §4.3).
 * - The range's end is at or above every LSN an older epoch allocated, and no older writer
 *   allocates above it afterwards (I-6: that is what makes the truncation final).
 * - A commit acknowledged later by a stale writer inside a truncated range is lost at once.
 * - At the end of the run, an acknowledged commit is lost if some record at or below it, in any
 *   PG, is held by no current member of its PG (by their SCLs, whose honesty `scl-honest`
 *   checks): a commit is only as durable as the volume's prefix up to it. Slots a membership
 *   change retired do not count.
 * - A recovery's VDL is judged when its truncation is recorded: a recovery a failover
 *   superseded before that computed a VDL nobody used.
 *
 * `lost` counts acknowledged commits lost in any of these ways. To bound memory, commits held
 * by every segment of their PG are forgotten; losing one of those would take all six.
 */
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import type { InvariantResult } from './results.ts';
import { ViolationLog, type Checker } from './checker.ts';
import { isTruncated } from '../protocol/truncations.ts';
import type { AllocationLog } from './allocation-log.ts';
import type { SclView } from './scl-mirror.ts';

const PRUNE_EVERY = 65_536;

export class AckedCommitSurvives implements Checker {
  readonly name = 'acked-commit-survives';
  lost = 0;
  private readonly log = new ViolationLog();
  private readonly mirror: SclView;
  /** Acknowledged commits not yet known safe everywhere: LSN and PG, parallel. */
  private ackedLsns: number[] = [];
  private ackedPgs: number[] = [];
  private sincePrune = 0;
  private maxAcked = 0;
  private readonly maxAllocByEpoch = new Map<number, number>();
  /** Truncations as (epoch, from, to) triples. */
  private readonly truncations: number[] = [];

  private readonly allocations: AllocationLog;
  private readonly protectionGroups: number;
  private now = 0;

  constructor(mirror: SclView, allocations: AllocationLog, protectionGroups: number) {
    this.mirror = mirror;
    this.allocations = allocations;
    this.protectionGroups = protectionGroups;
  }

  attach(trace: ModelTrace): void {
    trace.on({
      commit: (time, { lsn, epoch, pg }) => {
        this.now = time;
        this.onCommit(time, lsn, epoch, pg);
      },
      alloc: (time, { lsn, epoch }) => {
        this.now = time;
        this.onAlloc(time, lsn, epoch);
      },
      truncate: (time, { epoch, from, to }) => {
        this.now = time;
        this.onRecovered(time, epoch, from);
        this.onTruncate(time, epoch, from, to);
      },
    });
  }

  finish(): InvariantResult {
    const firstMissing = this.firstMissing();
    let lostAtEnd = 0;
    for (let i = 0; i < this.ackedLsns.length; i++) {
      const lsn = this.ackedLsns[i]!;
      if (lsn >= firstMissing && !this.inTruncation(lsn)) lostAtEnd++;
    }
    this.lost += lostAtEnd;
    if (lostAtEnd > 0) {
      this.log.report(this.now, `${lostAtEnd} acknowledged commits are lost at the end: record ${firstMissing} below them is held by no member of its PG`);
    }
    return this.log.result(this.name);
  }

  /** The lowest allocated, untruncated LSN that no current member of its PG holds (Infinity if none). */
  private firstMissing(): number {
    const ranges: number[] = [];
    for (let i = 0; i < this.truncations.length; i += 3) ranges.push(this.truncations[i + 1]!, this.truncations[i + 2]!);
    let first = Infinity;
    for (let pg = 0; pg < this.protectionGroups; pg++) {
      const held = this.mirror.maxMemberScl(pg);
      const list = this.allocations.list(pg);
      for (let i = this.allocations.indexAbove(pg, held), end = this.allocations.end(pg); i < end; i++) {
        if (isTruncated(ranges, list[i]!)) continue;
        if (list[i]! < first) first = list[i]!;
        break;
      }
    }
    return first;
  }

  private onCommit(time: number, lsn: number, epoch: number, pg: number): void {
    if (this.inTruncation(lsn)) {
      this.lost++;
      this.log.report(time, `commit LSN ${lsn} acknowledged by the writer of epoch ${epoch} inside a truncated range`);
      return;
    }
    if (lsn > this.maxAcked) this.maxAcked = lsn;
    this.ackedLsns.push(lsn);
    this.ackedPgs.push(pg);
    if (++this.sincePrune >= PRUNE_EVERY) this.prune();
  }

  private onAlloc(time: number, lsn: number, epoch: number): void {
    if (lsn > (this.maxAllocByEpoch.get(epoch) ?? 0)) this.maxAllocByEpoch.set(epoch, lsn);
    const t = this.truncations;
    for (let i = 0; i < t.length; i += 3) {
      if (epoch < t[i]! && lsn > t[i + 2]!) this.log.report(time, `LSN ${lsn} allocated by epoch ${epoch} above the end ${t[i + 2]} of epoch ${t[i]}'s truncation`);
    }
  }

  private onRecovered(time: number, epoch: number, vdl: number): void {
    if (this.maxAcked > vdl) this.log.report(time, `recovery of epoch ${epoch} computed VDL ${vdl} below acknowledged commit ${this.maxAcked}`);
  }

  private onTruncate(time: number, epoch: number, from: number, to: number): void {
    this.truncations.push(epoch, from, to);
    let removed = 0;
    for (const lsn of this.ackedLsns) if (lsn > from && lsn <= to) removed++;
    if (removed > 0) {
      this.lost += removed;
      this.log.report(time, `truncation (${from}, ${to}] of epoch ${epoch} removes ${removed} acknowledged commits`);
    }
    for (const [older, max] of this.maxAllocByEpoch) {
      if (older < epoch && max > to) this.log.report(time, `truncation end ${to} is below LSN ${max} allocated by epoch ${older}`);
    }
  }

  private inTruncation(lsn: number): boolean {
    const t = this.truncations;
    for (let i = 0; i < t.length; i += 3) if (lsn > t[i + 1]! && lsn <= t[i + 2]!) return true;
    return false;
  }

  private prune(): void {
    this.sincePrune = 0;
    const lsns: number[] = [];
    const pgs: number[] = [];
    for (let i = 0; i < this.ackedLsns.length; i++) {
      if (this.ackedLsns[i]! <= this.mirror.minScl(this.ackedPgs[i]!)) continue;
      lsns.push(this.ackedLsns[i]!);
      pgs.push(this.ackedPgs[i]!);
    }
    this.ackedLsns = lsns;
    this.ackedPgs = pgs;
  }
}
