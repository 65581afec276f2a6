/**
 * I-1 (PROTOCOL.md §12): every read set meets every write set and every two
 * write sets meet, checked by enumerating all subsets of the PG's members. A configuration
 * that fails this can acknowledge a write that a later read quorum cannot see.
 */
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import { findIntersectionFailure, formatMask, type QuorumSystem } from '../quorum/quorum-system.ts';
import type { InvariantResult } from './results.ts';
import { ViolationLog, type Checker } from './checker.ts';

export class QuorumIntersection implements Checker {
  readonly name = 'quorum-intersection';
  private readonly log = new ViolationLog();
  private readonly system: QuorumSystem;

  constructor(system: QuorumSystem) {
    this.system = system;
  }

  attach(_trace: ModelTrace): void {
    const failure = findIntersectionFailure(this.system);
    if (failure === undefined) return;
    const n = this.system.members;
    const message = failure.kind === 'read-write'
      ? `read set ${formatMask(failure.read, n)} misses write set ${formatMask(failure.write, n)} (${this.system.label})`
      : `write sets ${formatMask(failure.first, n)} and ${formatMask(failure.second, n)} are disjoint (${this.system.label})`;
    this.log.report(0, message);
  }

  finish(): InvariantResult {
    return this.log.result(this.name);
  }
}
