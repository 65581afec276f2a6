/**
 * The checkers every run carries, in report order. Adding a checker: one file here, one line
 * below, one negative scenario in scenarios/negative/ that proves it fires.
 */
import type { QuorumSystem } from '../quorum/quorum-system.ts';
import { AckedCommitDurable } from './acked-commit-durable.ts';
import type { Checker } from './checker.ts';
import { LsnAllocationBound } from './lsn-allocation-bound.ts';
import { MonotonicPoints } from './monotonic-points.ts';
import { QuorumIntersection } from './quorum-intersection.ts';
import { VdlBounds } from './vdl-bounds.ts';

export interface CheckerSet {
  readonly all: readonly Checker[];
  readonly durability: AckedCommitDurable;
}

export function createCheckers(options: { quorum: QuorumSystem; protectionGroups: number; lal: number }): CheckerSet {
  const durability = new AckedCommitDurable(options.quorum, options.protectionGroups);
  return {
    durability,
    all: [
      new QuorumIntersection(options.quorum),
      durability,
      new MonotonicPoints(),
      new VdlBounds(),
      new LsnAllocationBound(options.lal),
    ],
  };
}

/** Names of all invariants, for `aurora-sim list` and scenario validation. */
export const INVARIANT_NAMES = [
  'quorum-intersection',
  'acked-commit-durable',
  'monotonic-points',
  'vdl-is-cpl-below-vcl',
  'lsn-allocation-bound',
] as const;
