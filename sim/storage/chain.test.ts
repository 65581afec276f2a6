/**
 * Chains that hold the same records share one log, and sharing never shows: whatever the
 * other chains of the PG do, each chain reads exactly the records it was given.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import type { LogRecord } from '../protocol/log-record.ts';
import { Chain, ChainLogs } from './chain.ts';

/** Records of one PG, one object per LSN, each following `after`. */
function recordsAfter(after: number, lsns: number[]): LogRecord[] {
  return lsns.map((lsn, i) => ({ lsn, pg: 0, segmentPrev: i === 0 ? after : lsns[i - 1]!, cpl: true }));
}

function contents(chain: Chain): number[] {
  return chain.slice(chain.head, chain.end).map((r) => r.lsn);
}

describe('chain', () => {
  it('chains given the same records hold them once', () => {
    const family = new ChainLogs();
    const chains = [0, 1, 2, 3, 4, 5].map(() => new Chain(family));
    for (const record of recordsAfter(0, [1, 2, 3, 4])) for (const chain of chains) chain.push(record);
    expect(family.logs).toHaveLength(1);
    expect(family.logs[0]!.top - family.logs[0]!.base).toBe(4);
    for (const chain of chains) expect(contents(chain)).toEqual([1, 2, 3, 4]);
  });

  it('a chain that lags reads what its peers pushed, and the log is trimmed below every head', () => {
    const family = new ChainLogs();
    const [fast, slow] = [new Chain(family), new Chain(family)];
    const records = recordsAfter(0, Array.from({ length: 200 }, (_, i) => i + 1));
    for (const record of records) fast.push(record);
    for (const record of records.slice(0, 150)) slow.push(record);
    fast.dropBelow(140);
    expect(family.logs[0]!.base).toBe(0); // the slow chain still reads from 0
    slow.dropBelow(120);
    expect(family.logs[0]!.base).toBe(120);
    expect(contents(slow)).toEqual(records.slice(120, 150).map((r) => r.lsn));
    for (const record of records.slice(150)) slow.push(record);
    expect(family.logs).toHaveLength(1);
  });

  it('a new epoch\'s record where a truncated one was parts the chain from peers that still read the old one', () => {
    const family = new ChainLogs();
    const [a, b] = [new Chain(family), new Chain(family)];
    for (const record of recordsAfter(0, [1, 2, 3])) { a.push(record); b.push(record); }
    a.popTo(1); // truncation (1, ...]: keeps LSN 1
    const [seven] = recordsAfter(1, [7]);
    a.push(seven!);
    expect(contents(a)).toEqual([1, 7]);
    expect(contents(b)).toEqual([1, 2, 3]);
    b.popTo(1);
    b.push(seven!); // joins the log that already holds 7 after 1
    expect(contents(b)).toEqual([1, 7]);
    expect(family.logs).toHaveLength(1);
  });

  it('a tail no other chain reads is cut rather than copied', () => {
    const family = new ChainLogs();
    const [a, b] = [new Chain(family), new Chain(family)];
    for (const record of recordsAfter(0, [1, 2, 3])) a.push(record);
    b.push(a.slice(0, 1)[0]!);
    a.popTo(1);
    a.push(recordsAfter(1, [9])[0]!);
    expect(family.logs).toHaveLength(1);
    expect(contents(a)).toEqual([1, 9]);
    expect(contents(b)).toEqual([1]);
  });

  it('a copy installed from a peer shares the peer\'s log', () => {
    const family = new ChainLogs();
    const peer = new Chain(family);
    for (const record of recordsAfter(0, [1, 2, 3, 4, 5])) peer.push(record);
    const fresh = new Chain(family);
    fresh.reset(peer.slice(2, 5));
    expect(contents(fresh)).toEqual([3, 4, 5]);
    expect(family.logs).toHaveLength(1);
  });

  it('a chain left behind by every peer takes a log of its own, so the shared log can shrink', () => {
    const family = new ChainLogs();
    const [live, gone] = [new Chain(family), new Chain(family)];
    const records = recordsAfter(0, Array.from({ length: 100 }, (_, i) => i + 1));
    for (const record of records.slice(0, 10)) { live.push(record); gone.push(record); }
    for (const record of records.slice(10)) live.push(record);
    live.dropBelow(80);
    expect(family.logs.find((log) => log.readers.includes(live))!.base).toBe(80);
    expect(contents(gone)).toEqual(records.slice(0, 10).map((r) => r.lsn));
  });

  it('a chain with its own family never shares (a defect that skips gaps)', () => {
    const family = new ChainLogs();
    const honest = new Chain(family);
    const skipping = new Chain(family, false);
    for (const record of recordsAfter(0, [1, 2])) { honest.push(record); skipping.push(record); }
    expect(family.logs).toHaveLength(1);
    expect(family.logs[0]!.readers).toEqual([honest]);
  });

  it('under any mix of pushes, truncations, folds, copies and losses, each chain reads exactly its own records', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const rng = Rng.root(`chain-${seed}`);
      const family = new ChainLogs();
      const chains = Array.from({ length: 6 }, () => new Chain(family));
      const expected: LogRecord[][] = chains.map(() => []);
      /** LSN each chain continues from (its last record, or its fold point when empty). */
      const last = chains.map(() => 0);
      /** Records made so far, by the LSN they follow: several when epochs branched. */
      const successors = new Map<number, LogRecord[]>();
      let nextLsn = 1;
      const successorOf = (after: number): LogRecord => {
        const known = successors.get(after) ?? [];
        if (known.length > 0 && !rng.chance(0.05)) return known[rng.int(known.length)]!;
        const record: LogRecord = { lsn: nextLsn++, pg: 0, segmentPrev: after, cpl: rng.chance(0.5) };
        successors.set(after, [...known, record]);
        return record;
      };
      for (let step = 0; step < 1500; step++) {
        const i = rng.int(chains.length);
        const chain = chains[i]!;
        const mine = expected[i]!;
        const op = rng.int(100);
        if (op < 70) {
          const record = successorOf(last[i]!);
          chain.push(record);
          mine.push(record);
          last[i] = record.lsn;
        } else if (op < 78 && mine.length > 0) {
          const keep = rng.int(mine.length + 1);
          chain.popTo(chain.head + keep);
          if (keep < mine.length) last[i] = keep > 0 ? mine[keep - 1]!.lsn : mine[0]!.segmentPrev;
          mine.length = keep;
        } else if (op < 90 && mine.length > 0) {
          const drop = rng.int(mine.length + 1);
          chain.dropBelow(chain.head + drop);
          mine.splice(0, drop);
        } else if (op < 97) {
          const j = rng.int(chains.length);
          const peer = chains[j]!;
          if (peer.length === 0 || j === i) continue;
          const from = peer.head + rng.int(peer.length);
          const copy = peer.slice(from, peer.end);
          chain.reset(copy);
          expected[i] = copy.slice();
          last[i] = copy[copy.length - 1]!.lsn;
        } else {
          chain.clear();
          expected[i] = [];
          last[i] = 0;
        }
        for (let c = 0; c < chains.length; c++) {
          expect(chains[c]!.slice(chains[c]!.head, chains[c]!.end), `seed ${seed} step ${step} chain ${c}`).toEqual(expected[c]);
        }
        const probe = rng.int(nextLsn + 1);
        const index = chain.indexAbove(probe) - chain.head;
        expect(index).toBe(expected[i]!.findIndex((r) => r.lsn > probe) === -1 ? expected[i]!.length : expected[i]!.findIndex((r) => r.lsn > probe));
      }
    }
  });
});
