/**
 * The canonical trace line as bytes: `<time> <kind> <fields>\n` written straight into the
 * trace's buffer, numbers printed exactly as `String(n)` prints them (see trace.ts for why bytes
 * and not strings), and the same line as a string for a trace that keeps its lines.
 */
import { Buffer } from 'node:buffer';

/** How a declared kind prints: its name as words ready to store, and how many fields follow. */
export interface LineShape {
  readonly arity: number;
  /** The UTF-8 bytes of ` <kind>` as little-endian 32-bit words (zero-padded), and their count. */
  readonly words: Uint32Array;
  readonly length: number;
}

/**
 * Room for ` ` and one number: `String(n)` of any double is at most 25 characters, and a
 * four-byte store may reach three bytes past the end of what it writes.
 */
export const FIELD_BYTES = 32;
const SPACE = 0x20;
const NEWLINE = 0x0a;
const MINUS = 0x2d;

/**
 * Writes `<time> <kind> <fields>\n` at `pos`, which has `entry.room` bytes free; returns the
 * end. Stores are four bytes wide, so up to three bytes after the end may be overwritten: the
 * next store, or the next line, writes over them, and only bytes before `pos` are hashed.
 */
export function writeLine(
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

/** The line of `emit` as a string, for `keepLines`. */
export function renderLine(
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

/** The shape of a kind's lines; `arity` is its number of integer fields. */
export function lineShape(kind: string, arity: number): LineShape {
  const bytes = Buffer.from(` ${kind}`, 'utf8');
  const words = new Uint32Array(Math.ceil(bytes.length / 4));
  for (let i = 0; i < bytes.length; i++) words[i >> 2]! |= bytes[i]! << (8 * (i & 3));
  return { arity, words, length: bytes.length };
}
