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
 * Cost: an emit writes its line as ASCII bytes straight into a 64 KiB byte buffer that is
 * hashed whenever it is nearly full, and calls each listener of that kind with the raw numbers
 * (no object per event). Bytes, not strings: a run emits about a million lines, and building
 * them as strings (formatting, concatenation, flattening, UTF-8 encoding before hashing) cost
 * several times the SHA-256 itself, which hashes 25 MB of bytes in ~15 ms. Listeners name the
 * kinds they read, so a checker costs nothing on events it ignores (with twenty listeners,
 * calling every one on every event was a tenth of a run). Lines are kept, as strings, only when
 * the caller asked for the full trace (`keepLines`).
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
/** Room for ` ` and one number: `String(n)` of any double is at most 25 characters. */
const FIELD_BYTES = 32;
const SPACE = 0x20;
const NEWLINE = 0x0a;
const MINUS = 0x2d;
const ZERO = 0x30;
const INT32_LIMIT = 2_147_483_648;

/** A declared kind, ready to print: its field count and the bytes of ` <kind>`. */
interface KindCode {
  readonly arity: number;
  readonly bytes: Uint8Array;
  /** The most bytes a line of this kind can take. */
  readonly room: number;
}

export class Trace {
  /** Number of events emitted. */
  count = 0;
  private readonly hash: Hash = createHash('sha256');
  /** Canonical lines not hashed yet: `bytes[0, pos)`. */
  private bytes = new Uint8Array(CHUNK_BYTES);
  private pos = 0;
  private readonly codes = new Map<string, KindCode>();
  /** Listeners by kind; a listener of every kind is in every list. */
  private readonly byKind = new Map<string, TraceListener[]>();
  private readonly everyKind: TraceListener[] = [];
  private readonly lines: string[] | undefined;
  private digest: string | undefined;

  private readonly clock: Clock;
  readonly kinds: TraceKinds;

  constructor(clock: Clock, kinds: TraceKinds, options: { keepLines: boolean }) {
    this.clock = clock;
    this.kinds = kinds;
    this.lines = options.keepLines ? [] : undefined;
  }

  /** Calls `listener` on events of the given kinds (all kinds if none are given). */
  subscribe(listener: TraceListener, kinds?: readonly string[]): void {
    if (kinds === undefined) {
      this.everyKind.push(listener);
      for (const list of this.byKind.values()) list.push(listener);
      return;
    }
    for (const kind of kinds) {
      if (!(kind in this.kinds)) throw new Error(`trace: undeclared event kind '${kind}'`);
      this.listenersOf(kind).push(listener);
    }
  }

  private listenersOf(kind: string): TraceListener[] {
    let list = this.byKind.get(kind);
    if (list === undefined) {
      list = [...this.everyKind];
      this.byKind.set(kind, list);
    }
    return list;
  }

  /** Emits an event with up to five integer fields. */
  emit(kind: string, a = 0, b = 0, c = 0, d = 0, e = 0): void {
    const time = this.clock.now;
    const code = this.codes.get(kind) ?? this.codeOf(kind);
    this.opening();
    let pos = this.pos;
    if (pos + code.room > this.bytes.length) pos = this.makeRoom(code.room);
    this.pos = writeLine(this.bytes, pos, time, code, a, b, c, d, e);
    if (this.lines !== undefined) this.lines.push(renderLine(time, kind, code.arity, a, b, c, d, e));
    const listeners = this.byKind.get(kind) ?? this.listenersOf(kind);
    for (let i = 0; i < listeners.length; i++) listeners[i]!(time, kind, a, b, c, d, e);
  }

  /** Emits a rare event with a free-text payload (no spaces-only or newlines). */
  emitText(kind: string, text: string): void {
    if (text.includes('\n')) throw new Error('trace: text events are one line');
    const line = `${this.clock.now} ${kind} ${text}`;
    this.opening();
    this.writeUtf8(Buffer.from(`${line}\n`, 'utf8'));
    if (this.lines !== undefined) this.lines.push(line);
    const listeners = this.byKind.get(kind) ?? this.listenersOf(kind);
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

  /** The printing code of a kind not emitted before; throws if the kind is not declared. */
  private codeOf(kind: string): KindCode {
    const arity = this.kinds[kind]?.length ?? -1;
    if (!(arity >= 0 && arity <= 5)) throw new Error(`trace: undeclared event kind '${kind}'`);
    const bytes = Buffer.from(` ${kind}`, 'utf8');
    const code = { arity, bytes, room: bytes.length + 1 + FIELD_BYTES * (arity + 1) };
    this.codes.set(kind, code);
    return code;
  }

  /** Counts a new line; throws once the trace is finished. */
  private opening(): void {
    if (this.digest !== undefined) throw new Error('trace: emit after finish');
    this.count++;
  }

  /** Hashes the pending lines, and grows the buffer if a line needs more than all of it. */
  private makeRoom(room: number): number {
    this.flush();
    if (room > this.bytes.length) this.bytes = new Uint8Array(room);
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

/** Writes `<time> <kind> <fields>\n` at `pos`, which has `code.room` bytes free; returns the end. */
function writeLine(
  bytes: Uint8Array, pos: number, time: number, code: KindCode,
  a: number, b: number, c: number, d: number, e: number,
): number {
  pos = writeNumber(bytes, pos, time);
  const kind = code.bytes;
  for (let i = 0; i < kind.length; i++) bytes[pos++] = kind[i]!;
  const arity = code.arity;
  if (arity > 0) pos = writeNumber(bytes, writeSpace(bytes, pos), a);
  if (arity > 1) pos = writeNumber(bytes, writeSpace(bytes, pos), b);
  if (arity > 2) pos = writeNumber(bytes, writeSpace(bytes, pos), c);
  if (arity > 3) pos = writeNumber(bytes, writeSpace(bytes, pos), d);
  if (arity > 4) pos = writeNumber(bytes, writeSpace(bytes, pos), e);
  bytes[pos] = NEWLINE;
  return pos + 1;
}

function writeSpace(bytes: Uint8Array, pos: number): number {
  bytes[pos] = SPACE;
  return pos + 1;
}

/** Writes `n` as `String(n)` would (safe integers by hand, the rest through `String`). */
function writeNumber(bytes: Uint8Array, pos: number, n: number): number {
  if (n >= 0 && n < INT32_LIMIT && (n | 0) === n) return writeSmallDigits(bytes, pos, n);
  if (!Number.isSafeInteger(n)) return writeAscii(bytes, pos, String(n));
  if (n < 0) {
    bytes[pos++] = MINUS;
    n = -n;
  }
  return n < INT32_LIMIT ? writeSmallDigits(bytes, pos, n) : writeLargeDigits(bytes, pos, n);
}

/**
 * "00" to "99" as ASCII pairs: digits are written two per division, which took a third off the
 * cost of printing a number (about four per line, a million lines per run).
 */
const DIGIT_PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  DIGIT_PAIRS[2 * i] = ZERO + ((i / 10) | 0);
  DIGIT_PAIRS[2 * i + 1] = ZERO + (i % 10);
}

/** Writes the digits of `0 <= n < 2^31` at `pos`; returns the end. */
function writeSmallDigits(bytes: Uint8Array, pos: number, n: number): number {
  const end = pos + smallDigitCount(n);
  writeDigitsBefore(bytes, end, n);
  return end;
}

/**
 * Writes the digits of `2^31 <= n <= 2^53` at `pos`. `Math.floor(n / 100)` is exact there: the
 * quotient is below 2^47, whose spacing of doubles (2^-6) is finer than the 0.01 between
 * candidate quotients, so rounding never reaches the next integer.
 */
function writeLargeDigits(bytes: Uint8Array, pos: number, n: number): number {
  let count = 10;
  for (let power = 1e10; power <= n; power *= 10) count++;
  const end = pos + count;
  let i = end;
  while (n >= INT32_LIMIT) {
    const q = Math.floor(n / 100);
    const pair = (n - q * 100) << 1;
    bytes[--i] = DIGIT_PAIRS[pair + 1]!;
    bytes[--i] = DIGIT_PAIRS[pair]!;
    n = q;
  }
  writeDigitsBefore(bytes, i, n);
  return end;
}

/** Writes the digits of `0 <= n < 2^31` so that the last one is at `end - 1`. */
function writeDigitsBefore(bytes: Uint8Array, end: number, n: number): void {
  let i = end;
  while (n >= 100) {
    const q = (n / 100) | 0;
    const pair = (n - q * 100) << 1;
    bytes[--i] = DIGIT_PAIRS[pair + 1]!;
    bytes[--i] = DIGIT_PAIRS[pair]!;
    n = q;
  }
  if (n >= 10) {
    bytes[--i] = DIGIT_PAIRS[(n << 1) + 1]!;
    bytes[--i] = DIGIT_PAIRS[n << 1]!;
  } else {
    bytes[--i] = ZERO + n;
  }
}

/** Decimal digits of `0 <= n < 2^31`, by comparisons (a loop of multiplications cost more). */
function smallDigitCount(n: number): number {
  if (n < 100_000) return n < 100 ? (n < 10 ? 1 : 2) : n < 1_000 ? 3 : n < 10_000 ? 4 : 5;
  return n < 10_000_000 ? (n < 1_000_000 ? 6 : 7) : n < 100_000_000 ? 8 : n < 1_000_000_000 ? 9 : 10;
}

/** Writes an ASCII string (the `String` of a number) at `pos`; returns the end. */
function writeAscii(bytes: Uint8Array, pos: number, text: string): number {
  for (let i = 0; i < text.length; i++) bytes[pos++] = text.charCodeAt(i);
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
