/**
 * Per protection group, a list of LSNs in ascending order whose oldest part can be forgotten:
 * what checkers keep of a PG's log (its allocations, its acknowledged records) to hold
 * segments against. LSNs arrive in order, except from a stale writer still allocating below a
 * newer writer's truncation end; those go into place (rare, so a splice).
 */
export class PgLsnLists {
  private readonly lsns: number[][];
  private readonly heads: Int32Array;

  constructor(protectionGroups: number) {
    this.lsns = Array.from({ length: protectionGroups }, () => []);
    this.heads = new Int32Array(protectionGroups);
  }

  add(pg: number, lsn: number): void {
    const list = this.lsns[pg]!;
    if (list.length === this.heads[pg] || list[list.length - 1]! < lsn) {
      list.push(lsn);
      return;
    }
    list.splice(this.indexAbove(pg, lsn), 0, lsn);
  }

  /** The PG's LSNs; the kept ones run from `first(pg)` (or any `indexAbove`) to its length. */
  list(pg: number): readonly number[] {
    return this.lsns[pg]!;
  }

  /** Index of the PG's first kept LSN. */
  first(pg: number): number {
    return this.heads[pg]!;
  }

  /** Index of the first kept LSN of `pg` above `lsn`. */
  indexAbove(pg: number, lsn: number): number {
    const list = this.lsns[pg]!;
    let low = this.heads[pg]!;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (list[mid]! <= lsn) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Forgets the PG's LSNs at or below `lsn`; the array is cut once most of it is forgotten. */
  forgetThrough(pg: number, lsn: number): void {
    const head = this.indexAbove(pg, lsn);
    const list = this.lsns[pg]!;
    if (head > 4096 && head * 2 > list.length) {
      this.lsns[pg] = list.slice(head);
      this.heads[pg] = 0;
    } else {
      this.heads[pg] = head;
    }
  }

  /** Keeps only the PG's LSNs that `keep` accepts. */
  keepOnly(pg: number, keep: (lsn: number) => boolean): void {
    this.lsns[pg] = this.lsns[pg]!.filter((lsn, i) => i >= this.heads[pg]! && keep(lsn));
    this.heads[pg] = 0;
  }

  /** How many LSNs of `pg` are kept. */
  kept(pg: number): number {
    return this.lsns[pg]!.length - this.heads[pg]!;
  }
}
