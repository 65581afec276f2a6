/**
 * `replay --diff TRACE_A TRACE_B`: reads both traces in step, a line of each at a time, and
 * stops at the first event that differs in time, kind or any field (or where one trace ends
 * before the other). Lines that are the same text are the same event, so only one of them is
 * parsed; memory holds the last K common events and nothing else, whatever the traces' size.
 *
 * Exit 0 when identical, 1 when they differ, 2 for a file that is missing or not a trace.
 * Notes on the headers (another scenario or seed, another kind table, a traceHash that
 * disagrees with the events) go to stderr, and into the `--json` document.
 */
import { diffJson, differingFields, hashNote, headerNotes, renderDiffText, type TraceDiff } from '../../reports/replay/diff.ts';
import type { IndexedEvent } from '../../reports/replay/event-line.ts';
import { Ring } from '../../reports/replay/ring.ts';
import type { TraceEvent } from '../../reports/trace-jsonl.ts';
import { ExitCode } from '../exit.ts';
import { info, print, printJson, type Session } from '../session.ts';
import { TraceFile } from './trace-file.ts';

/** Events shown after the difference on each side. */
export const AFTER = 5;

export function diffCommand(session: Session, pathA: string, pathB: string, context: number): ExitCode {
  const a = new TraceFile(pathA);
  let b: TraceFile;
  try {
    b = new TraceFile(pathB);
  } catch (error) {
    a.close();
    throw error;
  }
  let diff: TraceDiff;
  try {
    diff = diffTraces(a, b, context);
  } finally {
    a.close();
    b.close();
  }
  if (session.flags.json) printJson(session, diffJson(diff));
  else {
    for (const note of diff.notes) info(session, `note: ${note}`);
    print(session, renderDiffText(diff, session.color));
  }
  return diff.first === null ? ExitCode.ok : ExitCode.failed;
}

export function diffTraces(a: TraceFile, b: TraceFile, context: number): TraceDiff {
  const before = new Ring<{ index: number; event: TraceEvent | undefined }>(context, () => ({ index: 0, event: undefined }));
  let index = 0;
  for (;;) {
    const lineA = a.next();
    const lineB = b.next();
    if (lineA === undefined && lineB === undefined) return outcome(a, b, index, null, before.items() as IndexedEvent[]);
    const eventA = lineA === undefined ? null : a.parse(lineA);
    const eventB = lineB === undefined ? null : lineB === lineA ? eventA : b.parse(lineB);
    const fields = eventA === null ? Object.keys(eventB!) : eventB === null ? Object.keys(eventA) : differingFields(eventA, eventB);
    if (fields.length > 0) {
      const first = { index, a: eventA, b: eventB, fields };
      return { ...outcome(a, b, index, first, before.items() as IndexedEvent[]), afterA: following(a, index), afterB: following(b, index) };
    }
    const slot = before.next();
    if (slot !== undefined) Object.assign(slot, { index, event: eventA });
    index++;
  }
}

function outcome(a: TraceFile, b: TraceFile, common: number, first: TraceDiff['first'], before: readonly IndexedEvent[]): TraceDiff {
  const note = hashNote(a.side, b.side, first === null);
  const notes = [...headerNotes(a.side, b.side), ...(note === undefined ? [] : [note])];
  return { a: a.side, b: b.side, common, first, before, afterA: [], afterB: [], notes };
}

/** The next AFTER events of one side, after the one at `index`. */
function following(file: TraceFile, index: number): IndexedEvent[] {
  const events: IndexedEvent[] = [];
  for (let i = 1; i <= AFTER; i++) {
    const line = file.next();
    if (line === undefined) break;
    events.push({ index: index + i, event: file.parse(line) });
  }
  return events;
}
