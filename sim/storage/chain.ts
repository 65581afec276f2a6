/**
 * A segment's chain of records (see Segment), stored so that the segments of one PG that hold
 * the same records hold them once.
 *
 * Why: while a segment is down its peers cannot fold records away (it may still need them by
 * gossip), so each of them keeps the whole backlog of the outage. Six private arrays of the
 * same references cost more than the records themselves; a run with an AZ outage at 20,000
 * txn/s needed twice the memory of the same run without it.
 *
 * How: a chain is a window `[head, end)` of positions in a `ChainLog` (chain-log.ts), records
 * that several chains may read. Positions are numbered alike in every log of a PG (a log made
 * for a chain that parts ways copies its window at the same positions), so a chain can move
 * from one log to another without renumbering.
 *
 * Why it is exact: a chain is gapless (each record's `segmentPrev` is the LSN of the one
 * before it) and an LSN names one record (the writer allocates each once). So two logs holding
 * the same record at the same position hold the same records at every position before it,
 * down to the start of either: a chain may move to any log that holds its last record where it
 * does and still holds its head. A record pushed where the log holds a different one (a new
 * epoch's record where a truncated one was) moves the chain to a log that holds it there, or
 * cuts a tail no other chain reads, or copies the chain's window into a new log.
 *
 * Not for a segment whose defect chains records above a gap: its chain is not gapless, so it
 * keeps a log of its own (`shared: false`).
 */
import type { LogRecord } from '../protocol/log-record.ts';
import { ChainLogs, type ChainLog } from './chain-log.ts';

export { ChainLogs } from './chain-log.ts';

/** One segment's chain: the records at positions `[head, end)` of `log`. */
export class Chain {
  head = 0;
  end = 0;
  private log: ChainLog;
  private readonly shared: boolean;

  constructor(family: ChainLogs, shared = true) {
    this.shared = shared;
    const own = shared ? family : new ChainLogs(family.pg);
    const origin = own.logs[0];
    this.log = origin !== undefined && origin.base === 0 ? origin : own.create(0, []);
    this.log.attach(this);
  }

  get length(): number {
    return this.end - this.head;
  }

  /** LSN of the record at `position`. */
  lsnAt(position: number): number {
    return this.log.lsnAt(position);
  }

  /** Appends `record` after the chain's last record. */
  push(record: LogRecord): void {
    const log = this.log;
    const end = this.end;
    if (end === log.top) log.append(record);
    else if (!log.holdsAt(end, record)) this.part(record);
    this.end = end + 1;
  }

  /** Drops the records at and past `position` (a truncation). */
  popTo(position: number): void {
    this.end = position;
  }

  /** Drops the records below `position` (folded into pages). */
  dropBelow(position: number): void {
    this.head = position;
    this.log.trim(this);
  }

  /** The records at positions `[from, to)`, as new objects. */
  slice(from: number, to: number): LogRecord[] {
    const records: LogRecord[] = [];
    for (let p = from; p < to; p++) records.push(this.log.recordAt(p));
    return records;
  }

  /** Whether the record at `position` ends an MTR. */
  cplAt(position: number): boolean {
    return this.log.cplAt(position);
  }

  /** Position of the first record with LSN above `lsn` (the end if none). */
  indexAbove(lsn: number): number {
    return this.log.indexAbove(lsn, this.head, this.end);
  }

  /** Holds exactly `records` from now on (a hydration's copy). */
  reset(records: readonly LogRecord[]): void {
    const family = this.log.family;
    const found = this.shared && records.length > 0 ? family.find(records[0]!, records[records.length - 1]!, records.length) : undefined;
    if (found !== undefined) this.moveTo(found.log, found.head, found.head + records.length);
    else this.moveTo(family.create(this.end, records), this.end, this.end + records.length);
  }

  /** Holds nothing from now on (its data was lost). */
  clear(): void {
    this.moveTo(this.log.family.create(this.end, []), this.end, this.end);
  }

  /** Copies this chain's window into a log of its own. */
  leave(): void {
    this.moveTo(this.log.family.create(this.head, this.slice(this.head, this.end)), this.head, this.end);
  }

  /**
   * `record` goes where the log holds another: read a log of the family that holds it there,
   * cut the log's tail if no other chain reads it, or copy this chain's window into a new log.
   */
  private part(record: LogRecord): void {
    const log = this.log;
    const end = this.end;
    const other = this.shared ? log.family.holding(record, end, this.head, log) : undefined;
    if (other !== undefined) return this.moveTo(other, this.head, end);
    if (!log.readByOthersFrom(end, this)) {
      log.cut(end);
      log.append(record);
      return;
    }
    this.leave();
    this.log.append(record);
  }

  private moveTo(log: ChainLog, head: number, end: number): void {
    if (log !== this.log) {
      this.log.detach(this);
      log.attach(this);
      this.log = log;
    }
    this.head = head;
    this.end = end;
  }
}
