/**
 * State triggers: faults that start when the run reaches a state rather than at a time. The
 * watch reads the trace, like a checker, and tells the injector when a trigger matches; the
 * injector starts the fault `after` later (at least 1 µs: faults run first in their
 * microsecond, see core/start-lane.ts, and the match's microsecond has begun).
 *
 * What each trigger matches:
 * - `recovery.start`: a writer begins recovery (the fence/read phase: it asks segments for
 *   their state under a new volume epoch);
 * - `recovery.read`: the writer computed VCL and VDL from a read quorum (truncation is next);
 * - `truncate`: the truncation range is recorded (the repair phase begins);
 * - `recovery.done`: the writer opened after recovery;
 * - `promote`: a failover begins (a replica is chosen as the new writer);
 * - `membership`: a PG membership change is in progress (an event with pending replacements);
 *   its segment is the incoming one;
 * - `segment.wipe`, `segment.new`, `segment.hydrated`: a segment lost its data, was created
 *   empty by a repair, or installed a peer's copy; its segment is that one;
 * - `writer.open`: a writer opened for transactions (first open or after recovery);
 * - `lag: {records, for}`: a segment is at least `records` LSNs behind its PG's highest SCL
 *   (segment-progress.ts), and has been for `for`; its segment is the lagging one. Lag is
 *   observed when a PG's progress changes, and only inside the window.
 *
 * Counting: only matches inside [from, to) count, and none while the trigger's previous fault
 * is pending or active; the fault starts on the `occurrence`-th match and, up to `times` in
 * all, on later ones. A match whose relative target names nothing (no other member to lead,
 * a slot no node holds) or whose fault would start at or after the end of the run starts
 * nothing; a fault the injector drops at its start does not count towards `times`.
 */
import type { Loop } from '../core/loop.ts';
import type { ModelFields, ModelHandler, ModelTrace } from '../protocol/trace-kinds.ts';
import { decodeReplacements } from '../quorum/membership.ts';
import type { FaultSpec, TriggerCondition, TriggeredFaultSpec, TriggerEvent } from './fault-spec.ts';
import type { Topology } from '../topology/topology.ts';
import { MAX_SLOTS } from '../topology/topology.ts';
import type { RelativeTarget, Selector } from './fault-target.ts';
import { kindRow } from './kinds.ts';
import { SegmentProgress } from './segment-progress.ts';
import { formatSelector } from './selector.ts';

/** Every trigger event, in the order documentation lists them. */
export const TRIGGER_EVENTS = [
  'recovery.start', 'recovery.read', 'truncate', 'recovery.done', 'promote', 'membership',
  'segment.wipe', 'segment.new', 'segment.hydrated', 'writer.open',
] as const satisfies readonly TriggerEvent[];

/** Events whose match names a segment, which relative targets are taken from. */
const SEGMENT_EVENTS: ReadonlySet<string> = new Set(['membership', 'segment.wipe', 'segment.new', 'segment.hydrated']);

/** Whether a match of `on` names a segment (so `lagging`, `leading`, ... can be resolved). */
export function namesSegment(on: TriggerCondition): boolean {
  return on.kind === 'lag' || SEGMENT_EVENTS.has(on.event);
}

/** One triggered fault and its counts. */
export class ArmedTrigger {
  readonly spec: TriggeredFaultSpec;
  /** Matches counted so far (inside the window, while idle). */
  matches = 0;
  /** Faults it started. */
  fired = 0;
  /** Its fault is pending or active: matches do not count. */
  busy = false;
  /** Lag triggers, per (PG, slot): when the lag began (-1 none, -2 this lag already matched). */
  readonly since: Float64Array;

  constructor(spec: TriggeredFaultSpec, protectionGroups: number) {
    this.spec = spec;
    this.since = new Float64Array(spec.when.on.kind === 'lag' ? protectionGroups * MAX_SLOTS : 0).fill(-1);
  }
}

/** Called on a match that starts a fault: `target` resolved, `at` the fault's start. */
export type Fire = (armed: ArmedTrigger, target: Selector, at: number) => void;

interface LagDue {
  readonly armed: ArmedTrigger;
  readonly pg: number;
  readonly slot: number;
  readonly since: number;
}

export class TriggerWatch {
  private readonly loop: Loop;
  private readonly topology: Topology;
  private readonly armed: readonly ArmedTrigger[];
  /** Faults must start before this instant (the end of the run). */
  private readonly end: number;
  private readonly fire: Fire;
  private progress: SegmentProgress | undefined;

  constructor(loop: Loop, topology: Topology, armed: readonly ArmedTrigger[], end: number, fire: Fire) {
    this.loop = loop;
    this.topology = topology;
    this.armed = armed;
    this.end = end;
    this.fire = fire;
  }

  attach(trace: ModelTrace): void {
    const relative = this.armed.some((a) => a.spec.target.kind === 'relative');
    const lagging = this.armed.filter((a) => a.spec.when.on.kind === 'lag');
    if (relative || lagging.length > 0) {
      // Subscribed first, so an event's own trigger resolves targets on the updated state.
      const progress = (this.progress = new SegmentProgress(this.topology.protectionGroups, this.topology.segmentsPerPg));
      progress.attach(trace);
      if (lagging.length > 0) progress.onChange((pg, time) => this.lagChanged(lagging, pg, time));
    }
    const byEvent = new Map<TriggerEvent, ArmedTrigger[]>();
    for (const armed of this.armed) {
      const on = armed.spec.when.on;
      if (on.kind === 'event') byEvent.set(on.event, [...(byEvent.get(on.event) ?? []), armed]);
    }
    if (byEvent.size === 0) return;
    const matchAll = (event: TriggerEvent, time: number, pg?: number, slot?: number): void => {
      for (const armed of byEvent.get(event)!) this.match(armed, time, pg, slot);
    };
    const onSegment = (event: TriggerEvent) => (time: number, { pg, segment }: ModelFields<'segment.wipe'>): void => {
      matchAll(event, time, pg, segment);
    };
    const handlers = {
      'recovery.start': (time) => matchAll('recovery.start', time),
      'recovery.read': (time) => matchAll('recovery.read', time),
      truncate: (time) => matchAll('truncate', time),
      'recovery.done': (time) => matchAll('recovery.done', time),
      promote: (time) => matchAll('promote', time),
      membership: (time, { pg, replacements }) => {
        if (replacements === 0) return; // the change finished or was reverted: nothing in progress
        const pairs = decodeReplacements(replacements);
        matchAll('membership', time, pg, pairs[pairs.length - 1]![1]);
      },
      'segment.wipe': onSegment('segment.wipe'),
      'segment.new': onSegment('segment.new'),
      'segment.hydrated': onSegment('segment.hydrated'),
      'writer.open': (time) => matchAll('writer.open', time),
    } satisfies { readonly [E in TriggerEvent]: ModelHandler<E> };
    trace.on(only(handlers, byEvent.keys()));
  }

  /** Re-checks every segment of `pg` against each lag trigger that is listening. */
  private lagChanged(lagging: readonly ArmedTrigger[], pg: number, time: number): void {
    const progress = this.progress!;
    for (const armed of lagging) {
      const on = armed.spec.when.on as Extract<TriggerCondition, { kind: 'lag' }>;
      const since = armed.since;
      const base = pg * MAX_SLOTS;
      if (!this.listening(armed, time)) {
        since.fill(-1, base, base + MAX_SLOTS);
        continue;
      }
      const highest = progress.highest(pg);
      for (let slot = 0; slot < MAX_SLOTS; slot++) {
        if (!progress.counts(pg, slot) || highest - progress.scl(pg, slot) < on.records) {
          since[base + slot] = -1;
        } else if (since[base + slot] === -1) {
          since[base + slot] = time;
          if (on.for === 0) this.lagMatch(armed, pg, slot, time);
          else this.loop.at(time + on.for, this.lagDue, { armed, pg, slot, since: time } satisfies LagDue);
        }
      }
    }
  }

  /** The lag that began at `since` has lasted `for`: it matches if it is still the same lag. */
  private readonly lagDue = (due: LagDue): void => {
    if (due.armed.since[due.pg * MAX_SLOTS + due.slot] === due.since) this.lagMatch(due.armed, due.pg, due.slot, this.loop.now);
  };

  private lagMatch(armed: ArmedTrigger, pg: number, slot: number, time: number): void {
    armed.since[pg * MAX_SLOTS + slot] = -2;
    this.match(armed, time, pg, slot);
  }

  /** Whether matches of `armed` count at `time`. */
  private listening(armed: ArmedTrigger, time: number): boolean {
    const when = armed.spec.when;
    return !armed.busy && armed.fired < when.times && time >= when.from && time < when.to;
  }

  private match(armed: ArmedTrigger, time: number, pg = -1, slot = -1): void {
    if (!this.listening(armed, time)) return;
    if (++armed.matches < armed.spec.when.occurrence) return;
    const at = time + Math.max(1, armed.spec.when.after);
    const target = this.resolve(armed.spec, pg, slot);
    if (at >= this.end || target === undefined) return;
    armed.busy = true;
    this.fire(armed, target, at);
  }

  /** The fault's target now, relative ones taken from the matched segment. */
  private resolve(spec: TriggeredFaultSpec, pg: number, slot: number): Selector | undefined {
    const target = spec.target;
    if (target.kind !== 'relative') return target;
    if (pg < 0) return undefined;
    return relativeSelector(target.relative, kindRow(spec.kind).segmentItself === true, pg, slot, this.topology, this.progress!);
  }
}

/**
 * `which` for the matched segment (`slot` of `pg`) as a plain selector, or undefined. A segment
 * (`lagging`, `leading`) is spelt `pg:N/segment:M` only for a disk loss, which loses that
 * segment alone; for every other kind a segment means its node, spelt `node:N`, because a
 * slot a repair took (M >= V) has no node before the run for a timed fault to name.
 */
export function relativeSelector(
  which: RelativeTarget, segmentLoss: boolean, pg: number, slot: number, topology: Topology, progress: SegmentProgress,
): Selector | undefined {
  const chosen = which === 'lagging' || which === 'lagging-node' ? slot : progress.leading(pg, slot);
  const host = chosen < 0 ? -1 : topology.nodeOf(pg, chosen);
  if (host < 0) return undefined;
  if (segmentLoss && (which === 'lagging' || which === 'leading')) return { kind: 'segment', pg, segment: chosen };
  return { kind: 'node', index: topology.storageNodes.findIndex((node) => node.id === host) };
}

/**
 * The fault a trigger starts: its target resolved (a relative one spelt as the selector it
 * resolved to), starting at `at`, lasting `for` or until `end`.
 */
export function startedSpec(spec: TriggeredFaultSpec, target: Selector, at: number, end: number): FaultSpec {
  const { when: _when, withinFailureModel: _model, for: duration, target: written, label, ...rest } = spec;
  const shown = written.kind === 'relative' ? formatSelector(target) : label;
  return { ...rest, at, for: duration ?? end - at, target, label: shown } as FaultSpec;
}

/** The handlers of the events some trigger waits for: the trace calls no other. */
function only<T extends object>(handlers: T, events: Iterable<keyof T>): Partial<T> {
  const chosen: Partial<T> = {};
  for (const event of events) chosen[event] = handlers[event];
  return chosen;
}
