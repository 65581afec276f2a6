/**
 * A kind's canonical line, off the hot path: its name as words ready to store (trace.ts writes
 * the bytes of each line), and the line as a string for a trace that keeps its lines.
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
