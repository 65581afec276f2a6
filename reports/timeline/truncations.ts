/**
 * The LSNs recoveries truncated, for measuring how far one LSN is behind another: a recovery
 * cancels (VDL, end] and new records start above the end, so the LSN space jumps by up to the
 * LAL (10 million) at each recovery, and a segment or a replica still below the jump is not
 * millions of records behind. The distance counts only the LSNs no truncation covers.
 * Truncation ranges come from `truncate` events, one per recovery round, and overlap when a
 * recovery truncates again what an abandoned one did; they are kept as their union.
 */
export class Truncations {
  /** Disjoint ranges (from, to], sorted. */
  private readonly ranges: [number, number][] = [];
  /** Per range: the LSNs covered by the ranges before it. */
  private before: number[] = [];

  /** A recovery truncated (from, to]. */
  add(from: number, to: number): void {
    if (to <= from) return;
    let lo = from;
    let hi = to;
    const kept: [number, number][] = [];
    for (const [f, t] of this.ranges) {
      if (t < lo || f > hi) kept.push([f, t]);
      else {
        lo = Math.min(lo, f);
        hi = Math.max(hi, t);
      }
    }
    kept.push([lo, hi]);
    kept.sort((a, b) => a[0] - b[0]);
    this.ranges.splice(0, this.ranges.length, ...kept);
    let sum = 0;
    this.before = this.ranges.map(([f, t]) => {
      const at = sum;
      sum += t - f;
      return at;
    });
  }

  /** How many LSNs in (a, b] no truncation covers; 0 when b <= a. */
  distance(a: number, b: number): number {
    return b <= a ? 0 : b - this.covered(b) - (a - this.covered(a));
  }

  /** LSNs at or below x that a truncation covers. */
  private covered(x: number): number {
    let lo = 0;
    let hi = this.ranges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ranges[mid]![0] < x) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return 0;
    const [f, t] = this.ranges[lo - 1]!;
    return this.before[lo - 1]! + Math.min(x, t) - f;
  }
}
