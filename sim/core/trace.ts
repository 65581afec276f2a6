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
 * so a checker costs nothing on events it ignores. Lines are made as strings only when the
 * caller asked for them: kept (`keepLines`) or handed on one at a time (`onLine`, which streams
 * a long run's trace without holding it). Detail events (`emitDetail`, when a run asks for
 * them) reach handlers, and lines if asked, but never the hash.
 */
import { Buffer } from 'node:buffer';
import { createHash, type Hash } from 'node:crypto';
import { dispatchers, NO_HANDLERS, type Dispatch, type Dispatchers, type RawHandler } from './trace-dispatch.ts';
import { FIELD_BYTES, lineShape, renderLine, type LineShape } from './trace-line.ts';

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

export interface TraceOptions {
  /** Keep every canonical line (`keptLines`). */
  readonly keepLines: boolean;
  /** Hand on every canonical line as it is emitted, before the event's handlers run. */
  readonly onLine?: (line: string) => void;
  /**
   * Detail kinds (integer kinds of the table): only `emitDetail` emits them, and only when
   * `detail` is on. They are never hashed or counted, so a run's traceHash is the same with
   * and without detail, and they become lines (kept or handed on) only with `detailLines`.
   */
  readonly detailKinds?: ReadonlySet<string>;
  readonly detail?: boolean;
  readonly detailLines?: boolean;
}

export interface Clock { readonly now: number }

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
  /** Call every handler of this kind, in subscription order (trace-dispatch.ts). */
  dispatch: Dispatch;
  /** The same, for an event emitted while handlers run (and for textual kinds). */
  dispatchFresh: Dispatch;
}

/** A kind's dispatchers for its handlers now, installed in its entry. */
function generate(kind: string, entry: KindEntry): Dispatchers {
  const generated = dispatchers(kind, entry.fields, entry.handlers);
  entry.dispatch = generated.shared;
  entry.dispatchFresh = generated.fresh;
  return generated;
}

export class Trace<K extends TraceKinds = TraceKinds, D extends string = never> {
  /** Number of events emitted (detail events left out). */
  count = 0;
  /** Whether detail events are emitted: an emitter tests it before it builds one. */
  readonly detailed: boolean;
  /**
   * 1 while handlers run: an event emitted by one gets fresh fields objects. A handler that
   * throws leaves it at 1, and every later event gets fresh objects too (correct, slower).
   */
  private depth = 0;
  private readonly hash: Hash = createHash('sha256');
  /** Canonical lines not hashed yet: `bytes[0, pos)`. */
  private bytes = new Uint8Array(CHUNK_BYTES);
  /** The same bytes, for the four-byte stores of line writing. */
  private view = new DataView(this.bytes.buffer);
  private pos = 0;
  private readonly entries = new Map<string, KindEntry>();
  /** The detail kinds, apart: `emit` cannot find them, so it needs no test for them. */
  private readonly detailEntries = new Map<string, KindEntry>();
  private readonly lines: string[] | undefined;
  /** Where each line goes as a string, when the caller asked for lines at all. */
  private readonly sink: ((line: string) => void) | undefined;
  /** The same for detail lines, when the caller asked for them too. */
  private readonly detailSink: ((line: string) => void) | undefined;
  private digest: string | undefined;

  private readonly clock: Clock;
  readonly kinds: K;

  constructor(clock: Clock, kinds: K, options: TraceOptions) {
    this.clock = clock;
    this.kinds = kinds;
    const lines: string[] | undefined = options.keepLines ? [] : undefined;
    const onLine = options.onLine;
    this.lines = lines;
    this.sink =
      lines === undefined ? onLine
      : onLine === undefined ? (line) => void lines.push(line)
      : (line) => {
          lines.push(line);
          onLine(line);
        };
    this.detailed = options.detail === true;
    this.detailSink = options.detailLines === true ? this.sink : undefined;
    const detailKinds = options.detailKinds ?? new Set<string>();
    for (const [kind, declared] of Object.entries(kinds)) {
      const text = declared === 'text';
      const fields = text ? ['text'] : declared;
      if (fields.length > MAX_FIELDS) throw new Error(`trace: kind '${kind}' declares more than ${MAX_FIELDS} fields`);
      const reserved = text ? undefined : fields.find((field) => RESERVED_FIELDS.has(field));
      if (reserved !== undefined) throw new Error(`trace: kind '${kind}' declares the reserved field name '${reserved}'`);
      const { arity, words, length } = lineShape(kind, text ? TEXT_ARITY : fields.length);
      const room = length + 1 + FIELD_BYTES * (fields.length + 1);
      // A literal, not a spread of the shape: entries read on every emit keep one fast shape.
      (detailKinds.has(kind) ? this.detailEntries : this.entries)
        .set(kind, { arity, words, length, fields, room, handlers: [], dispatch: NO_HANDLERS, dispatchFresh: NO_HANDLERS });
    }
  }

  /**
   * Calls each handler on the events of its kind, after the handlers subscribed before it, in
   * the order the object lists them.
   */
  on(handlers: TraceHandlers<K>): void {
    for (const [kind, handler] of Object.entries(handlers as Readonly<Record<string, RawHandler | undefined>>)) {
      if (handler === undefined) continue;
      const entry = this.entries.get(kind) ?? this.detailEntries.get(kind);
      if (entry === undefined) throw undeclared(kind);
      entry.handlers.push(handler);
      // Generated at the kind's first event after this, not now: a kind gets a handler from
      // each of several checkers while the world is built, and many kinds never occur in a
      // run, so generating (and compiling) here cost start-up once per subscription.
      entry.dispatch = (time, a, b, c, d, e) => generate(kind, entry).shared(time, a, b, c, d, e);
      entry.dispatchFresh = (time, a, b, c, d, e) => generate(kind, entry).fresh(time, a, b, c, d, e);
    }
  }

  /** Emits an event with the kind's integer fields, in declared order. */
  emit<N extends Exclude<IntegerKind<K>, D>>(kind: N, ...fields: IntegerArgs<K[N & keyof K]>): void;
  emit(kind: string, a = 0, b = 0, c = 0, d = 0, e = 0): void {
    const time = this.clock.now;
    const entry = this.entries.get(kind);
    if (entry === undefined || entry.arity > MAX_FIELDS) throw misused(kind, entry, 'emit', this.detailEntries.has(kind));
    this.opening();
    let pos = this.pos;
    if (pos + entry.room > this.bytes.length) pos = this.makeRoom(entry.room);
    this.pos = writeLine(this.view, pos, time, entry, a, b, c, d, e);
    if (this.sink !== undefined) this.sink(renderLine(time, kind, entry.arity, a, b, c, d, e));
    if (this.depth === 0) {
      this.depth = 1;
      entry.dispatch(time, a, b, c, d, e);
      this.depth = 0;
    } else {
      entry.dispatchFresh(time, a, b, c, d, e);
    }
  }

  /**
   * Emits an event of a detail kind to its handlers, if the trace is `detailed` (nothing
   * otherwise): not hashed, not counted, a line only with `detailLines`.
   */
  emitDetail<N extends D & IntegerKind<K>>(kind: N, ...fields: IntegerArgs<K[N & keyof K]>): void;
  emitDetail(kind: string, a = 0, b = 0, c = 0, d = 0, e = 0): void {
    const entry = this.detailEntries.get(kind);
    if (entry === undefined) throw misused(kind, this.entries.get(kind), 'emitDetail', false);
    if (!this.detailed) return;
    if (this.digest !== undefined) throw new Error('trace: emit after finish');
    const time = this.clock.now;
    if (this.detailSink !== undefined) this.detailSink(renderLine(time, kind, entry.arity, a, b, c, d, e));
    if (this.depth !== 0) return entry.dispatchFresh(time, a, b, c, d, e);
    this.depth = 1;
    entry.dispatch(time, a, b, c, d, e);
    this.depth = 0;
  }

  /** Emits a rare event of a textual kind (one line: no newlines). */
  emitText(kind: TextKind<K>, text: string): void {
    const entry = this.entries.get(kind);
    if (entry === undefined || entry.arity !== TEXT_ARITY) throw misused(kind, entry, 'emitText');
    if (text.includes('\n')) throw new Error('trace: text events are one line');
    const line = `${this.clock.now} ${kind} ${text}`;
    this.opening();
    this.writeUtf8(Buffer.from(`${line}\n`, 'utf8'));
    if (this.sink !== undefined) this.sink(line);
    entry.dispatchFresh(this.clock.now, text, 0, 0, 0, 0);
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
function misused(kind: string, entry: KindEntry | undefined, method: 'emit' | 'emitText' | 'emitDetail', detail = false): Error {
  if (entry === undefined && !detail) return undeclared(kind);
  const what = detail ? 'a detail' : method === 'emitDetail' ? 'not a detail' : entry!.arity === TEXT_ARITY ? 'a textual' : 'an integer';
  return new Error(`trace: '${kind}' is ${what} kind: ${method} cannot emit it`);
}

// The line writer stays in this module: called once per event, an imported function cost
// measurably more than a local one (V8 loads an import through its module cell on each call).
const SPACE = 0x20;
const NEWLINE = 0x0a;
const MINUS = 0x2d;

/**
 * Writes `<time> <kind> <fields>\n` at `pos`, which has `entry.room` bytes free; returns the
 * end. Stores are four bytes wide, so up to three bytes after the end may be overwritten: the
 * next store, or the next line, writes over them, and only bytes before `pos` are hashed.
 */
function writeLine(
  view: DataView, pos: number, time: number, entry: LineShape,
  a: number, b: number, c: number, d: number, e: number,
): number {
  pos = writeNumber(view, pos, time);
  const words = entry.words;
  for (let i = 0; i < words.length; i++) view.setUint32(pos + 4 * i, words[i]!, true);
  pos += entry.length;
  const arity = entry.arity;
  if (arity > 0) pos = writeField(view, pos, a);
  if (arity > 1) pos = writeField(view, pos, b);
  if (arity > 2) pos = writeField(view, pos, c);
  if (arity > 3) pos = writeField(view, pos, d);
  if (arity > 4) pos = writeField(view, pos, e);
  view.setUint8(pos, NEWLINE);
  return pos + 1;
}

/** Writes ` <n>`. */
function writeField(view: DataView, pos: number, n: number): number {
  view.setUint8(pos, SPACE);
  return writeNumber(view, pos + 1, n);
}

/**
 * Decimal digits as little-endian 32-bit words, stored four digits at a time: `LEADING[n]` is
 * n < 10^4 without leading zeros (the rest of the word zero, for the next store to overwrite),
 * `GROUP[n]` its four digits with leading zeros, `DIGITS[n]` its digit count. One store per
 * word instead of one per digit (and no division per digit pair) halved the cost of printing
 * a number, about four per line and a million lines per run; the tables take 90 KB.
 */
const LEADING = new Uint32Array(10_000);
const GROUP = new Uint32Array(10_000);
const DIGITS = new Uint8Array(10_000);
for (let n = 0; n < 10_000; n++) {
  const digits = String(n);
  const group = digits.padStart(4, '0');
  for (let i = 0; i < 4; i++) {
    if (i < digits.length) LEADING[n]! |= digits.charCodeAt(i) << (8 * i);
    GROUP[n]! |= group.charCodeAt(i) << (8 * i);
  }
  DIGITS[n] = digits.length;
}

/** Writes `n` as `String(n)` would: integers below 10^8 (nearly all) here, the rest aside. */
function writeNumber(view: DataView, pos: number, n: number): number {
  if (!(n >= 0 && n < 100_000_000 && (n | 0) === n)) return writeOtherNumber(view, pos, n);
  if (n < 10_000) {
    view.setUint32(pos, LEADING[n]!, true);
    return pos + DIGITS[n]!;
  }
  const high = (n / 10_000) | 0;
  view.setUint32(pos, LEADING[high]!, true);
  pos += DIGITS[high]!;
  view.setUint32(pos, GROUP[n - high * 10_000]!, true);
  return pos + 4;
}

/**
 * Writes other safe integers by hand (times pass 10^8 µs after 100 simulated seconds), the
 * rest through `String`. `Math.floor(n / 1e8)` is exact for n < 2^53: the quotient is below
 * 2^27, where half the spacing of doubles (2^-27) is less than the 1e-8 by which a quotient
 * that is not an integer stays below the next one, so rounding never reaches it.
 */
function writeOtherNumber(view: DataView, pos: number, n: number): number {
  if (!Number.isSafeInteger(n)) return writeAscii(view, pos, String(n));
  if (n < 0) {
    view.setUint8(pos++, MINUS);
    n = -n;
  }
  if (n < 100_000_000) return writeNumber(view, pos, n);
  const high = Math.floor(n / 100_000_000);
  const low = n - high * 100_000_000;
  const middle = (low / 10_000) | 0;
  pos = writeNumber(view, pos, high);
  view.setUint32(pos, GROUP[middle]!, true);
  view.setUint32(pos + 4, GROUP[low - middle * 10_000]!, true);
  return pos + 8;
}

/** Writes an ASCII string (the `String` of a number) at `pos`; returns the end. */
function writeAscii(view: DataView, pos: number, text: string): number {
  for (let i = 0; i < text.length; i++) view.setUint8(pos++, text.charCodeAt(i));
  return pos;
}
