/**
 * The logs that the chains of one PG's segments read (chain.ts): records at consecutive
 * positions, stored as their fields in typed arrays, 17 bytes a record (LSN, segment backlink,
 * CPL flag; the PG is the family's).
 *
 * Why fields, not the record objects: a record object costs 56 bytes and lives as long as any
 * segment keeps it, which in an outage is the whole backlog. Stored as fields, the objects
 * the writer made die once delivered, and a chain hands out new ones when a peer asks
 * (`Chain.slice`). Nothing in the model depends on a record's identity: records are values,
 * one per LSN.
 */
import { shouldCompact } from '../core/compaction.ts';
import type { LogRecord } from '../protocol/log-record.ts';

const INITIAL_CAPACITY = 64;

/** The logs of one PG's chains (one family for every segment of the PG, on every node). */
export class ChainLogs {
  readonly pg: number;
  readonly logs: ChainLog[] = [];

  constructor(pg = 0) {
    this.pg = pg;
  }

  /** A new log starting at `base`, holding `records` at `base`, `base + 1`, ... */
  create(base: number, records: readonly LogRecord[]): ChainLog {
    const log = new ChainLog(this, base, records);
    this.logs.push(log);
    return log;
  }

  /** A log other than `except` that holds `record` at `position` and is read from no later than `head`, if any. */
  holding(record: LogRecord, position: number, head: number, except: ChainLog): ChainLog | undefined {
    for (const log of this.logs) if (log !== except && log.base <= head && log.holdsAt(position, record)) return log;
    return undefined;
  }

  /** A log that holds `first` and `last`, `count` positions apart, and where `first` is. */
  find(first: LogRecord, last: LogRecord, count: number): { log: ChainLog; head: number } | undefined {
    for (const log of this.logs) {
      const head = log.positionOf(first);
      if (head >= 0 && log.holdsAt(head + count - 1, last)) return { log, head };
    }
    return undefined;
  }

  forget(log: ChainLog): void {
    const index = this.logs.indexOf(log);
    if (index >= 0) this.logs.splice(index, 1);
  }
}

/** Records at positions `base` to `top - 1`, and the chains that read them. */
export class ChainLog {
  readonly family: ChainLogs;
  base: number;
  private size = 0;
  private lsns: Float64Array;
  private prevs: Float64Array;
  private cpls: Uint8Array;
  readonly readers: { readonly head: number; readonly end: number; leave(): void }[] = [];

  constructor(family: ChainLogs, base: number, records: readonly LogRecord[]) {
    this.family = family;
    this.base = base;
    const capacity = Math.max(INITIAL_CAPACITY, records.length + (records.length >> 1));
    this.lsns = new Float64Array(capacity);
    this.prevs = new Float64Array(capacity);
    this.cpls = new Uint8Array(capacity);
    for (const record of records) this.append(record);
  }

  get top(): number {
    return this.base + this.size;
  }

  lsnAt(position: number): number {
    return this.lsns[position - this.base]!;
  }

  cplAt(position: number): boolean {
    return this.cpls[position - this.base] === 1;
  }

  /** The record at `position`, as a new object. */
  recordAt(position: number): LogRecord {
    const i = position - this.base;
    return { lsn: this.lsns[i]!, pg: this.family.pg, segmentPrev: this.prevs[i]!, cpl: this.cpls[i] === 1 };
  }

  /** Whether the log holds `record` at `position`. */
  holdsAt(position: number, record: LogRecord): boolean {
    const i = position - this.base;
    return i >= 0 && i < this.size && this.lsns[i] === record.lsn && this.prevs[i] === record.segmentPrev && (this.cpls[i] === 1) === record.cpl;
  }

  /** Position of `record`, or -1. */
  positionOf(record: LogRecord): number {
    const position = this.indexAbove(record.lsn - 1, this.base, this.top);
    return this.holdsAt(position, record) ? position : -1;
  }

  /** The first position in `[from, to)` whose LSN is above `lsn` (`to` if none). */
  indexAbove(lsn: number, from: number, to: number): number {
    const lsns = this.lsns;
    const base = this.base;
    let low = from;
    let high = to;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (lsns[mid - base]! <= lsn) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  append(record: LogRecord): void {
    if (this.size === this.lsns.length) this.regrow(this.size + (this.size >> 1));
    const i = this.size++;
    this.lsns[i] = record.lsn;
    this.prevs[i] = record.segmentPrev;
    this.cpls[i] = record.cpl ? 1 : 0;
  }

  /** Whether a reader other than `chain` reads at or past `position`. */
  readByOthersFrom(position: number, chain: object): boolean {
    for (const reader of this.readers) if (reader !== chain && reader.end > position) return true;
    return false;
  }

  /** Drops the positions at and past `position`. */
  cut(position: number): void {
    this.size = position - this.base;
  }

  /**
   * Drops records below every reader's head, once that is worth a copy. A reader whose whole
   * window lies below `by`'s head (a segment no longer a member, one that lost its data, a new
   * one still empty) shares nothing with it: it takes a log of its own first, or the log would
   * keep growing under it.
   */
  trim(by: { readonly head: number }): void {
    for (let i = this.readers.length - 1; i >= 0; i--) {
      const reader = this.readers[i]!;
      if (reader !== by && reader.end < by.head) reader.leave();
    }
    let low = this.top;
    for (const reader of this.readers) if (reader.head < low) low = reader.head;
    const drop = low - this.base;
    if (!shouldCompact(drop, this.size)) return;
    this.size -= drop;
    this.base = low;
    // A log that held far more than it keeps gives the memory back.
    if (this.size * 4 < this.lsns.length && this.lsns.length > INITIAL_CAPACITY) this.regrow(Math.max(INITIAL_CAPACITY, this.size * 2), drop);
    else {
      this.lsns.copyWithin(0, drop, drop + this.size);
      this.prevs.copyWithin(0, drop, drop + this.size);
      this.cpls.copyWithin(0, drop, drop + this.size);
    }
  }

  attach(chain: { readonly head: number; readonly end: number; leave(): void }): void {
    this.readers.push(chain);
  }

  detach(chain: object): void {
    const index = this.readers.indexOf(chain as ChainLog['readers'][number]);
    if (index >= 0) this.readers.splice(index, 1);
    if (this.readers.length === 0) this.family.forget(this);
  }

  /** Moves the kept records (from array index `from`) into new arrays of `capacity`. */
  private regrow(capacity: number, from = 0): void {
    const to = from + this.size;
    const lsns = new Float64Array(capacity);
    const prevs = new Float64Array(capacity);
    const cpls = new Uint8Array(capacity);
    lsns.set(this.lsns.subarray(from, to));
    prevs.set(this.prevs.subarray(from, to));
    cpls.set(this.cpls.subarray(from, to));
    this.lsns = lsns;
    this.prevs = prevs;
    this.cpls = cpls;
  }
}
