/**
 * Timed faults that start just after a protocol event, written as faults triggered by that
 * event: `disk-loss of pg:1/segment:0 at 13506.288ms` becomes `on: truncate, after: 50us`.
 *
 * Why: a fault written at an absolute instant is tuned to one seed and one schedule. Once a
 * neighbouring fault goes, or the seed changes, the truncation it was aimed at moves by some
 * microseconds and the fault misses its window; so the shrink kept faults that were only
 * there to hold the timing in place, and its seed search seldom found anything. A fault that
 * follows its event stays in the window however the event moves, and the shrunk file says why
 * the fault is where it is. A capsule writes every fault timed (it replays the run as it
 * was); this gives the shrink back what the triggers meant.
 *
 * The events come from one run of the scenario as it stands (the same seed): a timed fault
 * whose start is 1 µs to ATTACH_WITHIN after an event that can trigger faults is attached to
 * the nearest such event before it. The trigger's window opens at the latest timed fault
 * that started at or before the event (its likely cause, so that moving that fault can move
 * the window with it), or just after the event's previous occurrence if that came later, so
 * that the match is the first in the window: under the same seed the rewritten scenario runs
 * exactly as before (faults run first in their microsecond however they were scheduled).
 */
import { TRIGGER_EVENTS, type FaultSpec, type ResolvedScenario, type TriggeredFaultSpec, type TriggerEvent } from '../../sim/index.ts';
import { faultItems, withFaultItems, type FaultItem } from './edits.ts';
import { probe } from './probe.ts';
import { scenarioText } from './runner.ts';

/** How long after an event a timed fault may start to be attached to it, µs. */
export const ATTACH_WITHIN = 5_000;

export interface EventTime {
  readonly time: number;
  readonly event: TriggerEvent;
}

/** The events of `s`'s run that can trigger faults, in order (one run, exactly as a candidate runs). */
export function triggerEvents(s: ResolvedScenario): EventTime[] {
  const events: EventTime[] = [];
  const handlers = Object.fromEntries(TRIGGER_EVENTS.map((event) => [event, (time: number) => void events.push({ time, event })]));
  // A run that throws or does not parse is not the failure being shrunk: nothing to attach to.
  const { error } = probe(scenarioText(s), (trace) => trace.on(handlers));
  return error === undefined ? events : [];
}

/**
 * `s` with every timed fault that closely follows an event triggered by it instead, and how
 * many were; undefined when none does.
 */
export function attachAll(s: ResolvedScenario, events: readonly EventTime[]): { scenario: ResolvedScenario; attached: number } | undefined {
  let attached = 0;
  const items = faultItems(s).map((item): FaultItem => {
    if (item.kind !== 'timed') return item;
    const spec = attachOne(item.spec, s, events);
    if (spec === undefined) return item;
    attached++;
    return { kind: 'triggered', spec };
  });
  return attached === 0 ? undefined : { scenario: withFaultItems(s, items), attached };
}

function attachOne(fault: FaultSpec, s: ResolvedScenario, events: readonly EventTime[]): TriggeredFaultSpec | undefined {
  let match = -1;
  for (let i = 0; i < events.length && events[i]!.time < fault.at; i++) match = i;
  if (match < 0) return undefined;
  const { time, event } = events[match]!;
  if (fault.at - time > ATTACH_WITHIN) return undefined;
  let previous = -Infinity;
  for (let i = match - 1; i >= 0; i--) {
    if (events[i]!.event === event && events[i]!.time < time) {
      previous = events[i]!.time;
      break;
    }
  }
  const cause = Math.max(0, ...s.faults.filter((f) => f.at <= time).map((f) => f.at));
  const from = Math.max(cause, previous + 1);
  const { at: _at, ...rest } = fault;
  const when = { on: { kind: 'event', event } as const, occurrence: 1, times: 1, after: fault.at - time, from, to: s.duration };
  return { ...rest, when } as TriggeredFaultSpec;
}
