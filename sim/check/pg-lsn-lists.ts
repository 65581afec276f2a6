/**
 * Per protection group, a list of LSNs in ascending order whose oldest part can be forgotten:
 * what checkers keep of a PG's log (its allocations, its acknowledged records) to hold
 * segments against. LSNs arrive in order, except from a stale writer still allocating below a
 * newer writer's truncation end; those go into place (rare, so a shift).
 *
 * Storage: 4 bytes an LSN (a Uint32Array) until an LSN no longer fits, then 8 (a Float64Array,
 * exact for every LSN the clock allows). While a segment is down nothing can be forgotten, so
 * these lists hold a whole outage's LSNs beside the storage model's own copy; as arrays of
 * numbers they cost twice as much.
 */
const INITIAL_CAPACITY = 64;
/** How far the head must have moved before the kept part is moved to the front. */
const MIN_COMPACT_HEAD = 4096;

type LsnArray = Uint32Array | Float64Array;

export class PgLsnLists {
  private readonly lsns: LsnArray[];
  private readonly heads: Int32Array;
  private readonly ends: Int32Array;

  constructor(protectionGroups: number) {
    this.lsns = Array.from({ length: protectionGroups }, () => new Uint32Array(INITIAL_CAPACITY));
    this.heads = new Int32Array(protectionGroups);
    this.ends = new Int32Array(protectionGroups);
  }

  add(pg: number, lsn: number): void {
    const full = this.ends[pg] === this.lsns[pg]!.length;
    if (full || (lsn > 0xffffffff && this.lsns[pg] instanceof Uint32Array)) this.regrow(pg, lsn);
    const list = this.lsns[pg]!;
    const end = this.ends[pg]!;
    if (end === this.heads[pg] || list[end - 1]! < lsn) {
      list[end] = lsn;
    } else {
      const at = this.indexAbove(pg, lsn);
      list.copyWithin(at + 1, at, end);
      list[at] = lsn;
    }
    this.ends[pg] = end + 1;
  }

  /** The PG's LSNs: the kept ones are at `first(pg)` (or any `indexAbove`) up to `end(pg)`. */
  list(pg: number): ArrayLike<number> {
    return this.lsns[pg]!;
  }

  /** Index of the PG's first kept LSN. */
  first(pg: number): number {
    return this.heads[pg]!;
  }

  /** Index past the PG's last LSN. */
  end(pg: number): number {
    return this.ends[pg]!;
  }

  /** Index of the first kept LSN of `pg` above `lsn`. */
  indexAbove(pg: number, lsn: number): number {
    const list = this.lsns[pg]!;
    let low = this.heads[pg]!;
    let high = this.ends[pg]!;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (list[mid]! <= lsn) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Forgets the PG's LSNs at or below `lsn`; the kept part moves to the front once most of the array is forgotten. */
  forgetThrough(pg: number, lsn: number): void {
    const head = this.indexAbove(pg, lsn);
    const end = this.ends[pg]!;
    if (head > MIN_COMPACT_HEAD && head * 2 > end) {
      this.lsns[pg]!.copyWithin(0, head, end);
      this.ends[pg] = end - head;
      this.heads[pg] = 0;
    } else {
      this.heads[pg] = head;
    }
  }

  /** Keeps only the PG's LSNs that `keep` accepts. */
  keepOnly(pg: number, keep: (lsn: number) => boolean): void {
    const list = this.lsns[pg]!;
    let to = 0;
    for (let i = this.heads[pg]!; i < this.ends[pg]!; i++) if (keep(list[i]!)) list[to++] = list[i]!;
    this.heads[pg] = 0;
    this.ends[pg] = to;
  }

  /** How many LSNs of `pg` are kept. */
  kept(pg: number): number {
    return this.ends[pg]! - this.heads[pg]!;
  }

  /**
   * A new array for `pg` with room for `lsn`: the kept LSNs at the front, half as many slots
   * again free (at least the initial capacity), 8 bytes each once `lsn` needs them.
   */
  private regrow(pg: number, lsn: number): void {
    const old = this.lsns[pg]!;
    const head = this.heads[pg]!;
    const kept = this.ends[pg]! - head;
    const capacity = Math.max(INITIAL_CAPACITY, kept + (kept >> 1));
    const wide = old instanceof Float64Array || lsn > 0xffffffff;
    const list: LsnArray = wide ? new Float64Array(capacity) : new Uint32Array(capacity);
    list.set(old.subarray(head, head + kept));
    this.lsns[pg] = list;
    this.heads[pg] = 0;
    this.ends[pg] = kept;
  }
}
