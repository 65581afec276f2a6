/**
 * A growable ring-buffer FIFO for the bench models' server queues (Array.shift is O(n) on
 * large arrays). The capacity is a power of two so wrapping is a mask, not a division.
 */
export class Fifo<T> {
  private buf: (T | undefined)[];
  private head = 0;
  length = 0;

  constructor(capacity = 16) {
    let cap = 1;
    while (cap < capacity) cap *= 2;
    this.buf = new Array<T | undefined>(cap).fill(undefined);
  }

  push(item: T): void {
    if (this.length === this.buf.length) this.grow();
    this.buf[(this.head + this.length) & (this.buf.length - 1)] = item;
    this.length++;
  }

  /** Removes and returns the oldest item; only valid when length > 0. */
  shift(): T {
    const item = this.buf[this.head] as T;
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.length--;
    return item;
  }

  private grow(): void {
    const old = this.buf;
    const grown = new Array<T | undefined>(old.length * 2).fill(undefined);
    for (let i = 0; i < this.length; i++) grown[i] = old[(this.head + i) & (old.length - 1)];
    this.buf = grown;
    this.head = 0;
  }
}
