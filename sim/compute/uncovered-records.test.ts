/**
 * The writer's uncovered records: each PG keeps its records until its PGCL covers them; they
 * are due to be shipped again once the PG's oldest uncovered record has waited
 * RETRANSMIT_AFTER (since it became the oldest, or since the last retransmission), at most a
 * thousand per PG per retransmission, oldest first; and dropping covered records from the
 * front (compaction) neither loses nor reorders the rest.
 */
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../protocol/log-record.ts';
import { RETRANSMIT_AFTER, UncoveredRecords } from './uncovered-records.ts';

const record = (lsn: number, pg: number): LogRecord => ({ lsn, pg, segmentPrev: 0, cpl: true });

/** What is due at `now`, as `pg: lsn lsn ...` per PG. */
function due(u: UncoveredRecords, now: number): string[] {
  return u.due(now).map(({ pg, records }) => `${pg}: ${records.map((r) => r.lsn).join(' ')}`);
}

describe('uncovered records: what is kept', () => {
  it('keeps each PG its own records, in the order added', () => {
    const u = new UncoveredRecords(2);
    [record(1, 0), record(2, 1), record(3, 0), record(4, 1), record(5, 0)].forEach((r) => u.add(r, 0));
    expect(due(u, RETRANSMIT_AFTER)).toEqual(['0: 1 3 5', '1: 2 4']);
  });

  it('drops the records at or below the PGCL, of that PG only', () => {
    const u = new UncoveredRecords(2);
    [record(1, 0), record(2, 1), record(3, 0), record(4, 1), record(5, 0)].forEach((r) => u.add(r, 0));
    u.coverUpTo(0, 3, 0);
    expect(due(u, RETRANSMIT_AFTER)).toEqual(['0: 5', '1: 2 4']);
  });

  it('has nothing due for a PG its PGCL covers entirely', () => {
    const u = new UncoveredRecords(1);
    u.add(record(1, 0), 0);
    u.add(record(2, 0), 0);
    u.coverUpTo(0, 2, 10);
    expect(due(u, 10 * RETRANSMIT_AFTER)).toEqual([]);
  });
});

describe('uncovered records: when they are due', () => {
  it('is due once the oldest has waited RETRANSMIT_AFTER, not a microsecond before', () => {
    const u = new UncoveredRecords(1);
    u.add(record(1, 0), 1_000);
    expect(due(u, 1_000 + RETRANSMIT_AFTER - 1)).toEqual([]);
    expect(due(u, 1_000 + RETRANSMIT_AFTER)).toEqual(['0: 1']);
  });

  it('counts from the oldest record: later records do not restart the wait', () => {
    const u = new UncoveredRecords(1);
    u.add(record(1, 0), 0);
    u.add(record(2, 0), RETRANSMIT_AFTER - 1);
    expect(due(u, RETRANSMIT_AFTER)).toEqual(['0: 1 2']);
  });

  it('counts a PG that had nothing waiting from the record that arrives', () => {
    const u = new UncoveredRecords(1);
    u.add(record(1, 0), 0);
    u.coverUpTo(0, 1, 50_000);
    u.add(record(2, 0), 100_000);
    expect(due(u, 100_000 + RETRANSMIT_AFTER - 1)).toEqual([]);
    expect(due(u, 100_000 + RETRANSMIT_AFTER)).toEqual(['0: 2']);
  });

  it('restarts the wait when the PGCL moves: the new oldest has been the oldest only since', () => {
    const u = new UncoveredRecords(1);
    u.add(record(1, 0), 0);
    u.add(record(2, 0), 0);
    u.coverUpTo(0, 1, 150_000);
    expect(due(u, RETRANSMIT_AFTER)).toEqual([]);
    expect(due(u, 150_000 + RETRANSMIT_AFTER)).toEqual(['0: 2']);
  });

  it('does not restart the wait for a PGCL that covers nothing new', () => {
    const u = new UncoveredRecords(1);
    u.add(record(5, 0), 0);
    u.coverUpTo(0, 4, 150_000);
    expect(due(u, RETRANSMIT_AFTER)).toEqual(['0: 5']);
  });

  it('restarts the wait after each retransmission, so the records go again only after another RETRANSMIT_AFTER', () => {
    const u = new UncoveredRecords(1);
    u.add(record(1, 0), 0);
    expect(due(u, RETRANSMIT_AFTER)).toEqual(['0: 1']);
    expect(due(u, 2 * RETRANSMIT_AFTER - 1)).toEqual([]);
    expect(due(u, 2 * RETRANSMIT_AFTER)).toEqual(['0: 1']);
  });

  it('keeps a clock per PG: one PG being due does not make another due', () => {
    const u = new UncoveredRecords(2);
    u.add(record(1, 0), 0);
    u.add(record(2, 1), 100_000);
    expect(due(u, RETRANSMIT_AFTER)).toEqual(['0: 1']);
    expect(due(u, 100_000 + RETRANSMIT_AFTER)).toEqual(['1: 2']);
  });
});

describe('uncovered records: how many go at once', () => {
  it('ships at most a thousand records per PG per retransmission, the oldest first, and again until covered', () => {
    const u = new UncoveredRecords(1);
    for (let lsn = 1; lsn <= 2_500; lsn++) u.add(record(lsn, 0), 0);
    const first = u.due(RETRANSMIT_AFTER)[0]!.records;
    expect(first.length).toBe(1_000);
    expect([first[0]!.lsn, first[999]!.lsn]).toEqual([1, 1_000]);
    // Nothing of it was covered: the next retransmission carries the same oldest thousand.
    expect(u.due(2 * RETRANSMIT_AFTER)[0]!.records[0]!.lsn).toBe(1);
    u.coverUpTo(0, 2_000, 2 * RETRANSMIT_AFTER);
    expect(u.due(3 * RETRANSMIT_AFTER)[0]!.records.map((r) => r.lsn)).toEqual(Array.from({ length: 500 }, (_, i) => 2_001 + i));
  });
});

describe('uncovered records: compaction', () => {
  it('loses and reorders nothing while the PGCL drops records from the front and new ones arrive', () => {
    const u = new UncoveredRecords(2);
    let next = 1;
    let covered = 0;
    let now = 0;
    // Rounds of 50 new records per PG, then a PGCL that leaves the last 7 of PG 0 uncovered:
    // the front is dropped past half the list time and again, so the lists are compacted often.
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 50; i++) {
        u.add(record(next++, 0), now);
        u.add(record(next++, 1), now);
      }
      covered = next - 15;
      now += RETRANSMIT_AFTER;
      u.coverUpTo(0, covered, now);
      now += RETRANSMIT_AFTER;
      const [pg0, pg1] = u.due(now);
      const expected0: number[] = [];
      for (let lsn = covered + 1; lsn < next; lsn++) if (lsn % 2 === 1) expected0.push(lsn);
      expect(pg0!.records.map((r) => r.lsn)).toEqual(expected0);
      // PG 1 is never covered: its thousand oldest, from its first record.
      expect(pg1!.records.map((r) => r.lsn)).toEqual(Array.from({ length: Math.min(1_000, 50 * (round + 1)) }, (_, i) => 2 + 2 * i));
    }
  });
});
