/**
 * The checkers every run carries, in report order. Adding a checker: one file here, one line
 * below, one negative scenario in scenarios/negative/ that proves it fires. The invariant
 * numbers the checkers cite (I-1, I-2, ...) are those of PROTOCOL.md §12.
 */
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import type { QuorumSystem } from '../quorum/quorum-system.ts';
import type { QuorumConfig } from '../quorum/quorum-config.ts';
import { AckedCommitDurable } from './acked-commit-durable.ts';
import { AckedCommitSurvives } from './acked-commit-survives.ts';
import { AckedRecordsHeld } from './acked-records-held.ts';
import { AllocationLog } from './allocation-log.ts';
import { EpochsUnique } from './epochs-unique.ts';
import { SclHonest } from './scl-honest.ts';
import type { ClientHistory, StorageInspector } from './storage-inspector.ts';
import { TruncatedStaysTruncated } from './truncated-stays-truncated.ts';
import type { Checker } from './checker.ts';
import { EpochFencing } from './epoch-fencing.ts';
import { FailoverLiveness } from './failover-liveness.ts';
import { MembershipMirror } from './membership-mirror.ts';
import { MembershipSafety } from './membership-safety.ts';
import { LsnAllocationBound } from './lsn-allocation-bound.ts';
import { MonotonicPoints } from './monotonic-points.ts';
import { QuorumIntersection } from './quorum-intersection.ts';
import { SclMirror } from './scl-mirror.ts';
import { StorageNoVote } from './storage-no-vote.ts';
import { VdlBounds } from './vdl-bounds.ts';
import { WriteAvailability } from './write-availability.ts';

/** A silence in acknowledgements longer than this, with clients waiting, is write unavailability, µs. */
export const UNAVAILABLE_AFTER = 200_000;
/** How long writes may stay unavailable after the faults say they are owed again, µs. */
const AVAILABILITY_GRACE = 1_000_000;

export interface CheckerSet {
  readonly all: readonly Checker[];
  readonly survival: AckedCommitSurvives;
  attach(trace: ModelTrace): void;
}

export interface CheckerOptions {
  /** The configured quorum system of a settled PG, for the static intersection check. */
  readonly quorum: QuorumSystem;
  readonly quorumConfig: QuorumConfig;
  readonly protectionGroups: number;
  /** Segments per PG (V). */
  readonly members: number;
  readonly lal: number;
  /** What segments physically hold (read-only). */
  readonly inspector: StorageInspector;
  /** What clients were told committed. */
  readonly history: ClientHistory;
  /** Longest a failover may take once owed, µs (`failover-liveness.ts`); undefined with failover off. */
  readonly failoverBound: number | undefined;
}

export function createCheckers(options: CheckerOptions): CheckerSet {
  const { protectionGroups } = options;
  const memberships = new MembershipMirror(protectionGroups, options.members, options.quorumConfig);
  const mirror = new SclMirror(protectionGroups, (pg) => memberships.mask(pg));
  const allocations = new AllocationLog(protectionGroups);
  const survival = new AckedCommitSurvives(mirror.live, allocations, protectionGroups);
  const all: Checker[] = [
    new QuorumIntersection(options.quorum),
    new SclHonest(options.inspector, allocations, protectionGroups),
    new AckedCommitDurable(memberships, mirror.persisted, protectionGroups),
    survival,
    new AckedRecordsHeld(options.inspector, memberships, options.history, protectionGroups),
    new EpochsUnique(),
    new TruncatedStaysTruncated(options.inspector, protectionGroups),
    new MonotonicPoints(protectionGroups),
    new VdlBounds(),
    new LsnAllocationBound(options.lal),
    new EpochFencing(memberships, mirror.persisted, protectionGroups),
    new StorageNoVote(),
    new WriteAvailability({ gap: UNAVAILABLE_AFTER, grace: AVAILABILITY_GRACE }),
    new MembershipSafety(memberships, options.quorumConfig),
    new FailoverLiveness(options.failoverBound),
  ];
  return {
    all,
    survival,
    attach(trace) {
      memberships.attach(trace);
      mirror.attach(trace);
      allocations.attach(trace);
      for (const checker of all) checker.attach(trace);
    },
  };
}
