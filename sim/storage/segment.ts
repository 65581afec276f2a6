/**
 * One segment: a storage node's replica of one protection group's log
 * (research/aurora-protocol.md §6; steps 1-5 of the 8 in §1.4).
 *
 * State: the persisted records chained without a gap from the last coalesce point (`chain`),
 * persisted records that arrived ahead of a gap (`ahead`, keyed by their segment backlink),
 * the SCL, the last SCL heard from each peer, and the coalesced page versions.
 *
 * SCL (A18 §2.3) is the highest LSN such that every record of the PG up to it is held; it
 * moves by following backlinks: the record whose `segmentPrev` equals the SCL extends it.
 *
 * Coalescing (step 5) folds chained records into page versions and drops them from the hot
 * log, but only below the lowest SCL known for any member of the PG: a peer still missing a
 * record can then always get it by gossip. Without reads in the model, PGMRPL (which would
 * also bound coalescing, §5.3) is not tracked. Not modelled: backup to S3, scrubbing (steps
 * 6-8), materialising page images, the hot log's disk footprint.
 */
import type { LogRecord } from '../protocol/log-record.ts';

const COMPACT_AT = 4096;

export class Segment {
  readonly pg: number;
  readonly index: number;
  scl = 0;
  /** SCL at the previous gossip tick: no movement since then suggests a real gap. */
  sclAtLastTick = 0;
  /** Round-robin position of the next peer to gossip with. */
  gossipCursor = 0;
  /** Records folded into page versions so far. */
  coalesced = 0;
  /** Last SCL heard from each member of the PG (own entry kept current). */
  readonly peerScl: Float64Array;
  private chain: LogRecord[] = [];
  private chainHead = 0;
  private readonly ahead = new Map<number, LogRecord>();
  private readonly pageVersions = new Map<number, number>();

  constructor(pg: number, index: number, members: number) {
    this.pg = pg;
    this.index = index;
    this.peerScl = new Float64Array(members);
  }

  /** True if the record is neither chained nor waiting ahead of a gap. */
  isNew(record: LogRecord): boolean {
    return record.lsn > this.scl && !this.holdsAhead(record);
  }

  /** Adds a persisted record; returns false if it was already held. */
  accept(record: LogRecord): boolean {
    if (!this.isNew(record)) return false;
    this.ahead.set(record.segmentPrev, record);
    return true;
  }

  /** Follows backlinks from the SCL through records held ahead; returns true if SCL moved. */
  advance(): boolean {
    const before = this.scl;
    let next = this.ahead.get(this.scl);
    while (next !== undefined) {
      this.ahead.delete(this.scl);
      this.chain.push(next);
      this.scl = next.lsn;
      next = this.ahead.get(this.scl);
    }
    this.peerScl[this.index] = this.scl;
    return this.scl !== before;
  }

  /**
   * True when the segment should ask peers for records: its SCL has not moved for a whole
   * gossip period while it holds records above a gap or a peer is known to be ahead. Asking
   * only then keeps gossip from racing batches that are merely still in flight.
   */
  get stalled(): boolean {
    if (this.scl !== this.sclAtLastTick) return false;
    if (this.ahead.size > 0) return true;
    for (let s = 0; s < this.peerScl.length; s++) if (this.peerScl[s]! > this.scl) return true;
    return false;
  }

  /**
   * Records held with LSN > `lsn`, in LSN order, at most `max`: the chain above `lsn` and
   * then the records held beyond this segment's own gaps, which a peer may be missing too.
   */
  recordsAbove(lsn: number, max: number): LogRecord[] {
    const chain = this.chain;
    let low = this.chainHead;
    let high = chain.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (chain[mid]!.lsn <= lsn) low = mid + 1;
      else high = mid;
    }
    const records = chain.slice(low, Math.min(chain.length, low + max));
    if (records.length < max && this.ahead.size > 0) {
      const beyond = [...this.ahead.values()].filter((r) => r.lsn > lsn).sort((a, b) => a.lsn - b.lsn);
      for (const record of beyond) {
        if (records.length === max) break;
        records.push(record);
      }
    }
    return records;
  }

  /** Folds chained records below every member's known SCL into page versions. */
  coalesce(): number {
    let horizon = this.scl;
    for (let s = 0; s < this.peerScl.length; s++) horizon = Math.min(horizon, this.peerScl[s]!);
    const chain = this.chain;
    let head = this.chainHead;
    const start = head;
    while (head < chain.length && chain[head]!.lsn <= horizon) {
      const record = chain[head]!;
      this.pageVersions.set(record.pageId, record.lsn);
      head++;
    }
    this.coalesced += head - start;
    if (head >= COMPACT_AT && head * 2 >= chain.length) {
      this.chain = chain.slice(head);
      head = 0;
    }
    this.chainHead = head;
    return head - start;
  }

  /** Records in the hot log (chained, not yet coalesced, plus those ahead of a gap). */
  get hotRecords(): number {
    return this.chain.length - this.chainHead + this.ahead.size;
  }

  private holdsAhead(record: LogRecord): boolean {
    const held = this.ahead.get(record.segmentPrev);
    return held !== undefined && held.lsn === record.lsn;
  }
}
