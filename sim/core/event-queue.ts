/**
 * The pending-event set: a timing wheel for events due within the next 4 ms (timing-wheel.ts)
 * and a binary min-heap ordered by (time, sequence) for the rest; `nextTime()` takes the least
 * (time, sequence) of the two. The Loop is its only user in the simulator; tests drive it
 * directly.
 *
 * Why two: a storage-cluster run schedules nearly every event 16 µs to 2 ms ahead, where a
 * bucket per microsecond beats any heap; the hold models schedule ~1e9 µs ahead, where the
 * heap below is what counts. What each choice here measured is in bin/bench/README.md, "What the design choices measured".
 *
 * Layout (why it looks like this): the event list is the hottest structure in the simulator.
 * A heap of event objects is several times slower than typed arrays at 1e5 pending events,
 * because every comparison chases a pointer and every event allocates. So the heap keeps its keys *inline*: one Float64Array `heap` holding
 * (time, slot) pairs side by side, and the payload of an event (callback, argument, sequence
 * number) lives in per-slot arrays recycled through a free list. A pop touches the payload once.
 * The free list is a stack, so the event a callback schedules usually reuses the slot of the
 * event that is running: its payload cells are already in cache.
 *
 * Why one interleaved array of (time, slot), with the sequence number per slot: profiled with
 * perf on the bench models, V8 re-checks the map and reloads the length and data pointer of a
 * typed array on every access inside the sift loops, so three parallel arrays (time, seq, slot)
 * paid three of each per level; and at 1e6 pending events each array was its own cache miss
 * per level, where a pair is one. The sequence number is only needed to break a time tie, so it
 * is read through the slot then (a hold model almost never ties; a µs-clock cluster model does
 * now and then). It is also 16 bytes per heap entry instead of 20.
 *
 * Ties: two events at the same microsecond run in the order they were scheduled (the sequence
 * number), which a binary heap does not give by itself. This is what makes a run a function of
 * (code, scenario, seed) and nothing else. The wheel and the heap draw their sequence numbers
 * from the same counter, so the order of events is exactly (time, seq) whichever structure holds
 * them: the trace hash of every scenario was unchanged when the wheel came in.
 *
 * Heap operations, each chosen by measuring the bench models (bin/bench, `npm run bench`):
 *  - The root is removed lazily. `take()` leaves a *hole* at the root instead of re-heaping at
 *    once; if the callback then schedules an event (a hold model does exactly one, a
 *    storage-cluster model usually one or more), the first `push` drops the new entry into the
 *    hole and sifts it down from there: one sift per event instead of a sift-down for the pop
 *    plus a sift-up for the push.
 *    The hole is invisible outside: `nextTime()` removes it first if nothing filled it.
 *  - A new entry has the largest sequence number ever issued, so against any entry already in
 *    the heap a time tie goes to the old entry: sifting a new entry compares times only.
 *  - Removing the root for good moves the last leaf into the hole bottom-up (Floyd/Wegener):
 *    the hole follows the smaller child to the bottom (one comparison per level), then the
 *    leaf climbs back, usually zero or one step since it came from the bottom. A new entry is
 *    sifted top-down instead, because in a cluster model it is often due soon and stops early.
 *
 * Left out: cancelling an event. The simulator never withdraws one; a component waiting with a
 * timeout lets it fire and checks then whether what it waited for is still pending (see
 * `Loop`). So every entry the queue hands out is live, and there are no handles.
 */
import { assert } from './assert.ts';
import { TimingWheel } from './timing-wheel.ts';

/** A scheduled callback. `data` is whatever was passed at scheduling time. */
export type EventFn = (data: any) => void;

/**
 * Slots at most: a guard, not a layout limit. A run with this many pending events is a model
 * scheduling without bound, and stops here with a message instead of running out of memory.
 */
const SLOT_LIMIT = 16_777_216;
const INITIAL_CAPACITY = 1024;
/**
 * The timing wheel's window, µs: 4.1 ms holds nearly all of a steady-state run's events
 * (network hops and disk writes), in 32 KiB of bucket arrays.
 */
const WHEEL_SPAN = 4096;

export class EventQueue {
  /** Entries in the heap (not the wheel), the taken root included while it is a hole. */
  private size = 0;
  private nextSeq = 0;
  /** The root is taken but not yet removed (see the header). */
  private hole = false;
  /** Whether the entry chosen by `nextTime()` is the timing wheel's (else the heap's). */
  private fromWheel = false;
  /** The time `nextTime()` chose, for `take()` to move the wheel's cursor to. */
  private chosen = 0;
  private readonly wheel: TimingWheel;
  /** The heap: entry i is (time, slot) at [2i, 2i + 1] (see the header for why interleaved). */
  private heap: Float64Array;
  /** Per slot: the sequence number of its event, read only to break a time tie. */
  private slotSeq: Float64Array;
  private slotFn: (EventFn | undefined)[];
  private slotData: unknown[];
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotCount = 0;

  /** `wheelSpan`: the timing wheel's window, a power of two (tests make it small). */
  constructor(capacity = INITIAL_CAPACITY, wheelSpan = WHEEL_SPAN) {
    this.wheel = new TimingWheel(wheelSpan, capacity);
    this.heap = new Float64Array(2 * capacity);
    this.slotSeq = new Float64Array(capacity);
    this.freeSlots = new Int32Array(capacity);
    this.slotFn = new Array<EventFn | undefined>(capacity).fill(undefined);
    this.slotData = new Array<unknown>(capacity).fill(undefined);
  }

  /** Pending events: scheduled, not yet taken. */
  get length(): number {
    return this.size - (this.hole ? 1 : 0) + this.wheel.size;
  }

  /** Schedules `fn(data)` at `time`. */
  push(time: number, fn: EventFn, data: unknown): void {
    const slot = this.freeCount > 0 ? this.freeSlots[--this.freeCount]! : this.newSlot();
    this.slotFn[slot] = fn;
    this.slotData[slot] = data;
    this.slotSeq[slot] = this.nextSeq++;
    if (this.wheel.covers(time)) {
      this.wheel.push(time, slot);
    } else if (this.hole) {
      // Reuse the taken root's place: one sift instead of a pop and a push.
      this.hole = false;
      this.sinkNew(time, slot);
    } else {
      if (2 * this.size === this.heap.length) this.growHeap();
      this.siftUp(this.size++, time, slot);
    }
  }

  /**
   * Time of the earliest pending event, or -1 if there is none. Remembers where that event is,
   * for `take()`.
   */
  nextTime(): number {
    if (this.hole) this.removeRoot();
    const wheel = this.wheel;
    if (wheel.size === 0) {
      this.fromWheel = false;
      return (this.chosen = this.size > 0 ? this.heap[0]! : -1);
    }
    const time = wheel.first();
    if (this.size > 0) {
      const top = this.heap[0]!;
      if (top < time || (top === time && this.slotSeq[this.heap[1]!]! < this.slotSeq[wheel.headSlot()]!)) {
        this.fromWheel = false;
        return (this.chosen = top);
      }
    }
    this.fromWheel = true;
    return (this.chosen = time);
  }

  /**
   * Takes the event `nextTime()` just chose and returns its slot. The caller then reads
   * `fnOf(slot)` and `dataOf(slot)`, and calls `retire(slot)` before running the callback.
   */
  take(): number {
    const wheel = this.wheel;
    if (this.chosen > wheel.cursor) wheel.cursor = this.chosen;
    if (this.fromWheel) return wheel.shift();
    this.hole = true;
    return this.heap[1]!;
  }

  fnOf(slot: number): EventFn {
    return this.slotFn[slot]!;
  }

  dataOf(slot: number): unknown {
    return this.slotData[slot];
  }

  /** Ends an event that was taken (it runs now): clears it and frees its slot. */
  retire(slot: number): void {
    this.slotFn[slot] = undefined;
    this.slotData[slot] = undefined;
    this.freeSlots[this.freeCount++] = slot;
  }

  /** Removes the (taken) root: the last leaf fills the hole. */
  private removeRoot(): void {
    this.hole = false;
    const last = --this.size;
    if (last > 0) this.sinkLeaf(this.heap[2 * last]!, this.heap[2 * last + 1]!);
  }

  /** Stores a new entry at free position `index` and sifts it up. */
  private siftUp(index: number, time: number, slot: number): void {
    const h = this.heap;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = h[2 * parent]!;
      if (pt <= time) break; // on a tie the parent is older, so it stays first
      h[2 * i] = pt;
      h[2 * i + 1] = h[2 * parent + 1]!;
      i = parent;
    }
    h[2 * i] = time;
    h[2 * i + 1] = slot;
  }

  /**
   * Fills the hole at the root with the former last leaf, bottom-up: the hole follows the
   * smaller child to the bottom (one comparison per level), then the leaf climbs back.
   */
  private sinkLeaf(time: number, slot: number): void {
    const h = this.heap;
    const seqs = this.slotSeq;
    const n = this.size;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n) {
        const lt = h[2 * child]!;
        const rt = h[2 * right]!;
        if (rt < lt || (rt === lt && seqs[h[2 * right + 1]!]! < seqs[h[2 * child + 1]!]!)) child = right;
      }
      h[2 * i] = h[2 * child]!;
      h[2 * i + 1] = h[2 * child + 1]!;
      i = child;
    }
    const seq = seqs[slot]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = h[2 * parent]!;
      if (pt < time || (pt === time && seqs[h[2 * parent + 1]!]! < seq)) break;
      h[2 * i] = pt;
      h[2 * i + 1] = h[2 * parent + 1]!;
      i = parent;
    }
    h[2 * i] = time;
    h[2 * i + 1] = slot;
  }

  /** Fills the hole at the root with a new entry, top-down. */
  private sinkNew(time: number, slot: number): void {
    const h = this.heap;
    const seqs = this.slotSeq;
    const n = this.size;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let ct = h[2 * child]!;
      const right = child + 1;
      if (right < n) {
        const rt = h[2 * right]!;
        if (rt < ct || (rt === ct && seqs[h[2 * right + 1]!]! < seqs[h[2 * child + 1]!]!)) {
          child = right;
          ct = rt;
        }
      }
      if (time < ct) break; // on a tie the child is older, so it goes first
      h[2 * i] = ct;
      h[2 * i + 1] = h[2 * child + 1]!;
      i = child;
    }
    h[2 * i] = time;
    h[2 * i + 1] = slot;
  }

  private newSlot(): number {
    const slot = this.slotCount++;
    assert(slot < SLOT_LIMIT, 'event queue: more than 2^24 pending events');
    if (slot === this.slotSeq.length) {
      const capacity = slot * 2;
      const seqs = new Float64Array(capacity);
      seqs.set(this.slotSeq);
      this.slotSeq = seqs;
      const free = new Int32Array(capacity);
      free.set(this.freeSlots);
      this.freeSlots = free;
      this.wheel.grow(capacity);
      for (let k = slot; k < capacity; k++) {
        this.slotFn.push(undefined);
        this.slotData.push(undefined);
      }
    }
    return slot;
  }

  private growHeap(): void {
    const heap = new Float64Array(this.heap.length * 2);
    heap.set(this.heap);
    this.heap = heap;
  }
}
