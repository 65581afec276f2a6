import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';
import { IntMap } from './int-map.ts';

describe('IntMap', () => {
  it('stores, replaces and forgets values by LSN, including LSN 0', () => {
    const map = new IntMap<string>();
    map.set(0, 'first');
    map.set(7, 'a');
    map.set(7, 'b');
    expect([map.get(0), map.get(7), map.get(8), map.size]).toEqual(['first', 'b', undefined, 2]);
    expect(map.delete(7)).toBe(true);
    expect(map.delete(7)).toBe(false);
    expect([map.get(7), map.size]).toEqual([undefined, 1]);
  });

  it('handles keys beyond 32 bits and keys that share their low bits', () => {
    const map = new IntMap<number>();
    const keys = [2 ** 32, 2 ** 32 + 1, 2 ** 40, 2 ** 52 + 3, Number.MAX_SAFE_INTEGER, 1, 2 ** 33];
    keys.forEach((k, i) => map.set(k, i));
    keys.forEach((k, i) => expect(map.get(k)).toBe(i));
  });

  it('agrees with a Map under a random mix of operations, through growth and deletion chains', () => {
    const rng = Rng.root(7);
    const map = new IntMap<number>(2);
    const model = new Map<number, number>();
    for (let step = 0; step < 50_000; step++) {
      // Keys spaced by 4, as a PG's LSNs are with four PGs: clusters and probe runs form.
      const key = 4 * rng.int(400);
      const op = rng.int(3);
      if (op === 0) {
        map.set(key, step);
        model.set(key, step);
      } else if (op === 1) {
        expect(map.delete(key)).toBe(model.delete(key));
      } else {
        expect(map.get(key)).toBe(model.get(key));
      }
      expect(map.size).toBe(model.size);
    }
    for (const [k, v] of model) expect(map.get(k)).toBe(v);
    expect(map.valueList().sort((a, b) => a - b)).toEqual([...model.values()].sort((a, b) => a - b));
  });

  it('deletes by predicate and clears', () => {
    const map = new IntMap<number>();
    for (let k = 0; k < 100; k++) map.set(k, k * 10);
    map.deleteWhere((key) => key % 3 === 0);
    expect(map.size).toBe(66);
    expect([map.get(3), map.get(4)]).toEqual([undefined, 40]);
    map.clear();
    expect([map.size, map.get(4)]).toEqual([0, undefined]);
  });

  it('gives back a large table once it is mostly empty, and keeps a small one as it is', () => {
    const map = new IntMap<number>();
    for (let k = 0; k < 100_000; k++) map.set(k * 7, k);
    const peak = map.capacity;
    expect(peak).toBeGreaterThanOrEqual(200_000);
    for (let k = 0; k < 99_990; k++) map.delete(k * 7);
    expect(map.size).toBe(10);
    expect(map.capacity).toBe(1024);
    for (let k = 99_990; k < 100_000; k++) expect(map.get(k * 7)).toBe(k);
    for (let k = 0; k < 400; k++) map.set(1_000_000 + k, k);
    for (let k = 0; k < 400; k++) map.delete(1_000_000 + k);
    expect(map.capacity).toBe(1024);
    for (let k = 0; k < 5_000; k++) map.set(k, k);
    map.clear();
    expect([map.size, map.capacity, map.get(3)]).toEqual([0, 1024, undefined]);
  });
});
