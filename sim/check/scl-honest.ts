/**
 * SCL honesty: whenever a segment's SCL says L, the segment physically holds every record of
 * its PG with LSN <= L that no truncation it knows annulled (A18 §2.3: SCL is "complete to").
 * Every other durability checker counts copies from SCLs, so a model defect that makes an SCL
 * overstate what a segment holds would pass them all; this one compares the claim with the
 * fact (the storage inspector) and the writers' own allocations (`alloc` events).
 *
 * When: incrementally, at every event that changes a segment's SCL (`scl`, `segment.hydrated`,
 * `segment.volume`), checking only the records between the last SCL verified and the new
 * one; plus a sweep of every segment's current SCL at each recovery's read and at the end.
 * A segment reports its SCL only by reading it (acks, gossip, recovery answers), and every
 * change of it emits one of those events, so no report can carry an unverified value; the
 * sweeps catch a value changed without an event. Records verified once are not verified again
 * for that segment unless its data changes under it (a wipe, a new segment, a hydration).
 * Cost: one membership test per record per segment, like the writes themselves.
 */
import type { ModelFields, ModelTrace } from '../protocol/trace-kinds.ts';
import type { InvariantResult } from './results.ts';
import { MAX_SLOTS } from '../topology/topology.ts';
import { isTruncated } from '../protocol/truncations.ts';
import type { AllocationLog } from './allocation-log.ts';
import { ViolationLog, type Checker } from './checker.ts';
import type { SegmentFacts, StorageInspector } from './storage-inspector.ts';

/** Allocations per PG between two attempts to forget what every segment folded into pages. */
const FORGET_EVERY = 4096;

export class SclHonest implements Checker {
  readonly name = 'scl-honest';
  private readonly log = new ViolationLog();
  private readonly inspector: StorageInspector;
  private readonly allocations: AllocationLog;
  private readonly protectionGroups: number;
  /** Per (pg, slot): the SCL up to which the segment's holdings were verified. */
  private readonly verified: Float64Array;
  private readonly sinceForget: Int32Array;
  /** Time of the latest event read (the end of the run, by `finish`). */
  private now = 0;

  constructor(inspector: StorageInspector, allocations: AllocationLog, protectionGroups: number) {
    this.inspector = inspector;
    this.allocations = allocations;
    this.protectionGroups = protectionGroups;
    this.verified = new Float64Array(protectionGroups * MAX_SLOTS);
    this.sinceForget = new Int32Array(protectionGroups);
  }

  attach(trace: ModelTrace): void {
    const emptied = (time: number, { pg, segment }: ModelFields<'segment.wipe'>): void => {
      this.now = time;
      this.verified[pg * MAX_SLOTS + segment] = 0;
    };
    trace.on({
      scl: (time, { pg, segment, lsn }) => {
        this.now = time;
        this.verify(time, pg, segment, lsn);
      },
      alloc: (time, { pg }) => {
        this.now = time;
        this.onAlloc(pg);
      },
      'segment.volume': (time, { pg, segment, scl }) => {
        this.now = time;
        this.onTruncated(time, pg, segment, scl);
      },
      'segment.hydrated': (time, { pg, segment, scl }) => {
        this.now = time;
        this.onHydrated(time, pg, segment, scl);
      },
      'segment.wipe': emptied,
      'segment.new': emptied,
      'recovery.read': (time) => {
        this.now = time;
        this.sweep(time);
      },
    });
  }

  finish(): InvariantResult {
    this.sweep(this.now);
    return this.log.result(this.name);
  }

  /** Checks the records of `pg` in (verified, scl] against what the segment holds. */
  private verify(time: number, pg: number, slot: number, scl: number): void {
    const index = pg * MAX_SLOTS + slot;
    const from = this.verified[index]!;
    this.verified[index] = scl;
    if (scl <= from) return;
    const facts = this.inspector.segment(pg, slot);
    if (facts === undefined) return;
    const list = this.allocations.list(pg);
    for (let i = this.allocations.indexAbove(pg, from), end = this.allocations.end(pg); i < end; i++) {
      const lsn = list[i]!;
      if (lsn > scl) return;
      if (!facts.holds(lsn) && !isTruncated(facts.volume.truncations, lsn)) {
        this.log.report(time, `pg ${pg} segment ${slot} reports SCL ${scl} but does not hold record ${lsn}`);
        return;
      }
    }
  }

  /** A truncation may lower the SCL: what is left was verified, what comes is verified from there. */
  private onTruncated(time: number, pg: number, slot: number, scl: number): void {
    const index = pg * MAX_SLOTS + slot;
    if (scl < this.verified[index]!) this.verified[index] = scl;
    else this.verify(time, pg, slot, scl);
  }

  /** A copy replaced the segment's contents: verify it from the copy's page versions up. */
  private onHydrated(time: number, pg: number, slot: number, scl: number): void {
    const facts = this.inspector.segment(pg, slot);
    this.verified[pg * MAX_SLOTS + slot] = facts === undefined ? scl : Math.min(scl, facts.coalescedPoint);
    this.verify(time, pg, slot, scl);
  }

  private sweep(time: number): void {
    for (let pg = 0; pg < this.protectionGroups; pg++) {
      for (let slot = 0; slot < MAX_SLOTS; slot++) {
        const facts = this.inspector.segment(pg, slot);
        if (facts !== undefined && facts.scl > this.verified[pg * MAX_SLOTS + slot]!) this.verify(time, pg, slot, facts.scl);
      }
    }
  }

  /**
   * Every so often, forgets the PG's records that every intact segment folded into pages: no
   * claim can reach below them again. Not while a segment of the PG waits for its copy (it
   * will be verified from its source's fold point, which may be older).
   */
  private onAlloc(pg: number): void {
    if (++this.sinceForget[pg]! < FORGET_EVERY) return;
    this.sinceForget[pg] = 0;
    let point = Infinity;
    for (let slot = 0; slot < MAX_SLOTS; slot++) {
      const facts: SegmentFacts | undefined = this.inspector.segment(pg, slot);
      if (facts === undefined) continue;
      if (!facts.intact) {
        if (facts.hydrating) return;
        continue;
      }
      point = Math.min(point, facts.coalescedPoint, this.verified[pg * MAX_SLOTS + slot]!);
    }
    if (point !== Infinity) this.allocations.forgetThrough(pg, point);
  }
}
