/**
 * A timer lane's storage: a FIFO of pending entries (time, seq, slot) that all share one fixed
 * delay, used by the event queue next to its heap.
 *
 * Why lanes exist: a timer armed at `now + d` with the same `d` every time (a quorum timeout, a
 * retransmit timer, a lease) is created in time order, so a FIFO already keeps such timers
 * sorted by (time, seq) and they need no heap at all. Most of them are cancelled before they
 * fire; in a heap each dead one would still cost a sift on the way in and on the way out, and
 * would deepen the heap for every live event (about 2,000 dead timers against 40 live events in
 * the peers' model C: research/des-peers.md §3, 0.63-0.74x of the timer-free speed with lazy
 * cancellation in the heap, 0.88-0.91x with lanes).
 *
 * Layout: three parallel ring buffers (keys inline, like the heap, so choosing the next event
 * never dereferences a slot), capacity a power of two so wrapping is a mask.
 */
const INITIAL_LANE_CAPACITY = 256;

export class LaneFifo {
  length = 0;
  head = 0;
  mask = INITIAL_LANE_CAPACITY - 1;
  times = new Float64Array(INITIAL_LANE_CAPACITY);
  seqs = new Float64Array(INITIAL_LANE_CAPACITY);
  slots = new Int32Array(INITIAL_LANE_CAPACITY);

  /** Appends an entry; the caller guarantees (time, seq) is not below the last entry's. */
  push(time: number, seq: number, slot: number): void {
    if (this.length > this.mask) this.grow();
    const i = (this.head + this.length) & this.mask;
    this.times[i] = time;
    this.seqs[i] = seq;
    this.slots[i] = slot;
    this.length++;
  }

  /** Removes the head entry and returns its slot; only valid when length > 0. */
  shift(): number {
    const slot = this.slots[this.head]!;
    this.head = (this.head + 1) & this.mask;
    this.length--;
    return slot;
  }

  private grow(): void {
    const capacity = (this.mask + 1) * 2;
    const times = new Float64Array(capacity);
    const seqs = new Float64Array(capacity);
    const slots = new Int32Array(capacity);
    for (let k = 0; k < this.length; k++) {
      const i = (this.head + k) & this.mask;
      times[k] = this.times[i]!;
      seqs[k] = this.seqs[i]!;
      slots[k] = this.slots[i]!;
    }
    this.times = times;
    this.seqs = seqs;
    this.slots = slots;
    this.head = 0;
    this.mask = capacity - 1;
  }
}
