/**
 * The simulation loop: one integer-microsecond clock that only the loop advances, jumping to
 * the next pending event. Components schedule callbacks on it; nothing runs outside it, so a
 * run is a pure function of what was scheduled.
 *
 * Callbacks should be functions created once per component (class-field arrows or bound
 * methods), with the per-event state in `data`, so that scheduling allocates nothing.
 *
 * Left out: cancelling a scheduled event. A timeout is scheduled with `after` and, when it
 * fires, its callback checks whether what it waited for is still pending, and does nothing if
 * not: hydration's retry compares the attempt it was armed for with the current one, and a
 * disk completion scheduled before a crash finds the disk's generation moved on. A stale
 * firing costs one event; in exchange the queue keeps no handles and never checks an event it
 * takes for having been withdrawn.
 *
 * Faults run from the start lane (`atStartOf`, start-lane.ts): first in their microsecond,
 * whenever they were scheduled, so that a fault a trigger schedules mid-run and the same fault
 * written into a scenario as a timed one run at the same point.
 *
 * Cost: the checks on every `at()` must not build their message unless they fail; a
 * template-literal assert there formatted two numbers per event, a large share of the hold
 * model's time (bin/bench/README.md, "What the design choices measured").
 */
import { SimulatorBug } from './assert.ts';
import { EventQueue, type EventFn } from './event-queue.ts';
import { StartLane } from './start-lane.ts';

export type { EventFn };

/** Why `run` returned. */
export type StopReason = 'drained' | 'until' | 'maxEvents' | 'stopped';

export interface RunBounds {
  /** Run events with time <= until (µs); the clock ends at `until` if events remain. */
  until: number;
  /** Stop after this many events (a guard against livelock). */
  maxEvents: number;
}

const MAX_TIME = Number.MAX_SAFE_INTEGER;

export class Loop {
  /** Current simulated time, integer microseconds. */
  now = 0;
  /** Events run so far. */
  events = 0;
  private readonly queue = new EventQueue();
  private readonly startLane = new StartLane();
  /** Time of the start lane's first entry, Infinity when it is empty: one compare per event. */
  private startTime = Infinity;
  private stopRequested = false;
  private running = false;

  /** Schedules `fn(data)` at absolute time `time` (µs, integer, not in the past). */
  at(time: number, fn: EventFn, data?: unknown): void {
    // One cheap test on the hot path (NaN fails the first comparison); the message is built
    // only on failure.
    if (!(time >= this.now && time <= MAX_TIME && Math.floor(time) === time)) badTime(time, this.now);
    this.queue.push(time, fn, data);
  }

  /**
   * Schedules `fn(data)` at the start of microsecond `time`: before every `at`/`after` event
   * due then, whenever those were scheduled; among start events by (time, `rank`, order of
   * scheduling). Schedule at `now + 1` or later from inside a run: an event for `now` runs
   * next, since the start of `now` is past.
   */
  atStartOf(time: number, fn: EventFn, data?: unknown, rank = 0): void {
    if (!(time >= this.now && time <= MAX_TIME && Math.floor(time) === time)) badTime(time, this.now);
    this.startLane.add(time, rank, fn, data);
    this.startTime = this.startLane.nextTime;
  }

  /** Schedules `fn(data)` after `delay` µs (a non-negative integer). */
  after(delay: number, fn: EventFn, data?: unknown): void {
    this.at(this.now + delay, fn, data);
  }

  /** Pending events. */
  get pending(): number {
    return this.queue.length + this.startLane.length;
  }

  /** Asks the loop to return after the current event (or, outside a run, at the start of the next). */
  stop(): void {
    this.stopRequested = true;
  }

  run(bounds: RunBounds): StopReason {
    const { until, maxEvents } = bounds;
    if (!(until === Infinity || (until >= 0 && until <= MAX_TIME && Math.floor(until) === until))) {
      throw new SimulatorBug(`run: bad bound until=${until}`);
    }
    if (this.running) throw new SimulatorBug('run: called from inside a callback');
    this.running = true;
    try {
      // A stop asked for before the run (by a reader set up beforehand) ends it before its first event.
      const reason = this.stopRequested ? 'stopped' : this.loop(until, maxEvents);
      if (reason === 'stopped') this.stopRequested = false;
      return reason;
    } finally {
      this.running = false;
    }
  }

  private loop(until: number, maxEvents: number): StopReason {
    const queue = this.queue;
    for (;;) {
      const time = queue.nextTime();
      // A start-lane event is due first, or the queue is empty (-1): the rare branch.
      if (this.startTime <= time || time < 0) {
        if (this.startTime === Infinity) break;
        const stop = this.runStartEvent(until, maxEvents);
        if (stop !== undefined) return stop;
        continue;
      }
      if (time > until) {
        if (until > this.now) this.now = until;
        return 'until';
      }
      if (this.events >= maxEvents) return 'maxEvents';
      const slot = queue.take();
      const fn = queue.fnOf(slot);
      const data = queue.dataOf(slot);
      queue.retire(slot); // before the call, so the callback's first push can reuse the slot
      this.now = time;
      this.events++;
      fn(data);
      if (this.stopRequested) return 'stopped';
    }
    if (until !== Infinity && until > this.now) this.now = until;
    return 'drained';
  }

  /** Runs the start lane's first event, or says why the run stops first. */
  private runStartEvent(until: number, maxEvents: number): StopReason | undefined {
    const time = this.startTime;
    if (time > until) {
      if (until > this.now) this.now = until;
      return 'until';
    }
    if (this.events >= maxEvents) return 'maxEvents';
    const { fn, data } = this.startLane.take();
    this.startTime = this.startLane.nextTime;
    this.now = time;
    this.events++;
    fn(data);
    return this.stopRequested ? 'stopped' : undefined;
  }
}

function badTime(time: number, now: number): never {
  throw new SimulatorBug(`bad event time ${time} at ${now}`);
}
