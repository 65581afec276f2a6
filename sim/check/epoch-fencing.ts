/**
 * I-8: stale epochs are fenced (A18 §2.4). A segment that adopted a newer volume epoch takes
 * no more writes of an older one, so a writer of an older epoch can only ever count copies
 * that segments persisted *before* they adopted a newer epoch. Every PGCL that writer reports
 * must be justified by such copies forming a write quorum; acknowledgements still in flight
 * when the fence went up may legitimately move it (those records were durable before the
 * fence, and the new writer's recovery finds them), anything more may not.
 *
 * The checker records each segment's SCL at the moment it left each epoch and judges a stale
 * writer's PGCL L by the segments that held L then (or hold it now, if still in its epoch).
 * It reads what segments *persisted* (copies later destroyed by a disk loss count: the
 * writer heard of them before they were lost). This is what catches storage that keeps
 * accepting a fenced writer.
 */
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import type { InvariantResult } from './results.ts';
import { MAX_SLOTS } from '../topology/topology.ts';
import { ViolationLog, type Checker } from './checker.ts';
import type { MembershipMirror } from './membership-mirror.ts';
import type { SclView } from './scl-mirror.ts';

export class EpochFencing implements Checker {
  readonly name = 'epoch-fencing';
  private readonly log = new ViolationLog();
  private readonly memberships: MembershipMirror;
  private readonly mirror: SclView;
  private readonly epochs: Float64Array;
  /** Per (pg, slot): [epoch left, SCL when it left] pairs, flattened, in order. */
  private readonly departures: number[][];
  /** Per PG: the highest epoch held by a write quorum. */
  private readonly fencedAt: Float64Array;

  constructor(memberships: MembershipMirror, mirror: SclView, protectionGroups: number) {
    this.memberships = memberships;
    this.mirror = mirror;
    this.epochs = new Float64Array(protectionGroups * MAX_SLOTS).fill(1);
    this.departures = Array.from({ length: protectionGroups * MAX_SLOTS }, () => []);
    this.fencedAt = new Float64Array(protectionGroups).fill(1);
  }

  attach(trace: ModelTrace): void {
    trace.on({
      'segment.epoch': (_time, { pg, segment, epoch }) => this.onSegmentEpoch(pg, segment, epoch),
      'segment.wipe': (_time, { pg, segment }) => void (this.epochs[pg * MAX_SLOTS + segment] = 1),
      'segment.new': (_time, { pg, segment }) => {
        this.epochs[pg * MAX_SLOTS + segment] = 1;
        this.departures[pg * MAX_SLOTS + segment] = [];
      },
      pgcl: (time, { pg, lsn, epoch }) => {
        if (epoch < this.fencedAt[pg]!) this.checkStalePgcl(time, pg, lsn, epoch);
      },
    });
  }

  finish(): InvariantResult {
    return this.log.result(this.name);
  }

  private onSegmentEpoch(pg: number, slot: number, epoch: number): void {
    const index = pg * MAX_SLOTS + slot;
    this.departures[index]!.push(this.epochs[index]!, this.mirror.scl(pg, slot));
    this.epochs[index] = epoch;
    let mask = 0;
    for (let s = 0; s < MAX_SLOTS; s++) if (this.epochs[pg * MAX_SLOTS + s]! >= epoch) mask |= 1 << s;
    if (this.memberships.system(pg).isWrite(mask) && epoch > this.fencedAt[pg]!) this.fencedAt[pg] = epoch;
  }

  /** A writer of `epoch` reported PGCL `lsn` for `pg` after a newer epoch fenced it. */
  private checkStalePgcl(time: number, pg: number, lsn: number, epoch: number): void {
    let holders = 0;
    for (let slot = 0; slot < MAX_SLOTS; slot++) if (this.heldFor(pg, slot, epoch) >= lsn) holders |= 1 << slot;
    if (this.memberships.system(pg).isWrite(holders)) return;
    this.log.report(time, `a writer of epoch ${epoch} moved PGCL of pg ${pg} to ${lsn}, more than segments held before epoch ${this.fencedAt[pg]} fenced it`);
  }

  /** The SCL the segment had while it still took writes of `epoch`. */
  private heldFor(pg: number, slot: number, epoch: number): number {
    const index = pg * MAX_SLOTS + slot;
    if (this.epochs[index]! <= epoch) return this.mirror.scl(pg, slot);
    const departures = this.departures[index]!;
    for (let i = 0; i < departures.length; i += 2) {
      if (departures[i]! <= epoch && (i + 2 >= departures.length || departures[i + 2]! > epoch)) return departures[i + 1]!;
    }
    return 0;
  }
}
