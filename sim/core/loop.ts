/**
 * The simulation loop: one integer-microsecond clock that only the loop advances, jumping to
 * the next pending event. Components schedule callbacks on it; nothing runs outside it, so a
 * run is a pure function of what was scheduled.
 *
 * Callbacks should be functions created once per component (class-field arrows or bound
 * methods), with the per-event state in `data`, so that scheduling allocates nothing.
 */
import { assert } from './assert.ts';
import { EventQueue, type EventFn, type EventHandle } from './event-queue.ts';

export type { EventFn, EventHandle };

/** Why `run` returned. */
export type StopReason = 'drained' | 'until' | 'maxEvents' | 'stopped';

export interface RunBounds {
  /** Run events with time <= until (µs); the clock ends at `until` if events remain. */
  until: number;
  /** Stop after this many events (a guard against livelock). */
  maxEvents: number;
}

export class Loop {
  /** Current simulated time, integer microseconds. */
  now = 0;
  /** Events run so far (tombstones of cancelled events not counted). */
  events = 0;
  private readonly queue = new EventQueue();
  private stopRequested = false;

  /** Schedules `fn(data)` at absolute time `time` (µs, integer, not in the past). */
  at(time: number, fn: EventFn, data?: unknown): EventHandle {
    assert(time >= this.now && Number.isSafeInteger(time), `bad event time ${time} at ${this.now}`);
    return this.queue.push(time, fn, data);
  }

  /** Schedules `fn(data)` after `delay` µs (a non-negative integer). */
  after(delay: number, fn: EventFn, data?: unknown): EventHandle {
    return this.at(this.now + delay, fn, data);
  }

  cancel(handle: EventHandle): boolean {
    return this.queue.cancel(handle);
  }

  /** Pending live events. */
  get pending(): number {
    return this.queue.live;
  }

  /** Asks the loop to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  run(bounds: RunBounds): StopReason {
    const queue = this.queue;
    const { until, maxEvents } = bounds;
    this.stopRequested = false;
    while (queue.size > 0) {
      const time = queue.peekTime();
      if (time > until) {
        this.now = until;
        return 'until';
      }
      if (this.events >= maxEvents) return 'maxEvents';
      const slot = queue.popSlot();
      const fn = queue.fnOf(slot);
      if (fn === undefined) {
        queue.release(slot);
        continue;
      }
      const data = queue.dataOf(slot);
      queue.release(slot);
      this.now = time;
      this.events++;
      fn(data);
      if (this.stopRequested) return 'stopped';
    }
    if (until !== Infinity && until > this.now) this.now = until;
    return 'drained';
  }
}
