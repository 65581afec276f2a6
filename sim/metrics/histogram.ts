/**
 * A latency histogram for integer-µs measurements, with bounded memory: exact below 2,048 µs,
 * and above that 1,024 buckets per power of two (every recorded value lies within 1/1,024 —
 * under 0.1% — of the bucket it is counted in), the layout of an HDR histogram with three
 * significant digits. An hour of commits at thousands per second costs the same few hundred
 * kilobytes as a second of them, where keeping every sample grew without bound.
 *
 * Percentiles use nearest rank and report the lowest value of the bucket holding that rank;
 * count, mean and max are exact. Only exact IEEE operations are used, so results are the same
 * on every engine.
 *
 * Histograms merge exactly: a snapshot is plain data (the non-empty buckets with their counts,
 * plus count, sum and max), and merging adds bucket counts, so the histogram of many runs
 * merged reports the same percentiles as one histogram fed every run's values.
 */

export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly mean: number;
}

/**
 * A histogram as plain data, for results that cross threads, processes and files. `buckets`
 * lists the non-empty buckets in increasing order as [lowest value of the bucket, count].
 * `sum` is exact while it stays below 2^53.
 */
export interface HistogramSnapshot {
  readonly count: number;
  readonly sum: number;
  readonly max: number;
  readonly buckets: readonly (readonly [number, number])[];
}

const EXACT = 2048;
const SUB_BITS = 10;
const SUB = 1 << SUB_BITS;
/** 2^k for k = 0..63, exact (doubling is exact in IEEE arithmetic). */
const POW2: number[] = [1];
for (let k = 1; k < 64; k++) POW2.push(POW2[k - 1]! * 2);

export class Histogram {
  private counts = new Float64Array(EXACT + 4 * SUB);
  private total = 0;
  private sum = 0;
  private maximum = 0;

  get count(): number {
    return this.total;
  }

  add(value: number): void {
    const index = bucketOf(value);
    if (index >= this.counts.length) this.grow(index);
    this.counts[index]!++;
    this.total++;
    this.sum += value;
    if (value > this.maximum) this.maximum = value;
  }

  /** Nearest-rank percentile (0 < p <= 100): the lowest value of the bucket holding that rank. */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let index = 0; index < this.counts.length; index++) {
      seen += this.counts[index]!;
      if (seen >= rank) return Math.min(lowestOf(index), this.maximum);
    }
    return this.maximum;
  }

  summarize(): Percentiles {
    return {
      count: this.total,
      p50: this.percentile(50),
      p99: this.percentile(99),
      p999: this.percentile(99.9),
      max: this.maximum,
      mean: this.total === 0 ? 0 : Math.round(this.sum / this.total),
    };
  }

  /** The histogram as plain data; `merge` of it into an empty histogram gives this one back. */
  snapshot(): HistogramSnapshot {
    const buckets: [number, number][] = [];
    for (let index = 0; index < this.counts.length; index++) {
      const n = this.counts[index]!;
      if (n > 0) buckets.push([lowestOf(index), n]);
    }
    return { count: this.total, sum: this.sum, max: this.maximum, buckets };
  }

  /** Adds a snapshot's bucket counts (and its count, sum and max) to this histogram. */
  merge(snapshot: HistogramSnapshot): void {
    for (const [low, n] of snapshot.buckets) {
      const index = bucketOf(low);
      if (lowestOf(index) !== low || !(n > 0)) throw new RangeError(`not a histogram bucket: [${low}, ${n}]`);
      if (index >= this.counts.length) this.grow(index);
      this.counts[index]! += n;
    }
    this.total += snapshot.count;
    this.sum += snapshot.sum;
    if (snapshot.max > this.maximum) this.maximum = snapshot.max;
  }

  /** One histogram holding every snapshot's values. */
  static merged(snapshots: Iterable<HistogramSnapshot>): Histogram {
    const histogram = new Histogram();
    for (const snapshot of snapshots) histogram.merge(snapshot);
    return histogram;
  }

  private grow(index: number): void {
    let size = this.counts.length;
    while (size <= index) size *= 2;
    const grown = new Float64Array(size);
    grown.set(this.counts);
    this.counts = grown;
  }
}

/** The bucket of a non-negative integer. */
export function bucketOf(value: number): number {
  if (value < EXACT) return value;
  const high = Math.floor(value / 4294967296);
  const exponent = high > 0 ? 63 - Math.clz32(high) : 31 - Math.clz32(value);
  const sub = Math.floor(value / POW2[exponent - SUB_BITS]!) - SUB;
  return EXACT + (exponent - 11) * SUB + sub;
}

/** The lowest value a bucket holds. */
export function lowestOf(index: number): number {
  if (index < EXACT) return index;
  const exponent = 11 + Math.floor((index - EXACT) / SUB);
  const sub = (index - EXACT) % SUB;
  return (SUB + sub) * POW2[exponent - SUB_BITS]!;
}
