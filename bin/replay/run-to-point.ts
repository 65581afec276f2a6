/**
 * Runs a scenario up to a point, reading it through the trace only (`runScenario`'s `watch`):
 * every event is folded into the state (`reports/replay/state.ts`) and copied into a ring of
 * the last K, and the run is stopped once the point is passed. The run goes on to the end of
 * the current event after `stop()`; what it emits then is not folded, so the state is exactly
 * the state after the point. Memory stays flat: K events and one slot per segment. The
 * watcher is in place before the first event (the first writer opens while the world is
 * built), and a stop at event 0 ends the run there.
 */
import { runScenario, TRACE_KINDS, type ModelTrace, type ResolvedScenario, type RunControl, type TraceKinds } from '../../sim/index.ts';
import type { IndexedEvent } from '../../reports/replay/event-line.ts';
import { Ring } from '../../reports/replay/ring.ts';
import { ReplayFold, type Fields } from '../../reports/replay/state.ts';
import type { ReplayState } from '../../reports/replay/state-types.ts';
import type { TraceEvent } from '../../reports/trace-jsonl.ts';

/** After event N (0-based, as `run --trace` numbers its lines after the header), or the last event at or before a time. */
export type StopPoint = { readonly toEvent: number } | { readonly untilUs: number };

export interface PointReached {
  /** False when the run ended before event N (`--to-event` past the end). */
  readonly reached: boolean;
  readonly state: ReplayState;
  /** The last K events up to and including the point, oldest first. */
  readonly events: readonly IndexedEvent[];
}

interface Slot {
  index: number;
  t: number;
  kind: string;
  values: (number | string)[];
}

const KINDS: TraceKinds = TRACE_KINDS;

export function runToPoint(scenario: ResolvedScenario, point: StopPoint, last: number, run: { source: string; replay: string }): PointReached {
  const { protectionGroups, azs, segmentsPerAz } = scenario.cluster;
  const fold = new ReplayFold({ protectionGroups, segmentsPerPg: azs * segmentsPerAz });
  const ring = new Ring<Slot>(last, () => ({ index: 0, t: 0, kind: '', values: [] }));
  let reached = false;
  let index = -1;
  /** Folds the next event, unless the point is passed: then it stops the run and leaves the event out. */
  const take = (t: number, kind: string, fields: Fields, control: RunControl): void => {
    if (reached) return;
    if ('untilUs' in point && t > point.untilUs) {
      reached = true;
      return control.stop();
    }
    fold.apply(t, kind, fields);
    copy(ring.next(), ++index, t, kind, namesOf(kind), fields);
    if ('toEvent' in point && index === point.toEvent) {
      reached = true;
      control.stop();
    }
  };
  const watch = (trace: ModelTrace, control: RunControl): void => {
    const handle = (kind: string) => (t: number, fields: Fields): void => take(t, kind, fields, control);
    const handlers = Object.fromEntries(Object.keys(KINDS).map((kind) => [kind, handle(kind)]));
    trace.on(handlers as Parameters<ModelTrace['on']>[0]);
  };
  runScenario(scenario, { ...run, keepTrace: false, watch });
  // `--until` at or after the last event: the end of the run is the point.
  return { reached: reached || 'untilUs' in point, state: fold.state(), events: ring.items().map(indexed) };
}

function namesOf(kind: string): readonly string[] {
  const declared = KINDS[kind]!;
  return declared === 'text' ? ['text'] : declared;
}

function copy(slot: Slot | undefined, index: number, t: number, kind: string, names: readonly string[], fields: Fields): void {
  if (slot === undefined) return;
  slot.index = index;
  slot.t = t;
  slot.kind = kind;
  slot.values.length = names.length;
  for (let i = 0; i < names.length; i++) slot.values[i] = fields[names[i]!]!;
}

function indexed(slot: Slot): IndexedEvent {
  const event: Record<string, number | string> = { t: slot.t, kind: slot.kind };
  namesOf(slot.kind).forEach((name, i) => (event[name] = slot.values[i]!));
  return { index: slot.index, event: event as TraceEvent };
}
