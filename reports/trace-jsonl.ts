/**
 * A run's trace as JSON Lines, for `run --trace FILE`: a header naming the format, scenario,
 * seed, traceHash and every kind's fields, then one object per event, its fields by the names
 * the kind table (sim/protocol/trace-kinds.ts) gives them, in declared order:
 *
 *   {"t":1200,"kind":"scl","pg":0,"segment":3,"lsn":1234}
 *   {"t":5000000,"kind":"fault","text":"start crash writer"}
 *
 * The mapping from the canonical lines the traceHash covers (sim/core/trace.ts) is exact both
 * ways: `canonicalLine` rebuilds the very line that was hashed, from the event and the header's
 * `kinds`, so the SHA-256 of the rebuilt lines (each followed by `\n`) is the header's
 * traceHash. A line's numbers are `String(n)` of a double, which is also their JSON text, so
 * they are copied as they stand; a token JSON would not give back exactly (NaN or ±Infinity,
 * which the model never emits, or anything else that is not `String` of its own value) is
 * written as a JSON string of that text, which rebuilds it all the same.
 *
 * Detail kinds (IO_DETAIL_KINDS) are outside the hash: a run's lines have none unless it was
 * asked for them (`run --trace-detail io`), and the header names them only then, in `kinds` and
 * in `detail`, the kinds a reader leaves out to rebuild the hashed text. Without detail the
 * file is what it was before detail existed, header included.
 *
 * A generator, so a trace of millions of lines is written out without one giant string.
 */
import { HASHED_KINDS, IO_DETAIL_KINDS, TRACE_KINDS, type RunResult, type TraceKinds } from '../sim/index.ts';

export const TRACE_FORMAT = 'aurora-sim-trace';
/** 2: fields by name, and the kind table in the header (1 had them as an array `f`). */
export const TRACE_FORMAT_VERSION = 2;

/** One event: its time, kind, and either its integer fields by name or its text. */
export type TraceEvent = { readonly t: number; readonly kind: string } & Readonly<Record<string, number | string>>;

export interface TraceHeader {
  readonly format: typeof TRACE_FORMAT;
  readonly version: typeof TRACE_FORMAT_VERSION;
  readonly scenario: string;
  readonly seed: number;
  readonly traceHash: string;
  readonly kinds: TraceKinds;
  /** Kinds of the `kinds` whose lines the traceHash leaves out; only in a file that has them. */
  readonly detail?: readonly string[];
}

export interface TraceJsonOptions {
  /** The kind table (default: the model's, with the detail kinds if `detail` is on). */
  readonly kinds?: TraceKinds;
  /** The run kept its detail lines too (`--trace-detail io`): the header says which kinds they are. */
  readonly detail?: boolean;
}

/** Yields the header and then one JSON line per trace line the run kept, each ending in `\n`. */
export function* traceJsonLines(result: RunResult, options: TraceJsonOptions = {}): Generator<string> {
  const detail = options.detail === true;
  const kinds = options.kinds ?? (detail ? TRACE_KINDS : HASHED_KINDS);
  const header: TraceHeader = {
    format: TRACE_FORMAT,
    version: TRACE_FORMAT_VERSION,
    scenario: result.scenario.name,
    seed: result.seed,
    traceHash: result.traceHash,
    kinds,
    ...(detail ? { detail: IO_DETAIL_KINDS } : {}),
  };
  yield `${JSON.stringify(header)}\n`;
  const writer = new EventWriter(kinds);
  for (const line of result.traceLines ?? []) yield `${writer.json(line)}\n`;
}

/** Parses one canonical line into its event. Throws on a line its kind does not fit. */
export function traceEvent(line: string, kinds: TraceKinds = TRACE_KINDS): TraceEvent {
  return JSON.parse(new EventWriter(kinds).json(line)) as TraceEvent;
}

/** The canonical line an event came from (the line the traceHash covers, without its `\n`). */
export function canonicalLine(event: TraceEvent, kinds: TraceKinds = TRACE_KINDS): string {
  const declared = kinds[event.kind];
  if (declared === undefined) throw new Error(`trace event of an undeclared kind: ${JSON.stringify(event.kind)}`);
  if (declared === 'text') return `${event.t} ${event.kind} ${String(event.text)}`;
  return [event.t, event.kind, ...declared.map((field) => String(event[field]))].join(' ');
}

/** Turns canonical lines into JSON text, with each kind's keys rendered once. */
class EventWriter {
  private readonly kinds: TraceKinds;
  /** Per kind: `,"kind":"<kind>"` and then `,"<field>":` for each field (`text` for a textual kind). */
  private readonly keys = new Map<string, { readonly kind: string; readonly fields: readonly string[]; readonly text: boolean }>();

  constructor(kinds: TraceKinds) {
    this.kinds = kinds;
  }

  json(line: string): string {
    const firstSpace = line.indexOf(' ');
    if (firstSpace <= 0) throw malformed(line, 'no time and kind');
    const secondSpace = line.indexOf(' ', firstSpace + 1);
    const keys = this.keysOf(line.slice(firstSpace + 1, secondSpace < 0 ? undefined : secondSpace), line);
    const rest = secondSpace < 0 ? undefined : line.slice(secondSpace + 1);
    const json = `{"t":${valueJson(line.slice(0, firstSpace))}${keys.kind}`;
    if (keys.text) {
      if (rest === undefined) throw malformed(line, 'no text');
      return `${json}${keys.fields[0]}${JSON.stringify(rest)}}`;
    }
    const values = rest === undefined ? [] : rest.split(' ');
    if (values.length !== keys.fields.length) throw malformed(line, `${values.length} fields where its kind declares ${keys.fields.length}`);
    let fields = '';
    for (let i = 0; i < values.length; i++) fields += `${keys.fields[i]}${valueJson(values[i]!)}`;
    return `${json}${fields}}`;
  }

  private keysOf(kind: string, line: string) {
    let keys = this.keys.get(kind);
    if (keys === undefined) {
      const declared = this.kinds[kind];
      if (declared === undefined) throw malformed(line, `undeclared kind ${JSON.stringify(kind)}`);
      const text = declared === 'text';
      const fields = (text ? ['text'] : declared).map((field) => `,${JSON.stringify(field)}:`);
      keys = { kind: `,"kind":${JSON.stringify(kind)}`, fields, text };
      this.keys.set(kind, keys);
    }
    return keys;
  }
}

/** The token as a JSON number if JSON gives it back exactly (it is `String` of a finite double), else as a string. */
function valueJson(token: string): string {
  const value = Number(token);
  return Number.isFinite(value) && String(value) === token ? token : JSON.stringify(token);
}

function malformed(line: string, why: string): Error {
  return new Error(`not a canonical trace line (${why}): ${JSON.stringify(line)}`);
}
