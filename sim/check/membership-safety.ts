/**
 * I-18 and I-1 across membership changes (A18 §4.1): every change of a PG's membership raises
 * its epoch by exactly one; the new quorum system keeps read/write and write/write
 * intersection; and every write set of the new epoch meets every write set of the old one,
 * so a write acknowledged under either is seen by the other. Checked by enumerating all
 * subsets of the (at most eight) slots.
 */
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import { membershipQuorum, type Membership } from '../quorum/membership.ts';
import { findIntersectionFailure, formatMask } from '../quorum/quorum-system.ts';
import type { InvariantResult } from './results.ts';
import { ViolationLog, type Checker } from './checker.ts';
import type { MembershipMirror } from './membership-mirror.ts';
import type { QuorumConfig } from '../quorum/quorum-config.ts';

export class MembershipSafety implements Checker {
  readonly name = 'membership-safety';
  private readonly log = new ViolationLog();
  private readonly mirror: MembershipMirror;
  private readonly quorum: QuorumConfig;

  constructor(mirror: MembershipMirror, quorum: QuorumConfig) {
    this.mirror = mirror;
    this.quorum = quorum;
  }

  attach(_trace: ModelTrace): void {
    this.mirror.onChange((pg, before, after, time) => {
      const problem = transitionProblem(before, after, this.quorum);
      if (problem !== undefined) this.log.report(time, `pg ${pg}: ${problem}`);
    });
  }

  finish(): InvariantResult {
    return this.log.result(this.name);
  }
}

/** What is wrong with the step from `before` to `after`, if anything. */
export function transitionProblem(before: Membership, after: Membership, quorum: QuorumConfig): string | undefined {
  if (after.epoch !== before.epoch + 1) return `membership epoch went from ${before.epoch} to ${after.epoch}`;
  const next = membershipQuorum(after, quorum.write, quorum.read);
  const inside = findIntersectionFailure(next);
  if (inside !== undefined) return `epoch ${after.epoch} quorums do not intersect (${next.label})`;
  const old = membershipQuorum(before, quorum.write, quorum.read);
  const oldWrites: number[] = [];
  for (let mask = 0; mask < 256; mask++) if (old.isWrite(mask)) oldWrites.push(mask);
  for (let mask = 0; mask < 256; mask++) {
    if (!next.isWrite(mask)) continue;
    const miss = oldWrites.find((w) => (w & mask) === 0);
    if (miss !== undefined) return `write set ${formatMask(mask, 8)} of epoch ${after.epoch} misses ${formatMask(miss, 8)} of epoch ${before.epoch}`;
  }
  return undefined;
}
