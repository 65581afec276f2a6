/**
 * A segment's SCL follows segment backlinks: records arriving out of order wait above the gap
 * and join the chain when it closes; duplicates are recognised; coalescing never drops a
 * record a peer may still need.
 */
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../protocol/log-record.ts';
import { Segment } from './segment.ts';

const six = { epoch: 1, members: 0b111111 };
const three = { epoch: 1, members: 0b111 };

/** Records of one PG at the given LSNs, each linked to the previous one. */
function chainOf(lsns: number[]): LogRecord[] {
  return lsns.map((lsn, i) => ({ lsn, pg: 0, segmentPrev: i === 0 ? 0 : lsns[i - 1]!, cpl: true }));
}

describe('segment', () => {
  it('SCL advances along the backlinks, skipping LSNs that belong to other PGs', () => {
    const segment = new Segment(0, 0, six, false);
    for (const record of chainOf([2, 5, 9])) segment.accept(record);
    expect(segment.advance()).toBe(true);
    expect(segment.scl).toBe(9);
  });

  it('a gap holds SCL back until the missing record arrives', () => {
    const segment = new Segment(0, 0, six, false);
    const [a, b, c] = chainOf([1, 2, 3]);
    segment.accept(a!);
    segment.accept(c!);
    segment.advance();
    expect(segment.scl).toBe(1);
    segment.accept(b!);
    segment.advance();
    expect(segment.scl).toBe(3);
  });

  it('recognises records it already holds, chained or ahead of a gap', () => {
    const segment = new Segment(0, 0, six, false);
    const [a, , c] = chainOf([1, 2, 3]);
    expect(segment.accept(a!)).toBe(true);
    expect(segment.accept(c!)).toBe(true);
    segment.advance();
    expect(segment.accept(a!)).toBe(false);
    expect(segment.accept(c!)).toBe(false);
  });

  it('offers peers its chain above their SCL, at most as many records as asked, not what lies beyond its own gap', () => {
    const segment = new Segment(0, 0, six, false);
    const records = chainOf([1, 2, 3, 4, 5]);
    for (const record of records) if (record.lsn !== 3) segment.accept(record);
    segment.advance();
    expect(segment.recordsAbove(0, 10).map((r) => r.lsn)).toEqual([1, 2]);
    expect(segment.recordsAbove(0, 1).map((r) => r.lsn)).toEqual([1]);
    expect(segment.recordsAbove(2, 10)).toEqual([]);
  });

  it('coalesces only below the lowest SCL known for any member and the VDL it was told', () => {
    const segment = new Segment(0, 0, three, false);
    for (const record of chainOf([1, 2, 3, 4])) segment.accept(record);
    segment.advance();
    segment.peerScl[1] = 4;
    segment.peerScl[2] = 2;
    expect(segment.coalesce()).toBe(0);
    segment.vdlHint = 4;
    expect(segment.coalesce()).toBe(2);
    expect(segment.recordsAbove(2, 10).map((r) => r.lsn)).toEqual([3, 4]);
    expect(segment.hotRecords).toBe(2);
  });

  it('keeps what is left of a long chain after coalescing compacts it, and keeps extending it', () => {
    const segment = new Segment(0, 0, three, false);
    const records = chainOf(Array.from({ length: 5010 }, (_, i) => i + 1));
    for (const record of records.slice(0, 5000)) segment.accept(record);
    segment.advance();
    segment.peerScl[1] = 4500;
    segment.peerScl[2] = 4500;
    segment.vdlHint = 4500;
    expect(segment.coalesce()).toBe(4500); // past the compaction point: the chain moves to the front
    expect(segment.hotRecords).toBe(500);
    expect(segment.snapshotRecords().map((r) => r.lsn)).toEqual(records.slice(4500, 5000).map((r) => r.lsn));
    expect(segment.lastAtOrBelowHint()).toBe(4500);
    for (const record of records.slice(5000)) segment.accept(record);
    segment.advance();
    expect(segment.scl).toBe(5010);
    expect(segment.recordsAbove(5005, 10).map((r) => r.lsn)).toEqual([5006, 5007, 5008, 5009, 5010]);
    segment.adopt({ epoch: 2, truncations: [5003, 9999] });
    expect(segment.scl).toBe(5003);
    expect(segment.hotRecords).toBe(503);
    expect(segment.recordsAbove(5000, 10).map((r) => r.lsn)).toEqual([5001, 5002, 5003]);
  });

  it('a truncation annuls held records, lowers SCL to the last survivor and refuses late arrivals', () => {
    const segment = new Segment(0, 0, three, false);
    const records = chainOf([1, 3, 5, 7]);
    for (const record of records) segment.accept(record);
    segment.advance();
    expect(segment.adopt({ epoch: 2, truncations: [4, 100] })).toBe(true);
    expect(segment.scl).toBe(3);
    expect(segment.accept(records[3]!)).toBe(false);
    expect(segment.recordsAbove(0, 10).map((r) => r.lsn)).toEqual([1, 3]);
    expect(segment.adopt({ epoch: 1, truncations: [] })).toBe(false);
  });

  it('reports to recovery the records above its VDL hint and its last record at or below it', () => {
    const segment = new Segment(0, 0, three, false);
    for (const record of chainOf([2, 4, 6, 8])) segment.accept(record);
    segment.advance();
    segment.vdlHint = 5;
    expect(segment.headersAboveHint().map((h) => h.lsn)).toEqual([6, 8]);
    expect(segment.lastAtOrBelowHint()).toBe(4);
  });

  it('asks peers for records only when its SCL stalled for a whole gossip period', () => {
    const segment = new Segment(0, 0, three, false);
    const [a, , c] = chainOf([1, 2, 3]);
    segment.accept(a!);
    segment.advance();
    segment.sclAtLastTick = 0;
    expect(segment.stalled).toBe(false);
    segment.sclAtLastTick = segment.scl;
    expect(segment.stalled).toBe(false);
    segment.accept(c!);
    expect(segment.stalled).toBe(true);
  });
});
