/**
 * A fault that moved the writer, replaced by starting the writer where it went: for a shrink
 * with nothing left to remove, each fault that can take the writer's place from it (one that
 * names the writer, a read replica or an AZ) removed, with the writer's AZ set to each other
 * AZ in turn.
 *
 * Why: many chaos stories open with a failover whose only part in the failure is where it
 * leaves the writer (which segments are near it, which AZ an outage cuts it from). The fault
 * is needed as long as the writer starts where it does, so no removal passes; starting the
 * writer in the AZ the failover led to is one change of the cluster instead of a fault, and
 * the story that follows keeps its shape. A failover chain of several faults is not replaced
 * at once: each of its faults is tried alone.
 *
 * Under the case's own seed only (the shrink tries them before its reseeded removals): tried
 * beside every reseeded removal too, they made each seed of the wide searches cost so much
 * more that a shrink whose cut lay far off (chaos-recovery seed 17 with
 * `truncation-hint-trusted`, at seed 108) ran out of budget first.
 *
 * Left out: which replica takes over (the AZ is all a scenario sets), and the epochs and log
 * positions the failover left behind; a story that needs those keeps its fault.
 */
import { azNames, type ResolvedScenario } from '../../sim/index.ts';
import { describeFault, faultItems, lengthened, withFaultItems, type Candidate, type FaultItem } from './edits.ts';

/** Each fault that can move the writer removed, the writer starting in each other AZ, run for at least `duration`. */
export function writerStartCandidates(s: ResolvedScenario, duration: number): Candidate[] {
  const items = faultItems(s);
  const base = lengthened(s, duration);
  const others = azNames(s.cluster.azs).filter((az) => az !== s.cluster.writerAz);
  return items.flatMap((item, i) => {
    if (!canMoveWriter(item)) return [];
    const kept = withFaultItems(base, items.filter((_, j) => j !== i));
    return others.map((writerAz) => ({
      scenario: { ...kept, cluster: { ...kept.cluster, writerAz } },
      what: `removed ${describeFault(item)}, the writer starting in AZ ${writerAz}`,
    }));
  });
}

/** Faults of the writer, of a read replica (a partition from one makes it take over), or of a whole AZ. */
function canMoveWriter(item: FaultItem): boolean {
  return /\b(writer|replica|az)\b/.test(item.spec.label);
}
