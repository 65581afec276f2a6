/**
 * A storage node's durable writes: what each is for and what to do once it is on disk.
 */
import type { LogRecord } from '../protocol/log-record.ts';
import type { DiskJob } from './disk.ts';
import type { Segment } from './segment.ts';

/** What a durable write is for: records of a write or a gossip fill, or volume state for a request. */
export type PersistKind = 'write' | 'fill' | 'recovery' | 'truncate';

/**
 * A durable write and what to do once it is on disk. One flat shape for every kind (unused
 * fields empty) rather than a job wrapping a tagged union: one object per disk write instead
 * of two, and one hidden class on the path that runs for every copy of every record.
 */
export interface PersistJob extends DiskJob {
  readonly segment: Segment;
  readonly kind: PersistKind;
  /** Records to persist ('write', 'fill'). */
  readonly records: readonly LogRecord[];
  /** Who is answered ('write', 'recovery', 'truncate'); -1 for a fill. */
  readonly replyTo: number;
  /** Volume epoch of the request answered ('write'). */
  readonly epoch: number;
}

export const NO_RECORDS: readonly LogRecord[] = [];
