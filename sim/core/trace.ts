/**
 * The trace sink: the model's only channel to the outside. Components emit events; checkers
 * and metrics subscribe and read (they never steer); every event becomes one canonical line
 * that feeds the run's SHA-256 `traceHash`.
 *
 * Canonical line: `<timeUs> <kind> <n1> <n2> ...` with integer fields in the order the kind
 * declares (see `TraceKinds`), or `<timeUs> <kind> <text>` for rare textual events (faults).
 * Integers print the same on every engine, so the hash is stable across Node versions.
 *
 * Cost: an emit is a string concatenation into a 64 KiB buffer that is hashed in chunks, and a
 * call to each listener of that kind with the raw numbers (no object per event). Listeners
 * name the kinds they read, so a checker costs nothing on events it ignores (with twenty
 * listeners, calling every one on every event was a tenth of a run). Lines are kept only when
 * the caller asked for the full trace (`keepLines`).
 */
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

const FLUSH_CHARS = 65_536;

export class Trace {
  /** Number of events emitted. */
  count = 0;
  private readonly hash: Hash = createHash('sha256');
  private buffer = '';
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
    const arity = this.kinds[kind]?.length ?? -1;
    let line: string;
    switch (arity) {
      case 0: line = `${time} ${kind}\n`; break;
      case 1: line = `${time} ${kind} ${a}\n`; break;
      case 2: line = `${time} ${kind} ${a} ${b}\n`; break;
      case 3: line = `${time} ${kind} ${a} ${b} ${c}\n`; break;
      case 4: line = `${time} ${kind} ${a} ${b} ${c} ${d}\n`; break;
      case 5: line = `${time} ${kind} ${a} ${b} ${c} ${d} ${e}\n`; break;
      default: throw new Error(`trace: undeclared event kind '${kind}'`);
    }
    this.write(line);
    const listeners = this.byKind.get(kind) ?? this.listenersOf(kind);
    for (let i = 0; i < listeners.length; i++) listeners[i]!(time, kind, a, b, c, d, e);
  }

  /** Emits a rare event with a free-text payload (no spaces-only or newlines). */
  emitText(kind: string, text: string): void {
    if (text.includes('\n')) throw new Error('trace: text events are one line');
    this.write(`${this.clock.now} ${kind} ${text}\n`);
    const listeners = this.byKind.get(kind) ?? this.listenersOf(kind);
    for (let i = 0; i < listeners.length; i++) listeners[i]!(this.clock.now, kind, 0, 0, 0, 0, 0);
  }

  /** The SHA-256 of all canonical lines, hex. Closes the trace. */
  finish(): string {
    if (this.digest === undefined) {
      if (this.buffer.length > 0) this.hash.update(this.buffer);
      this.buffer = '';
      this.digest = this.hash.digest('hex');
    }
    return this.digest;
  }

  /** Canonical lines, if the trace was opened with `keepLines`. */
  keptLines(): readonly string[] | undefined {
    return this.lines;
  }

  private write(line: string): void {
    if (this.digest !== undefined) throw new Error('trace: emit after finish');
    this.count++;
    this.buffer += line;
    if (this.buffer.length >= FLUSH_CHARS) {
      this.hash.update(this.buffer);
      this.buffer = '';
    }
    if (this.lines !== undefined) this.lines.push(line.slice(0, -1));
  }
}
