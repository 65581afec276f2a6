/**
 * I-8: stale epochs are fenced. Once a volume epoch sits on a write quorum of a PG's
 * segments, no writer of an older epoch may move that PG's PGCL forward again: it can no
 * longer gather a write quorum, because any two write quorums meet (A18 §2.4). This is what
 * stops a writer that is still alive behind a partition from acknowledging anything after a
 * failover.
 */
import type { Trace } from '../core/trace.ts';
import type { InvariantResult } from '../result.ts';
import { MAX_SLOTS } from '../topology/topology.ts';
import { ViolationLog, type Checker } from './checker.ts';
import type { MembershipMirror } from './membership-mirror.ts';

export class EpochFencing implements Checker {
  readonly name = 'epoch-fencing';
  private readonly log = new ViolationLog();
  private readonly memberships: MembershipMirror;
  private readonly epochs: Float64Array;
  /** Per PG: the highest epoch held by a write quorum. */
  private readonly fencedAt: Float64Array;

  constructor(memberships: MembershipMirror, protectionGroups: number) {
    this.memberships = memberships;
    this.epochs = new Float64Array(protectionGroups * MAX_SLOTS).fill(1);
    this.fencedAt = new Float64Array(protectionGroups).fill(1);
  }

  attach(trace: Trace): void {
    trace.subscribe((time, kind, a, b, c) => {
      if (kind === 'segment.epoch') this.onSegmentEpoch(a, b, c);
      else if (kind === 'segment.wipe') this.epochs[a * MAX_SLOTS + b] = 0;
      else if (kind === 'pgcl' && c < this.fencedAt[a]!) {
        this.log.report(time, `a writer of epoch ${c} moved PGCL of pg ${a} to ${b} after epoch ${this.fencedAt[a]} held a write quorum`);
      }
    });
  }

  finish(): InvariantResult {
    return this.log.result(this.name);
  }

  private onSegmentEpoch(pg: number, segment: number, epoch: number): void {
    this.epochs[pg * MAX_SLOTS + segment] = epoch;
    let mask = 0;
    for (let s = 0; s < MAX_SLOTS; s++) if (this.epochs[pg * MAX_SLOTS + s]! >= epoch) mask |= 1 << s;
    if (this.memberships.system(pg).isWrite(mask) && epoch > this.fencedAt[pg]!) this.fencedAt[pg] = epoch;
  }
}
