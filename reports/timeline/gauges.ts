/**
 * Per-bucket series of a group of like quantities (the PGCL of every PG, the SCL lag of every
 * segment), fed as the trace reports their values. Storage is fixed when the group is made:
 * one value per member per bucket, or one per bucket when the members are too many to draw
 * apart and the group keeps only their maximum or minimum. Buckets are closed lazily, when a
 * later event or `finish` arrives, so a quiet group costs nothing per event of others.
 *
 * A value of NaN means "none": before a member's first value, or a bucket with no sample.
 */
import { bucketOf, type Buckets } from './buckets.ts';

export type GaugeMode =
  /** The value at the end of the bucket, carried through buckets with no event (an LSN). */
  | 'last'
  /** The largest value in the bucket, counting the value it entered with (a lag). */
  | 'max'
  /** The largest sample taken in the bucket; none in a bucket without one (a lag measured only when it is reported). */
  | 'sample-max';

/** One series per member, or one series of the members' largest or smallest value. */
export type GaugeAggregate = 'each' | 'max' | 'min';

export class GaugeGroup {
  /** Per member: its value now. */
  private readonly current: Float64Array;
  /** Per member: what its value in the open bucket is so far. */
  private readonly open: Float64Array;
  /** The bucket being filled; every bucket before it is final. */
  private cursor = 0;
  private finished = false;
  /** `each`: one array per member; otherwise one array. */
  readonly series: readonly Float64Array[];

  private readonly buckets: Buckets;
  private readonly mode: GaugeMode;
  readonly members: number;
  readonly aggregate: GaugeAggregate;

  constructor(buckets: Buckets, members: number, mode: GaugeMode, aggregate: GaugeAggregate) {
    this.buckets = buckets;
    this.members = members;
    this.mode = mode;
    this.aggregate = aggregate;
    this.current = new Float64Array(members).fill(NaN);
    this.open = new Float64Array(members).fill(NaN);
    const arrays = aggregate === 'each' ? members : 1;
    this.series = Array.from({ length: arrays }, () => new Float64Array(buckets.count).fill(NaN));
  }

  /** Member `member` has `value` from time `t` on (a sample, for `sample-max`). */
  set(t: number, member: number, value: number): void {
    if (this.finished) throw new Error('gauge: set after finish');
    this.advance(bucketOf(this.buckets, t));
    this.current[member] = value;
    const open = this.open[member]!;
    this.open[member] = this.mode === 'last' || Number.isNaN(open) || value > open ? value : open;
  }

  /** The value of member `member` now (NaN before its first). */
  valueOf(member: number): number {
    return this.current[member]!;
  }

  /** Closes every bucket; the series are final. */
  finish(): void {
    if (this.finished) return;
    this.advance(this.buckets.count);
    this.finished = true;
  }

  /** Closes the buckets before `bucket`: the open one as it stands, those with no event as carried. */
  private advance(bucket: number): void {
    if (bucket <= this.cursor) return;
    this.write(this.cursor, this.cursor + 1);
    if (this.mode === 'sample-max') this.open.fill(NaN);
    else this.open.set(this.current);
    this.write(this.cursor + 1, bucket);
    this.cursor = bucket;
  }

  /** Writes the open values into buckets [from, to). */
  private write(from: number, to: number): void {
    const end = Math.min(to, this.buckets.count);
    if (from >= end) return;
    if (this.aggregate === 'each') {
      for (let m = 0; m < this.members; m++) this.series[m]!.fill(this.open[m]!, from, end);
      return;
    }
    const max = this.aggregate === 'max';
    let best = NaN;
    for (let m = 0; m < this.members; m++) {
      const v = this.open[m]!;
      if (Number.isNaN(v)) continue;
      if (Number.isNaN(best) || (max ? v > best : v < best)) best = v;
    }
    this.series[0]!.fill(best, from, end);
  }
}

/** Events per bucket (commits, refusals). */
export class Counter {
  readonly counts: Float64Array;
  private readonly buckets: Buckets;

  constructor(buckets: Buckets) {
    this.buckets = buckets;
    this.counts = new Float64Array(buckets.count);
  }

  add(t: number, n = 1): void {
    this.counts[bucketOf(this.buckets, t)]! += n;
  }
}
