/**
 * The trace sink: the model's only channel to the outside. Components emit events; checkers
 * and metrics handle the kinds they read (they never steer); every event becomes one
 * canonical line that feeds the run's SHA-256 `traceHash`.
 *
 * Canonical line: `<timeUs> <kind> <n1> <n2> ...` with integer fields in the order the kind
 * declares (see `TraceKinds`), or `<timeUs> <kind> <text>` for rare textual events (faults).
 * Integers print the same on every engine, so the hash is stable across Node versions. A field
 * that is not a safe integer (a fraction, NaN, 2**60, ...) prints as `String(n)`, as a template
 * literal would. Field names are not in the line: renaming a field changes no hash.
 *
 * Reading: `trace.on({ commit(time, { txn, lsn }) { ... }, scl: ... })`, one handler per kind,
 * typed from the kind table: a kind or a field the table does not declare is a compile error
 * (`TraceHandlers`). Emitting stays positional (`emit('scl', pg, segment, lsn)`), checked
 * against the table's arity when the trace is typed by it.
 *
 * Cost: an emit writes its line as ASCII bytes, mostly four at a time, straight into a 64 KiB
 * byte buffer that is hashed whenever it is nearly full (trace-line.ts), and calls the kind's
 * handlers through a function generated for that kind, which hands them one reused fields
 * object (trace-dispatch.ts): no object per event. Bytes, not strings: a run emits about a
 * million lines, and building them as strings (formatting, concatenation, flattening, UTF-8
 * encoding before hashing) cost several times the SHA-256 itself. Handlers name their kinds,
 * so a checker costs nothing on events it ignores. Lines are kept, as strings, only when the
 * caller asked for the full trace (`keepLines`).
 */
import { Buffer } from 'node:buffer';
import { createHash, type Hash } from 'node:crypto';
import { dispatcher, NO_HANDLERS, type Dispatch, type RawHandler } from './trace-dispatch.ts';
import { FIELD_BYTES, lineShape, renderLine, writeLine, type LineShape } from './trace-line.ts';

/**
 * Declares each event kind: the names of its integer fields in line order (at most five), or
 * `'text'` for a kind whose events carry one line of text (`emitText`).
 */
export type TraceKinds = Readonly<Record<string, readonly string[] | 'text'>>;

/** What a handler of a kind declared as `D` reads: its integer fields by name, or its text. */
export type TraceFields<D> = D extends readonly string[] ? { readonly [F in D[number]]: number } : { readonly text: string };

/**
 * A handler of one kind. The fields object is the trace's, valid during the call only: copy
 * what you keep. `this` is void: write handlers as arrow functions to reach an object.
 */
export type TraceHandler<D> = (this: void, time: number, fields: TraceFields<D>) => void;

/**
 * Handlers by kind, for a trace typed by its kind table. A trace whose table is only known to
 * be some `TraceKinds` has none: it can emit, but reading needs the names.
 */
export type TraceHandlers<K extends TraceKinds> = string extends keyof K
  ? never
  : { readonly [N in keyof K]?: TraceHandler<K[N]> };

/** Kinds of `K` declared as `D` (every name, for an untyped table). */
type KindsOf<K extends TraceKinds, D> = string extends keyof K
  ? string
  : { [N in keyof K]: K[N] extends D ? N : never }[keyof K] & string;
export type IntegerKind<K extends TraceKinds> = KindsOf<K, readonly string[]>;
export type TextKind<K extends TraceKinds> = KindsOf<K, 'text'>;
/**
 * One number per declared field, in order (up to five for an untyped table). Mutable tuples:
 * the implementation's optional parameters must accept them.
 */
type IntegerArgs<D> = D extends readonly string[]
  ? number extends D['length'] ? [number?, number?, number?, number?, number?] : { -readonly [I in keyof D]: number }
  : never;

export interface Clock {
  readonly now: number;
}

const CHUNK_BYTES = 65_536;

/** The most integer fields an event carries (`emit` takes five); text kinds are above it. */
const MAX_FIELDS = 5;
const TEXT_ARITY = MAX_FIELDS + 1;

/** Names a line's fields cannot take: the `--trace` file's objects use them for time and kind. */
const RESERVED_FIELDS: ReadonlySet<string> = new Set(['t', 'kind']);

/**
 * A declared kind: how to print it and who handles it, in one record so that an emit looks the
 * kind up once (not once for printing and once for handlers).
 */
interface KindEntry extends LineShape {
  /** Field names as handlers see them (`['text']` for a textual kind). */
  readonly fields: readonly string[];
  /** The most bytes a line of this kind can take (integer kinds). */
  readonly room: number;
  readonly handlers: RawHandler[];
  /** Calls every handler of this kind, in subscription order (trace-dispatch.ts). */
  dispatch: Dispatch;
}

export class Trace<K extends TraceKinds = TraceKinds> {
  /** Number of events emitted. */
  count = 0;
  private readonly hash: Hash = createHash('sha256');
  /** Canonical lines not hashed yet: `bytes[0, pos)`. */
  private bytes = new Uint8Array(CHUNK_BYTES);
  /** The same bytes, for the four-byte stores of line writing. */
  private view = new DataView(this.bytes.buffer);
  private pos = 0;
  private readonly entries = new Map<string, KindEntry>();
  private readonly lines: string[] | undefined;
  private digest: string | undefined;

  private readonly clock: Clock;
  readonly kinds: K;

  constructor(clock: Clock, kinds: K, options: { keepLines: boolean }) {
    this.clock = clock;
    this.kinds = kinds;
    this.lines = options.keepLines ? [] : undefined;
    for (const [kind, declared] of Object.entries(kinds)) {
      const text = declared === 'text';
      const fields = text ? ['text'] : declared;
      if (fields.length > MAX_FIELDS) throw new Error(`trace: kind '${kind}' declares more than ${MAX_FIELDS} fields`);
      const reserved = text ? undefined : fields.find((field) => RESERVED_FIELDS.has(field));
      if (reserved !== undefined) throw new Error(`trace: kind '${kind}' declares the reserved field name '${reserved}'`);
      const shape = lineShape(kind, text ? TEXT_ARITY : fields.length);
      const room = shape.length + 1 + FIELD_BYTES * (fields.length + 1);
      this.entries.set(kind, { ...shape, fields, room, handlers: [], dispatch: NO_HANDLERS });
    }
  }

  /**
   * Calls each handler on the events of its kind, after the handlers subscribed before it, in
   * the order the object lists them.
   */
  on(handlers: TraceHandlers<K>): void {
    for (const [kind, handler] of Object.entries(handlers as Readonly<Record<string, RawHandler | undefined>>)) {
      if (handler === undefined) continue;
      const entry = this.entries.get(kind);
      if (entry === undefined) throw undeclared(kind);
      entry.handlers.push(handler);
      entry.dispatch = dispatcher(entry.fields, entry.arity === TEXT_ARITY, entry.handlers);
    }
  }

  /** Emits an event with the kind's integer fields, in declared order. */
  emit<N extends IntegerKind<K>>(kind: N, ...fields: IntegerArgs<K[N & keyof K]>): void;
  emit(kind: string, a = 0, b = 0, c = 0, d = 0, e = 0): void {
    const time = this.clock.now;
    const entry = this.entries.get(kind);
    if (entry === undefined || entry.arity > MAX_FIELDS) throw misused(kind, entry, 'emit');
    this.opening();
    let pos = this.pos;
    if (pos + entry.room > this.bytes.length) pos = this.makeRoom(entry.room);
    this.pos = writeLine(this.view, pos, time, entry, a, b, c, d, e);
    if (this.lines !== undefined) this.lines.push(renderLine(time, kind, entry.arity, a, b, c, d, e));
    entry.dispatch(time, a, b, c, d, e);
  }

  /** Emits a rare event of a textual kind (one line: no newlines). */
  emitText(kind: TextKind<K>, text: string): void {
    const entry = this.entries.get(kind);
    if (entry === undefined || entry.arity !== TEXT_ARITY) throw misused(kind, entry, 'emitText');
    if (text.includes('\n')) throw new Error('trace: text events are one line');
    const line = `${this.clock.now} ${kind} ${text}`;
    this.opening();
    this.writeUtf8(Buffer.from(`${line}\n`, 'utf8'));
    if (this.lines !== undefined) this.lines.push(line);
    entry.dispatch(this.clock.now, text, 0, 0, 0, 0);
  }

  /** The SHA-256 of all canonical lines, hex. Closes the trace. */
  finish(): string {
    if (this.digest === undefined) {
      this.flush();
      this.digest = this.hash.digest('hex');
    }
    return this.digest;
  }

  /** Canonical lines, if the trace was opened with `keepLines`. */
  keptLines(): readonly string[] | undefined {
    return this.lines;
  }

  /** Counts a new line; throws once the trace is finished. */
  private opening(): void {
    if (this.digest !== undefined) throw new Error('trace: emit after finish');
    this.count++;
  }

  /** Hashes the pending lines, and grows the buffer if a line needs more than all of it. */
  private makeRoom(room: number): number {
    this.flush();
    if (room > this.bytes.length) {
      this.bytes = new Uint8Array(room);
      this.view = new DataView(this.bytes.buffer);
    }
    return 0;
  }

  private flush(): void {
    if (this.pos > 0) this.hash.update(this.bytes.subarray(0, this.pos));
    this.pos = 0;
  }

  private writeUtf8(line: Uint8Array): void {
    if (this.pos + line.length > this.bytes.length) this.flush();
    if (line.length > this.bytes.length) {
      this.hash.update(line);
      return;
    }
    this.bytes.set(line, this.pos);
    this.pos += line.length;
  }
}

function undeclared(kind: string): Error {
  return new Error(`trace: undeclared event kind '${kind}'`);
}

/** An emit of an undeclared kind, or through the wrong method for its kind. */
function misused(kind: string, entry: KindEntry | undefined, method: 'emit' | 'emitText'): Error {
  if (entry === undefined) return undeclared(kind);
  return new Error(`trace: '${kind}' is ${entry.arity === TEXT_ARITY ? 'a textual' : 'an integer'} kind: ${method} cannot emit it`);
}
