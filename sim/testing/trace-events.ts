/**
 * Tests that replay a trace list its events as tuples: time, kind, then the fields in the
 * order the kind declares them. The kind is checked against the model's table here; the count
 * of fields is not (a missing one is 0, as the line prints it), so a short list stays short.
 */
import type { IntegerKind, Trace } from '../core/trace.ts';
import type { ModelTrace, TRACE_KINDS } from '../protocol/trace-kinds.ts';

export type ModelEvent = readonly [time: number, kind: IntegerKind<typeof TRACE_KINDS>, ...fields: number[]];

/** Emits each event at its time, moving `clock` there first. */
export function replayEvents(trace: ModelTrace, clock: { now: number }, events: readonly ModelEvent[]): void {
  const loose = trace as unknown as Trace;
  for (const [time, kind, ...fields] of events) {
    clock.now = time;
    loose.emit(kind, fields[0] ?? 0, fields[1] ?? 0, fields[2] ?? 0, fields[3] ?? 0, fields[4] ?? 0);
  }
}
