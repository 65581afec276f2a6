/**
 * Counters (`C` events), sampled so that a long run stays a file a viewer can open: a counter
 * writes at most one sample per `resolution` of simulated time. A change that comes sooner is
 * held back and written when the resolution has passed, at that time, with the value in force
 * then. So every sample is exact (this was the value at this time); what is left out is values
 * that lasted less than the resolution, and a change shows at most one resolution late.
 *
 * The window's start writes every counter's value as it stands, so its charts start right.
 */
import type { EventOut } from './out.ts';

export interface Counter {
  readonly pid: number;
  readonly tid: number;
  /** The track's name; Perfetto shows it as `name key`. */
  readonly name: string;
  readonly key: string;
  value: number | undefined;
  writtenAt: number;
  /** A change held back: `value` is to be written at `writtenAt + resolution`. */
  held: boolean;
}

export class Counters {
  private readonly out: EventOut;
  private readonly resolution: number;
  private readonly all: Counter[] = [];
  /** The earliest time a held value is due. */
  private due = Infinity;

  constructor(out: EventOut, resolution: number) {
    this.out = out;
    this.resolution = resolution;
  }

  counter(pid: number, tid: number, name: string, key: string): Counter {
    const counter: Counter = { pid, tid, name, key, value: undefined, writtenAt: -Infinity, held: false };
    this.all.push(counter);
    return counter;
  }

  set(c: Counter, time: number, value: number): void {
    if (value === c.value) return;
    // The value held back was still in force when it fell due.
    if (c.held && time >= c.writtenAt + this.resolution) this.release(c);
    if (time >= c.writtenAt + this.resolution) this.write(c, time, value);
    else if (!c.held) {
      c.held = true;
      this.due = Math.min(this.due, c.writtenAt + this.resolution);
    }
    c.value = value;
  }

  /** Called on every event: writes the held values that are due by `time`. */
  tick(time: number): void {
    if (time < this.due) return;
    this.due = Infinity;
    for (const c of this.all) {
      if (!c.held) continue;
      if (time >= c.writtenAt + this.resolution) this.release(c);
      else this.due = Math.min(this.due, c.writtenAt + this.resolution);
    }
  }

  /** The window starts at `time`: every counter's value as it stands. */
  enter(time: number): void {
    for (const c of this.all) {
      c.held = false;
      if (c.value !== undefined) this.write(c, time, c.value);
    }
    this.due = Infinity;
  }

  /** The end, at `time`: every value held back, when it fell due or else at the end. */
  finish(time: number): void {
    for (const c of this.all) {
      if (!c.held) continue;
      c.held = false;
      this.write(c, Math.min(time, c.writtenAt + this.resolution), c.value!);
    }
    this.due = Infinity;
  }

  private release(c: Counter): void {
    c.held = false;
    this.write(c, c.writtenAt + this.resolution, c.value!);
  }

  private write(c: Counter, time: number, value: number): void {
    c.writtenAt = time;
    this.out.point({ name: c.name, ph: 'C', ts: time, pid: c.pid, tid: c.tid, args: { [c.key]: value } });
  }
}
