/**
 * ddmin on synthetic predicates: what it returns still fails and is 1-minimal (removing any
 * one element makes it pass), and a tester that answers a batch at a time gets the same
 * answer as one that tests candidates one by one.
 */
import { describe, expect, it } from 'vitest';
import { ddmin, split, type Tester } from './ddmin.ts';

/** A tester over a synchronous predicate, counting the candidates it tested. */
function tester(fails: (items: readonly number[]) => boolean): Tester<number> & { tests: number } {
  const t = {
    tests: 0,
    firstFailing: (candidates: readonly (readonly number[])[]) => {
      for (const [i, c] of candidates.entries()) {
        t.tests++;
        if (fails(c)) return Promise.resolve(i);
      }
      return Promise.resolve(undefined);
    },
  };
  return t;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** True when `subset` fails and no subset one element smaller does. */
function oneMinimal(subset: readonly number[], fails: (items: readonly number[]) => boolean): boolean {
  return fails(subset) && subset.every((_, i) => !fails(subset.filter((__, j) => j !== i)));
}

describe('ddmin', () => {
  it('finds the two elements that together make the failure', async () => {
    const fails = (items: readonly number[]) => items.includes(3) && items.includes(11);
    expect(await ddmin(range(16), tester(fails))).toEqual([3, 11]);
  });

  it('returns a 1-minimal subset when several would do', async () => {
    // Fails with any three of the multiples of 5, or with 7 and 8 together.
    const fails = (items: readonly number[]) => items.filter((x) => x % 5 === 0).length >= 3 || (items.includes(7) && items.includes(8));
    const found = await ddmin(range(30), tester(fails));
    expect(oneMinimal(found, fails)).toBe(true);
  });

  it('returns the empty list when the failure needs none of the elements, after one test', async () => {
    const t = tester(() => true);
    expect(await ddmin(range(10), t)).toEqual([]);
    expect(t.tests).toBe(1);
  });

  it('keeps the elements in their first order and reports every reduction', async () => {
    const fails = (items: readonly number[]) => [2, 5, 9].every((x) => items.includes(x));
    const reductions: number[][] = [];
    const found = await ddmin(range(12), tester(fails), (r) => reductions.push([...r.kept]));
    expect(found).toEqual([2, 5, 9]);
    expect(reductions.at(-1)).toEqual([2, 5, 9]);
    for (const [i, kept] of reductions.entries()) expect(kept.length).toBeLessThan(i === 0 ? 12 : reductions[i - 1]!.length);
  });

  it('never tests a chunk alone that lies inside a list already seen to pass, and tests every complement', async () => {
    // All eight needed: halves pass, so the quarters and the single elements alone are not
    // tried; every complement is, down to each single removal.
    const sizes: number[] = [];
    const recording = tester((items) => {
      sizes.push(items.length);
      return items.length === 8;
    });
    expect(await ddmin(range(8), recording)).toEqual(range(8));
    expect(sizes).toEqual([0, 4, 4, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7]);
  });

  it('stops with what it has once the tester is stopped', async () => {
    let budget = 3;
    const t: Tester<number> = {
      firstFailing: async (candidates) => {
        for (const [i, c] of candidates.entries()) {
          if (budget-- <= 0) return undefined;
          if (c.includes(1) && c.includes(14)) return i;
        }
        return undefined;
      },
      stopped: () => budget <= 0,
    };
    const found = await ddmin(range(16), t);
    expect(found).toContain(1);
    expect(found).toContain(14);
    expect(found.length).toBeGreaterThan(2);
  });
});

describe('split', () => {
  it('cuts a list into n consecutive chunks whose sizes differ by at most one', () => {
    expect(split(range(7), 3)).toEqual([[0, 1, 2], [3, 4], [5, 6]]);
    expect(split(range(2), 4)).toEqual([[0], [1]]);
  });
});
