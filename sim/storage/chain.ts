/**
 * A segment's chain of records (see Segment), stored so that the segments of one PG that hold
 * the same records hold them once.
 *
 * Why: while a segment is down its peers cannot fold records away (it may still need them by
 * gossip), so each of them keeps the whole backlog of the outage. Six private arrays of the
 * same references cost more than the records themselves; a run with an AZ outage at 20,000
 * txn/s needed twice the memory of the same run without it.
 *
 * How: a chain is a window `[head, end)` of positions in a `ChainLog`, an array of records
 * that several chains may read. Positions are numbered alike in every log of a PG (a log made
 * for a chain that parts ways copies its window at the same positions), so a chain can move
 * from one log to another without renumbering.
 *
 * Why it is exact: a chain is gapless (each record's `segmentPrev` is the LSN of the one
 * before it) and the writer makes one record object per LSN. So two logs holding the same
 * record object at the same position hold the same records at every position before it, down
 * to the start of either: a chain may move to any log that holds its last record where it
 * does and still holds its head. A record pushed where the log holds a different one (a new
 * epoch's record where a truncated one was) moves the chain to a log that holds it there, or
 * cuts a tail no other chain reads, or copies the chain's window into a new log.
 *
 * Not for a segment whose defect chains records above a gap: its chain is not gapless, so it
 * keeps a log of its own (`shared: false`).
 */
import { shouldCompact } from '../core/compaction.ts';
import type { LogRecord } from '../protocol/log-record.ts';

/** The logs of one PG's chains (one family for every segment of the PG, on every node). */
export class ChainLogs {
  readonly logs: ChainLog[] = [];

  /** A new log starting at `base`, holding `records` at `base`, `base + 1`, ... */
  create(base: number, records: LogRecord[]): ChainLog {
    const log = new ChainLog(this, base, records);
    this.logs.push(log);
    return log;
  }

  /** A log that holds `record` at `position` and is read from no later than `head`, if any. */
  holding(record: LogRecord, position: number, head: number, except: ChainLog): ChainLog | undefined {
    for (const log of this.logs) if (log !== except && log.base <= head && log.at(position) === record) return log;
    return undefined;
  }

  /** A log that holds `first` and `last`, `count` positions apart, and where they are. */
  find(first: LogRecord, last: LogRecord, count: number): { log: ChainLog; head: number } | undefined {
    for (const log of this.logs) {
      const head = log.positionOf(first);
      if (head >= 0 && log.at(head + count - 1) === last) return { log, head };
    }
    return undefined;
  }

  forget(log: ChainLog): void {
    const index = this.logs.indexOf(log);
    if (index >= 0) this.logs.splice(index, 1);
  }
}

/** An array of records at positions `base`, `base + 1`, ..., and the chains that read it. */
export class ChainLog {
  readonly family: ChainLogs;
  base: number;
  readonly records: LogRecord[];
  readonly readers: Chain[] = [];

  constructor(family: ChainLogs, base: number, records: LogRecord[]) {
    this.family = family;
    this.base = base;
    this.records = records;
  }

  get top(): number {
    return this.base + this.records.length;
  }

  at(position: number): LogRecord | undefined {
    return position >= this.base ? this.records[position - this.base] : undefined;
  }

  /** Position of `record` (by LSN, then identity), or -1. */
  positionOf(record: LogRecord): number {
    const records = this.records;
    let low = 0;
    let high = records.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (records[mid]!.lsn < record.lsn) low = mid + 1;
      else high = mid;
    }
    return records[low] === record ? this.base + low : -1;
  }

  /** Whether a reader other than `chain` reads at or past `position`. */
  readByOthersFrom(position: number, chain: Chain): boolean {
    for (const reader of this.readers) if (reader !== chain && reader.end > position) return true;
    return false;
  }

  /** Drops the positions at and past `position`. */
  cut(position: number): void {
    this.records.length = position - this.base;
  }

  /**
   * Drops records below every reader's head, once that is worth a copy. A reader whose whole
   * window lies below `by`'s head (a segment no longer a member, one that lost its data, a new
   * one still empty) shares nothing with it: it takes a log of its own first, or the log would
   * keep growing under it.
   */
  trim(by: Chain): void {
    for (let i = this.readers.length - 1; i >= 0; i--) {
      const reader = this.readers[i]!;
      if (reader !== by && reader.end < by.head) reader.leave();
    }
    let low = this.top;
    for (const reader of this.readers) if (reader.head < low) low = reader.head;
    const drop = low - this.base;
    if (!shouldCompact(drop, this.records.length)) return;
    this.records.copyWithin(0, drop);
    this.records.length -= drop;
    this.base = low;
  }

  attach(chain: Chain): void {
    this.readers.push(chain);
  }

  detach(chain: Chain): void {
    const index = this.readers.indexOf(chain);
    if (index >= 0) this.readers.splice(index, 1);
    if (this.readers.length === 0) this.family.forget(this);
  }
}

/** One segment's chain: the records at positions `[head, end)` of `log`. */
export class Chain {
  head = 0;
  end = 0;
  private log: ChainLog;
  private readonly shared: boolean;

  constructor(family: ChainLogs, shared = true) {
    this.shared = shared;
    const own = shared ? family : new ChainLogs();
    const origin = own.logs[0];
    this.log = origin !== undefined && origin.base === 0 ? origin : own.create(0, []);
    this.log.attach(this);
  }

  get length(): number {
    return this.end - this.head;
  }

  at(position: number): LogRecord {
    return this.log.records[position - this.log.base]!;
  }

  /** Appends `record` after the chain's last record. */
  push(record: LogRecord): void {
    const log = this.log;
    const end = this.end;
    if (end === log.top) log.records.push(record);
    else if (log.at(end) !== record) this.part(record);
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

  /** The records at positions `[from, to)`, as a new array. */
  slice(from: number, to: number): LogRecord[] {
    return this.log.records.slice(from - this.log.base, to - this.log.base);
  }

  /** Position of the first record with LSN above `lsn` (the end if none). */
  indexAbove(lsn: number): number {
    const records = this.log.records;
    const base = this.log.base;
    let low = this.head;
    let high = this.end;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (records[mid - base]!.lsn <= lsn) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Holds exactly `records` from now on (a hydration's copy). */
  reset(records: readonly LogRecord[]): void {
    const family = this.log.family;
    const found = this.shared && records.length > 0 ? family.find(records[0]!, records[records.length - 1]!, records.length) : undefined;
    if (found !== undefined) this.moveTo(found.log, found.head, found.head + records.length);
    else this.moveTo(family.create(this.end, records.slice()), this.end, this.end + records.length);
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
      log.records.push(record);
      return;
    }
    this.leave();
    this.log.records.push(record);
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
