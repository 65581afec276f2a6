/**
 * The pending-event set: a timing wheel for events due within the next 4 ms (timing-wheel.ts),
 * a binary min-heap ordered by (time, sequence) for the rest, and FIFO timer lanes for fixed
 * delays; `nextTime()` takes the least (time, sequence) of the three. The Loop is its only user
 * in the simulator; tests drive it directly.
 *
 * Why three: a storage-cluster run schedules nearly every event 16 µs to 2 ms ahead, where a
 * bucket per microsecond beats any heap (steady-state run: 5.6% less CPU than with the heap
 * alone; the bench's model B, 20-600 µs delays: 0.88x -> 1.2-1.3x the JS reference kernel).
 * The hold models schedule ~1e9 µs ahead, where the heap below is what counts.
 *
 * Layout (why it looks like this): the event list is the hottest structure in the simulator.
 * Measured on this machine (research/des-peers.md §3), a heap of event objects is 3x slower
 * than typed arrays at 1e5 pending events, because every comparison chases a pointer and every
 * event allocates. So the heap keeps its keys *inline*: one Float64Array `heap` holding
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
 * now and then). Against three parallel arrays, measured in CPU time: hold 1e3 +8%, 1e5 +4%,
 * 1e6 +15%, model B +3%, and 16 bytes per heap entry instead of 20.
 *
 * Ties: two events at the same microsecond run in the order they were scheduled (the sequence
 * number), which a binary heap does not give by itself. This is what makes a run a function of
 * (code, scenario, seed) and nothing else. The wheel and the lanes draw their sequence numbers
 * from the same counter, so the order of events is exactly (time, seq) whichever structure holds
 * them: the trace hash of every scenario was unchanged when the wheel came in.
 *
 * Heap operations, each chosen by measuring the bench models (bin/bench, `npm run bench`):
 *  - The root is removed lazily. `take()` leaves a *hole* at the root instead of re-heaping at
 *    once; if the callback then schedules an event (a hold model does exactly one, a
 *    storage-cluster model usually one or more), the first `push` drops the new entry into the
 *    hole and sifts it down from there: one sift per event instead of a sift-down for the pop
 *    plus a sift-up for the push (hold at 1e5 pending: 2.1-3.3 M -> 3.3-3.7 M events/s).
 *    The hole is invisible outside: `nextTime()` removes it first if nothing filled it.
 *  - A new entry has the largest sequence number ever issued, so against any entry already in
 *    the heap a time tie goes to the old entry: sifting a new entry compares times only.
 *  - Removing the root for good moves the last leaf into the hole bottom-up (Floyd/Wegener):
 *    the hole follows the smaller child to the bottom (one comparison per level), then the
 *    leaf climbs back, usually zero or one step since it came from the bottom. A new entry is
 *    sifted top-down instead, because in a cluster model it is often due soon and stops early.
 *
 * Cancellation is lazy: a cancelled slot is tombstoned (callback cleared, generation bumped)
 * and skipped when it reaches the front. A handle is `generation * 2^24 + slot`; generations
 * wrap at 2^29 so a handle stays an exact integer below 2^53, and a stale handle can cancel a
 * recycled slot only after that slot was reused 2^29 times in between.
 */
import { assert } from './assert.ts';
import { LaneFifo } from './timer-lane.ts';
import { TimingWheel } from './timing-wheel.ts';

/** A scheduled callback. `data` is whatever was passed at scheduling time. */
export type EventFn = (data: any) => void;

/** Opaque handle of a scheduled event, for `cancel`. */
export type EventHandle = number;

const SLOT_LIMIT = 16_777_216; // 2^24 slots at most: the low part of a handle
const GEN_MASK = 536_870_911; // 2^29 - 1: generations wrap, so handles stay below 2^53
const INITIAL_CAPACITY = 1024;
/**
 * The timing wheel's window, µs: 4.1 ms holds 99.5% of a steady-state run's events (network
 * hops and disk writes), in 32 KiB of bucket arrays.
 */
const WHEEL_SPAN = 4096;
/** `from` when the entry chosen by `nextTime()` is the timing wheel's. */
const WHEEL = -2;

export class EventQueue {
  /** Entries in the heap (not the wheel): cancelled ones are included until they reach the top. */
  size = 0;
  /** Scheduled events that have neither run nor been cancelled (wheel, heap and lanes). */
  live = 0;
  private nextSeq = 0;
  /** The root is taken but not yet removed (see the header). */
  private hole = false;
  /** Where the entry chosen by `nextTime()` is: -1 the heap, WHEEL the wheel, k >= 0 lane k. */
  private from = -1;
  /** The time `nextTime()` chose, for `take()` to move the wheel's cursor to. */
  private chosen = 0;
  private readonly wheel: TimingWheel;
  /** The heap: entry i is (time, slot) at [2i, 2i + 1] (see the header for why interleaved). */
  private heap: Float64Array;
  /** Per slot: the sequence number of its event, read only to break a time tie. */
  private slotSeq: Float64Array;
  private slotFn: (EventFn | undefined)[];
  private slotData: unknown[];
  private slotGen: Int32Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotCount = 0;
  private readonly lanes: LaneFifo[] = [];

  /** `wheelSpan`: the timing wheel's window, a power of two (tests make it small). */
  constructor(capacity = INITIAL_CAPACITY, wheelSpan = WHEEL_SPAN) {
    this.wheel = new TimingWheel(wheelSpan, capacity);
    this.heap = new Float64Array(2 * capacity);
    this.slotSeq = new Float64Array(capacity);
    this.slotGen = new Int32Array(capacity);
    this.freeSlots = new Int32Array(capacity);
    this.slotFn = new Array<EventFn | undefined>(capacity).fill(undefined);
    this.slotData = new Array<unknown>(capacity).fill(undefined);
  }

  /** Schedules `fn(data)` at `time`; returns a handle for `cancel`. */
  push(time: number, fn: EventFn, data: unknown): EventHandle {
    const slot = this.add(time, fn, data);
    return this.slotGen[slot]! * SLOT_LIMIT + slot;
  }

  /**
   * Schedules `fn(data)` at `time`, with no handle: the event cannot be cancelled. A handle is
   * above 2^31, so V8 boxes it as a heap number whenever it escapes: one allocation per event
   * (27 MB in a steady-state run) for a value the simulator never uses.
   */
  add(time: number, fn: EventFn, data: unknown): number {
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
    this.live++;
    return slot;
  }

  /**
   * Adds a timer lane (see timer-lane.ts) and returns its index for `pushLane`. The lane does
   * not know its delay: its owner (`Loop.timerLane`) computes each entry's time.
   */
  addLane(): number {
    this.lanes.push(new LaneFifo());
    return this.lanes.length - 1;
  }

  /**
   * Schedules `fn(data)` at `time` in lane `lane`. The caller guarantees that `time` is not
   * below the lane's last entry (true for `now + fixed delay` with a clock that never goes back).
   */
  pushLane(lane: number, time: number, fn: EventFn, data: unknown): EventHandle {
    const slot = this.freeCount > 0 ? this.freeSlots[--this.freeCount]! : this.newSlot();
    this.slotFn[slot] = fn;
    this.slotData[slot] = data;
    const seq = this.nextSeq++;
    this.slotSeq[slot] = seq;
    this.lanes[lane]!.push(time, seq, slot);
    this.live++;
    return this.slotGen[slot]! * SLOT_LIMIT + slot;
  }

  /** Cancels a pending event. Returns false if it already ran or was cancelled. */
  cancel(handle: EventHandle): boolean {
    if (!(handle >= 0)) return false;
    const gen = Math.floor(handle / SLOT_LIMIT);
    const slot = handle - gen * SLOT_LIMIT;
    if (slot >= this.slotCount || this.slotGen[slot] !== gen || this.slotFn[slot] === undefined) {
      return false;
    }
    this.slotFn[slot] = undefined;
    this.slotData[slot] = undefined;
    this.slotGen[slot] = (gen + 1) & GEN_MASK;
    this.live--;
    return true;
  }

  /**
   * Time of the earliest entry (heap top or a lane head, possibly a tombstone), or -1 if there
   * is none. Remembers where that entry is, for `take()`.
   */
  nextTime(): number {
    if (this.hole) this.removeRoot();
    if (this.lanes.length > 0) return (this.chosen = this.nextTimeWithLanes());
    const wheel = this.wheel;
    if (wheel.size === 0) {
      this.from = -1;
      return (this.chosen = this.size > 0 ? this.heap[0]! : -1);
    }
    const time = wheel.first();
    if (this.size > 0) {
      const top = this.heap[0]!;
      if (top < time || (top === time && this.slotSeq[this.heap[1]!]! < this.slotSeq[wheel.headSlot()]!)) {
        this.from = -1;
        return (this.chosen = top);
      }
    }
    this.from = WHEEL;
    return (this.chosen = time);
  }

  /**
   * Takes the entry `nextTime()` just chose and returns its slot. The caller then reads
   * `fnOf(slot)`: undefined is a tombstone, handed back with `free(slot)`; otherwise it reads
   * `dataOf(slot)` and calls `retire(slot)` before running the callback.
   */
  take(): number {
    const wheel = this.wheel;
    if (this.chosen > wheel.cursor) wheel.cursor = this.chosen;
    if (this.from === WHEEL) return wheel.shift();
    if (this.from < 0) {
      this.hole = true;
      return this.heap[1]!;
    }
    return this.lanes[this.from]!.shift();
  }

  fnOf(slot: number): EventFn | undefined {
    return this.slotFn[slot];
  }

  dataOf(slot: number): unknown {
    return this.slotData[slot];
  }

  /** Ends a live event that was taken (it runs now): clears it and frees its slot. */
  retire(slot: number): void {
    this.slotFn[slot] = undefined;
    this.slotData[slot] = undefined;
    this.slotGen[slot] = (this.slotGen[slot]! + 1) & GEN_MASK;
    this.live--;
    this.freeSlots[this.freeCount++] = slot;
  }

  /** Frees the slot of a taken tombstone (already cleared by `cancel`). */
  free(slot: number): void {
    this.freeSlots[this.freeCount++] = slot;
  }

  private nextTimeWithLanes(): number {
    const lanes = this.lanes;
    let from = -1;
    let time = -1;
    if (this.size > 0) time = this.heap[0]!;
    const wheel = this.wheel;
    if (wheel.size > 0) {
      const wt = wheel.first();
      if (time < 0 || wt < time || (wt === time && this.slotSeq[wheel.headSlot()]! < this.slotSeq[this.heap[1]!]!)) {
        time = wt;
        from = WHEEL;
      }
    }
    for (let k = 0; k < lanes.length; k++) {
      const lane = lanes[k]!;
      // Cancelled timers are dropped here rather than handed to the loop one by one: in a
      // lane most entries are cancelled before they are due (a quorum timeout).
      while (lane.length > 0 && this.slotFn[lane.slots[lane.head]!] === undefined) this.free(lane.shift());
      if (lane.length === 0) continue;
      const lt = lane.times[lane.head]!;
      if (time < 0 || lt < time || (lt === time && lane.seqs[lane.head]! < this.seqAt(from))) {
        time = lt;
        from = k;
      }
    }
    this.from = from;
    return time;
  }

  /** The sequence number of the entry first in `from` (the heap, the wheel or a lane): for ties. */
  private seqAt(from: number): number {
    if (from === WHEEL) return this.slotSeq[this.wheel.headSlot()]!;
    if (from < 0) return this.slotSeq[this.heap[1]!]!;
    const lane = this.lanes[from]!;
    return lane.seqs[lane.head]!;
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
    if (slot === this.slotGen.length) {
      const capacity = slot * 2;
      const gens = new Int32Array(capacity);
      gens.set(this.slotGen);
      this.slotGen = gens;
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
