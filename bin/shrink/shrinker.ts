/**
 * The shrink itself: from a scenario that violates an invariant (faults explicit, chaos off,
 * the seed fixed), smaller scenarios that still violate it, in passes of
 *
 * 1. ddmin over the fault list (timed and triggered faults alike), then faults of several
 *    hosts of one AZ that agree in all else merged into one fault of the AZ, and two faults of
 *    one kind merged into one over both windows, on their target or their AZ (`merge.ts`),
 *    then timed faults that start just after a protocol event made triggered by it, so that
 *    they follow it when a later change moves it (`attach.ts`);
 * 2. the knobs of the whole scenario, each bisected (`bisect.ts`): the timed schedule moved
 *    earlier, the run's duration, the workload's rate (or clients), the cluster's protection
 *    groups, storage nodes and read replicas;
 * 3. each fault's duration made shorter, and each group of faults that start together started
 *    earlier, then the duration once more;
 *
 * each change kept only if the same invariant is still violated. Another pass follows one that
 * removed a fault or shrank the cluster, since that can make another fault unnecessary; when
 * the knobs of step 2 changed the scenario after such a pass, it follows at once, before the
 * knobs of each fault (tens of runs per fault, better spent on the fewer faults left). The
 * runner's budget stops it wherever it is. Every kept change is reported as a step.
 *
 * A pass that changes nothing of that is followed by the merges once more (the knobs can make
 * two faults agree), then by two tries under other seeds. Each fault removed under each of the
 * next few seeds (many, past a handful of faults): the seed is as much the input as the faults
 * are (every latency and every chaos draw comes from it), and a fault one seed needs to bring
 * the failure about, another may not; the shrunk file carries whatever seed it ended with.
 * Before them, each fault that can move the writer replaced by starting the writer in another
 * AZ, under this seed (`writer-start.ts`). Then, past a handful of faults, the faults from
 * some instant on alone, under many seeds (`late.ts`), and both searches under the seeds after
 * those, until one finds a smaller case or the budget is spent. Before those wide searches, when the input violates other
 * invariants too, the shrink of each of them from the input, kept if it comes to a handful
 * (`turnToOthers`).
 *
 * Left out: magnitudes (a slow-disk factor, a loss probability), trigger details (`after`,
 * occurrences), targets beyond the AZ merge (one node for another, a segment for its node),
 * and the rest of the scenario (latencies, sizes, timeouts; the writer's AZ only as above).
 */
import type { ResolvedScenario } from '../../sim/index.ts';
import { grainOf, shrinkNumber } from './bisect.ts';
import { ddmin, type Tester } from './ddmin.ts';
import {
  allFaultsAt,
  describeFault,
  faultsAt,
  faultCount,
  faultFor,
  faultItems,
  faultName,
  protectionGroups,
  replicas,
  runDuration,
  startGroups,
  lengthened,
  storageNodes,
  withFaultItems,
  workloadKnob,
  type Candidate,
  type FaultItem,
  type Knob,
} from './edits.ts';
import { azMerges, spanMerges } from './merge.ts';
import { attachAll, triggerEvents, type EventTime } from './attach.ts';
import { HANDFUL, lateCandidates, WIDE_SEEDS } from './late.ts';
import type { Runner } from './runner.ts';
import { writerStartCandidates } from './writer-start.ts';

/** A change the shrink kept. */
export interface Step {
  readonly what: string;
  /** Faults left after it. */
  readonly faults: number;
  /** Runs made so far. */
  readonly runs: number;
}

/** Where a shrink reads the events a fault could be attached to: a run of the scenario, unless a test stands in. */
export type EventSource = (s: ResolvedScenario) => readonly EventTime[];

/**
 * `start` shrunk while it violates the runner's invariant. `others` are the other invariants
 * the input violated, in the checkers' order, that the shrink may turn to (none when the user
 * named the invariant): see `turnToOthers`. The runner ends following the invariant the
 * result violates.
 */
export async function shrinkScenario(
  start: ResolvedScenario,
  runner: Runner,
  onStep: (step: Step) => void,
  events: EventSource = triggerEvents,
  others: readonly string[] = [],
): Promise<ResolvedScenario> {
  const step: StepOf = (s, what) => onStep({ what, faults: faultCount(s), runs: runner.runs });
  const d = start.duration;
  if (others.length === 0) return follow(start, d, runner, step, events, 'wide');
  const first = await follow(start, d, runner, step, events, 'narrow');
  if (faultCount(first) <= HANDFUL || runner.exhausted) return first;
  const turned = await turnToOthers(start, first, others, runner, step, events);
  return turned ?? follow(first, d, runner, step, events, 'resumed');
}

/**
 * Past a handful of faults, before the wide seed searches: the input shrunk again following
 * each other invariant it violated, in turn; the first that comes to a handful is the result,
 * and the runner is left following it. Else the runner goes back to the first invariant, whose
 * wide searches then go on from where its narrow passes stopped (undefined is returned). When
 * the budget runs out inside a turn, the smaller case is kept (the first's on a tie).
 *
 * Why: a run that violates several invariants shows one failure through several checkers, and
 * the one listed first is not always the one a small case shows: a recovery that counted
 * empty segments fails `scl-honest` only with ten faults of setup, and `acked-records-held`,
 * a durability invariant as strong, with four. A turn that ends past a handful is not kept
 * over the first: the wide searches may still cut the first's case (and cost the same on
 * either). The shrunk file says which invariant it violates, and `--invariant` pins one.
 */
async function turnToOthers(
  start: ResolvedScenario,
  first: ResolvedScenario,
  others: readonly string[],
  runner: Runner,
  step: StepOf,
  events: EventSource,
): Promise<ResolvedScenario | undefined> {
  const primary = runner.invariant;
  const left = faultCount(first);
  for (const other of others) {
    if (runner.exhausted) break;
    runner.follow(other);
    if (!(await runner.fails(start))) {
      if (!runner.exhausted) step(first, `${other}: the input as written does not violate it; not followed`);
      continue;
    }
    step(start, `${primary} is left with ${left} faults; following ${other} from the input instead, which it violates too`);
    const next = await follow(start, start.duration, runner, step, events, 'narrow');
    if (faultCount(next) <= HANDFUL || (runner.exhausted && faultCount(next) < left)) return next;
    const why = runner.exhausted ? `the budget ran out following ${other}, at ${faultCount(next)} faults` : `following ${other} left ${faultCount(next)} faults`;
    step(first, `back to ${primary}: ${why}`);
  }
  runner.follow(primary);
  return undefined;
}

/** Reports a kept change, or a turn of the shrink, with the case it leaves. */
type StepOf = (s: ResolvedScenario, what: string) => void;

/**
 * How far a shrink goes past a handful of faults: on to the wide seed searches (`late.ts`,
 * `searchFartherSeeds`), or stopping where the narrow passes do; or straight to the wide
 * searches, resuming a case the narrow passes already left.
 */
type Reach = 'wide' | 'narrow' | 'resumed';

/**
 * The passes of the module's comment, from `from`, following the runner's invariant; runs
 * under another seed or with merged faults last at least `duration`, the input's.
 */
async function follow(from: ResolvedScenario, duration: number, runner: Runner, step: StepOf, events: EventSource, reach: Reach): Promise<ResolvedScenario> {
  let s = from;
  const keep = (next: ResolvedScenario, what: string): void => {
    s = next;
    step(s, what);
  };
  const knob = async (k: Knob): Promise<void> => {
    const next = await shrinkKnob(s, k, runner);
    if (next !== undefined) keep(next, `${k.name} ${k.format(k.get(s))} -> ${k.format(k.get(next))}`);
  };
  /** One round of the narrow passes; true when it removed a fault or shrank the cluster, so that another round follows. */
  const narrowRound = async (before: string): Promise<boolean> => {
    await removeFaults(s, runner, keep);
    await mergeFaults(s, duration, runner, keep);
    await attachFaults(s, events, runner, keep);
    const removed = s;
    // The knobs of the whole scenario first, a handful of runs each. One that shrank the run
    // after this round removed faults goes straight back to ddmin: a shorter run or a smaller
    // cluster is what most often makes another fault unnecessary, and the knobs of each fault
    // (tens of runs per fault) are better spent on the fewer faults left after it.
    if (s.faults.length > 0) await knob(allFaultsAt);
    for (const k of [runDuration, workloadKnob(s), protectionGroups, storageNodes, replicas]) await knob(k);
    if (s !== removed && structure(s) !== before) return true;
    for (const [index, item] of faultItems(s).entries()) await knob(faultFor(index, faultName(item)));
    for (const group of startGroups(s)) await knob(faultsAt(group, groupName(s, group)));
    await knob(runDuration);
    // The knobs can make two faults agree in all but their host (the same start, the same
    // duration), and the run they left can be another: the merges again, before the seeds.
    if (structure(s) === before) await mergeFaults(s, duration, runner, keep);
    return structure(s) !== before;
  };
  let resuming = reach === 'resumed';
  // Attached before the first ddmin too: a capsule's faults that followed an event are then
  // removed around, not only after the removals their fixed instants made fail.
  if (!resuming) await attachFaults(s, events, runner, keep);
  while (!runner.exhausted) {
    const before = structure(s);
    if (!resuming) {
      if (await narrowRound(before)) continue;
      if (reach === 'narrow' && faultCount(s) > HANDFUL) break;
    }
    resuming = false;
    await removeFaultsReseeded(s, duration, runner, keep);
    if (structure(s) === before) await keepLateFaults(s, duration, runner, keep);
    if (structure(s) === before) await searchFartherSeeds(s, duration, runner, keep);
    if (structure(s) === before) break;
  }
  return s;
}

type Keep = (next: ResolvedScenario, what: string) => void;

/** The first of `tries`, in order, that still fails, kept; undefined when none does. */
async function keepFirstFailing(tries: readonly Candidate[], runner: Runner, keep: Keep): Promise<Candidate | undefined> {
  const hit = await runner.firstFailing(tries.map((t) => t.scenario));
  if (hit === undefined) return undefined;
  keep(tries[hit]!.scenario, tries[hit]!.what);
  return tries[hit];
}

/** Past a handful of faults, the late ones alone under many seeds (`late.ts`), the first that still fails kept. */
async function keepLateFaults(s: ResolvedScenario, duration: number, runner: Runner, keep: Keep): Promise<void> {
  if (faultCount(s) > HANDFUL) await keepFirstFailing(lateCandidates(s, duration), runner, keep);
}

/** Seeds after its own that a shrink with nothing left to remove tries each fault's removal under. */
export const RESEEDS = 8;

/**
 * Each fault that can move the writer replaced by starting the writer in another AZ
 * (`writer-start.ts`, under this seed only: a few runs), then each fault removed under each of
 * the next RESEEDS seeds (WIDE_SEEDS past a handful of faults, where the few seeds found
 * nothing more often than not), the first that still fails kept. Each runs for the duration
 * the shrink started from: the shorter one it reached was cut to this seed's violation, and
 * another seed's may come a little later.
 */
async function removeFaultsReseeded(s: ResolvedScenario, duration: number, runner: Runner, keep: Keep): Promise<void> {
  if (faultCount(s) < 2) return;
  const seeds = faultCount(s) > HANDFUL ? WIDE_SEEDS - 1 : RESEEDS;
  const tries: Candidate[] = writerStartCandidates(s, duration);
  for (let k = 1; k <= seeds; k++) tries.push(...removals(s, duration, s.seed + k));
  await keepFirstFailing(tries, runner, keep);
}

/**
 * Past a handful of faults, with nothing found under the first WIDE_SEEDS seeds, the same two
 * searches under the seeds after them, a window of WIDE_SEEDS at a time, until one fails or
 * the budget is spent: seed by seed, the late faults alone first, then each fault removed.
 * Such a case fails under its own seed and seldom under another (a chaos story needs its
 * timing), and a smaller story of the same failure fails under a few seeds in a hundred, so
 * which window holds one is luck; the budget is how long the user lets the search go on.
 */
async function searchFartherSeeds(s: ResolvedScenario, duration: number, runner: Runner, keep: Keep): Promise<void> {
  for (let first = WIDE_SEEDS; faultCount(s) > HANDFUL && !runner.exhausted; first += WIDE_SEEDS) {
    const tries: Candidate[] = [];
    for (let k = first; k < first + WIDE_SEEDS; k++) {
      tries.push(...lateCandidates(s, duration, 1, k), ...removals(s, duration, s.seed + k));
    }
    const runs = runner.runs;
    if ((await keepFirstFailing(tries, runner, keep)) !== undefined) return;
    // Candidates the parser refuses are skipped without a run: a window that ran none would repeat forever.
    if (runner.runs === runs) return;
  }
}

/** Each fault of `s` removed, under `seed`, run for at least `duration`. */
function removals(s: ResolvedScenario, duration: number, seed: number): Candidate[] {
  const items = faultItems(s);
  const base = lengthened(s, duration);
  return items.map((item, i) => ({
    scenario: { ...withFaultItems(base, items.filter((_, j) => j !== i)), seed },
    what: `removed ${describeFault(item)}, with seed ${s.seed} -> ${seed}`,
  }));
}

/** What another pass can build on: fewer faults or a smaller cluster; shorter times and a lower rate seldom make a fault unnecessary. */
function structure(s: ResolvedScenario): string {
  return [faultCount(s), s.cluster.protectionGroups, s.cluster.storageNodes, s.cluster.replicas].join('/');
}

/** ddmin over the faults of `s`, each reduction kept as a step. */
async function removeFaults(s: ResolvedScenario, runner: Runner, keep: Keep): Promise<void> {
  const tester: Tester<FaultItem> = {
    firstFailing: (subsets) => runner.firstFailing(subsets.map((subset) => withFaultItems(s, subset))),
    stopped: () => runner.exhausted,
  };
  await ddmin(faultItems(s), tester, ({ kept, removed }) => keep(withFaultItems(s, kept), `removed ${listFaults(removed)}`));
}

/** Timed faults that closely follow a protocol event, made triggered by it (`attach.ts`), if the run still fails. */
async function attachFaults(s: ResolvedScenario, source: EventSource, runner: Runner, keep: Keep): Promise<void> {
  if (s.faults.length === 0 || !runner.spend()) return;
  const attach = attachAll(s, source(s));
  if (attach === undefined || !(await runner.fails(attach.scenario))) return;
  const n = attach.attached;
  keep(attach.scenario, n === 1 ? 'attached 1 fault to the event it follows' : `attached ${n} faults to the events they follow`);
}

/**
 * Faults of one AZ written host by host, as one fault of the AZ, and two faults of one kind
 * as one over both windows (`merge.ts`), while one still fails. A merge runs for the duration
 * the shrink started from: the run may have been cut just after this schedule's violation,
 * and a merged fault (an AZ cut off, not two of its hosts) can bring it a little later.
 */
async function mergeFaults(start: ResolvedScenario, duration: number, runner: Runner, keep: Keep): Promise<void> {
  let s: ResolvedScenario | undefined = start;
  while (s !== undefined) {
    const long = lengthened(s, duration);
    s = (await keepFirstFailing([...azMerges(long), ...spanMerges(long)], runner, keep))?.scenario;
  }
}

/** The knob's value made as small as still fails; undefined when it cannot shrink. */
async function shrinkKnob(s: ResolvedScenario, knob: Knob, runner: Runner): Promise<ResolvedScenario | undefined> {
  const value = knob.get(s);
  const low = knob.low(s);
  if (value <= low) return undefined;
  const step = knob.step(value);
  const options = { low, high: value, grain: grainOf(low, value, step), step };
  const best = await shrinkNumber(options, (v) => runner.fails(knob.set(s, v)));
  return best < value ? knob.set(s, best) : undefined;
}

/** `crash of writer`, or `3 faults starting with disk-loss of node:0` for a group. */
function groupName(s: ResolvedScenario, group: readonly number[]): string {
  const first = faultName({ kind: 'timed', spec: s.faults[group[0]!]! });
  return group.length === 1 ? first : `${group.length} faults starting with ${first}`;
}

const LISTED = 3;

/** `2 faults: crash of node:2 at 4s for 1s, pause of writer at 5s for 10ms`. */
function listFaults(items: readonly FaultItem[]): string {
  const shown = items.slice(0, LISTED).map(describeFault);
  const more = items.length > LISTED ? `, and ${items.length - LISTED} more` : '';
  return `${items.length} fault${items.length === 1 ? '' : 's'}: ${shown.join(', ')}${more}`;
}
