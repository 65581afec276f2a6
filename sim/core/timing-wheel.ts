/**
 * The near future of the event queue: one FIFO bucket per microsecond for the `span` µs after
 * the last event taken (the cursor). The event queue puts an event here when its time falls in
 * that window and in its heap otherwise, and takes whichever of the two holds the least
 * (time, seq).
 *
 * Why: in a storage-cluster run almost every event is due 16 µs to 2 ms after it is scheduled
 * (a network hop, a disk write), about 130 are pending, and the heap's sifts (some 7 levels,
 * two comparisons each) were the largest single cost of the loop. A bucket append and a bucket
 * shift are O(1), and finding the next bucket reads a bitmap word or two (events are ~4 µs
 * apart). Events further out (gossip ticks, fault schedules, the hold models' 1e9 µs mean) stay
 * in the heap, which is what it is good at.
 *
 * Order: a bucket holds one exact time, because every entry lies in [cursor, cursor + span)
 * and the cursor only moves forward (entries are pushed only inside the window; the cursor is
 * the time of an entry taken as the least pending one). Entries enter a bucket in scheduling
 * order, so its FIFO is its (time, seq) order; ties with the heap are broken by seq in the
 * queue.
 *
 * Layout: bucket heads and tails are typed arrays indexed by `time & mask` (exact for any safe
 * integer time: ToInt32 takes it modulo 2^32), each slot links to the next slot of its bucket,
 * and one bit per bucket says whether it holds anything.
 */
import { assert } from './assert.ts';

export class TimingWheel {
  /** Entries held. */
  size = 0;
  /** The window is [cursor, cursor + span): cursor is the latest time taken from the queue. */
  cursor = 0;
  readonly span: number;
  private readonly mask: number;
  private readonly wordMask: number;
  private readonly heads: Int32Array;
  private readonly tails: Int32Array;
  /** Bit b of word w: bucket 32w + b is not empty. */
  private readonly bits: Int32Array;
  /** Per slot: the next slot in its bucket, or -1. */
  private next: Int32Array;
  /** The bucket `first()` found. */
  private found = 0;

  /** `span` is a power of two, at least 32; `slots` the queue's slot capacity. */
  constructor(span: number, slots: number) {
    assert(span >= 32 && (span & (span - 1)) === 0 && span <= 1 << 30, `timing wheel: bad span ${span}`);
    this.span = span;
    this.mask = span - 1;
    this.wordMask = (span >> 5) - 1;
    this.heads = new Int32Array(span).fill(-1);
    this.tails = new Int32Array(span);
    this.bits = new Int32Array(span >> 5);
    this.next = new Int32Array(slots);
  }

  /** Whether an entry at `time` belongs here. */
  covers(time: number): boolean {
    return time >= this.cursor && time - this.cursor < this.span;
  }

  /** Appends `slot` to the bucket of `time`, which `covers` said is in the window. */
  push(time: number, slot: number): void {
    const b = time & this.mask;
    this.next[slot] = -1;
    if (this.heads[b]! < 0) {
      this.heads[b] = slot;
      this.bits[b >> 5]! |= 1 << (b & 31);
    } else {
      this.next[this.tails[b]!] = slot;
    }
    this.tails[b] = slot;
    this.size++;
  }

  /** The time of the earliest non-empty bucket (only when size > 0); remembers that bucket. */
  first(): number {
    const start = this.cursor & this.mask;
    const bits = this.bits;
    let w = start >> 5;
    // The first word only from the cursor's bit on; bits below it are a full turn later, and
    // are reached, if need be, when the scan wraps back to this word.
    let word = bits[w]! & (-1 << (start & 31));
    while (word === 0) {
      w = (w + 1) & this.wordMask;
      word = bits[w]!;
    }
    const b = (w << 5) | (31 - Math.clz32(word & -word));
    this.found = b;
    return this.cursor + ((b - start) & this.mask);
  }

  /** The slot at the head of the bucket `first()` found. */
  headSlot(): number {
    return this.heads[this.found]!;
  }

  /** Removes and returns the head of the bucket `first()` found. */
  shift(): number {
    const b = this.found;
    const slot = this.heads[b]!;
    const after = this.next[slot]!;
    this.heads[b] = after;
    if (after < 0) this.bits[b >> 5]! &= ~(1 << (b & 31));
    this.size--;
    return slot;
  }

  /** Makes room for slots below `capacity`. */
  grow(capacity: number): void {
    const next = new Int32Array(capacity);
    next.set(this.next);
    this.next = next;
  }
}
