/**
 * Consistency-point math (research/aurora-protocol.md §2, §2.1).
 *
 * PGCL(p) = the highest L such that the segments with SCL >= L form a write quorum of p.
 *
 * VCL is NOT min over p of PGCL(p) (§2.1's trap: with PG1 holding odd LSNs at PGCL 103 and PG2
 * even ones at 104, VCL is 104; and an idle PG must not hold VCL back). The writer knows every
 * LSN it allocated, so VCL = the LSN just before the lowest allocated record whose PG has not
 * yet reached it, or the highest allocated LSN when nothing is outstanding. `VolumeProgress`
 * keeps the outstanding records in LSN order and pops them as PGCLs pass them: O(1) amortised
 * per record. VDL = the highest CPL <= VCL, found on the same walk.
 */
import type { QuorumSystem } from './quorum-system.ts';

/**
 * PGCL from the SCLs of one PG's members: `scls[offset + s]` for s in [0, members).
 * Candidates are the members' own SCLs; the answer is the largest candidate whose "at least
 * this" set is a write quorum, or 0.
 */
export function protectionGroupCompleteLsn(
  scls: Float64Array,
  offset: number,
  system: QuorumSystem,
): number {
  const members = system.members;
  let best = 0;
  for (let i = 0; i < members; i++) {
    const candidate = scls[offset + i]!;
    if (candidate <= best) continue;
    let mask = 0;
    for (let s = 0; s < members; s++) if (scls[offset + s]! >= candidate) mask |= 1 << s;
    if (system.isWrite(mask)) best = candidate;
  }
  return best;
}

/** Outstanding allocated records, in LSN order, with the VCL/VDL walk over them. */
export class VolumeProgress {
  vcl = 0;
  vdl = 0;
  private lsns = new Float64Array(1024);
  private pgs = new Int32Array(1024);
  private cpls = new Uint8Array(1024);
  private head = 0;
  private count = 0;

  get outstanding(): number {
    return this.count;
  }

  /** Records an allocated LSN; LSNs must be added in increasing order. */
  add(lsn: number, pg: number, cpl: boolean): void {
    if (this.count === this.lsns.length) this.grow();
    const at = (this.head + this.count) & (this.lsns.length - 1);
    this.lsns[at] = lsn;
    this.pgs[at] = pg;
    this.cpls[at] = cpl ? 1 : 0;
    this.count++;
  }

  /**
   * Pops every leading record whose PG's PGCL has reached it. Returns true if VCL moved.
   * `pgcl[p]` is the writer's current PGCL of PG p.
   */
  advance(pgcl: Float64Array): boolean {
    const mask = this.lsns.length - 1;
    const before = this.vcl;
    while (this.count > 0) {
      const lsn = this.lsns[this.head]!;
      if (lsn > pgcl[this.pgs[this.head]!]!) break;
      this.vcl = lsn;
      if (this.cpls[this.head] === 1) this.vdl = lsn;
      this.head = (this.head + 1) & mask;
      this.count--;
    }
    return this.vcl !== before;
  }

  private grow(): void {
    const size = this.lsns.length;
    const lsns = new Float64Array(size * 2);
    const pgs = new Int32Array(size * 2);
    const cpls = new Uint8Array(size * 2);
    for (let i = 0; i < this.count; i++) {
      const from = (this.head + i) & (size - 1);
      lsns[i] = this.lsns[from]!;
      pgs[i] = this.pgs[from]!;
      cpls[i] = this.cpls[from]!;
    }
    this.lsns = lsns;
    this.pgs = pgs;
    this.cpls = cpls;
    this.head = 0;
  }
}
