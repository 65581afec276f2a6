/**
 * Every LSN the writers allocated, per PG, in LSN order, from `alloc` trace events: what each
 * PG's log should contain. Shared by the checkers that hold segments' claims against it. A
 * checker that knows every segment has folded a prefix into pages (so nothing there is ever
 * verified again) cuts it off, which keeps the log as short as the hot logs of storage.
 */
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import { PgLsnLists } from './pg-lsn-lists.ts';

export class AllocationLog extends PgLsnLists {
  attach(trace: ModelTrace): void {
    trace.on({ alloc: (_time, { lsn, pg }) => this.add(pg, lsn) });
  }
}

