/**
 * Commit latency per bucket: a small log-linear histogram for each bucket (16 bins per
 * doubling, exact below 16 µs), from which each bucket's percentiles are read at the end. The
 * storage is fixed by the bucket count; a percentile is the middle of its bin, within 1/32
 * (3.2%) of the nearest-rank value. Integer arithmetic only, so every machine reads the same
 * bins. Latencies of 2^31 µs (about 36 minutes) and more share the top bin.
 */
import { bucketOf, type Buckets } from './buckets.ts';

const SUB_BITS = 4;
const SUB = 1 << SUB_BITS;
/** Values below SUB each have their own bin; then SUB bins for each doubling up to 2^31. */
export const LATENCY_BINS = SUB + (31 - SUB_BITS) * SUB;
const TOP = 2 ** 31 - 1;

/** The bin of a latency in µs. */
export function latencyBin(us: number): number {
  const v = Math.min(TOP, Math.max(0, Math.floor(us)));
  if (v < SUB) return v;
  const octave = 31 - Math.clz32(v);
  return SUB + (octave - SUB_BITS) * SUB + ((v >>> (octave - SUB_BITS)) & (SUB - 1));
}

/** The middle of a bin, µs (rounded down): what a percentile that lands in it reports. */
export function binMiddle(bin: number): number {
  if (bin < SUB) return bin;
  const octave = Math.floor((bin - SUB) / SUB) + SUB_BITS;
  const width = 2 ** (octave - SUB_BITS);
  const low = (SUB + ((bin - SUB) % SUB)) * width;
  return low + Math.floor((width - 1) / 2);
}

export class LatencyWindows {
  private readonly bins: Uint32Array;
  readonly counts: Float64Array;
  private readonly buckets: Buckets;

  constructor(buckets: Buckets) {
    this.buckets = buckets;
    this.bins = new Uint32Array(buckets.count * LATENCY_BINS);
    this.counts = new Float64Array(buckets.count);
  }

  add(t: number, latencyUs: number): void {
    const bucket = bucketOf(this.buckets, t);
    this.bins[bucket * LATENCY_BINS + latencyBin(latencyUs)]!++;
    this.counts[bucket]!++;
  }

  /** Each bucket's nearest-rank percentile p (0 < p <= 100), NaN for a bucket with no commit. */
  percentile(p: number): Float64Array {
    const out = new Float64Array(this.buckets.count).fill(NaN);
    for (let b = 0; b < this.buckets.count; b++) {
      const n = this.counts[b]!;
      if (n === 0) continue;
      const rank = Math.max(1, Math.ceil((p / 100) * n));
      let seen = 0;
      for (let bin = 0; bin < LATENCY_BINS; bin++) {
        seen += this.bins[b * LATENCY_BINS + bin]!;
        if (seen >= rank) {
          out[b] = binMiddle(bin);
          break;
        }
      }
    }
    return out;
  }
}
