import { describe, expect, it } from 'vitest';
import { EventQueue, type EventFn } from './event-queue.ts';
import { Loop } from './loop.ts';
import { SimulatorBug } from './assert.ts';

/** What the Loop does for one event: the next entry, taken and retired, or undefined. */
function popNext(q: EventQueue): { time: number; fn: EventFn; data: unknown } | undefined {
  const time = q.nextTime();
  if (time < 0) return undefined;
  const slot = q.take();
  const fn = q.fnOf(slot);
  const data = q.dataOf(slot);
  q.retire(slot);
  return { time, fn, data };
}

/** Pops the next event and checks its time and data. */
function popNextAt(q: EventQueue, time: number, data: unknown): void {
  const e = popNext(q);
  expect(e?.time).toBe(time);
  expect(e?.data).toBe(data);
}

function drainData(q: EventQueue): unknown[] {
  const out: unknown[] = [];
  for (let e = popNext(q); e !== undefined; e = popNext(q)) out.push(e.data);
  return out;
}

/** A small deterministic generator for the randomized tests (xorshift32). */
function xorshift(seed: number): (n: number) => number {
  let x = seed | 0 || 1;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

const noop: EventFn = () => {};

describe('event queue: order', () => {
  it('pops by time, then by scheduling order on equal times', () => {
    const q = new EventQueue();
    q.push(30, noop, 'c');
    q.push(10, noop, 'a1');
    q.push(20, noop, 'b');
    q.push(10, noop, 'a2');
    q.push(0, noop, 'z');
    q.push(10, noop, 'a3');
    expect(drainData(q)).toEqual(['z', 'a1', 'a2', 'a3', 'b', 'c']);
  });

  it('keeps FIFO order among many events at one time, across the lazy root removal', () => {
    const q = new EventQueue();
    for (let i = 0; i < 100; i++) q.push(5, noop, i);
    const out: unknown[] = [];
    // Schedule more same-time events while popping: they go after every earlier one.
    let first = popNext(q);
    out.push(first!.data);
    q.push(5, noop, 100); // fills the hole left by the taken root
    for (first = popNext(q); first !== undefined; first = popNext(q)) out.push(first.data);
    expect(out).toEqual(Array.from({ length: 101 }, (_, i) => i));
  });

  it('a push right after a take fills the root hole correctly, whatever its time', () => {
    const q = new EventQueue();
    for (const t of [10, 20, 30, 40, 50]) q.push(t, noop, t);
    expect(popNext(q)!.time).toBe(10);
    q.push(35, noop, 35); // into the hole, sifts down
    q.push(15, noop, 15); // a regular push
    expect(popNext(q)!.time).toBe(15);
    q.push(15, noop, 'same'); // equal to the time just popped: still runs next
    expect(drainData(q)).toEqual(['same', 20, 30, 35, 40, 50]);
  });

  it('grows past its initial capacity, in the heap and in the slot arrays', () => {
    const q = new EventQueue(4);
    const n = 5000;
    const next = xorshift(7);
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = next(1000);
      times.push(t);
      q.push(t, noop, i);
    }
    expect(q.length).toBe(n);
    const order = drainData(q) as number[];
    const expected = times.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.i);
    expect(order).toEqual(expected);
    expect(q.length).toBe(0);
  });

  it('counts pending events in the wheel and the heap, not the one just taken', () => {
    const q = new EventQueue(4, 64); // a 64 µs window
    q.push(10, noop, 'wheel');
    q.push(1000, noop, 'heap');
    q.push(2000, noop, 'heap too');
    expect(q.length).toBe(3);
    popNextAt(q, 10, 'wheel');
    expect(q.length).toBe(2);
    popNextAt(q, 1000, 'heap'); // its place in the heap is a hole until the next push or pop
    expect(q.length).toBe(1);
    q.push(1500, noop, 'into the hole');
    expect(q.length).toBe(2);
    expect(drainData(q)).toEqual(['into the hole', 'heap too']);
    expect(q.length).toBe(0);
  });
});

describe('event queue: the timing wheel for the near future', () => {
  it('merges wheel and heap entries at one time in scheduling order', () => {
    const q = new EventQueue(64, 64); // a 64 µs window
    q.push(0, noop, 'start');
    q.push(100, noop, 'heap@100 (outside the window)');
    popNextAt(q, 0, 'start'); // the window is [0, 64)
    q.push(40, noop, 'wheel@40');
    q.push(40, noop, 'wheel@40 again');
    expect(drainData(q)).toEqual(['wheel@40', 'wheel@40 again', 'heap@100 (outside the window)']);
  });

  it('an event scheduled early for a time the window reaches later runs before later-scheduled ones at that time', () => {
    const q = new EventQueue(64, 64);
    q.push(0, noop, 'first');
    q.push(70, noop, 'far, scheduled first'); // beyond [0, 64): the heap
    expect(popNext(q)!.data).toBe('first');
    q.push(30, noop, 'near');
    expect(popNext(q)!.data).toBe('near'); // the window is now [30, 94)
    q.push(70, noop, 'in the window, scheduled second'); // the wheel, at the same time
    expect(drainData(q)).toEqual(['far, scheduled first', 'in the window, scheduled second']);
  });

  it('wraps around its buckets and keeps exact times past 2^32 µs', () => {
    const q = new EventQueue(64, 64);
    const out: number[] = [];
    let now = 2 ** 32 - 100;
    q.push(now, noop, now);
    for (let k = 0; k < 2000; k++) {
      const e = popNext(q)!;
      out.push(e.time);
      now = e.time;
      q.push(now + 1 + (k % 63), noop, k); // always inside the window, so it wraps many times
    }
    for (let k = 1; k < out.length; k++) expect(out[k]! - out[k - 1]!).toBe(1 + ((k - 1) % 63));
    expect(out.at(-1)! > 2 ** 32).toBe(true);
  });

  it('a past time (the queue used outside the Loop) goes to the heap and still runs first', () => {
    const q = new EventQueue(64, 64);
    q.push(50, noop, 50);
    expect(popNext(q)!.time).toBe(50);
    q.push(110, noop, 110); // the window is [50, 114)
    q.push(20, noop, 20); // before the window
    // Taking 20 must not move the window back to [20, 84), which 110 is not in.
    expect(popNext(q)!.time).toBe(20);
    q.push(60, noop, 60);
    expect(drainData(q)).toEqual([60, 110]);
  });

  it('rejects a window that is not a power of two of at least 32', () => {
    for (const span of [0, 16, 100, 2 ** 31]) {
      expect(() => new EventQueue(4, span)).toThrow(/bad span/);
      expect(() => new EventQueue(4, span)).toThrow(SimulatorBug);
    }
  });
});

describe('event queue: randomized against a sorted reference', () => {
  interface Ref {
    time: number;
    /** Scheduling order, also the event's data. */
    seq: number;
  }

  // A 64 µs window puts a fair share of the short delays in the timing wheel and the rest in
  // the heap; the default window puts nearly all of them in the wheel.
  for (const [seed, span] of [[1, 64], [2, 64], [3, 4096], [42, 64], [1234, 4096]] as const) {
    it(`matches a reference sort over random pushes and pops (seed ${seed}, window ${span} µs)`, () => {
      const next = xorshift(seed);
      const q = new EventQueue(2, span); // tiny, so growth happens during the run
      const pending = new Set<Ref>();
      let now = 0;
      let seq = 0;
      const schedule = (): void => {
        const kind = next(10);
        // Small delays make many ties; a few far ones keep the heap deep; a rare jump of
        // 2^32 µs moves the clock past where the wheel's bucket index wraps.
        const time = now + (kind < 8 ? next(4) : next(1000) === 0 ? 2 ** 32 + next(100) : next(1000));
        q.push(time, noop, seq);
        pending.add({ time, seq: seq++ });
      };
      for (let step = 0; step < 20_000; step++) {
        const op = next(100);
        if (op < 50) {
          schedule();
        } else {
          // The reference: the pending entry with the least (time, seq), by a linear scan.
          let want: Ref | undefined;
          for (const r of pending) {
            if (want === undefined || r.time < want.time || (r.time === want.time && r.seq < want.seq)) want = r;
          }
          const got = popNext(q);
          if (want === undefined) {
            expect(got).toBeUndefined();
            continue;
          }
          pending.delete(want);
          expect(got?.data).toBe(want.seq);
          expect(got?.time).toBe(want.time);
          now = want.time;
          // Half the time the "callback" schedules at once, filling the root hole.
          if (next(2) === 0) schedule();
        }
        expect(q.length).toBe(pending.size);
      }
    });
  }
});

describe('loop on the queue', () => {
  it('runs events in (time, seq) order and counts them', () => {
    const loop = new Loop();
    const seen: string[] = [];
    const log = (s: string): void => {
      seen.push(`${loop.now}:${s}`);
    };
    loop.at(5, log, 'a');
    loop.after(5, log, 'b');
    loop.at(3, () => {
      log('at3');
      loop.after(2, log, 'from-3'); // due at 5, after every event scheduled before it
      loop.after(0, log, 'zero-delay');
      expect(loop.pending).toBe(4);
    });
    expect(loop.pending).toBe(3);
    expect(loop.run({ until: Infinity, maxEvents: Infinity })).toBe('drained');
    expect(seen).toEqual(['3:at3', '3:zero-delay', '5:a', '5:b', '5:from-3']);
    expect(loop.events).toBe(5);
    expect(loop.pending).toBe(0);
  });

  it('rejects past, fractional, NaN and unsafe times without building messages on success', () => {
    const loop = new Loop();
    loop.at(10, () => {
      expect(() => loop.at(9, noop)).toThrow(SimulatorBug);
      expect(() => loop.after(-1, noop)).toThrow(SimulatorBug);
    });
    loop.run({ until: Infinity, maxEvents: Infinity });
    expect(() => loop.at(10.5, noop)).toThrow(SimulatorBug);
    expect(() => loop.after(Number.NaN, noop)).toThrow(SimulatorBug);
    expect(() => loop.at(2 ** 53, noop)).toThrow(SimulatorBug);
    expect(() => loop.at(Infinity, noop)).toThrow(SimulatorBug);
    expect(loop.pending).toBe(0);
  });

  it('stops at until (clock set to until), at maxEvents and on stop(), and resumes', () => {
    const loop = new Loop();
    const seen: number[] = [];
    for (const t of [1, 2, 3, 10, 20]) loop.at(t, () => seen.push(t));
    expect(loop.run({ until: 5, maxEvents: Infinity })).toBe('until');
    expect(loop.now).toBe(5);
    expect(loop.run({ until: Infinity, maxEvents: loop.events + 1 })).toBe('maxEvents');
    expect(seen).toEqual([1, 2, 3, 10]);
    loop.at(15, () => loop.stop());
    expect(loop.run({ until: Infinity, maxEvents: Infinity })).toBe('stopped');
    expect(loop.now).toBe(15);
    expect(loop.run({ until: 100, maxEvents: Infinity })).toBe('drained');
    expect(loop.now).toBe(100);
    expect(seen).toEqual([1, 2, 3, 10, 20]);
  });

  it('never moves the clock back for an until in the past', () => {
    const loop = new Loop();
    loop.at(50, noop);
    loop.at(60, noop);
    loop.run({ until: 55, maxEvents: Infinity });
    expect(loop.run({ until: 10, maxEvents: Infinity })).toBe('until');
    expect(loop.now).toBe(55);
  });

  it('stays consistent after a callback throws (the taken root is still removed)', () => {
    const loop = new Loop();
    const seen: number[] = [];
    loop.at(1, () => {
      throw new Error('boom');
    });
    loop.at(2, () => seen.push(2));
    loop.at(3, () => seen.push(3));
    expect(() => loop.run({ until: Infinity, maxEvents: Infinity })).toThrow('boom');
    expect(loop.run({ until: Infinity, maxEvents: Infinity })).toBe('drained');
    expect(seen).toEqual([2, 3]);
  });

  it('refuses to run from inside a callback', () => {
    const loop = new Loop();
    loop.at(1, () => loop.run({ until: Infinity, maxEvents: Infinity }));
    expect(() => loop.run({ until: Infinity, maxEvents: Infinity })).toThrow(SimulatorBug);
  });
});
