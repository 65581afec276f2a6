/**
 * The commits a writer has sent but not yet acknowledged, in LSN order: a commit is
 * acknowledged when VDL reaches its commit LSN (A17 §4.2.2; PROTOCOL.md erratum E3), so the
 * queue is released from its head as VDL moves, with no group-commit timer.
 */
import { shouldCompact } from '../core/compaction.ts';
import type { Transaction } from './transaction.ts';

export class CommitQueue {
  /** Parallel arrays; an entry acknowledged out of order (only by a defect) is `undefined`. */
  private lsns: number[] = [];
  private txns: (Transaction | undefined)[] = [];
  private head = 0;
  private readonly acknowledge: (txn: Transaction, lsn: number) => void;

  /** `acknowledge`: tells the client; called once per commit, in the order commits are released. */
  constructor(acknowledge: (txn: Transaction, lsn: number) => void) {
    this.acknowledge = acknowledge;
  }

  add(lsn: number, txn: Transaction): void {
    this.lsns.push(lsn);
    this.txns.push(txn);
  }

  /** Acknowledges every waiting commit at or below `vdl`, in LSN order. */
  releaseUpTo(vdl: number): void {
    while (this.head < this.lsns.length && this.lsns[this.head]! <= vdl) this.release(this.head++);
    if (shouldCompact(this.head, this.lsns.length)) {
      this.lsns.splice(0, this.head);
      this.txns.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Acknowledges every waiting commit `holds` accepts, wherever it is in the queue (the 'commit-on-own-pg' defect). */
  releaseWhere(holds: (txn: Transaction, lsn: number) => boolean): void {
    for (let i = this.head; i < this.lsns.length; i++) {
      const txn = this.txns[i];
      if (txn !== undefined && holds(txn, this.lsns[i]!)) this.release(i);
    }
  }

  /** Empties the queue; returns the commits it never acknowledged, in LSN order. */
  drain(): Transaction[] {
    const waiting = this.txns.slice(this.head).filter((txn): txn is Transaction => txn !== undefined);
    this.lsns = [];
    this.txns = [];
    this.head = 0;
    return waiting;
  }

  private release(index: number): void {
    const txn = this.txns[index];
    if (txn === undefined) return;
    this.txns[index] = undefined;
    this.acknowledge(txn, this.lsns[index]!);
  }
}
