/**
 * Quorum sets through membership changes (A18 §4.1, Fig. 5), checked by enumerating every
 * subset of the (at most eight) slots: within each epoch reads meet writes and writes meet
 * writes, and across each transition every new write set meets every old one.
 */
import { describe, expect, it } from 'vitest';
import {
  beginReplacement, completeReplacement, decodeReplacements, encodeReplacements, freeSlot, initialMembership, memberMask,
  memberSets, membershipQuorum, replacementOf, revertReplacement, type Membership,
} from './membership.ts';
import { findIntersectionFailure } from './quorum-system.ts';

const [A, B, C, D, E, F] = [0, 1, 2, 3, 4, 5];
const G = 6;
const H = 7;
const bits = (...slots: number[]) => slots.reduce((mask, s) => mask | (1 << s), 0);

function writeSets(m: Membership): number[] {
  const q = membershipQuorum(m, 4, 3);
  return Array.from({ length: 256 }, (_, mask) => mask).filter((mask) => q.isWrite(mask));
}

function transitionSafe(from: Membership, to: Membership): boolean {
  const old = writeSets(from);
  return writeSets(to).every((w) => old.every((o) => (w & o) !== 0));
}

describe('membership', () => {
  const steady = initialMembership(6);
  const replacing = beginReplacement(steady, F, G);
  const double = beginReplacement(replacing, E, H);

  it('replacing F with G writes 4/6 of ABCDEF and 4/6 of ABCDEG, reads 3/6 of either', () => {
    expect(memberSets(replacing)).toEqual([bits(A, B, C, D, E, F), bits(A, B, C, D, E, G)]);
    const q = membershipQuorum(replacing, 4, 3);
    expect(q.isWrite(bits(A, B, C, F))).toBe(false);
    expect(q.isWrite(bits(A, B, C, D))).toBe(true);
    expect(q.isWrite(bits(A, B, F, G, C))).toBe(true);
    expect(q.isRead(bits(A, B, G))).toBe(true);
    expect(q.isRead(bits(A, F, G))).toBe(false);
  });

  it('a second failure mid-change needs all four sets, and ABCD still satisfies every one (A18 §4.1)', () => {
    expect(memberSets(double)).toHaveLength(4);
    expect(memberMask(double)).toBe(0xff);
    expect(membershipQuorum(double, 4, 3).isWrite(bits(A, B, C, D))).toBe(true);
  });

  it('every epoch keeps read/write and write/write intersection', () => {
    for (const m of [steady, replacing, double, completeReplacement(replacing, F), revertReplacement(double, E)]) {
      expect(findIntersectionFailure(membershipQuorum(m, 4, 3))).toBeUndefined();
    }
  });

  it('every step raises the epoch by one, and any two consecutive write conditions meet', () => {
    const path = [steady, replacing, double, completeReplacement(double, F), revertReplacement(completeReplacement(double, F), E)];
    for (let i = 1; i < path.length; i++) {
      expect(path[i]!.epoch).toBe(path[i - 1]!.epoch + 1);
      expect(transitionSafe(path[i - 1]!, path[i]!)).toBe(true);
    }
  });

  it('completing puts G in F\'s place; reverting keeps F', () => {
    expect(completeReplacement(replacing, F).base).toBe(bits(A, B, C, D, E, G));
    expect(revertReplacement(replacing, F).base).toBe(bits(A, B, C, D, E, F));
  });

  it('finds the pending replacement a slot is either end of', () => {
    expect(replacementOf(double, F)).toEqual([F, G]);
    expect(replacementOf(double, G)).toEqual([F, G]);
    expect(replacementOf(double, H)).toEqual([E, H]);
    expect(replacementOf(double, A)).toBeUndefined();
    expect(replacementOf(steady, F)).toBeUndefined();
  });

  it('finds free slots and round-trips the trace encoding of replacements', () => {
    expect(freeSlot(steady)).toBe(G);
    expect(freeSlot(replacing)).toBe(H);
    expect(freeSlot(double)).toBe(-1);
    expect(decodeReplacements(encodeReplacements(double))).toEqual([[F, G], [E, H]]);
    expect(decodeReplacements(0)).toEqual([]);
  });

  it('swapping two members at once can lose the overlap a two-step change keeps', () => {
    const swapped: Membership = { epoch: 2, base: bits(A, B, C, D, G, H), replacements: [] };
    expect(transitionSafe(steady, swapped)).toBe(false);
  });
});
