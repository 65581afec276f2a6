import { describe, expect, it } from 'vitest';
import type { Buckets } from './buckets.ts';
import { Counter, GaugeGroup } from './gauges.ts';

/** Ten buckets of 100 µs. */
const TEN: Buckets = { widthUs: 100, count: 10 };

const values = (a: Float64Array): (number | null)[] => Array.from(a, (v) => (Number.isNaN(v) ? null : v));

describe('gauges: per-bucket series of quantities that hold their value', () => {
  it("'last' is the value at each bucket's end, carried through buckets with no event", () => {
    const g = new GaugeGroup(TEN, 1, 'last', 'each');
    g.set(150, 0, 5);
    g.set(160, 0, 7);
    g.set(420, 0, 9);
    g.finish();
    expect(values(g.series[0]!)).toEqual([null, 7, 7, 7, 9, 9, 9, 9, 9, 9]);
  });

  it("'max' counts the value a bucket starts with, so a lag that falls is not lost", () => {
    const g = new GaugeGroup(TEN, 1, 'max', 'each');
    g.set(50, 0, 100);
    g.set(250, 0, 3);
    g.set(260, 0, 40);
    g.finish();
    expect(values(g.series[0]!)).toEqual([100, 100, 100, 40, 40, 40, 40, 40, 40, 40]);
  });

  it("'sample-max' keeps the largest sample and leaves a bucket without one empty", () => {
    const g = new GaugeGroup(TEN, 1, 'sample-max', 'each');
    g.set(10, 0, 4);
    g.set(20, 0, 2);
    g.set(330, 0, 6);
    g.finish();
    expect(values(g.series[0]!)).toEqual([4, null, null, 6, null, null, null, null, null, null]);
  });

  it('a member set to NaN has no value from then on (a segment that left its PG)', () => {
    const g = new GaugeGroup(TEN, 1, 'max', 'each');
    g.set(10, 0, 4);
    g.set(150, 0, NaN);
    g.finish();
    expect(values(g.series[0]!)).toEqual([4, 4, null, null, null, null, null, null, null, null]);
  });

  it('keeps a line per member, or only their largest or smallest value', () => {
    const each = new GaugeGroup(TEN, 2, 'last', 'each');
    const max = new GaugeGroup(TEN, 2, 'last', 'max');
    const min = new GaugeGroup(TEN, 2, 'last', 'min');
    for (const g of [each, max, min]) {
      g.set(0, 0, 1);
      g.set(0, 1, 5);
      g.set(500, 0, 8);
      g.finish();
    }
    expect(each.series).toHaveLength(2);
    expect(values(each.series[1]!)).toEqual(Array(10).fill(5));
    expect(values(max.series[0]!)).toEqual([5, 5, 5, 5, 5, 8, 8, 8, 8, 8]);
    expect(values(min.series[0]!)).toEqual([1, 1, 1, 1, 1, 5, 5, 5, 5, 5]);
  });

  it('takes no value after finish', () => {
    const g = new GaugeGroup(TEN, 1, 'last', 'each');
    g.finish();
    expect(() => g.set(0, 0, 1)).toThrow('set after finish');
  });

  it('counts events per bucket', () => {
    const c = new Counter(TEN);
    c.add(0);
    c.add(99);
    c.add(100, 3);
    c.add(5_000);
    expect(Array.from(c.counts)).toEqual([2, 3, 0, 0, 0, 0, 0, 0, 0, 1]);
  });
});
