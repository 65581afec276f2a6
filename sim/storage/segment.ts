/**
 * One segment: a storage node's replica of one protection group's log
 * (PROTOCOL.md §6; steps 1-5 of the 8 in §1.4).
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
import { IntMap } from '../core/int-map.ts';
import type { LogRecord } from '../protocol/log-record.ts';
import type { HydrateSnapshot, MembershipStamp, RecordHeader, VolumeState } from '../protocol/messages.ts';
import { isTruncated } from '../protocol/truncations.ts';
import { MAX_SLOTS } from '../topology/topology.ts';
import { Chain, ChainLogs } from './chain.ts';

const INITIAL_VOLUME: VolumeState = { epoch: 1, truncations: [] };

/** Deliberate segment defects, for negative scenarios (switched on by the storage node). */
export interface SegmentDefects {
  /** A record that arrives above a gap is chained anyway: the SCL claims the missing records. */
  readonly sclOverstates: boolean;
  /** Hydration installs the peer's records without the truncations this segment already knows. */
  readonly hydrationInstallsAnnulled: boolean;
}

const NO_DEFECTS: SegmentDefects = { sclOverstates: false, hydrationInstallsAnnulled: false };

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
  /** Which request for a copy the new segment is waiting on (an answer to an older one is stale). */
  hydrationAttempt = 0;
  /** The PG membership this segment knows (epoch and member slots). */
  membership: MembershipStamp;
  /** Last SCL heard from each slot of the PG (own entry kept current); stride MAX_SLOTS. */
  readonly peerScl: Float64Array;
  /** The SCL `advance` last returned from: movement is reported against it. */
  private sclReported = 0;
  /** LSN of the last record folded away (the chain continues from it). */
  private coalescedThrough = 0;
  /** The chained records, held once for all the PG's segments that hold them (see Chain). */
  private readonly chain: Chain;
  private readonly ahead = new IntMap<LogRecord>();

  private readonly defects: SegmentDefects;

  constructor(
    pg: number, index: number, membership: MembershipStamp, hydrating: boolean, defects: SegmentDefects = NO_DEFECTS,
    chains: ChainLogs = new ChainLogs(),
  ) {
    this.pg = pg;
    this.index = index;
    this.membership = membership;
    this.hydrating = hydrating;
    this.defects = defects;
    // A chain that may skip a gap breaks what sharing relies on (see Chain): it keeps its own.
    this.chain = new Chain(chains, !defects.sclOverstates);
    this.peerScl = new Float64Array(MAX_SLOTS);
  }

  /**
   * Whether the segment holds the PG's log as it was written: false after its data was lost
   * (until it is rebuilt) and while a new segment waits for its copy. Only an intact segment
   * may answer for what the PG holds (recovery's read quorum).
   */
  get intact(): boolean {
    return !this.wiped && !this.hydrating;
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
    this.chain.reset(snapshot.records);
    this.coalescedThrough = snapshot.coalescedThrough;
    this.scl = snapshot.scl;
    if (snapshot.vdlHint > this.vdlHint) this.vdlHint = snapshot.vdlHint;
    this.ahead.deleteWhere((_, record) => record.lsn <= this.scl);
    // The copy may come from a peer that has not heard of a truncation this segment knows:
    // the records it annulled must not come back through the copy (I-7). Such a peer holds
    // nothing above the range either (later records travel with the range), so cutting the
    // chain at the range's start, as adopting it would have, is exact.
    if (!this.defects.hydrationInstallsAnnulled) {
      const ranges = this.volume.truncations;
      for (let i = 0; i < ranges.length; i += 2) if (this.holdsAnyIn(ranges[i]!, ranges[i + 1]!)) this.truncate(ranges[i]!, ranges[i + 1]!);
    }
    this.advance();
    this.sclAtLastTick = this.scl;
  }

  /** Copies what a new segment needs from this one. */
  snapshotRecords(): LogRecord[] {
    return this.chain.slice(this.chain.head, this.chain.end);
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
    if (this.defects.sclOverstates && record.segmentPrev > this.scl && record.lsn > this.scl && !this.isTruncated(record.lsn)) {
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
      this.chain.push(next);
      this.scl = next.lsn;
      next = this.ahead.get(this.scl);
    }
    this.peerScl[this.index] = this.scl;
    const moved = this.scl !== this.sclReported;
    this.sclReported = this.scl;
    return moved;
  }

  private extend(record: LogRecord): void {
    this.chain.push(record);
    this.scl = record.lsn;
    this.peerScl[this.index] = this.scl;
  }

  /**
   * Takes a newer volume state: a higher epoch, or the same epoch with truncation ranges this
   * segment does not know yet; an older epoch never replaces a newer one (the request that
   * carries it is fenced). Ranges are merged, never forgotten: a range this segment knows stays
   * even if the incoming list lacks it. Applies the ranges that are new to it. Returns true if
   * the state changed (the caller persists it before acknowledging).
   */
  adopt(volume: VolumeState): boolean {
    const own = this.volume;
    if (volume.epoch < own.epoch) return false;
    const added = newRanges(own.truncations, volume.truncations);
    if (added.length === 0 && volume.epoch === own.epoch) return false;
    const extendsOwn = added.length === volume.truncations.length - own.truncations.length;
    this.volume = extendsOwn ? volume : { epoch: volume.epoch, truncations: [...own.truncations, ...added] };
    for (let i = 0; i < added.length; i += 2) this.truncate(added[i]!, added[i + 1]!);
    return true;
  }

  isTruncated(lsn: number): boolean {
    return isTruncated(this.volume.truncations, lsn);
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
   * The chained records with LSN > `lsn`, in LSN order, at most `max`: what a peer with SCL
   * `lsn` asked for. Only what is sent is copied, so a peer far behind, asking again and
   * again, costs in proportion to what it receives, not to the square of its backlog.
   *
   * Records held beyond this segment's own gap are not offered: finding them in LSN order
   * costs a sort of everything held ahead, per pull, and a peer that lacks one gets it once
   * the gap is filled, from this segment's chain or another's (a segment with a gap pulls
   * too, so the two fill each other's holes in turn).
   */
  recordsAbove(lsn: number, max: number): LogRecord[] {
    const from = this.chain.indexAbove(lsn);
    return this.chain.slice(from, Math.min(this.chain.end, from + max));
  }

  /** What recovery needs: headers of the chained records above the VDL hint. */
  headersAboveHint(): RecordHeader[] {
    const headers: RecordHeader[] = [];
    for (let p = this.chain.indexAbove(this.vdlHint); p < this.chain.end; p++) headers.push({ lsn: this.chain.lsnAt(p), cpl: this.chain.cplAt(p) });
    return headers;
  }

  /** Highest LSN held at or below the VDL hint (where recovery's walk starts for this PG). */
  lastAtOrBelowHint(): number {
    const index = this.chain.indexAbove(this.vdlHint) - 1;
    return index >= this.chain.head ? this.chain.lsnAt(index) : this.coalescedThrough;
  }

  /** Folds chained records below the VDL hint and every member's known SCL into pages; returns how many. */
  coalesce(): number {
    let horizon = Math.min(this.scl, this.vdlHint);
    for (let s = 0; s < MAX_SLOTS; s++) if ((this.membership.members & (1 << s)) !== 0) horizon = Math.min(horizon, this.peerScl[s]!);
    const start = this.chain.head;
    const head = this.chain.indexAbove(horizon);
    if (head === start) return 0;
    this.coalescedThrough = this.chain.lsnAt(head - 1);
    this.coalesced += head - start;
    this.chain.dropBelow(head);
    return head - start;
  }

  /**
   * Loses everything (disk loss): the segment must be rebuilt from its peers. The volume state
   * it comes back with is the storage metadata service's (`volume`): a new disk learns the
   * current epoch and truncations from there, never falls back to the first epoch (which would
   * let a fenced writer count it again).
   */
  wipe(volume: VolumeState): void {
    this.wiped = true;
    this.scl = 0;
    this.sclReported = 0;
    this.vdlHint = 0;
    this.coalescedThrough = 0;
    this.chain.clear();
    this.ahead.clear();
    this.volume = volume;
    this.peerScl.fill(0);
  }

  /**
   * Whether the segment physically holds the record `lsn`: in its hot log (chained or ahead of
   * a gap), or folded into page versions (at or below the coalesce point; page contents are
   * not modelled, so a folded record counts as held). A read-only fact for checkers, which
   * must not take the SCL's word for it.
   */
  holds(lsn: number): boolean {
    if (lsn <= this.coalescedThrough) return lsn > 0;
    const index = this.chain.indexAbove(lsn) - 1;
    if (index >= this.chain.head && this.chain.lsnAt(index) === lsn) return true;
    if (this.ahead.size === 0) return false;
    return this.ahead.valueList().some((record) => record.lsn === lsn);
  }

  /** Whether the segment holds any record with LSN in (from, to] (a truncation range). */
  holdsAnyIn(from: number, to: number): boolean {
    const index = this.chain.indexAbove(from);
    if (index < this.chain.end && this.chain.lsnAt(index) <= to) return true;
    if (this.ahead.size === 0) return false;
    return this.ahead.valueList().some((record) => record.lsn > from && record.lsn <= to);
  }

  /** Records in the hot log (chained, not yet coalesced, plus those ahead of a gap). */
  get hotRecords(): number {
    return this.chain.length + this.ahead.size;
  }

  private truncate(from: number, to: number): void {
    this.ahead.deleteWhere((_, record) => record.lsn > from && record.lsn <= to);
    const chain = this.chain;
    const keep = chain.indexAbove(from);
    chain.popTo(keep);
    const last = keep > chain.head ? chain.lsnAt(keep - 1) : this.coalescedThrough;
    if (this.scl > last) this.scl = last;
    this.sclReported = this.scl;
    // SCLs heard before the truncation may point into the annulled range.
    for (let s = 0; s < MAX_SLOTS; s++) if (this.peerScl[s]! > from) this.peerScl[s] = from;
    this.peerScl[this.index] = this.scl;
    this.sclAtLastTick = this.scl;
  }

  private holdsAhead(record: LogRecord): boolean {
    const held = this.ahead.get(record.segmentPrev);
    return held !== undefined && held.lsn === record.lsn;
  }
}

/** The ranges of `incoming` (flattened pairs) that `known` does not contain, flattened. */
function newRanges(known: readonly number[], incoming: readonly number[]): number[] {
  const added: number[] = [];
  for (let i = 0; i < incoming.length; i += 2) {
    let seen = false;
    for (let j = 0; j < known.length && !seen; j += 2) seen = known[j] === incoming[i] && known[j + 1] === incoming[i + 1];
    if (!seen) added.push(incoming[i]!, incoming[i + 1]!);
  }
  return added;
}
