/** Shrinking one number: a value that still fails, within the grain of the smallest, in few tests. */
import { describe, expect, it } from 'vitest';
import { shrinkNumber } from './bisect.ts';

function counting(fails: (v: number) => boolean): { fails: (v: number) => Promise<boolean>; tested: number[] } {
  const tested: number[] = [];
  return { tested, fails: (v) => (tested.push(v), Promise.resolve(fails(v))) };
}

describe('shrinkNumber', () => {
  it('finds the edge of a threshold to within the grain, on whole steps', async () => {
    const c = counting((v) => v >= 3_300_000);
    const found = await shrinkNumber({ low: 0, high: 10_000_000, grain: 100_000, step: 1000 }, c.fails);
    expect(found).toBeGreaterThanOrEqual(3_300_000);
    expect(found - 3_300_000).toBeLessThanOrEqual(100_000);
    expect(found % 1000).toBe(0);
    expect(c.tested.length).toBeLessThanOrEqual(8);
  });

  it('tries the floor first and stops there when it fails', async () => {
    const c = counting(() => true);
    expect(await shrinkNumber({ low: 1, high: 500, grain: 1, step: 1 }, c.fails)).toBe(1);
    expect(c.tested).toEqual([1]);
  });

  it('keeps the value when nothing lower fails', async () => {
    const c = counting((v) => v === 9);
    expect(await shrinkNumber({ low: 0, high: 9, grain: 1, step: 1 }, c.fails)).toBe(9);
  });
});
