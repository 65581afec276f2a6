/**
 * Consistency-point math (PROTOCOL.md §2, §2.1).
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
import { MAX_SLOTS } from '../topology/topology.ts';
import type { QuorumSystem } from './quorum-system.ts';

/**
 * The PGCL when the members in `above`, a write quorum, are exactly those above the PGCL held.
 * Write conditions are monotone (a superset of a write quorum is one), so the least SCL among
 * them is a candidate, and a higher one exists iff the members above that least SCL are still
 * a write quorum: dropping the lowest until they are not finds the PGCL in one write test per
 * distinct SCL, where testing every candidate costs a mask over all members each.
 */
function lowestQuorumLsn(scls: Float64Array, offset: number, system: QuorumSystem, above: number): number {
  let mask = above;
  for (;;) {
    let least = Infinity;
    let atLeast = 0;
    for (let s = 0, bits = mask; bits !== 0; s++, bits >>>= 1) {
      if ((bits & 1) === 0) continue;
      const scl = scls[offset + s]!;
      if (scl < least) {
        least = scl;
        atLeast = 1 << s;
      } else if (scl === least) {
        atLeast |= 1 << s;
      }
    }
    const rest = mask & ~atLeast;
    if (rest === 0 || !system.isWrite(rest)) return least;
    mask = rest;
  }
}

/**
 * Every PG's PGCL as its members' SCLs are learnt: the writer's view, from acknowledgements.
 *
 * Cost: per PG it also keeps the mask of slots whose SCL is above the PGCL, so that an
 * acknowledgement that cannot move the PGCL (most of them: each boxcar is acknowledged by
 * every member, and only the one completing a write quorum moves it) costs one write test.
 */
export class CompleteLsns {
  /** PGCL per PG. */
  readonly pgcl: Float64Array;
  /** Latest known SCL per slot: PG p's slot s at p * MAX_SLOTS + s. */
  readonly scl: Float64Array;
  /** Per PG, the slots whose SCL is above its PGCL. */
  private readonly above: Int32Array;

  constructor(protectionGroups: number) {
    this.pgcl = new Float64Array(protectionGroups);
    this.scl = new Float64Array(protectionGroups * MAX_SLOTS);
    this.above = new Int32Array(protectionGroups);
  }

  setScl(pg: number, slot: number, scl: number): void {
    this.scl[pg * MAX_SLOTS + slot] = scl;
    if (scl > this.pgcl[pg]!) this.above[pg]! |= 1 << slot;
    else this.above[pg]! &= ~(1 << slot);
  }

  setPgcl(pg: number, pgcl: number): void {
    this.pgcl[pg] = pgcl;
    const scl = this.scl;
    const offset = pg * MAX_SLOTS;
    const end = offset + MAX_SLOTS;
    let above = 0;
    for (let i = offset; i < end; i++) if (scl[i]! > pgcl) above |= 1 << (i - offset);
    this.above[pg] = above;
  }

  /** max(PGCL of the known SCLs under `system`, the PGCL held); it does not set it. */
  risen(pg: number, system: QuorumSystem): number {
    const above = this.above[pg]! & ((1 << system.members) - 1);
    if (!system.isWrite(above)) return this.pgcl[pg]!;
    return lowestQuorumLsn(this.scl, pg * MAX_SLOTS, system, above);
  }
}

/** Outstanding allocated records, in LSN order, with the VCL/VDL walk over them. */
export class VolumeProgress {
  vcl = 0;
  vdl = 0;
  /**
   * A plain array, not a Float64Array: LSNs load from it as small integers, so VCL and VDL,
   * and the batches and chunks stamped with VDL, hold no boxed doubles (an allocation each).
   */
  private lsns = new Array<number>(1024).fill(0);
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
    const lsns = new Array<number>(size * 2).fill(0);
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
