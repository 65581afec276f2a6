/**
 * The late faults alone, under other seeds: for a shrink stuck with more than a handful of
 * faults, the candidates that keep only the faults from some instant on and drop all before.
 *
 * Why: a failure from a chaos run is usually a short story near its violation, told over
 * faults that came earlier and only set up the timing (where the writer was, which segment
 * lagged by how much) that this one seed needed. Each such fault is needed given the others,
 * so no single removal passes and ddmin ends 1-minimal at nine or ten faults; and the seed
 * search, which removes one fault at a time, cannot drop a chain of them either. Dropping the
 * whole early part at once and trying many seeds finds the seeds under which the late story
 * alone fails; how many is a matter of luck, so the search is wide.
 *
 * The instant of a fault is its start, or for a triggered fault the opening of its window
 * (for one the shrink attached to an event, the fault that likely caused the event). Each
 * candidate runs for the duration the shrink started from: the shorter duration it reached
 * was cut to this seed's violation, and another seed's may come a little later.
 */
import { formatDuration, type ResolvedScenario } from '../../sim/index.ts';
import { faultItems, lengthened, withFaultItems, type Candidate, type FaultItem } from './edits.ts';

/** The most faults a shrunk story is read at a glance with: below it the search is not tried. */
export const HANDFUL = 5;

/** Seeds a shrink stuck past a handful of faults searches: for each cut here, its own and the next ones. */
export const WIDE_SEEDS = 64;

/**
 * For each instant at which faults start but the first, the faults from it on, under seeds
 * `s.seed + first` to `s.seed + first + seeds - 1`, run for at least `duration`: seed by
 * seed, and within a seed fewest faults first, so that the first that fails is the smallest
 * cut of the nearest seed that has one.
 */
export function lateCandidates(s: ResolvedScenario, duration: number, seeds = WIDE_SEEDS, first = 0): Candidate[] {
  const items = faultItems(s);
  const starts = [...new Set(items.map(startOf))].sort((a, b) => a - b);
  const cuts = starts
    .map((from) => ({ from, kept: items.filter((item) => startOf(item) >= from) }))
    .filter((cut) => cut.kept.length < items.length)
    .sort((a, b) => a.kept.length - b.kept.length);
  const candidates: Candidate[] = [];
  for (let k = first; k < first + seeds; k++) {
    const seed = s.seed + k;
    for (const cut of cuts) {
      const scenario = { ...lengthened(withFaultItems(s, cut.kept), duration), seed };
      const reseeded = seed === s.seed ? '' : `, with seed ${s.seed} -> ${seed}`;
      const dropped = items.length - cut.kept.length;
      const faults = dropped === 1 ? 'the fault' : `the ${dropped} faults`;
      candidates.push({ scenario, what: `removed ${faults} before ${formatDuration(cut.from)}${reseeded}` });
    }
  }
  return candidates;
}

/** When a fault comes into the story: its start, or the opening of its trigger's window. */
function startOf(item: FaultItem): number {
  return item.kind === 'timed' ? item.spec.at : item.spec.when.from;
}
