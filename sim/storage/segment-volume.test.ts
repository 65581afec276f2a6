/**
 * A segment's volume state (epoch and truncation ranges) only moves forward, survives the loss
 * of its data as the metadata service holds it, and no copy or late arrival brings back a record
 * a truncation it knows annulled (A17 §4.3, A18 §2.4; I-7). What it holds is a fact checkers read.
 */
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../protocol/log-record.ts';
import { Segment } from './segment.ts';

const six = { epoch: 1, members: 0b111111 };

function chainOf(lsns: number[], after = 0): LogRecord[] {
  return lsns.map((lsn, i) => ({ lsn, pg: 0, segmentPrev: i === 0 ? after : lsns[i - 1]!, cpl: true }));
}

function holding(lsns: number[]): Segment {
  const segment = new Segment(0, 0, six, false);
  for (const record of chainOf(lsns)) segment.accept(record);
  segment.advance();
  return segment;
}

describe('segment volume state', () => {
  it('never takes an older epoch, even one that carries more truncation ranges', () => {
    const segment = holding([1, 2, 3]);
    expect(segment.adopt({ epoch: 3, truncations: [] })).toBe(true);
    expect(segment.adopt({ epoch: 2, truncations: [1, 100] })).toBe(false);
    expect(segment.volume.epoch).toBe(3);
    expect(segment.scl).toBe(3);
  });

  it('merges a list that does not extend its own, forgetting no range it knows', () => {
    const segment = holding([1, 2, 3, 4]);
    segment.adopt({ epoch: 2, truncations: [3, 10] });
    expect(segment.adopt({ epoch: 3, truncations: [20, 30] })).toBe(true);
    expect(segment.volume).toEqual({ epoch: 3, truncations: [3, 10, 20, 30] });
    expect(segment.isTruncated(4)).toBe(true);
    expect(segment.isTruncated(25)).toBe(true);
  });

  it('takes the same epoch with a longer list, applying only the new range', () => {
    const segment = holding([1, 2, 3, 4]);
    segment.adopt({ epoch: 2, truncations: [] });
    expect(segment.adopt({ epoch: 2, truncations: [2, 50] })).toBe(true);
    expect(segment.scl).toBe(2);
    expect(segment.adopt({ epoch: 2, truncations: [2, 50] })).toBe(false);
  });

  it('comes back from a data loss with the volume state the metadata service holds, not epoch 1', () => {
    const segment = holding([1, 2, 3]);
    segment.wipe({ epoch: 4, truncations: [5, 9] });
    expect(segment.intact).toBe(false);
    expect(segment.scl).toBe(0);
    expect(segment.volume).toEqual({ epoch: 4, truncations: [5, 9] });
    expect(segment.holds(1)).toBe(false);
  });

  it("re-applies the truncations it knows to a copy from a peer that has not heard of them", () => {
    const peer = holding([1, 2, 3, 4, 5]);
    const fresh = new Segment(0, 6, six, true);
    fresh.adopt({ epoch: 2, truncations: [3, 1000] });
    fresh.install({
      type: 'hydrate-snapshot', pg: 0, segment: 6, scl: peer.scl, records: peer.snapshotRecords(), coalescedThrough: 0,
      vdlHint: 0, volume: { epoch: 1, truncations: [] }, membership: six,
    });
    expect(fresh.intact).toBe(true);
    expect(fresh.scl).toBe(3);
    expect(fresh.holdsAnyIn(3, 1000)).toBe(false);
    expect([1, 2, 3].every((lsn) => fresh.holds(lsn))).toBe(true);
  });

  it('keeps a copy whole when the range it knows lies above everything the copy holds', () => {
    const peer = new Segment(0, 0, six, false);
    for (const record of [...chainOf([1, 2]), ...chainOf([2001, 2002], 2)]) peer.accept(record);
    peer.advance();
    const fresh = new Segment(0, 6, six, true);
    fresh.adopt({ epoch: 2, truncations: [2, 2000] });
    fresh.install({
      type: 'hydrate-snapshot', pg: 0, segment: 6, scl: peer.scl, records: peer.snapshotRecords(), coalescedThrough: 0,
      vdlHint: 0, volume: { epoch: 2, truncations: [2, 2000] }, membership: six,
    });
    expect(fresh.scl).toBe(2002);
  });

  it('tells what it holds: chained, ahead of a gap, or folded into page versions', () => {
    const segment = holding([1, 2, 3]);
    segment.accept(chainOf([7], 5)[0]!);
    expect(segment.holds(2)).toBe(true);
    expect(segment.holds(7)).toBe(true);
    expect(segment.holds(5)).toBe(false);
    expect(segment.holdsAnyIn(3, 6)).toBe(false);
    expect(segment.holdsAnyIn(6, 7)).toBe(true);
  });
});
