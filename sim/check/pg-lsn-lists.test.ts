/**
 * A PG's LSN list keeps its LSNs in order whatever order they come in, forgets a prefix on
 * request, and holds LSNs past 32 bits exactly.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import { PgLsnLists } from './pg-lsn-lists.ts';

function kept(lists: PgLsnLists, pg: number): number[] {
  const list = lists.list(pg);
  const out: number[] = [];
  for (let i = lists.first(pg); i < lists.end(pg); i++) out.push(list[i]!);
  return out;
}

describe('PG LSN lists', () => {
  it('agree with a sorted array under a random mix of appends, late inserts, forgetting and filtering', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const rng = Rng.root(`lsn-lists-${seed}`);
      const lists = new PgLsnLists(2);
      const expected: number[][] = [[], []];
      let next = 1;
      for (let step = 0; step < 4_000; step++) {
        const pg = rng.int(2);
        const mine = expected[pg]!;
        const op = rng.int(100);
        if (op < 85) {
          const late = mine.length > 0 && rng.chance(0.05);
          const lsn = late ? mine[mine.length - 1]! - 1 - rng.int(3) : (next += 1 + rng.int(3));
          if (late && (lsn <= 0 || mine.includes(lsn))) continue;
          lists.add(pg, lsn);
          mine.push(lsn);
          mine.sort((a, b) => a - b);
        } else if (op < 98) {
          const through = mine.length === 0 ? 0 : mine[rng.int(mine.length)]!;
          lists.forgetThrough(pg, through);
          expected[pg] = mine.filter((lsn) => lsn > through);
        } else {
          lists.keepOnly(pg, (lsn) => lsn % 3 !== 0);
          expected[pg] = mine.filter((lsn) => lsn % 3 !== 0);
        }
        expect(kept(lists, pg), `seed ${seed} step ${step}`).toEqual(expected[pg]);
        expect(lists.kept(pg)).toBe(expected[pg]!.length);
      }
    }
  });

  it('holds LSNs past 32 bits exactly, the smaller ones before them too', () => {
    const lists = new PgLsnLists(1);
    for (const lsn of [5, 4_294_967_295, 4_294_967_296, 2 ** 52 + 1]) lists.add(0, lsn);
    expect(kept(lists, 0)).toEqual([5, 4_294_967_295, 4_294_967_296, 2 ** 52 + 1]);
    expect(lists.indexAbove(0, 4_294_967_295)).toBe(2);
  });
});
