/**
 * One trace event as a line a person reads, the same for `replay` and `replay --diff`:
 *
 *   #1234  t=5.000123 s  scl  pg=0 segment=3 lsn=1234
 *   #99    t=4.000000 s  fault  start crash writer
 *
 * The index is the event's 0-based position in the run's trace: event #i is line i + 2 of the
 * `run --trace` file (the header is line 1). Times are the trace's integer microseconds,
 * printed as seconds with all six decimals, so nothing is rounded away.
 */
import type { ChalkInstance } from 'chalk';
import type { TraceEvent } from '../trace-jsonl.ts';

/** An event and its position in the trace. */
export interface IndexedEvent {
  readonly index: number;
  readonly event: TraceEvent;
}

/** Whole microseconds as seconds with six decimals (`5.000123`); anything else as it stands. */
export function seconds(us: number): string {
  if (!Number.isSafeInteger(us) || us < 0) return String(us);
  return `${Math.floor(us / 1_000_000)}.${String(us % 1_000_000).padStart(6, '0')}`;
}

/** `t=5.000123 s` */
export function timeLabel(us: number): string {
  return `t=${seconds(us)} s`;
}

/** The event's fields after `t` and `kind`, as `name=value` in the order the event holds them, or its text. */
export function fieldsText(event: TraceEvent): string {
  const names = Object.keys(event).filter((key) => key !== 't' && key !== 'kind');
  if (names.length === 1 && names[0] === 'text') return String(event.text);
  return names.map((name) => `${name}=${String(event[name])}`).join(' ');
}

/** `#1234  t=5.000123 s  scl  pg=0 segment=3 lsn=1234`, the index padded to `width` digits. */
export function eventLine({ index, event }: IndexedEvent, chalk: ChalkInstance, width = 0): string {
  const fields = fieldsText(event);
  const head = `${chalk.dim(`#${String(index).padEnd(width)}`)}  ${timeLabel(event.t)}  ${chalk.bold(event.kind)}`;
  return fields === '' ? head : `${head}  ${fields}`;
}

/** The width of the widest index among `events`, for aligned columns. */
export function indexWidth(events: readonly IndexedEvent[]): number {
  return events.reduce((width, { index }) => Math.max(width, String(index).length), 0);
}
