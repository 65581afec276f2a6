/**
 * One segment: a storage node's replica of one protection group's log
 * (research/aurora-protocol.md §6; steps 1-5 of the 8 in §1.4).
 *
 * State: the persisted records chained without a gap from the last coalesce point (`chain`),
 * persisted records that arrived ahead of a gap (`ahead`, keyed by their segment backlink),
 * the SCL, the volume state (epoch and truncation ranges, durable), the last SCL heard from
 * each peer, and the coalesced page versions.
 *
 * SCL (A18 §2.3) is the highest LSN such that every record of the PG up to it is held; it
 * moves by following backlinks: the record whose `segmentPrev` equals the SCL extends it.
 *
 * Truncation (A17 §4.3): a range (from, to] written by a recovery annuls every record in it,
 * now and forever: held records are dropped (SCL falls back to the last survivor, the one
 * exception to monotone SCLs, I-3) and late arrivals are refused (I-7).
 *
 * Coalescing (step 5) folds chained records into page versions and drops them from the hot
 * log, only below the VDL the writer reported (a PGMRPL bound, §5.3: nothing above VDL may be
 * folded, it could still be truncated) and below the lowest SCL known for any member (so a
 * peer missing a record can still get it by gossip). Page contents are not modelled (no read
 * looks at them), so folding is counting: what matters to the protocol is which records
 * leave the hot log and when. Not modelled: backup to S3, scrubbing (steps 6-8),
 * materialising page images, the hot log's disk footprint.
 */
import { shouldCompact } from '../core/compaction.ts';
import { IntMap } from '../core/int-map.ts';
import type { LogRecord } from '../protocol/log-record.ts';
import type { HydrateSnapshot, MembershipStamp, RecordHeader, VolumeState } from '../protocol/messages.ts';
import { MAX_SLOTS } from '../topology/topology.ts';

const INITIAL_VOLUME: VolumeState = { epoch: 1, truncations: [] };

export class Segment {
  readonly pg: number;
  readonly index: number;
  scl = 0;
  /** Volume epoch and truncation ranges this segment holds durably. */
  volume: VolumeState = INITIAL_VOLUME;
  /** Highest VDL a writer reported: everything at or below it was durable volume-wide. */
  vdlHint = 0;
  /** SCL at the previous gossip tick: no movement since then suggests a real gap. */
  sclAtLastTick = 0;
  /** Round-robin position of the next peer to gossip with. */
  gossipCursor = 0;
  /** Records folded into page versions so far. */
  coalesced = 0;
  /** True after the segment's data was lost; it holds nothing until rebuilt. */
  wiped = false;
  /** A new segment waiting for its copy of a peer's state: it gossips for nothing until then. */
  hydrating: boolean;
  /** The PG membership this segment knows (epoch and member slots). */
  membership: MembershipStamp;
  /** Last SCL heard from each slot of the PG (own entry kept current); stride MAX_SLOTS. */
  readonly peerScl: Float64Array;
  /** The SCL `advance` last returned from: movement is reported against it. */
  private sclReported = 0;
  /** LSN of the last record folded away (the chain continues from it). */
  private coalescedThrough = 0;
  /**
   * The chain is `chain[chainHead, chainEnd)`; slots past the end are empty. The end is kept
   * apart from the array's length so that compaction moves the chain to the front of the same
   * array. Slicing it into a new array instead made every segment grow that array again, copy
   * after copy, after each compaction, and the garbage collector copy each grown array on its
   * way to the old generation: 0.9% of the instructions of a 10 s steady-state run.
   */
  private chain: (LogRecord | undefined)[] = [];
  private chainHead = 0;
  private chainEnd = 0;
  private readonly ahead = new IntMap<LogRecord>();

  constructor(pg: number, index: number, membership: MembershipStamp, hydrating: boolean) {
    this.pg = pg;
    this.index = index;
    this.membership = membership;
    this.hydrating = hydrating;
    this.peerScl = new Float64Array(MAX_SLOTS);
  }

  /** Takes a newer membership; returns false if `stamp` is older (the request is refused). */
  checkMembership(stamp: MembershipStamp): boolean {
    if (stamp.epoch < this.membership.epoch) return false;
    if (stamp.epoch > this.membership.epoch) this.membership = stamp;
    return true;
  }

  /** Installs a peer's copy (hydration): its chain, SCL and coalesce point, then what arrived meanwhile. */
  install(snapshot: HydrateSnapshot): void {
    this.hydrating = false;
    this.wiped = false;
    // Writes may already have carried the segment past the copy (early in a PG's life, when
    // its chain starts at 0): an older copy must not take that progress back.
    if (snapshot.scl <= this.scl) return;
    this.chain = snapshot.records.slice();
    this.chainHead = 0;
    this.chainEnd = this.chain.length;
    this.coalescedThrough = snapshot.coalescedThrough;
    this.scl = snapshot.scl;
    if (snapshot.vdlHint > this.vdlHint) this.vdlHint = snapshot.vdlHint;
    this.ahead.deleteWhere((_, record) => record.lsn <= this.scl);
    this.advance();
    this.sclAtLastTick = this.scl;
  }

  /** Copies what a new segment needs from this one. */
  snapshotRecords(): LogRecord[] {
    return this.chainSlice(this.chainHead);
  }

  get coalescedPoint(): number {
    return this.coalescedThrough;
  }

  /** True if the record is neither held nor annulled by a truncation. */
  isNew(record: LogRecord): boolean {
    return record.lsn > this.scl && !this.holdsAhead(record) && !this.isTruncated(record.lsn);
  }

  /**
   * Adds a persisted record; returns false if it was already held or is truncated. A record
   * that continues the chain with nothing held ahead (the usual, in-order case) extends it at
   * once: four map operations a record were a tenth of the storage side's time.
   */
  accept(record: LogRecord): boolean {
    if (record.segmentPrev === this.scl && this.ahead.size === 0) {
      if (this.isTruncated(record.lsn)) return false;
      this.extend(record);
      return true;
    }
    if (!this.isNew(record)) return false;
    this.ahead.set(record.segmentPrev, record);
    return true;
  }

  /**
   * Follows backlinks from the SCL through records held ahead; returns true if the SCL moved
   * since the last call (through this walk or through in-order records `accept` chained).
   */
  advance(): boolean {
    let next = this.ahead.get(this.scl);
    while (next !== undefined) {
      this.ahead.delete(this.scl);
      this.chain[this.chainEnd++] = next;
      this.scl = next.lsn;
      next = this.ahead.get(this.scl);
    }
    this.peerScl[this.index] = this.scl;
    const moved = this.scl !== this.sclReported;
    this.sclReported = this.scl;
    return moved;
  }

  private extend(record: LogRecord): void {
    this.chain[this.chainEnd++] = record;
    this.scl = record.lsn;
    this.peerScl[this.index] = this.scl;
  }

  /**
   * Takes a newer volume state: applies the truncation ranges it adds. Returns true if the
   * state was newer (the caller persists it before acknowledging).
   */
  adopt(volume: VolumeState): boolean {
    if (volume.epoch <= this.volume.epoch && volume.truncations.length <= this.volume.truncations.length) return false;
    const known = this.volume.truncations.length;
    this.volume = volume;
    for (let i = known; i < volume.truncations.length; i += 2) this.truncate(volume.truncations[i]!, volume.truncations[i + 1]!);
    return true;
  }

  isTruncated(lsn: number): boolean {
    const ranges = this.volume.truncations;
    for (let i = 0; i < ranges.length; i += 2) if (lsn > ranges[i]! && lsn <= ranges[i + 1]!) return true;
    return false;
  }

  /**
   * True when the segment should ask peers for records: its SCL has not moved for a whole
   * gossip period while it holds records above a gap or a peer is known to be ahead. Asking
   * only then keeps gossip from racing batches that are merely still in flight.
   */
  get stalled(): boolean {
    if (this.hydrating || this.scl !== this.sclAtLastTick) return false;
    if (this.ahead.size > 0) return true;
    for (let s = 0; s < MAX_SLOTS; s++) if ((this.membership.members & (1 << s)) !== 0 && this.peerScl[s]! > this.scl) return true;
    return false;
  }

  /**
   * Records held with LSN > `lsn`, in LSN order, at most `max`: the chain above `lsn` and
   * then the records held beyond this segment's own gaps, which a peer may be missing too.
   */
  recordsAbove(lsn: number, max: number): LogRecord[] {
    const records = this.chainSlice(this.chainIndexAbove(lsn));
    if (records.length > max) records.length = max;
    if (records.length < max && this.ahead.size > 0) {
      const beyond = this.ahead.valueList().filter((r) => r.lsn > lsn).sort((a, b) => a.lsn - b.lsn);
      for (const record of beyond) {
        if (records.length === max) break;
        records.push(record);
      }
    }
    return records;
  }

  /** What recovery needs: headers of the chained records above the VDL hint. */
  headersAboveHint(): RecordHeader[] {
    return this.chainSlice(this.chainIndexAbove(this.vdlHint)).map((r) => ({ lsn: r.lsn, cpl: r.cpl }));
  }

  /** Highest LSN held at or below the VDL hint (where recovery's walk starts for this PG). */
  lastAtOrBelowHint(): number {
    const index = this.chainIndexAbove(this.vdlHint) - 1;
    return index >= this.chainHead ? this.chain[index]!.lsn : this.coalescedThrough;
  }

  /** Folds chained records below the VDL hint and every member's known SCL into pages; returns how many. */
  coalesce(): number {
    let horizon = Math.min(this.scl, this.vdlHint);
    for (let s = 0; s < MAX_SLOTS; s++) if ((this.membership.members & (1 << s)) !== 0) horizon = Math.min(horizon, this.peerScl[s]!);
    const start = this.chainHead;
    const head = this.chainIndexAbove(horizon);
    if (head === start) return 0;
    this.coalescedThrough = this.chain[head - 1]!.lsn;
    this.coalesced += head - start;
    this.chainHead = head;
    if (shouldCompact(head, this.chainEnd)) this.compactChain();
    return head - start;
  }

  /** Moves the chain to the front of its array (which keeps its capacity) and empties the rest. */
  private compactChain(): void {
    const chain = this.chain;
    const head = this.chainHead;
    const end = this.chainEnd;
    const length = end - head;
    for (let i = 0; i < length; i++) chain[i] = chain[head + i];
    for (let i = length; i < end; i++) chain[i] = undefined;
    this.chainHead = 0;
    this.chainEnd = length;
  }

  /** Loses everything (disk loss): the segment must be rebuilt from its peers. */
  wipe(): void {
    this.wiped = true;
    this.scl = 0;
    this.sclReported = 0;
    this.vdlHint = 0;
    this.coalescedThrough = 0;
    this.chain = [];
    this.chainHead = 0;
    this.chainEnd = 0;
    this.ahead.clear();
    this.volume = INITIAL_VOLUME;
    this.peerScl.fill(0);
  }

  /** Records in the hot log (chained, not yet coalesced, plus those ahead of a gap). */
  get hotRecords(): number {
    return this.chainEnd - this.chainHead + this.ahead.size;
  }

  private truncate(from: number, to: number): void {
    this.ahead.deleteWhere((_, record) => record.lsn > from && record.lsn <= to);
    while (this.chainEnd > this.chainHead && this.chain[this.chainEnd - 1]!.lsn > from) this.chain[--this.chainEnd] = undefined;
    const last = this.chainEnd > this.chainHead ? this.chain[this.chainEnd - 1]!.lsn : this.coalescedThrough;
    if (this.scl > last) this.scl = last;
    this.sclReported = this.scl;
    // SCLs heard before the truncation may point into the annulled range.
    for (let s = 0; s < MAX_SLOTS; s++) if (this.peerScl[s]! > from) this.peerScl[s] = from;
    this.peerScl[this.index] = this.scl;
    this.sclAtLastTick = this.scl;
  }

  /** The chained records from `index` (at least `chainHead`) on, as a new array. */
  private chainSlice(index: number): LogRecord[] {
    return this.chain.slice(index, this.chainEnd) as LogRecord[];
  }

  private chainIndexAbove(lsn: number): number {
    const chain = this.chain;
    let low = this.chainHead;
    let high = this.chainEnd;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (chain[mid]!.lsn <= lsn) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private holdsAhead(record: LogRecord): boolean {
    const held = this.ahead.get(record.segmentPrev);
    return held !== undefined && held.lsn === record.lsn;
  }
}
