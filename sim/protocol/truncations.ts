/**
 * Truncation ranges (A17 §4.3), as a volume state carries them: flattened pairs
 * `[from1, to1, from2, to2, ...]`, each annulling the LSNs in (from, to]. The one place that
 * says which LSNs a list of ranges annuls.
 */

/** Whether the range (from, to] annuls `lsn`. */
export function inRange(from: number, to: number, lsn: number): boolean {
  return lsn > from && lsn <= to;
}

/** Index of the range (from, to] that contains `lsn` (the index of its `from`), or -1. */
export function truncationContaining(ranges: readonly number[], lsn: number): number {
  for (let i = 0; i < ranges.length; i += 2) if (inRange(ranges[i]!, ranges[i + 1]!, lsn)) return i;
  return -1;
}

/** Whether a range of `ranges` annuls `lsn`. */
export function isTruncated(ranges: readonly number[], lsn: number): boolean {
  return truncationContaining(ranges, lsn) >= 0;
}
