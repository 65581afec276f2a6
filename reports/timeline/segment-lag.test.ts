import { describe, expect, it } from 'vitest';
import type { Buckets } from './buckets.ts';
import { SegmentLag, SLOTS } from './segment-lag.ts';
import { Truncations } from './truncations.ts';

/** Ten buckets of 100 µs; one PG of six segments, two in each of three AZs. */
const TEN: Buckets = { widthUs: 100, count: 10 };
const LAYOUT = { pgs: 1, perPg: 6, perAz: 2, azs: 3 };
const ALL = (1 << 6) - 1;
/** A pending replacement of `from` by `to`, packed as the trace packs it. */
const replacing = (from: number, to: number): number => from * SLOTS + to + 1;

const values = (a: Float64Array): (number | null)[] => Array.from(a, (v) => (Number.isNaN(v) ? null : v));

function caughtUp(lag: SegmentLag, t: number, lsn: number, slots: readonly number[]): void {
  for (const s of slots) lag.setScl(t, 0, s, lsn);
}

describe("segment lag: each member segment's SCL behind its PG's PGCL", () => {
  it('is the LSNs between SCL and PGCL, the largest in each bucket', () => {
    const lag = new SegmentLag(TEN, LAYOUT, new Truncations());
    caughtUp(lag, 0, 100, [0, 1, 2, 3, 4, 5]);
    lag.setPgcl(0, 0, 100);
    lag.setPgcl(150, 0, 200);
    caughtUp(lag, 160, 200, [0, 1, 3, 4, 5]);
    lag.finish();
    const lines = lag.lineSeries()!;
    expect(lines.map((l) => [l.slot, l.az])).toEqual([[0, 0], [1, 0], [2, 1], [3, 1], [4, 2], [5, 2]]);
    expect(values(lines[0]!.values)).toEqual([0, 100, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(values(lines[2]!.values)).toEqual([0, 100, 100, 100, 100, 100, 100, 100, 100, 100]);
    expect(values(lag.azSeries()[1]!)).toEqual([0, 100, 100, 100, 100, 100, 100, 100, 100, 100]);
    expect(values(lag.azSeries()[0]!)).toEqual([0, 100, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('follows a replacement: the new segment lags until hydrated, the one it replaced stops when it leaves', () => {
    const lag = new SegmentLag(TEN, LAYOUT, new Truncations());
    caughtUp(lag, 0, 200, [0, 1, 3, 4, 5]);
    lag.setScl(0, 0, 2, 100);
    lag.setPgcl(0, 0, 200);
    lag.setMembership(250, 0, ALL, replacing(2, 6));
    lag.setScl(250, 0, 6, 0);
    lag.setScl(260, 0, 6, 200);
    lag.setMembership(350, 0, (ALL & ~(1 << 2)) | (1 << 6), 0);
    lag.finish();
    const lines = lag.lineSeries()!;
    const line = (slot: number) => lines.find((l) => l.slot === slot)!;
    expect(line(6).az).toBe(1); // in the AZ of the segment it replaced
    expect(values(line(6).values)).toEqual([null, null, 200, 0, 0, 0, 0, 0, 0, 0]);
    expect(values(line(2).values)).toEqual([100, 100, 100, 100, null, null, null, null, null, null]);
  });

  it('starts a new line when a freed slot is used again for another AZ', () => {
    const lag = new SegmentLag(TEN, LAYOUT, new Truncations());
    lag.setPgcl(0, 0, 10);
    lag.setMembership(100, 0, ALL, replacing(2, 6));
    lag.setMembership(200, 0, (ALL & ~(1 << 2)) | (1 << 6), 0);
    lag.setMembership(300, 0, (ALL & ~(1 << 2)) | (1 << 6), replacing(0, 2));
    lag.finish();
    const slot2 = lag.lineSeries()!.filter((l) => l.slot === 2);
    expect(slot2.map((l) => l.az)).toEqual([0, 1]);
    expect(values(slot2[0]!.values)).toEqual([null, null, null, 10, 10, 10, 10, 10, 10, 10]);
    expect(values(slot2[1]!.values)).toEqual([10, 10, 10, null, null, null, null, null, null, null]);
  });

  it('does not count LSNs a recovery truncated', () => {
    const truncations = new Truncations();
    const lag = new SegmentLag(TEN, LAYOUT, truncations);
    caughtUp(lag, 0, 3_000, [0, 1, 2, 3, 4, 5]);
    truncations.add(3_000, 10_003_000);
    lag.setPgcl(100, 0, 10_003_005);
    lag.finish();
    expect(Math.max(...lag.azSeries().map((s) => s[1]!))).toBe(5);
  });
});
