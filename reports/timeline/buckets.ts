/**
 * The time axis of a run's timeline: fixed-width buckets chosen from the scenario's duration
 * alone, so a series holds at most `MAX_BUCKETS` values however many events the run has, and
 * the same run always gets the same buckets. Widths are 1, 2 or 5 times a power of ten
 * microseconds, so bucket edges fall on round times (20 ms, 500 ms, 2 s).
 */

/** The most buckets a series has: enough for a laptop screen, few enough for an hour's file. */
export const MAX_BUCKETS = 2_000;

export interface Buckets {
  /** The width of one bucket, µs; bucket i covers [i·widthUs, (i+1)·widthUs). */
  readonly widthUs: number;
  readonly count: number;
}

/** The narrowest round width that covers `durationUs` in at most `max` buckets. */
export function bucketsFor(durationUs: number, max: number = MAX_BUCKETS): Buckets {
  if (!Number.isSafeInteger(durationUs) || durationUs < 0) throw new RangeError(`not a duration in µs: ${durationUs}`);
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`not a bucket count: ${max}`);
  const least = Math.max(1, Math.ceil(durationUs / max));
  for (let decade = 1; ; decade *= 10) {
    for (const step of [1, 2, 5]) {
      const widthUs = step * decade;
      if (widthUs >= least) return { widthUs, count: Math.max(1, Math.ceil(durationUs / widthUs)) };
    }
  }
}

/** The bucket holding time `t`; the end of the run and anything past it fall in the last one. */
export function bucketOf(buckets: Buckets, t: number): number {
  return Math.min(buckets.count - 1, Math.floor(t / buckets.widthUs));
}
