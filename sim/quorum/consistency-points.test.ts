/**
 * PGCL, VCL and VDL against the papers' worked examples (PROTOCOL.md §2):
 * A18 Fig. 3 (VCL is not the minimum of PGCLs), A17 §4.1 (VDL is the highest CPL <= VCL) and
 * the idle-PG trap.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import { MAX_SLOTS } from '../topology/topology.ts';
import { CompleteLsns, VolumeProgress } from './consistency-points.ts';
import { beginReplacement, initialMembership, membershipQuorum } from './membership.ts';
import { thresholdQuorum, type QuorumSystem } from './quorum-system.ts';

const q46 = thresholdQuorum(6, 4, 3);

/** PGCL by its definition, every member's SCL tried as a candidate: the oracle for CompleteLsns. */
function pgclByDefinition(scls: Float64Array, offset: number, system: QuorumSystem): number {
  let best = 0;
  for (let i = 0; i < system.members; i++) {
    const candidate = scls[offset + i]!;
    let mask = 0;
    for (let s = 0; s < system.members; s++) if (scls[offset + s]! >= candidate) mask |= 1 << s;
    if (candidate > best && system.isWrite(mask)) best = candidate;
  }
  return best;
}

/** The PGCL a fresh CompleteLsns gives one PG's SCLs, slot by slot. */
function pgclOf(scls: readonly number[]): number {
  const points = new CompleteLsns(1);
  scls.forEach((scl, slot) => points.setScl(0, slot, scl));
  return points.risen(0, q46);
}

describe('PGCL', () => {
  it('is the 4th-highest SCL of six under 4/6', () => {
    expect(pgclOf([10, 50, 40, 30, 20, 60])).toBe(30);
  });

  it('is 0 until four segments hold anything', () => {
    expect(pgclOf([9, 9, 9, 0, 0, 0])).toBe(0);
  });

  it('counts tied and neighbouring SCLs', () => {
    expect(pgclOf([5, 6, 9, 9, 9, 1])).toBe(6);
    expect(pgclOf([3, 3, 3, 8, 8, 8])).toBe(3);
    expect(pgclOf([7, 7, 7, 7, 7, 7])).toBe(7);
  });

  it('keeps each PG to its own segments', () => {
    const points = new CompleteLsns(2);
    [1, 1, 1, 1, 1, 1].forEach((scl, slot) => points.setScl(0, slot, scl));
    [7, 7, 7, 7, 3, 3].forEach((scl, slot) => points.setScl(1, slot, scl));
    expect(points.risen(0, q46)).toBe(1);
    expect(points.risen(1, q46)).toBe(7);
  });
});

describe('CompleteLsns (the writer\'s PGCLs, kept as SCLs arrive)', () => {
  it('rises exactly as PGCL recomputed from every SCL, through quorum changes and reset slots', () => {
    const rng = Rng.root(7);
    const replacing = beginReplacement(initialMembership(6), 2, 6);
    const systems = [q46, membershipQuorum(replacing, 4, 3), membershipQuorum(beginReplacement(replacing, 4, 7), 4, 3)];
    const points = new CompleteLsns(2);
    let rises = 0;
    for (let step = 0; step < 20_000; step++) {
      const pg = rng.int(2);
      const slot = rng.int(MAX_SLOTS);
      const system = systems[Math.floor(step / 500) % systems.length]!;
      const known = points.scl[pg * MAX_SLOTS + slot]!;
      points.setScl(pg, slot, rng.int(400) === 0 ? 0 : known + 1 + rng.int(3));
      const expected = Math.max(pgclByDefinition(points.scl, pg * MAX_SLOTS, system), points.pgcl[pg]!);
      const risen = points.risen(pg, system);
      expect(risen).toBe(expected);
      if (risen > points.pgcl[pg]!) {
        points.setPgcl(pg, risen);
        rises++;
      }
    }
    expect(rises).toBeGreaterThan(500);
  });

  it('stays at the PGCL held until the segments above it form a write quorum', () => {
    const points = new CompleteLsns(1);
    [5, 5, 5, 5, 1, 1].forEach((scl, slot) => points.setScl(0, slot, scl));
    expect(points.risen(0, q46)).toBe(5);
    points.setPgcl(0, 5);
    [9, 7, 8].forEach((scl, slot) => points.setScl(0, slot, scl));
    expect(points.risen(0, q46)).toBe(5);
    points.setScl(0, 4, 6);
    expect(points.risen(0, q46)).toBe(6);
  });
});

describe('VCL and VDL', () => {
  it('A18 Fig. 3: odd LSNs on PG1 (PGCL 103), even on PG2 (PGCL 104) give VCL 104, not min(PGCL) 103', () => {
    const progress = new VolumeProgress();
    for (let lsn = 101; lsn <= 106; lsn++) progress.add(lsn, lsn % 2 === 1 ? 0 : 1, true);
    // Everything up to 100 was complete before the example starts.
    const pgcl = Float64Array.of(103, 104);
    progress.advance(pgcl);
    expect(progress.vcl).toBe(104);
  });

  it('an idle PG far behind does not hold VCL back', () => {
    const progress = new VolumeProgress();
    progress.add(1, 0, true);
    progress.add(2, 0, true);
    const pgcl = Float64Array.of(2, 0, 0, 0);
    progress.advance(pgcl);
    expect(progress.vcl).toBe(2);
  });

  it('A17 §4.1: complete to 1007 with CPLs 900, 1000, 1100 gives VDL 1000', () => {
    const progress = new VolumeProgress();
    for (let lsn = 890; lsn <= 1100; lsn++) progress.add(lsn, 0, lsn === 900 || lsn === 1000 || lsn === 1100);
    progress.advance(Float64Array.of(1007));
    expect(progress.vcl).toBe(1007);
    expect(progress.vdl).toBe(1000);
  });

  it('VCL stops before the lowest outstanding record, whatever PGCLs say above it', () => {
    const progress = new VolumeProgress();
    progress.add(1, 0, true);
    progress.add(2, 1, true);
    progress.add(3, 0, true);
    expect(progress.advance(Float64Array.of(3, 0))).toBe(true);
    expect(progress.vcl).toBe(1);
    expect(progress.outstanding).toBe(2);
  });

  it('keeps its order through growth of the outstanding window', () => {
    const progress = new VolumeProgress();
    for (let lsn = 1; lsn <= 5000; lsn++) progress.add(lsn, lsn % 3, lsn % 7 === 0);
    progress.advance(Float64Array.of(4000, 4000, 2500));
    expect(progress.vcl).toBe(2500); // 2501 is on PG 2, whose PGCL is 2500
    expect(progress.vdl).toBe(2499);
  });
});
