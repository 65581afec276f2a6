/**
 * The start lane: events that run at the *start* of their microsecond, before every event of
 * the ordinary queue due at the same time, in (time, rank, scheduling order). The fault injector
 * is its user: a fault scheduled before the run and one scheduled mid-run by a state trigger
 * then begin at exactly the same point of their microsecond, so a triggered fault written out
 * as a timed one (a fuzz capsule) replays to the same trace. In the ordinary queue the two
 * would differ: a tie at one microsecond goes to the event scheduled first.
 *
 * Why a lane of its own and not a sequence number trick in the event queue: the queue orders
 * ties by one counter shared by the wheel and the heap, and the hot loop would pay for any
 * second key. Here the loop compares the next ordinary time with one number
 * (`Loop.startTime`, Infinity when the lane is empty) per event.
 *
 * Scale: a run has tens of faults, so a sorted array with insertion from the back is enough.
 * An entry scheduled for the current microsecond while it runs goes next, not back to its start:
 * callers schedule at `now + 1` or later to keep the "first in its microsecond" promise.
 */
import type { EventFn } from './event-queue.ts';

interface Entry {
  readonly time: number;
  readonly rank: number;
  readonly fn: EventFn;
  readonly data: unknown;
}

export class StartLane {
  /** Pending entries, least (time, rank, scheduling order) last, so a take is a pop. */
  private readonly entries: Entry[] = [];

  get length(): number {
    return this.entries.length;
  }

  /** Time of the first entry, or Infinity. */
  get nextTime(): number {
    const entries = this.entries;
    return entries.length === 0 ? Infinity : entries[entries.length - 1]!.time;
  }

  /** Adds an entry after every entry of the same (time, rank). */
  add(time: number, rank: number, fn: EventFn, data: unknown): void {
    const entries = this.entries;
    let i = 0;
    // Kept in descending order: the new entry goes behind every entry that runs after it.
    while (i < entries.length && runsAfter(entries[i]!, time, rank)) i++;
    entries.splice(i, 0, { time, rank, fn, data });
  }

  /** Removes the first entry (only when length > 0). */
  take(): Entry {
    return this.entries.pop()!;
  }
}

/** Whether `e` runs after an entry (time, rank) added now (an entry added later loses a tie). */
function runsAfter(e: Entry, time: number, rank: number): boolean {
  return e.time > time || (e.time === time && e.rank > rank);
}
