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
 *
 * Cost: SCL events are half of a run's events, so the durable point is kept incrementally: a
 * full recomputation only when an SCL event moves it (about one in four), a comparison or one
 * table lookup otherwise.
 */
import { shouldCompact } from '../core/compaction.ts';
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import { isTruncated } from '../protocol/truncations.ts';
import type { InvariantResult } from './results.ts';
import { MAX_SLOTS } from '../topology/topology.ts';
import { ViolationLog, type Checker } from './checker.ts';
import type { MembershipMirror } from './membership-mirror.ts';
import type { SclView } from './scl-mirror.ts';

const ALL_SLOTS = (1 << MAX_SLOTS) - 1;

export class AckedCommitDurable implements Checker {
  readonly name = 'acked-commit-durable';
  private readonly log = new ViolationLog();
  private readonly memberships: MembershipMirror;
  private readonly mirror: SclView;
  private readonly durablePoint: Float64Array;
  private pendingLsns: number[] = [];
  private pendingPgs: number[] = [];
  private head = 0;
  private durablePrefix = 0;
  private readonly truncations: number[] = [];
  /** Per PG: the slots whose SCL is above the durable point, as a mask (valid unless stale). */
  private readonly above: Int32Array;
  /**
   * Per PG: 1 once an SCL went down without a recomputation, so the durable point may be above
   * what the SCLs now support. As before, it is recomputed at the next SCL event above it.
   */
  private readonly stale: Uint8Array;
  /** Per (PG, slot): the SCL as of this checker's last event, to tell which way an SCL moved. */
  private readonly held: Float64Array;
  /** Per (PG, slot): the slots in descending SCL order as of the last recomputation. */
  private readonly order: Int32Array;
  /**
   * Per (PG, holder mask): 1 if those slots leave no read quorum of the PG's settled members
   * outside. A table, rebuilt on membership changes, because it is asked on most SCL events.
   */
  private readonly durableSets: Uint8Array;
  /** The PG's SCLs in descending order (durableLsn's scratch). */
  private readonly scratchScl = new Float64Array(MAX_SLOTS);

  constructor(memberships: MembershipMirror, mirror: SclView, protectionGroups: number) {
    this.memberships = memberships;
    this.mirror = mirror;
    this.durablePoint = new Float64Array(protectionGroups);
    this.above = new Int32Array(protectionGroups);
    this.stale = new Uint8Array(protectionGroups);
    this.held = new Float64Array(protectionGroups * MAX_SLOTS);
    this.order = new Int32Array(protectionGroups * MAX_SLOTS).map((_, i) => i % MAX_SLOTS);
    this.durableSets = new Uint8Array(protectionGroups << MAX_SLOTS);
    for (let pg = 0; pg < protectionGroups; pg++) this.tabulate(pg);
  }

  attach(trace: ModelTrace): void {
    const recompute = (_time: number, { pg }: { readonly pg: number }): void => this.recompute(pg);
    trace.on({
      alloc: (_time, { lsn, pg }) => {
        this.pendingLsns.push(lsn);
        this.pendingPgs.push(pg);
      },
      scl: (_time, { pg, segment, lsn }) => this.onScl(pg, segment, lsn),
      'segment.volume': recompute,
      'segment.hydrated': recompute,
      membership: (_time, { pg }) => {
        this.tabulate(pg);
        this.recompute(pg);
      },
      'segment.new': recompute,
      // Lowers the SCL in a mirror that does not keep wiped copies: judged at the next rise.
      'segment.wipe': (_time, { pg }) => void (this.stale[pg] = 1),
      truncate: (_time, { from, to }) => {
        this.truncations.push(from, to);
        this.advancePrefix();
      },
      commit: (time, { lsn }) => this.onCommit(time, lsn),
    });
  }

  finish(): InvariantResult {
    return this.log.result(this.name);
  }

  /**
   * The durable point D is the highest L whose holders (slots with SCL >= L) leave no read
   * quorum outside; holders only grow as L falls, so that test is monotone, and the slots
   * above D are not durable. An SCL event that ends at or below D cannot raise it (a fall may
   * lower it: the point is stale until the next SCL event above it, which recomputes it, as
   * before). One that starts and ends above D changes no holder set above D. One that crosses
   * D from below raises it only if the slots now above D are durable; then, or when the point
   * is stale, it is recomputed.
   */
  private onScl(pg: number, slot: number, scl: number): void {
    const index = pg * MAX_SLOTS + slot;
    const before = this.held[index]!;
    this.held[index] = scl;
    const point = this.durablePoint[pg]!;
    if (scl <= point) {
      if (scl < before) this.stale[pg] = 1;
      return;
    }
    if (this.stale[pg] === 0) {
      if (before > point) return;
      const above = this.above[pg]! | (1 << slot);
      if (!this.durable(pg, above)) {
        this.above[pg] = above;
        return;
      }
    }
    this.recompute(pg);
  }

  private recompute(pg: number): void {
    const point = this.durableLsn(pg);
    if (point === this.durablePoint[pg]) return;
    this.durablePoint[pg] = point;
    this.advancePrefix();
  }

  /** Whether the slots in `holders` leave no read quorum of the PG's settled members outside. */
  private durable(pg: number, holders: number): boolean {
    return this.durableSets[(pg << MAX_SLOTS) | holders] === 1;
  }

  private tabulate(pg: number): void {
    const system = this.memberships.settledSystem(pg);
    for (let holders = 0; holders <= ALL_SLOTS; holders++) {
      this.durableSets[(pg << MAX_SLOTS) | holders] = system.isRead(ALL_SLOTS & ~holders) ? 0 : 1;
    }
  }

  /**
   * Highest L such that the segments with SCL >= L leave no read quorum outside them; also
   * records the PG's SCLs (`held`), the slots above L (`above`) and that the point is fresh.
   * Slots are tried from the highest SCL down, growing the holder set as they go: the first
   * set that leaves no read quorum outside gives the answer (a larger set only can do so too).
   * The sort starts from the previous call's order, which SCLs rarely change much.
   */
  private durableLsn(pg: number): number {
    const base = pg * MAX_SLOTS;
    const scls = this.scratchScl;
    const order = this.order;
    for (let i = 0; i < MAX_SLOTS; i++) {
      const slot = order[base + i]!;
      const scl = this.mirror.scl(pg, slot);
      this.held[base + slot] = scl;
      let j = i;
      for (; j > 0 && scls[j - 1]! < scl; j--) {
        scls[j] = scls[j - 1]!;
        order[base + j] = order[base + j - 1]!;
      }
      scls[j] = scl;
      order[base + j] = slot;
    }
    this.stale[pg] = 0;
    let above = 0;
    let holders = 0;
    for (let i = 0; i < MAX_SLOTS && scls[i]! > 0; i++) {
      holders |= 1 << order[base + i]!;
      // Slots tied with this one join before the test: "SCL >= L" takes them all.
      if (i + 1 < MAX_SLOTS && scls[i + 1] === scls[i]) continue;
      if (this.durable(pg, holders)) {
        this.above[pg] = above;
        return scls[i]!;
      }
      above = holders;
    }
    this.above[pg] = holders;
    return 0;
  }

  private advancePrefix(): void {
    while (this.head < this.pendingLsns.length) {
      const lsn = this.pendingLsns[this.head]!;
      if (lsn > this.durablePoint[this.pendingPgs[this.head]!]! && !this.truncated(lsn)) break;
      if (lsn > this.durablePrefix) this.durablePrefix = lsn;
      this.head++;
    }
    if (shouldCompact(this.head, this.pendingLsns.length)) {
      this.pendingLsns = this.pendingLsns.slice(this.head);
      this.pendingPgs = this.pendingPgs.slice(this.head);
      this.head = 0;
    }
  }

  private truncated(lsn: number): boolean {
    return isTruncated(this.truncations, lsn);
  }

  private onCommit(time: number, lsn: number): void {
    if (lsn <= this.durablePrefix) return;
    this.log.report(time, `commit LSN ${lsn} acknowledged while the durable prefix is ${this.durablePrefix}`);
  }
}
