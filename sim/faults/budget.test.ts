/**
 * The failure model over every subset of a 6-segment protection group (3 AZs × 2, Vw 4, Vr 3):
 * one AZ lost is within the model and keeps writes; an AZ plus one is within the model and
 * keeps reads but not writes; three segments in three AZs and anything with four down are
 * outside. Compute hosts never count, a cut-off node counts like a down one, and a cluster is
 * only as good as its worst protection group. Writes are owed only from a write quorum free of
 * gray failures; lost data can only be rebuilt where a spare node exists.
 */
import { describe, expect, it } from 'vitest';
import { Topology } from '../topology/topology.ts';
import {
  assess, assessPg, hasSpareNodes, mustBeFenced, NO_OUTAGE, withinAzPlusOne, withinComputeModel, type FailureModel, type Outage,
} from './budget.ts';

const topology = new Topology({ azs: 3, segmentsPerAz: 2, protectionGroups: 2, storageNodes: 6, replicas: 2, writerAz: 0 });
const model: FailureModel = { topology, quorum: { write: 4, read: 3 } };

function outage(parts: Partial<Outage>): Outage {
  return { ...NO_OUTAGE, ...parts };
}

/** The outage in which exactly the segments in `mask` of PG 0 are lost. */
function lost(mask: number): Outage {
  const segments = [0, 1, 2, 3, 4, 5].filter((s) => mask & (1 << s));
  return outage({ segmentsLost: new Set(segments) });
}

describe('the failure model for one 6-segment PG, over all 64 subsets', () => {
  const subsets = Array.from({ length: 64 }, (_, mask) => mask);
  const size = (mask: number) => [0, 1, 2, 3, 4, 5].filter((s) => mask & (1 << s)).length;
  /** Segments 2k and 2k + 1 are AZ k's: a full AZ is inside the subset. */
  const holdsAnAz = (mask: number) => [0b11, 0b1100, 0b110000].some((az) => (mask & az) === az);

  it('keeps writes with at most two down (any two, an AZ included)', () => {
    for (const mask of subsets) expect(assessPg(model, lost(mask), 0).writable, mask.toString(2)).toBe(size(mask) <= 2);
  });

  it('keeps reads with at most three down', () => {
    for (const mask of subsets) expect(assessPg(model, lost(mask), 0).readable, mask.toString(2)).toBe(size(mask) <= 3);
  });

  it('is within the model up to AZ+1: two anywhere, or a whole AZ and one more', () => {
    for (const mask of subsets) {
      const expected = size(mask) <= 2 || (size(mask) === 3 && holdsAnAz(mask));
      expect(assessPg(model, lost(mask), 0).withinFailureModel, mask.toString(2)).toBe(expected);
    }
  });

  it('puts three down in three different AZs outside the model, though a read quorum is left', () => {
    const spread = assessPg(model, lost(0b010101), 0);
    expect(spread).toMatchObject({ withinFailureModel: false, readable: true, writable: false });
  });

  it('counts 34 states within the model: none down, 6 singles, 15 pairs, 3 AZs × 4 more', () => {
    expect(subsets.filter((mask) => assessPg(model, lost(mask), 0).withinFailureModel)).toHaveLength(34);
  });
});

describe('what counts as down', () => {
  it('a crashed or paused node takes down its segment of every PG', () => {
    const node = topology.nodeOf(0, 0);
    const a = assessPg(model, outage({ hostsDown: new Set([node]) }), 0);
    expect(a.unavailable).toEqual([0]);
  });

  it('a whole AZ down keeps writes in every PG', () => {
    const azA = topology.storageNodes.filter((n) => n.az === 0).map((n) => n.id);
    expect(assess(model, outage({ hostsDown: new Set(azA) }))).toMatchObject({ withinFailureModel: true, writable: true });
  });

  it('never counts the writer or the replicas', () => {
    const compute = [topology.writer.id, ...topology.replicas.map((r) => r.id)];
    expect(assess(model, outage({ hostsDown: new Set(compute) }))).toMatchObject({ withinFailureModel: true, writable: true, worst: undefined });
  });

  it('counts a node cut off from the writer like a down one', () => {
    const cut = [topology.nodeOf(0, 0), topology.nodeOf(0, 2), topology.nodeOf(0, 4)];
    const a = assess(model, outage({ cutOff: new Set(cut) }));
    expect(a.withinFailureModel).toBe(false);
    expect(a.worst?.unavailable).toEqual([0, 2, 4]);
  });

  it('judges the cluster by its worst PG', () => {
    const a = assess(model, outage({ segmentsLost: new Set([8 + 0, 8 + 1, 8 + 2]) }));
    expect(a).toMatchObject({ withinFailureModel: true, writable: false, readable: true });
    expect(a.worst?.pg).toBe(1);
  });
});

describe('other quorums and shapes', () => {
  it('needs a read quorum left: with Vr 4, an AZ of three segments is too much', () => {
    const two = new Topology({ azs: 2, segmentsPerAz: 3, protectionGroups: 1, storageNodes: 6, replicas: 0, writerAz: 0 });
    const azA = two.storageNodes.filter((n) => n.az === 0).map((n) => n.id);
    const a = assess({ topology: two, quorum: { write: 4, read: 4 } }, outage({ hostsDown: new Set(azA) }));
    expect(a).toMatchObject({ withinFailureModel: false, readable: false });
  });

  it('AZ+1 is the segments fitting in one AZ plus one', () => {
    expect(withinAzPlusOne(topology, 0, [])).toBe(true);
    expect(withinAzPlusOne(topology, 0, [0, 5])).toBe(true);
    expect(withinAzPlusOne(topology, 0, [2, 3, 0])).toBe(true);
    expect(withinAzPlusOne(topology, 0, [0, 2, 4])).toBe(false);
  });

  it('allows one compute fault at a time', () => {
    expect([0, 1, 2].map(withinComputeModel)).toEqual([true, true, false]);
  });
});

describe('what is owed: gray failures', () => {
  /** The storage nodes holding PG 0's segments in these slots. */
  const nodes = (...slots: number[]) => new Set(slots.map((slot) => topology.nodeOf(0, slot)));

  it('owes writes with one gray node: five healthy segments still make a quorum', () => {
    expect(assess(model, outage({ gray: nodes(0) }))).toMatchObject({ writable: true, writesOwed: true });
  });

  it('owes nothing once gray and down segments leave fewer than Vw healthy ones', () => {
    const a = assess(model, outage({ gray: nodes(0, 2), hostsDown: nodes(4) }));
    expect(a).toMatchObject({ withinFailureModel: true, writable: true, writesOwed: false });
  });

  it('owes nothing when every segment is gray (a slow link on every path from the writer)', () => {
    expect(assess(model, outage({ gray: nodes(0, 1, 2, 3, 4, 5) }))).toMatchObject({ withinFailureModel: true, writesOwed: false });
  });

  it('never owes writes that are not available, gray or not', () => {
    const cut = nodes(0, 2, 4);
    expect(assess(model, outage({ cutOff: cut })).writesOwed).toBe(false);
  });

  it('does not count a gray segment against the failure model: nothing is lost while it lasts', () => {
    expect(assessPg(model, outage({ gray: nodes(0, 1, 2, 3) }), 0)).toMatchObject({ unavailable: [], withinFailureModel: true, readable: true });
  });
});

describe('what can be rebuilt', () => {
  it('has no spare node when every storage node holds a segment of each PG', () => {
    expect(hasSpareNodes(topology)).toBe(false);
    expect(hasSpareNodes(new Topology({ azs: 3, segmentsPerAz: 2, protectionGroups: 2, storageNodes: 9, replicas: 2, writerAz: 0 }))).toBe(true);
  });
});

describe('fencing a superseded writer', () => {
  /** Storage nodes of AZ `az` (0, 1, 2). */
  const inAz = (az: number) => topology.storageNodes.filter((n) => n.az === az).map((n) => n.id);

  it('must happen when it reaches three segments of a PG: every write quorum of the new epoch meets them', () => {
    expect(mustBeFenced(model, NO_OUTAGE)).toBe(true);
    expect(mustBeFenced(model, outage({ cutOff: new Set(inAz(1)) }))).toBe(true);
  });

  it('need not happen when it reaches only its own AZ: the new epoch may sit on the other four', () => {
    expect(mustBeFenced(model, outage({ cutOff: new Set([...inAz(1), ...inAz(2)]) }))).toBe(false);
  });
});
