/**
 * The simulation loop: one integer-microsecond clock that only the loop advances, jumping to
 * the next pending event. Components schedule callbacks on it; nothing runs outside it, so a
 * run is a pure function of what was scheduled.
 *
 * Callbacks should be functions created once per component (class-field arrows or bound
 * methods), with the per-event state in `data`, so that scheduling allocates nothing.
 * A timer that always uses the same delay (a quorum timeout, a retransmit timer, a lease)
 * belongs in a timer lane (`timerLane(delay)`): it costs no heap work, and a cancelled one is
 * skipped at the lane's head without ever deepening the heap (model C of the bench: 0.94x the
 * speed of the same model without timeouts, against 0.75x with the timers in the heap).
 *
 * Faults run from the start lane (`atStartOf`, start-lane.ts): first in their microsecond,
 * whenever they were scheduled, so that a fault a trigger schedules mid-run and the same fault
 * written into a scenario as a timed one run at the same point.
 *
 * Cost (profiled with bin/bench): the checks on every `at()` must not build their message
 * unless they fail. A template-literal assert there formatted two numbers per event: 34% of
 * the time of the hold model at 1e3 pending events, plus 8% in the garbage collector.
 */
import { SimulatorBug } from './assert.ts';
import { EventQueue, type EventFn, type EventHandle } from './event-queue.ts';
import { StartLane } from './start-lane.ts';

export type { EventFn, EventHandle };

/** Why `run` returned. */
export type StopReason = 'drained' | 'until' | 'maxEvents' | 'stopped';

export interface RunBounds {
  /** Run events with time <= until (µs); the clock ends at `until` if events remain. */
  until: number;
  /** Stop after this many events (a guard against livelock). */
  maxEvents: number;
}

const MAX_TIME = Number.MAX_SAFE_INTEGER;

/** A FIFO of timers that all fire a fixed `delay` after they are scheduled. */
export class TimerLane {
  /** The fixed delay, µs. */
  readonly delay: number;
  private readonly loop: Loop;
  private readonly queue: EventQueue;
  private readonly lane: number;

  /** Use `loop.timerLane(delay)`. */
  constructor(loop: Loop, queue: EventQueue, lane: number, delay: number) {
    this.loop = loop;
    this.queue = queue;
    this.lane = lane;
    this.delay = delay;
  }

  /** Schedules `fn(data)` at `loop.now + delay`; cancel it with `loop.cancel(handle)`. */
  schedule(fn: EventFn, data?: unknown): EventHandle {
    const time = this.loop.now + this.delay;
    if (!(time <= MAX_TIME)) badTime(time, this.loop.now);
    return this.queue.pushLane(this.lane, time, fn, data);
  }
}

export class Loop {
  /** Current simulated time, integer microseconds. */
  now = 0;
  /** Events run so far (tombstones of cancelled events not counted). */
  events = 0;
  private readonly queue = new EventQueue();
  private readonly lanes = new Map<number, TimerLane>();
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
    this.queue.add(time, fn, data);
  }

  /**
   * Schedules `fn(data)` at the start of microsecond `time`: before every `at`/`after`/lane
   * event due then, whenever those were scheduled; among start events by (time, `rank`, order
   * of scheduling). Schedule at `now + 1` or later from inside a run: an event for `now` runs
   * next, since the start of `now` is past. Not cancellable (faults are never withdrawn).
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

  /**
   * Like `at`, and returns a handle for `cancel`. Kept apart from `at` because a handle costs
   * an allocation (see `EventQueue.add`) that fire-and-forget events should not pay.
   */
  atCancellable(time: number, fn: EventFn, data?: unknown): EventHandle {
    if (!(time >= this.now && time <= MAX_TIME && Math.floor(time) === time)) badTime(time, this.now);
    return this.queue.push(time, fn, data);
  }

  /** Like `after`, and returns a handle for `cancel`. */
  afterCancellable(delay: number, fn: EventFn, data?: unknown): EventHandle {
    return this.atCancellable(this.now + delay, fn, data);
  }

  /**
   * The timer lane for `delay` µs (created on first use; one per distinct delay). Its timers
   * keep the exact (time, scheduling order) semantics of `at`, and cancel with `cancel`.
   */
  timerLane(delay: number): TimerLane {
    if (!(delay >= 0 && delay <= MAX_TIME && Math.floor(delay) === delay)) {
      throw new SimulatorBug(`bad timer lane delay ${delay}`);
    }
    let lane = this.lanes.get(delay);
    if (lane === undefined) {
      lane = new TimerLane(this, this.queue, this.queue.addLane(), delay);
      this.lanes.set(delay, lane);
    }
    return lane;
  }

  cancel(handle: EventHandle): boolean {
    return this.queue.cancel(handle);
  }

  /** Pending live events. */
  get pending(): number {
    return this.queue.live + this.startLane.length;
  }

  /** Asks the loop to return after the current event. */
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
    this.stopRequested = false;
    try {
      return this.loop(until, maxEvents);
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
      if (fn === undefined) {
        queue.free(slot); // a cancelled event
        continue;
      }
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
