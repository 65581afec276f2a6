/**
 * The trace sink: the model's only channel to the outside. Components emit events; checkers
 * and metrics subscribe and read (they never steer); every event becomes one canonical line
 * that feeds the run's SHA-256 `traceHash`.
 *
 * Canonical line: `<timeUs> <kind> <n1> <n2> ...` with integer fields in the order the kind
 * declares (see `TraceKinds`), or `<timeUs> <kind> <text>` for rare textual events (faults).
 * Integers print the same on every engine, so the hash is stable across Node versions. A field
 * that is not a safe integer (a fraction, NaN, 2**60, ...) prints as `String(n)`, as a template
 * literal would.
 *
 * Cost: an emit writes its line as ASCII bytes, mostly four at a time, straight into a 64 KiB
 * byte buffer that is hashed whenever it is nearly full, and calls each listener of that kind
 * with the raw numbers (no object per event). Bytes, not strings: a run emits about a million
 * lines, and building them as strings (formatting, concatenation, flattening, UTF-8 encoding
 * before hashing) cost several times the SHA-256 itself, which hashes 25 MB of bytes in ~15 ms.
 * Listeners name the kinds they read, so a checker costs nothing on events it ignores (with
 * twenty listeners, calling every one on every event was a tenth of a run), and a kind's
 * listeners are called from a function generated for that kind (`dispatcher`), where V8 can
 * inline them. Lines are kept, as strings, only when the caller asked for the full trace
 * (`keepLines`).
 */
import { Buffer } from 'node:buffer';
import { createHash, type Hash } from 'node:crypto';

/** A reader of trace events. Fields not used by a kind are 0. */
export type TraceListener = (
  time: number,
  kind: string,
  a: number,
  b: number,
  c: number,
  d: number,
  e: number,
) => void;

/** Declares each event kind's integer field names, for rendering lines as JSON objects. */
export type TraceKinds = Readonly<Record<string, readonly string[]>>;

export interface Clock {
  readonly now: number;
}

const CHUNK_BYTES = 65_536;
/**
 * Room for ` ` and one number: `String(n)` of any double is at most 25 characters, and a
 * four-byte store may reach three bytes past the end of what it writes.
 */
const FIELD_BYTES = 32;
const SPACE = 0x20;
const NEWLINE = 0x0a;
const MINUS = 0x2d;

/** The most integer fields an event carries (`emit` takes five). */
const MAX_FIELDS = 5;

/**
 * A declared kind: how to print it and who listens, in one record so that an emit looks the
 * kind up once (not once for printing and once for listeners).
 */
interface KindEntry {
  readonly arity: number;
  /** The UTF-8 bytes of ` <kind>` as little-endian 32-bit words (zero-padded), and their count. */
  readonly words: Uint32Array;
  readonly length: number;
  /** The most bytes a line of this kind can take. */
  readonly room: number;
  /** Listeners of this kind; a listener of every kind is in every list. */
  readonly listeners: TraceListener[];
  /** Calls every listener of this kind, in subscription order (see `dispatcher`). */
  dispatch: Dispatch;
}

/** A kind's listeners as one function: the kind is implied. */
type Dispatch = (time: number, a: number, b: number, c: number, d: number, e: number) => void;

const NO_LISTENERS: Dispatch = () => {};

export class Trace {
  /** Number of events emitted. */
  count = 0;
  private readonly hash: Hash = createHash('sha256');
  /** Canonical lines not hashed yet: `bytes[0, pos)`. */
  private bytes = new Uint8Array(CHUNK_BYTES);
  /** The same bytes, for the four-byte stores of line writing. */
  private view = new DataView(this.bytes.buffer);
  private pos = 0;
  private readonly entries = new Map<string, KindEntry>();
  /** Listeners of every kind (also those of undeclared kinds, which only text events use). */
  private readonly everyKind: TraceListener[] = [];
  private readonly lines: string[] | undefined;
  private digest: string | undefined;

  private readonly clock: Clock;
  readonly kinds: TraceKinds;

  constructor(clock: Clock, kinds: TraceKinds, options: { keepLines: boolean }) {
    this.clock = clock;
    this.kinds = kinds;
    this.lines = options.keepLines ? [] : undefined;
    for (const [kind, fields] of Object.entries(kinds)) {
      const bytes = Buffer.from(` ${kind}`, 'utf8');
      const words = new Uint32Array(Math.ceil(bytes.length / 4));
      for (let i = 0; i < bytes.length; i++) words[i >> 2]! |= bytes[i]! << (8 * (i & 3));
      const room = bytes.length + 1 + FIELD_BYTES * (fields.length + 1);
      this.entries.set(kind, { arity: fields.length, words, length: bytes.length, room, listeners: [], dispatch: NO_LISTENERS });
    }
  }

  /** Calls `listener` on events of the given kinds (all kinds if none are given). */
  subscribe(listener: TraceListener, kinds?: readonly string[]): void {
    if (kinds === undefined) {
      this.everyKind.push(listener);
      for (const [kind, entry] of this.entries) {
        entry.listeners.push(listener);
        entry.dispatch = dispatcher(kind, entry.listeners);
      }
      return;
    }
    for (const kind of kinds) {
      const entry = this.entries.get(kind);
      if (entry === undefined) throw undeclared(kind);
      entry.listeners.push(listener);
      entry.dispatch = dispatcher(kind, entry.listeners);
    }
  }

  /** Emits an event with up to five integer fields. */
  emit(kind: string, a = 0, b = 0, c = 0, d = 0, e = 0): void {
    const time = this.clock.now;
    const entry = this.entries.get(kind);
    if (entry === undefined || entry.arity > MAX_FIELDS) throw undeclared(kind);
    this.opening();
    let pos = this.pos;
    if (pos + entry.room > this.bytes.length) pos = this.makeRoom(entry.room);
    this.pos = writeLine(this.view, pos, time, entry, a, b, c, d, e);
    if (this.lines !== undefined) this.lines.push(renderLine(time, kind, entry.arity, a, b, c, d, e));
    entry.dispatch(time, a, b, c, d, e);
  }

  /** Emits a rare event with a free-text payload (no spaces-only or newlines). */
  emitText(kind: string, text: string): void {
    if (text.includes('\n')) throw new Error('trace: text events are one line');
    const line = `${this.clock.now} ${kind} ${text}`;
    this.opening();
    this.writeUtf8(Buffer.from(`${line}\n`, 'utf8'));
    if (this.lines !== undefined) this.lines.push(line);
    const listeners = this.entries.get(kind)?.listeners ?? this.everyKind;
    for (let i = 0; i < listeners.length; i++) listeners[i]!(this.clock.now, kind, 0, 0, 0, 0, 0);
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

/**
 * One function per kind that calls each of its listeners from a call site of its own, with the
 * kind as a constant. Why generated code: called from a loop over the listener array, every
 * listener call went through one call site that had seen every checker (megamorphic: no
 * inlining; about 18 ns a call with the listener's kind tests, and an `scl` event has three
 * listeners, an `alloc` four). Here each
 * site has one target, so V8 inlines the listener and folds its `kind === ...` tests away.
 * The listeners and their order are exactly the subscriptions: nothing about the run changes.
 */
function dispatcher(kind: string, listeners: readonly TraceListener[]): Dispatch {
  const names = listeners.map((_, i) => `l${i}`);
  const calls = names.map((l) => `${l}(time, ${JSON.stringify(kind)}, a, b, c, d, e);`).join(' ');
  const make = new Function(...names, `return function dispatch(time, a, b, c, d, e) { ${calls} };`);
  return make(...listeners) as Dispatch;
}

function undeclared(kind: string): Error {
  return new Error(`trace: undeclared event kind '${kind}'`);
}

/**
 * Writes `<time> <kind> <fields>\n` at `pos`, which has `entry.room` bytes free; returns the
 * end. Stores are four bytes wide, so up to three bytes after the end may be overwritten: the
 * next store, or the next line, writes over them, and only bytes before `pos` are hashed.
 */
function writeLine(
  view: DataView, pos: number, time: number, entry: KindEntry,
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

/** The line of `emit` as a string, for `keepLines`. */
function renderLine(
  time: number, kind: string, arity: number, a: number, b: number, c: number, d: number, e: number,
): string {
  switch (arity) {
    case 0: return `${time} ${kind}`;
    case 1: return `${time} ${kind} ${a}`;
    case 2: return `${time} ${kind} ${a} ${b}`;
    case 3: return `${time} ${kind} ${a} ${b} ${c}`;
    case 4: return `${time} ${kind} ${a} ${b} ${c} ${d}`;
    default: return `${time} ${kind} ${a} ${b} ${c} ${d} ${e}`;
  }
}
