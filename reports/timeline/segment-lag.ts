/**
 * Each segment's SCL lag behind its PG's PGCL, per bucket (the largest in it), for the
 * segments that are members of their PG at the time: the LSNs between the two that no
 * recovery truncated (`truncations.ts`).
 *
 * A PG's segments sit in slots. The first V slots hold the segments as placed, slot s in AZ
 * floor(s / segmentsPerAz); a repair puts a new segment in a free slot, on a node of the AZ
 * of the segment it replaces, and a slot freed by a removed segment is used again later,
 * perhaps for another AZ. So a line is one slot in one AZ: a slot used again in the same AZ
 * continues its line, in another AZ it starts a new one. Membership comes from the
 * `membership` events: the settled members (a mask of slots) and the pending replacements
 * (`from` and `to` slots, packed as base-64 digits of from·8 + to + 1, 8 slots per PG); a
 * segment that is no member has no lag (a gap), so a retired segment does not lag for ever.
 *
 * Two records are kept: a line per slot and AZ when the cluster is small enough to hold one
 * per bucket, and always the largest lag per AZ; the timeline shows the lines when they are
 * few enough to tell apart.
 */
import { decodeReplacements, MAX_SLOTS } from '../../sim/index.ts';
import type { Buckets } from './buckets.ts';
import { GaugeGroup } from './gauges.ts';
import type { Truncations } from './truncations.ts';

/** Slots per PG, as the trace's membership masks and replacement codes count them. */
export const SLOTS = MAX_SLOTS;

/** A line group is kept only while it holds at most this many values (8 bytes each). */
const LINE_VALUES = 500_000;

export interface SegmentLayout {
  readonly pgs: number;
  /** V: the segments of a PG as placed. */
  readonly perPg: number;
  readonly perAz: number;
  readonly azs: number;
}

export interface LagLine {
  readonly pg: number;
  readonly slot: number;
  readonly az: number;
  readonly values: Float64Array;
}

export class SegmentLag {
  private readonly layout: SegmentLayout;
  /** Per pg·SLOTS + slot: its AZ now, -1 if never used. */
  private readonly slotAz: Int8Array;
  /** Per PG: the slots that are members (settled or the target of a pending replacement). */
  private readonly members: Int32Array;
  private readonly scl: Float64Array;
  private readonly pgcl: Float64Array;
  /** A line per (pg, slot, az), when small enough to keep. */
  private readonly lines: GaugeGroup | undefined;
  /** Per AZ: the largest lag of its segments. */
  private readonly perAz: GaugeGroup[];
  private readonly truncations: Truncations;

  constructor(buckets: Buckets, layout: SegmentLayout, truncations: Truncations) {
    this.layout = layout;
    this.truncations = truncations;
    const { pgs, perPg, perAz, azs } = layout;
    this.slotAz = new Int8Array(pgs * SLOTS).fill(-1);
    for (let pg = 0; pg < pgs; pg++) for (let s = 0; s < perPg; s++) this.slotAz[pg * SLOTS + s] = Math.floor(s / perAz);
    this.members = new Int32Array(pgs).fill((1 << perPg) - 1);
    this.scl = new Float64Array(pgs * SLOTS);
    this.pgcl = new Float64Array(pgs);
    const lineCount = pgs * SLOTS * azs;
    this.lines = lineCount * buckets.count <= LINE_VALUES ? new GaugeGroup(buckets, lineCount, 'max', 'each') : undefined;
    this.perAz = Array.from({ length: azs }, () => new GaugeGroup(buckets, pgs * SLOTS, 'max', 'max'));
  }

  /** A segment's SCL is `lsn` from time t on (0 for an emptied or a new segment). */
  setScl(t: number, pg: number, slot: number, lsn: number): void {
    this.scl[pg * SLOTS + slot] = lsn;
    this.update(t, pg, slot);
  }

  setPgcl(t: number, pg: number, lsn: number): void {
    this.pgcl[pg] = lsn;
    for (let slot = 0; slot < SLOTS; slot++) this.update(t, pg, slot);
  }

  /** A PG's membership changed: `base` the settled members, `replacements` the pending ones, packed. */
  setMembership(t: number, pg: number, base: number, replacements: number): void {
    let members = base;
    for (const [from, to] of decodeReplacements(replacements)) {
      members |= 1 << to;
      const az = this.slotAz[pg * SLOTS + from]!;
      if (az >= 0 && az !== this.slotAz[pg * SLOTS + to]) this.moveSlot(t, pg, to, az);
    }
    const left = this.members[pg]! & ~members;
    this.members[pg] = members;
    for (let slot = 0; slot < SLOTS; slot++) {
      if (left & (1 << slot)) this.record(t, pg, slot, NaN);
      else this.update(t, pg, slot);
    }
  }

  finish(): void {
    this.lines?.finish();
    for (const g of this.perAz) g.finish();
  }

  /** Every (pg, slot, az) that had a lag, in that order; undefined if too many to keep. */
  lineSeries(): LagLine[] | undefined {
    if (this.lines === undefined) return undefined;
    const out: LagLine[] = [];
    const { azs } = this.layout;
    this.lines.series.forEach((values, i) => {
      if (!values.some((v) => !Number.isNaN(v))) return;
      out.push({ pg: Math.floor(i / (SLOTS * azs)), slot: Math.floor(i / azs) % SLOTS, az: i % azs, values });
    });
    return out;
  }

  /** Per AZ, the largest lag of its segments. */
  azSeries(): Float64Array[] {
    return this.perAz.map((g) => g.series[0]!);
  }

  /** The slot now holds a segment of another AZ: its line so far ends. */
  private moveSlot(t: number, pg: number, slot: number, az: number): void {
    this.record(t, pg, slot, NaN);
    this.slotAz[pg * SLOTS + slot] = az;
  }

  private update(t: number, pg: number, slot: number): void {
    if ((this.members[pg]! & (1 << slot)) === 0) return;
    this.record(t, pg, slot, this.truncations.distance(this.scl[pg * SLOTS + slot]!, this.pgcl[pg]!));
  }

  private record(t: number, pg: number, slot: number, lag: number): void {
    const az = this.slotAz[pg * SLOTS + slot]!;
    if (az < 0) return;
    this.lines?.set(t, (pg * SLOTS + slot) * this.layout.azs + az, lag);
    this.perAz[az]!.set(t, pg * SLOTS + slot, lag);
  }
}
