/**
 * I-2 as the write path can check it: when a commit is acknowledged, its commit record and
 * every record allocated before it are durable, i.e. held by enough segments of their PG that
 * every read quorum contains one of them (so any recovery finds them).
 *
 * The checker keeps its own mirror of every segment's SCL from the trace (what storage
 * persisted, not what the writer believes) and its own list of allocated records, and
 * derives the volume's durable prefix independently of the writer's VCL/VDL code. Durable
 * for a set S of segments means no read quorum of the PG's settled members fits in the
 * complement of S (members still being hydrated by a pending change hold nothing yet). Using the read
 * quorum here (not the configured write quorum) is what makes an unsafe 3/6 + 3/6
 * configuration fail this check. Records a recovery truncated are skipped: they were never
 * acknowledged (the survival checker sees to that).
 */
import type { Trace } from '../core/trace.ts';
import type { InvariantResult } from '../result.ts';
import { MAX_SLOTS } from '../topology/topology.ts';
import { ViolationLog, type Checker } from './checker.ts';
import type { MembershipMirror } from './membership-mirror.ts';
import type { SclMirror } from './scl-mirror.ts';

export class AckedCommitDurable implements Checker {
  readonly name = 'acked-commit-durable';
  private readonly log = new ViolationLog();
  private readonly memberships: MembershipMirror;
  private readonly mirror: SclMirror;
  private readonly durablePoint: Float64Array;
  private pendingLsns: number[] = [];
  private pendingPgs: number[] = [];
  private head = 0;
  private durablePrefix = 0;
  private readonly truncations: number[] = [];
  /** The PG's SCLs in descending order, and their slots (durableLsn's scratch). */
  private readonly scratchScl = new Float64Array(MAX_SLOTS);
  private readonly scratchSlot = new Int32Array(MAX_SLOTS);

  constructor(memberships: MembershipMirror, mirror: SclMirror, protectionGroups: number) {
    this.memberships = memberships;
    this.mirror = mirror;
    this.durablePoint = new Float64Array(protectionGroups);
  }

  attach(trace: Trace): void {
    trace.subscribe((time, kind, a, b, c) => {
      if (kind === 'alloc') {
        this.pendingLsns.push(a);
        this.pendingPgs.push(b);
      } else if (kind === 'scl') {
        // A segment rising to a point still at or below the durable point cannot raise it.
        if (c > this.durablePoint[a]!) this.recompute(a);
      } else if (kind === 'segment.volume' || kind === 'segment.hydrated' || kind === 'membership' || kind === 'segment.new') {
        this.recompute(a);
      } else if (kind === 'truncate') {
        this.truncations.push(b, c);
        this.advancePrefix();
      } else if (kind === 'commit') {
        this.onCommit(time, b);
      }
    }, ['alloc', 'scl', 'segment.volume', 'segment.hydrated', 'membership', 'segment.new', 'truncate', 'commit']);
  }

  finish(): InvariantResult {
    return this.log.result(this.name);
  }

  private recompute(pg: number): void {
    const point = this.durableLsn(pg);
    if (point === this.durablePoint[pg]) return;
    this.durablePoint[pg] = point;
    this.advancePrefix();
  }

  /**
   * Highest L such that the segments with SCL >= L leave no read quorum outside them. Slots are
   * tried from the highest SCL down, growing the holder set as they go: the first set that
   * leaves no read quorum outside gives the answer (a larger set only can do so too). It runs
   * on most SCL events of a run, so it reads each SCL once and sorts eight numbers in place.
   */
  private durableLsn(pg: number): number {
    const system = this.memberships.settledSystem(pg);
    const all = (1 << MAX_SLOTS) - 1;
    const scls = this.scratchScl;
    const slots = this.scratchSlot;
    for (let s = 0; s < MAX_SLOTS; s++) {
      const scl = this.mirror.scl(pg, s);
      let i = s;
      for (; i > 0 && scls[i - 1]! < scl; i--) {
        scls[i] = scls[i - 1]!;
        slots[i] = slots[i - 1]!;
      }
      scls[i] = scl;
      slots[i] = s;
    }
    let holders = 0;
    for (let i = 0; i < MAX_SLOTS && scls[i]! > 0; i++) {
      holders |= 1 << slots[i]!;
      // Slots tied with this one join before the test: "SCL >= L" takes them all.
      if (i + 1 < MAX_SLOTS && scls[i + 1] === scls[i]) continue;
      if (!system.isRead(all & ~holders)) return scls[i]!;
    }
    return 0;
  }

  private advancePrefix(): void {
    while (this.head < this.pendingLsns.length) {
      const lsn = this.pendingLsns[this.head]!;
      if (lsn > this.durablePoint[this.pendingPgs[this.head]!]! && !this.truncated(lsn)) break;
      if (lsn > this.durablePrefix) this.durablePrefix = lsn;
      this.head++;
    }
    if (this.head > 4096 && this.head * 2 > this.pendingLsns.length) {
      this.pendingLsns = this.pendingLsns.slice(this.head);
      this.pendingPgs = this.pendingPgs.slice(this.head);
      this.head = 0;
    }
  }

  private truncated(lsn: number): boolean {
    const ranges = this.truncations;
    for (let i = 0; i < ranges.length; i += 2) if (lsn > ranges[i]! && lsn <= ranges[i + 1]!) return true;
    return false;
  }

  private onCommit(time: number, lsn: number): void {
    if (lsn <= this.durablePrefix) return;
    this.log.report(time, `commit LSN ${lsn} acknowledged while the durable prefix is ${this.durablePrefix}`);
  }
}
