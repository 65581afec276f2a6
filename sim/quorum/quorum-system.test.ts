/**
 * Quorum predicates and Gifford's intersection conditions, checked exhaustively: for every
 * V <= 8 and every (Vw, Vr), the subset enumeration must agree with the closed-form
 * conditions Vw + Vr > V and 2 Vw > V (A17 §2.1, A18 §2.1).
 */
import { describe, expect, it } from 'vitest';
import { findIntersectionFailure, formatMask, popcount, thresholdQuorum } from './quorum-system.ts';

describe('quorum system', () => {
  it('popcount counts the members of a mask', () => {
    for (let mask = 0; mask < 1 << 10; mask++) {
      expect(popcount(mask)).toBe(mask.toString(2).split('').filter((c) => c === '1').length);
    }
  });

  it("Aurora's 4/6 write, 3/6 read: any 4 members write, any 3 read", () => {
    const q = thresholdQuorum(6, 4, 3);
    expect(q.isWrite(0b001111)).toBe(true);
    expect(q.isWrite(0b000111)).toBe(false);
    expect(q.isRead(0b101010)).toBe(true);
    expect(q.isRead(0b100010)).toBe(false);
  });

  it('losing a whole AZ (2 of 6) keeps a write quorum; AZ+1 (3 of 6) keeps only a read quorum', () => {
    const q = thresholdQuorum(6, 4, 3);
    const all = 0b111111;
    const azLost = all & ~0b000011;
    const azPlusOneLost = all & ~0b000111;
    expect(q.isWrite(azLost)).toBe(true);
    expect(q.isWrite(azPlusOneLost)).toBe(false);
    expect(q.isRead(azPlusOneLost)).toBe(true);
  });

  it('enumeration finds a counterexample exactly when Vw + Vr <= V or 2 Vw <= V', () => {
    for (let v = 1; v <= 8; v++) {
      for (let w = 1; w <= v; w++) {
        for (let r = 1; r <= v; r++) {
          const safe = w + r > v && 2 * w > v;
          expect(findIntersectionFailure(thresholdQuorum(v, w, r)) === undefined, `V=${v} Vw=${w} Vr=${r}`).toBe(safe);
        }
      }
    }
  });

  it('a 3/6 write with 3/6 read is refused with disjoint read and write sets as the witness', () => {
    const failure = findIntersectionFailure(thresholdQuorum(6, 3, 3));
    expect(failure?.kind).toBe('read-write');
    if (failure?.kind === 'read-write') expect(failure.read & failure.write).toBe(0);
  });

  it('formats masks as segment lists', () => {
    expect(formatMask(0b100101, 6)).toBe('{0,2,5}');
  });
});
