/**
 * The writer's records not yet under their PG's PGCL, kept per PG for retransmission: a
 * boxcar lost on the way to every segment that could take it would hold its PG's PGCL
 * forever (nobody holds the records, so gossip cannot help). When a PG's oldest uncovered
 * record has waited RETRANSMIT_AFTER, its records are due to be shipped again; storage drops
 * what it already holds.
 */
import { shouldCompact } from '../core/compaction.ts';
import type { LogRecord } from '../protocol/log-record.ts';

/** How long a PG's oldest uncovered record waits before its records are shipped again, µs. */
export const RETRANSMIT_AFTER = 200_000;
/** Most records one retransmission carries per PG. */
const RETRANSMIT_MAX = 1000;

export class UncoveredRecords {
  private readonly records: LogRecord[][];
  private readonly heads: Int32Array;
  /** Per PG, since when its oldest uncovered record has been the oldest (or last resent), µs. */
  private readonly oldestSince: Float64Array;

  constructor(protectionGroups: number) {
    this.records = Array.from({ length: protectionGroups }, () => []);
    this.heads = new Int32Array(protectionGroups);
    this.oldestSince = new Float64Array(protectionGroups);
  }

  add(record: LogRecord, now: number): void {
    const list = this.records[record.pg]!;
    if (list.length === this.heads[record.pg]) this.oldestSince[record.pg] = now;
    list.push(record);
  }

  /** The PG's PGCL reached `pgcl`: its records at or below are durable. */
  coverUpTo(pg: number, pgcl: number, now: number): void {
    const list = this.records[pg]!;
    let head = this.heads[pg]!;
    const before = head;
    while (head < list.length && list[head]!.lsn <= pgcl) head++;
    if (head === before) return;
    this.oldestSince[pg] = now;
    if (shouldCompact(head, list.length)) {
      this.records[pg] = list.slice(head);
      head = 0;
    }
    this.heads[pg] = head;
  }

  /** Records due to be shipped again now, per PG (and their clocks restart). */
  due(now: number): { pg: number; records: LogRecord[] }[] {
    const due: { pg: number; records: LogRecord[] }[] = [];
    for (let pg = 0; pg < this.records.length; pg++) {
      const list = this.records[pg]!;
      const head = this.heads[pg]!;
      if (head === list.length || now - this.oldestSince[pg]! < RETRANSMIT_AFTER) continue;
      this.oldestSince[pg] = now;
      due.push({ pg, records: list.slice(head, head + RETRANSMIT_MAX) });
    }
    return due;
  }
}
