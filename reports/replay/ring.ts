/**
 * The last `capacity` items of a stream, oldest first: what `replay` keeps of a run's events
 * and `replay --diff` of the common context before a difference. Memory stays flat however
 * long the stream is. Slots are made once and overwritten in turn (`next`), so a caller that
 * copies into them allocates nothing per item.
 */
export class Ring<T> {
  private readonly slots: T[] = [];
  private readonly capacity: number;
  private readonly make: () => T;
  /** The slot the next item goes into once every slot is made. */
  private head = 0;

  constructor(capacity: number, make: () => T) {
    this.capacity = capacity;
    this.make = make;
  }

  /** The slot for the next item, to fill in: a new one until `capacity` are made, then the oldest. */
  next(): T | undefined {
    if (this.capacity === 0) return undefined;
    if (this.slots.length < this.capacity) {
      const slot = this.make();
      this.slots.push(slot);
      return slot;
    }
    const slot = this.slots[this.head]!;
    this.head = (this.head + 1) % this.capacity;
    return slot;
  }

  /** The items held, oldest first. */
  items(): T[] {
    return [...this.slots.slice(this.head), ...this.slots.slice(0, this.head)];
  }
}
