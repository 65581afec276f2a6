/**
 * A map from a non-negative safe integer (an LSN, a sequence number) to a value: open
 * addressing with linear probing over a Float64Array of keys, and backward-shift deletion (no
 * tombstones).
 *
 * Why not a Map: a segment's records held ahead of a gap (and a replica's chunks that arrive
 * early) come and go a few at a time, and V8's Map reallocates its table each time it shrinks
 * to empty and grows again. In a steady-state run that churn was 60 MB of garbage from `set`
 * and `delete` alone (the largest source after the messages themselves), because records
 * arrive out of order all the time: every message and every disk write draws its own latency.
 * This table keeps its size while it is small (up to `KEEP_CAPACITY` slots), so that churn
 * costs nothing. A large table left sparse shrinks: a segment back from an outage holds a
 * backlog of records ahead of its gap for a while, and its table would otherwise keep that
 * high-water mark (megabytes per segment) for the rest of the run, and every scan of it
 * (`deleteWhere`, `valueList`) would go on costing the backlog's size.
 *
 * Iteration order is the table's, not insertion order: callers that need an order sort.
 */
const EMPTY = -1;
const MIN_CAPACITY = 16;
/** Tables up to this many slots never shrink; a larger one shrinks once under 1/8 full. */
const KEEP_CAPACITY = 1024;

export class IntMap<V> {
  /** Live entries. */
  size = 0;
  private keys: Float64Array;
  private values: (V | undefined)[];
  private mask: number;
  /** 32 - log2(capacity): the home slot is the top bits of the mixed key. Capacity is at most 2^30. */
  private shift: number;

  constructor(capacity = MIN_CAPACITY) {
    let size = MIN_CAPACITY;
    while (size < capacity) size *= 2;
    this.keys = new Float64Array(size).fill(EMPTY);
    this.values = new Array<V | undefined>(size).fill(undefined);
    this.mask = size - 1;
    this.shift = Math.clz32(size) + 1; // 32 - log2(size), size a power of two
  }

  get(key: number): V | undefined {
    const keys = this.keys;
    for (let i = this.home(key); ; i = (i + 1) & this.mask) {
      const k = keys[i]!;
      if (k === key) return this.values[i];
      if (k === EMPTY) return undefined;
    }
  }

  set(key: number, value: V): void {
    const keys = this.keys;
    let i = this.home(key);
    for (; ; i = (i + 1) & this.mask) {
      const k = keys[i]!;
      if (k === key) {
        this.values[i] = value;
        return;
      }
      if (k === EMPTY) break;
    }
    keys[i] = key;
    this.values[i] = value;
    // At most half full: probe runs stay short.
    if (++this.size * 2 > keys.length) this.rehash(keys.length * 2);
  }

  /** Removes `key`; returns true if it was there. */
  delete(key: number): boolean {
    const keys = this.keys;
    const mask = this.mask;
    let hole = this.home(key);
    for (; ; hole = (hole + 1) & mask) {
      const k = keys[hole]!;
      if (k === key) break;
      if (k === EMPTY) return false;
    }
    // Backward shift: pull later entries of the probe run into the hole when their home
    // position does not lie (cyclically) between the hole and where they sit.
    for (let j = (hole + 1) & mask; keys[j] !== EMPTY; j = (j + 1) & mask) {
      const home = this.home(keys[j]!);
      const between = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (between) continue;
      keys[hole] = keys[j]!;
      this.values[hole] = this.values[j];
      hole = j;
    }
    keys[hole] = EMPTY;
    this.values[hole] = undefined;
    this.size--;
    if (keys.length > KEEP_CAPACITY && this.size * 8 < keys.length) this.shrink();
    return true;
  }

  /** Removes every entry for which `remove(key, value)` is true. */
  deleteWhere(remove: (key: number, value: V) => boolean): void {
    if (this.size === 0) return;
    const doomed: number[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      const k = this.keys[i]!;
      if (k !== EMPTY && remove(k, this.values[i]!)) doomed.push(k);
    }
    for (const key of doomed) this.delete(key);
  }

  /** The values, in table order. */
  valueList(): V[] {
    const out: V[] = [];
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] !== EMPTY) out.push(this.values[i]!);
    return out;
  }

  clear(): void {
    if (this.size === 0) return;
    this.size = 0;
    if (this.keys.length > KEEP_CAPACITY) return this.allocate(KEEP_CAPACITY);
    this.keys.fill(EMPTY);
    this.values.fill(undefined);
  }

  /** Slots in the table (for tests: what a map holds on to). */
  get capacity(): number {
    return this.keys.length;
  }

  /**
   * Rehashes into the smallest table that holds the entries at most 1/4 full (and not under
   * `KEEP_CAPACITY`): the map must grow to twice its size again before the next rehash.
   */
  private shrink(): void {
    let capacity = KEEP_CAPACITY;
    while (capacity < this.size * 4) capacity *= 2;
    if (capacity < this.keys.length) this.rehash(capacity);
  }

  /**
   * Fibonacci hashing of both 32-bit halves of the key, taking the product's top bits: the low
   * bits would leave a PG's LSNs (often all multiples of the PG count) on a fraction of the slots.
   */
  private home(key: number): number {
    const high = (key / 4_294_967_296) | 0;
    return Math.imul((key | 0) ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1) >>> this.shift;
  }

  private rehash(capacity: number): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.allocate(capacity);
    this.size = 0;
    for (let i = 0; i < oldKeys.length; i++) if (oldKeys[i] !== EMPTY) this.set(oldKeys[i]!, oldValues[i]!);
  }

  /** An empty table of `capacity` slots (a power of two); `size` is the caller's. */
  private allocate(capacity: number): void {
    this.keys = new Float64Array(capacity).fill(EMPTY);
    this.values = new Array<V | undefined>(capacity).fill(undefined);
    this.mask = capacity - 1;
    this.shift = Math.clz32(capacity) + 1;
  }
}
