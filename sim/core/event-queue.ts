/**
 * The pending-event set: a binary min-heap ordered by (time, sequence).
 *
 * Layout (why it looks like this): the event list is the hottest structure in the simulator.
 * Measured on this machine (research/des-peers.md §3), a heap of event objects is 3x slower
 * than typed arrays at 1e5 pending events, because every comparison chases a pointer and every
 * event allocates. So the heap keeps its keys *inline* in typed arrays (`heapTime`,
 * `heapSeq`) next to a slot index (`heapSlot`), and the payload of an event (callback and
 * argument) lives in slot arrays recycled through a free list. A pop touches the payload once.
 *
 * Ties: two events at the same microsecond run in the order they were scheduled (the sequence
 * number), which a binary heap does not give by itself. This is what makes a run a function of
 * (code, scenario, seed) and nothing else.
 *
 * Cancellation is lazy: a cancelled slot is tombstoned (callback cleared, generation bumped)
 * and skipped when it reaches the top. A handle is `generation * 2^24 + slot`, so a stale
 * handle can never cancel a recycled slot.
 */
import { assert } from './assert.ts';

/** A scheduled callback. `data` is whatever was passed at scheduling time. */
export type EventFn = (data: any) => void;

/** Opaque handle of a scheduled event, for `cancel`. */
export type EventHandle = number;

const SLOT_BITS = 16_777_216; // 2^24 slots at most
const INITIAL_CAPACITY = 1024;

export class EventQueue {
  /** Number of entries in the heap, cancelled ones included until they are popped. */
  size = 0;
  /** Entries in the heap that are still live. */
  live = 0;
  private nextSeq = 0;
  private heapTime: Float64Array;
  private heapSeq: Float64Array;
  private heapSlot: Int32Array;
  private slotFn: (EventFn | undefined)[];
  private slotData: unknown[];
  private slotGen: Int32Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotCount = 0;

  constructor(capacity = INITIAL_CAPACITY) {
    this.heapTime = new Float64Array(capacity);
    this.heapSeq = new Float64Array(capacity);
    this.heapSlot = new Int32Array(capacity);
    this.slotGen = new Int32Array(capacity);
    this.freeSlots = new Int32Array(capacity);
    this.slotFn = new Array<EventFn | undefined>(capacity).fill(undefined);
    this.slotData = new Array<unknown>(capacity).fill(undefined);
  }

  /** Schedules `fn(data)` at `time`; returns a handle for `cancel`. */
  push(time: number, fn: EventFn, data: unknown): EventHandle {
    const slot = this.freeCount > 0 ? this.freeSlots[--this.freeCount]! : this.newSlot();
    this.slotFn[slot] = fn;
    this.slotData[slot] = data;
    if (this.size === this.heapTime.length) this.growHeap();
    this.siftUp(this.size++, time, this.nextSeq++, slot);
    this.live++;
    return this.slotGen[slot]! * SLOT_BITS + slot;
  }

  /** Cancels a pending event. Returns false if it already ran or was cancelled. */
  cancel(handle: EventHandle): boolean {
    const slot = handle % SLOT_BITS;
    const gen = (handle - slot) / SLOT_BITS;
    if (slot >= this.slotCount || this.slotGen[slot] !== gen || this.slotFn[slot] === undefined) {
      return false;
    }
    this.slotFn[slot] = undefined;
    this.slotData[slot] = undefined;
    this.slotGen[slot] = gen + 1;
    this.live--;
    return true;
  }

  /** Time of the earliest entry (possibly a tombstone); only valid when size > 0. */
  peekTime(): number {
    return this.heapTime[0]!;
  }

  /**
   * Removes the earliest entry and returns its slot. The caller reads `fnOf(slot)` and
   * `dataOf(slot)` and then calls `release(slot)`; a tombstone has `fnOf(slot) === undefined`.
   */
  popSlot(): number {
    const slot = this.heapSlot[0]!;
    const last = --this.size;
    if (last > 0) {
      this.siftDown(0, this.heapTime[last]!, this.heapSeq[last]!, this.heapSlot[last]!);
    }
    return slot;
  }

  fnOf(slot: number): EventFn | undefined {
    return this.slotFn[slot];
  }

  dataOf(slot: number): unknown {
    return this.slotData[slot];
  }

  /** Returns a popped slot to the free list. */
  release(slot: number): void {
    if (this.slotFn[slot] !== undefined) {
      this.live--;
      this.slotFn[slot] = undefined;
      this.slotData[slot] = undefined;
      this.slotGen[slot] = this.slotGen[slot]! + 1;
    }
    this.freeSlots[this.freeCount++] = slot;
  }

  private siftUp(index: number, time: number, seq: number, slot: number): void {
    const times = this.heapTime;
    const seqs = this.heapSeq;
    const slots = this.heapSlot;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[parent]! < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[parent]!;
      slots[i] = slots[parent]!;
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    slots[i] = slot;
  }

  private siftDown(index: number, time: number, seq: number, slot: number): void {
    const times = this.heapTime;
    const seqs = this.heapSeq;
    const slots = this.heapSlot;
    const n = this.size;
    let i = index;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let ct = times[child]!;
      let cs = seqs[child]!;
      const right = child + 1;
      if (right < n) {
        const rt = times[right]!;
        if (rt < ct || (rt === ct && seqs[right]! < cs)) {
          child = right;
          ct = rt;
          cs = seqs[right]!;
        }
      }
      if (time < ct || (time === ct && seq < cs)) break;
      times[i] = ct;
      seqs[i] = cs;
      slots[i] = slots[child]!;
      i = child;
    }
    times[i] = time;
    seqs[i] = seq;
    slots[i] = slot;
  }

  private newSlot(): number {
    const slot = this.slotCount++;
    assert(slot < SLOT_BITS, 'event queue: more than 2^24 pending events');
    if (slot === this.slotGen.length) {
      const grown = new Int32Array(slot * 2);
      grown.set(this.slotGen);
      this.slotGen = grown;
      const free = new Int32Array(slot * 2);
      free.set(this.freeSlots);
      this.freeSlots = free;
      this.slotFn.length = slot * 2;
      this.slotFn.fill(undefined, slot);
      this.slotData.length = slot * 2;
      this.slotData.fill(undefined, slot);
    }
    return slot;
  }

  private growHeap(): void {
    const capacity = this.heapTime.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.heapTime);
    this.heapTime = times;
    const seqs = new Float64Array(capacity);
    seqs.set(this.heapSeq);
    this.heapSeq = seqs;
    const slots = new Int32Array(capacity);
    slots.set(this.heapSlot);
    this.heapSlot = slots;
  }
}
