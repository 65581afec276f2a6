/**
 * Every LSN the writers allocated, per PG, in LSN order, from `alloc` trace events: what each
 * PG's log should contain. Shared by the checkers that hold segments' claims against it. A
 * checker that knows every segment has folded a prefix into pages (so nothing there is ever
 * verified again) cuts it off, which keeps the log as short as the hot logs of storage.
 *
 * LSNs arrive in order, except from a stale writer still allocating below a newer writer's
 * truncation end; those go into place (rare, so a splice).
 */
import type { Trace } from '../core/trace.ts';

export class AllocationLog {
  private readonly lsns: number[][];
  private readonly heads: Int32Array;

  constructor(protectionGroups: number) {
    this.lsns = Array.from({ length: protectionGroups }, () => []);
    this.heads = new Int32Array(protectionGroups);
  }

  attach(trace: Trace): void {
    trace.subscribe((_time, _kind, lsn, pg) => this.add(pg, lsn), ['alloc']);
  }

  add(pg: number, lsn: number): void {
    const list = this.lsns[pg]!;
    if (list.length === this.heads[pg] || list[list.length - 1]! < lsn) {
      list.push(lsn);
      return;
    }
    list.splice(this.indexAbove(pg, lsn), 0, lsn);
  }

  /** The PG's LSNs; read from `indexAbove(...)` up to its length. */
  list(pg: number): readonly number[] {
    return this.lsns[pg]!;
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

  /** Forgets the PG's LSNs at or below `lsn`. */
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

  /** How many LSNs of `pg` are kept. */
  kept(pg: number): number {
    return this.lsns[pg]!.length - this.heads[pg]!;
  }
}

/** Whether `lsn` lies in one of the flattened (from, to] ranges. */
export function inRanges(ranges: readonly number[], lsn: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) if (lsn > ranges[i]! && lsn <= ranges[i + 1]!) return true;
  return false;
}
