/**
 * Messages in flight, as parallel arrays indexed by a slot number: the network schedules the
 * slot (a small integer) as an event's data instead of an object per message.
 *
 * Why: a steady-state run delivers about 1.7 million messages; one five-field envelope object
 * each was a steady stream of garbage behind much of the run's collector time (profiled with
 * `npm run bench`). A slot is taken at send, kept while the message waits at a paused host,
 * and given back when it is delivered or dropped, so the arrays stay as large as the most
 * messages ever in flight at once. A duplicated message takes a slot per copy.
 */
export class Envelopes {
  from: Int32Array;
  to: Int32Array;
  /** Payload plus header bytes (a hydration copy can exceed 2^31, hence doubles). */
  bytes: Float64Array;
  /** The receiver's incarnation when the message was sent. */
  incarnation: Int32Array;
  message: unknown[];
  private free: Int32Array;
  private freeCount = 0;
  private used = 0;

  constructor(capacity = 1024) {
    this.from = new Int32Array(capacity);
    this.to = new Int32Array(capacity);
    this.bytes = new Float64Array(capacity);
    this.incarnation = new Int32Array(capacity);
    this.message = new Array<unknown>(capacity).fill(undefined);
    this.free = new Int32Array(capacity);
  }

  /** Slots in use. */
  get inFlight(): number {
    return this.used - this.freeCount;
  }

  take(from: number, to: number, bytes: number, message: unknown, incarnation: number): number {
    const slot = this.freeCount > 0 ? this.free[--this.freeCount]! : this.fresh();
    this.from[slot] = from;
    this.to[slot] = to;
    this.bytes[slot] = bytes;
    this.incarnation[slot] = incarnation;
    this.message[slot] = message;
    return slot;
  }

  /** Returns the slot; its message is released so the collector can have it. */
  release(slot: number): void {
    this.message[slot] = undefined;
    this.free[this.freeCount++] = slot;
  }

  private fresh(): number {
    if (this.used === this.from.length) this.grow();
    return this.used++;
  }

  private grow(): void {
    const capacity = this.from.length * 2;
    this.from = grown(this.from, new Int32Array(capacity));
    this.to = grown(this.to, new Int32Array(capacity));
    this.bytes = grown(this.bytes, new Float64Array(capacity));
    this.incarnation = grown(this.incarnation, new Int32Array(capacity));
    this.free = grown(this.free, new Int32Array(capacity));
    for (let i = this.message.length; i < capacity; i++) this.message.push(undefined);
  }
}

function grown<T extends Int32Array | Float64Array>(old: T, next: T): T {
  next.set(old);
  return next;
}
