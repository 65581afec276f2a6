/**
 * Reading a `run --trace` file (ARCHITECTURE.md §4.4) line by line for `replay --diff`: the
 * header first, checked to be a trace of the version read here (2: fields by name, the kind
 * table in the header), then each event, checked against the header's kinds. Anything else is
 * bad input, named by file and line (exit 2). Version 1 files (unnamed fields, no kind table)
 * are refused with the way out: write the trace again. Lines of the kinds the header names as
 * detail (`run --trace-detail`) are passed over: they are outside the hash and the numbering of
 * events, so a trace with them compares as the same run's trace without them.
 */
import type { TraceKinds } from '../../sim/index.ts';
import type { TraceSide } from '../../reports/replay/diff.ts';
import { TRACE_FORMAT, TRACE_FORMAT_VERSION, type TraceEvent } from '../../reports/trace-jsonl.ts';
import { CliError, errorReason } from '../exit.ts';
import { LineReader } from './line-reader.ts';

/** The kind of an event line as `run --trace` writes it (`t` first, then `kind`). */
const KIND = /^\{"t":[^,]*,"kind":"([^"\\]*)"/;

export class TraceFile {
  readonly side: TraceSide;
  private readonly reader: LineReader;
  private readonly path: string;
  /** The kinds the header names as detail, whose lines `next` passes over. */
  private detail: ReadonlySet<string> = new Set();

  /** Opens `path` and reads its header. */
  constructor(path: string) {
    this.path = path;
    try {
      this.reader = new LineReader(path);
    } catch (error) {
      throw new CliError('unreadable', `${path}: cannot read (${errorReason(error)})`);
    }
    this.side = this.header();
  }

  /** 1-based line number of the line `next` returned last. */
  get line(): number {
    return this.reader.line;
  }

  /** The next event line as it stands (detail lines passed over), or undefined at the end of the file. */
  next(): string | undefined {
    for (;;) {
      const line = this.read();
      if (line === undefined || this.detail.size === 0 || !this.detail.has(KIND.exec(line)?.[1] ?? '')) return line;
    }
  }

  private read(): string | undefined {
    try {
      return this.reader.next();
    } catch (error) {
      throw this.invalid(`cannot read on (${errorReason(error)})`);
    }
  }

  /** The event a line (the last one `next` returned) holds, checked against the header's kinds. */
  parse(text: string): TraceEvent {
    const event = this.json(text, 'an event');
    if (typeof event.kind !== 'string' || !(typeof event.t === 'number' || typeof event.t === 'string')) {
      throw this.invalid('not a trace event (it needs "t" and "kind")');
    }
    const declared = this.side.kinds[event.kind];
    if (declared === undefined) throw this.invalid(`kind ${JSON.stringify(event.kind)} is not in the header's kind table`);
    const fields = declared === 'text' ? ['text'] : declared;
    const missing = fields.find((field) => !(field in event));
    if (missing !== undefined) throw this.invalid(`${event.kind} event without its field ${JSON.stringify(missing)}`);
    const extra = Object.keys(event).find((key) => key !== 't' && key !== 'kind' && !fields.includes(key));
    if (extra !== undefined) throw this.invalid(`${event.kind} event with a field its kind does not declare: ${JSON.stringify(extra)}`);
    return event as TraceEvent;
  }

  close(): void {
    this.reader.close();
  }

  private header(): TraceSide {
    const text = this.read();
    if (text === undefined) throw new CliError('invalid-trace', `${this.path}: empty, not a file written by run --trace`);
    const header = this.json(text, 'a trace header');
    if (header.format !== TRACE_FORMAT) throw this.invalid(`not a file written by run --trace (its first line has no "format": "${TRACE_FORMAT}")`);
    if (header.version === 1) {
      throw this.invalid('a version 1 trace (unnamed fields, no kind table): replay --diff reads version 2; write the trace again with run --trace');
    }
    if (header.version !== TRACE_FORMAT_VERSION) throw this.invalid(`trace version ${String(header.version)}: replay --diff reads version ${TRACE_FORMAT_VERSION}`);
    const kinds = header.kinds;
    if (typeof kinds !== 'object' || kinds === null || Array.isArray(kinds)) throw this.invalid('the header has no kind table ("kinds")');
    if (Array.isArray(header.detail)) this.detail = new Set(header.detail.map(String));
    const events = Object.fromEntries(Object.entries(kinds as TraceKinds).filter(([kind]) => !this.detail.has(kind)));
    return {
      file: this.path,
      scenario: String(header.scenario),
      seed: Number(header.seed),
      traceHash: String(header.traceHash),
      kinds: events,
      ...(this.detail.size > 0 ? { detail: true } : {}),
    };
  }

  private json(text: string, what: string): Record<string, unknown> {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw this.invalid(`not ${what}: not a line of JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.invalid(`not ${what}: not a JSON object`);
    return value as Record<string, unknown>;
  }

  private invalid(message: string): CliError {
    this.reader.close();
    return new CliError('invalid-trace', `${this.path}:${this.reader.line}: ${message}`);
  }
}
