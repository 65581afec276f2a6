/**
 * Quorum predicates over the members of one protection group, as bitmasks (bit s = segment s).
 *
 * A18 §4.1 describes read and write conditions as Boolean formulas over membership sets; the
 * steady state is the threshold system "any Vw of V" / "any Vr of V" (4/6 and 3/6, A17 §2.1).
 * Keeping the predicate behind an interface lets membership changes (quorum sets such as
 * "4/6 of ABCDEF AND 4/6 of ABCDEG") plug in without touching the writer.
 */

export interface QuorumSystem {
  /** Number of members (bits) the predicates range over; at most 16. */
  readonly members: number;
  isWrite(mask: number): boolean;
  isRead(mask: number): boolean;
  /** Human description, e.g. "write 4/6, read 3/6". */
  readonly label: string;
}

export function popcount(mask: number): number {
  let m = mask - ((mask >>> 1) & 0x55555555);
  m = (m & 0x33333333) + ((m >>> 2) & 0x33333333);
  return (((m + (m >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** "Any `write` of `members`" and "any `read` of `members`". */
export function thresholdQuorum(members: number, write: number, read: number): QuorumSystem {
  return {
    members,
    isWrite: (mask) => popcount(mask) >= write,
    isRead: (mask) => popcount(mask) >= read,
    label: `write ${write}/${members}, read ${read}/${members}`,
  };
}

export type IntersectionFailure =
  | { readonly kind: 'read-write'; readonly read: number; readonly write: number }
  | { readonly kind: 'write-write'; readonly first: number; readonly second: number };

/**
 * Checks Gifford's conditions by enumerating every pair of subsets (2^V x 2^V; V <= 8 keeps
 * this under 70k pairs): every read set meets every write set, and every two write sets meet.
 * Returns the first counterexample, or undefined when the system is safe.
 */
export function findIntersectionFailure(system: QuorumSystem): IntersectionFailure | undefined {
  const all = 1 << system.members;
  const writes: number[] = [];
  const reads: number[] = [];
  for (let mask = 0; mask < all; mask++) {
    if (system.isWrite(mask)) writes.push(mask);
    if (system.isRead(mask)) reads.push(mask);
  }
  for (const write of writes) {
    for (const read of reads) if ((read & write) === 0) return { kind: 'read-write', read, write };
    for (const second of writes) {
      if ((second & write) === 0) return { kind: 'write-write', first: write, second };
    }
  }
  return undefined;
}

/** The slots set in a member mask, ascending. */
export function slotsOf(mask: number): number[] {
  const slots: number[] = [];
  for (let s = 0; s < 32 && mask >>> s !== 0; s++) if ((mask & (1 << s)) !== 0) slots.push(s);
  return slots;
}

/** Formats a member mask as segment indexes, e.g. "{0,2,5}". */
export function formatMask(mask: number, members: number): string {
  return `{${slotsOf(mask & ((1 << members) - 1)).join(',')}}`;
}
