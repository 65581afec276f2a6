/**
 * The commit queue acknowledges a commit once VDL reaches its LSN, in LSN order and exactly
 * once, and hands back on a crash or fencing the commits it never acknowledged.
 */
import { describe, expect, it } from 'vitest';
import { CommitQueue } from './commit-queue.ts';
import type { Transaction } from './transaction.ts';

const txn = (id: number): Transaction => ({ id } as Transaction);

function queue(lsns: number[]) {
  const acknowledged: string[] = [];
  const q = new CommitQueue((t, lsn) => acknowledged.push(`${t.id}@${lsn}`));
  lsns.forEach((lsn, i) => q.add(lsn, txn(i + 1)));
  return { q, acknowledged };
}

describe('commit queue', () => {
  it('acknowledges the commits at or below VDL, in LSN order, and no others', () => {
    const { q, acknowledged } = queue([10, 20, 30]);
    q.releaseUpTo(25);
    expect(acknowledged).toEqual(['1@10', '2@20']);
    q.releaseUpTo(30);
    expect(acknowledged).toEqual(['1@10', '2@20', '3@30']);
  });

  it('acknowledges each commit once, however often VDL is reported', () => {
    const { q, acknowledged } = queue([10]);
    q.releaseUpTo(10);
    q.releaseUpTo(15);
    expect(acknowledged).toEqual(['1@10']);
  });

  it('hands back what it never acknowledged, and is empty after', () => {
    const { q } = queue([10, 20, 30]);
    q.releaseUpTo(10);
    expect(q.drain().map((t) => t.id)).toEqual([2, 3]);
    expect(q.drain()).toEqual([]);
  });

  it('acknowledges out of order only through releaseWhere (a defect), and never twice', () => {
    const { q, acknowledged } = queue([10, 20, 30]);
    q.releaseWhere((_, lsn) => lsn === 20);
    q.releaseUpTo(30);
    expect(acknowledged).toEqual(['2@20', '1@10', '3@30']);
    expect(q.drain()).toEqual([]);
  });

  it('keeps working across compactions of its arrays', () => {
    const lsns = Array.from({ length: 5000 }, (_, i) => i + 1);
    const { q, acknowledged } = queue(lsns);
    for (let vdl = 100; vdl <= 5000; vdl += 100) q.releaseUpTo(vdl);
    expect(acknowledged.length).toBe(5000);
    expect(acknowledged[4999]).toBe('5000@5000');
  });
});
