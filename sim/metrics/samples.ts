/**
 * An exact sample store for integer-µs measurements (latencies, lags): a growable
 * Float64Array, sorted once when summarised. Percentiles use nearest rank, so every reported
 * value is one that was measured. Exact and deterministic; for merging across runs (sweeps)
 * a mergeable histogram would be the tool instead.
 */

export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly mean: number;
}

export class Samples {
  private values = new Float64Array(1024);
  private size = 0;
  private sum = 0;

  get count(): number {
    return this.size;
  }

  add(value: number): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.size * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.size++] = value;
    this.sum += value;
  }

  /** Nearest-rank percentile: the smallest value with at least p% of samples at or below. */
  static percentile(sorted: Float64Array, p: number): number {
    if (sorted.length === 0) return 0;
    const rank = Math.ceil((p / 100) * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
  }

  sorted(): Float64Array {
    return this.values.slice(0, this.size).sort();
  }

  summarize(): Percentiles {
    const sorted = this.sorted();
    return {
      count: this.size,
      p50: Samples.percentile(sorted, 50),
      p99: Samples.percentile(sorted, 99),
      p999: Samples.percentile(sorted, 99.9),
      max: this.size === 0 ? 0 : sorted[this.size - 1]!,
      mean: this.size === 0 ? 0 : Math.round(this.sum / this.size),
    };
  }
}
