/**
 * The trace vocabulary: every event kind the model emits and the names of its integer fields,
 * in line order. Handlers read events by these names (`ModelTrace.on`, type-checked), the
 * `--trace` file writes them, and ARCHITECTURE.md §4.4 lists them (a test keeps it in step).
 * The hash covers the values, not the names.
 */
import type { Trace, TraceFields, TraceHandler, TraceKinds } from '../core/trace.ts';

export const TRACE_KINDS = {
  /** The writer shipped a PG's records again: none had reached a quorum for a while. */
  retransmit: ['pg', 'records'],
  /** A transaction entered the writer. */
  'txn.submit': ['txn'],
  /** No open writer could take the transaction. */
  'txn.refused': ['txn'],
  /** The writer holding the transaction died or was fenced; it will never be acknowledged. */
  'txn.abort': ['txn'],
  /** One redo record got its LSN; `cpl` is 1 on the last record of an MTR. */
  alloc: ['lsn', 'pg', 'cpl', 'epoch'],
  /** Allocation is stalled at the LAL limit (back-pressure), waiting for VDL to move. */
  'lal.stall': ['lsn', 'vdl'],
  'lal.resume': ['lsn', 'vdl'],
  /** A commit was acknowledged to its client by the writer of `epoch`. */
  commit: ['txn', 'lsn', 'latencyUs', 'epoch', 'pg'],
  /** The writer's consistency points moved (VDL also when a recovery sets it). */
  pgcl: ['pg', 'lsn', 'epoch'],
  vcl: ['lsn', 'epoch'],
  vdl: ['lsn', 'epoch'],
  /** A writer opened for transactions in `epoch`; a storage refusal fenced one out. */
  'writer.open': ['host', 'epoch'],
  'writer.fenced': ['host', 'epoch'],
  /** Recovery: started; computed VCL and VDL from a read quorum; truncated; opened. */
  'recovery.start': ['host', 'epoch'],
  'recovery.read': ['epoch', 'vcl', 'vdl'],
  truncate: ['epoch', 'from', 'to'],
  'recovery.done': ['epoch', 'vdl'],
  /** The metadata service refused a recovery's truncation: a newer writer took the volume first. */
  'recovery.superseded': ['host', 'epoch'],
  /**
   * A recovery in its repair step gave up: the segment in `segment` of `pg` lost the last copy
   * it knew of a kept record. Its writer recovers again in the next epoch.
   */
  'recovery.lost-edge': ['epoch', 'pg', 'segment'],
  /** A recovery's repair step went too long with no unrepaired PG moving: it gave up, as above. */
  'recovery.stalled': ['epoch'],
  /** The control plane chose a replica's host as the new writer. */
  promote: ['host', 'epoch'],
  /** A segment's SCL moved (after its records were persisted). */
  scl: ['pg', 'segment', 'lsn'],
  /** A segment adopted a newer volume epoch. */
  'segment.epoch': ['pg', 'segment', 'epoch'],
  /** A segment adopted a newer volume state; `scl` after any truncation it applied. */
  'segment.volume': ['pg', 'segment', 'scl', 'truncations'],
  /** A segment lost its data (disk loss). */
  'segment.wipe': ['pg', 'segment'],
  /** A new, empty segment took a slot of the PG (repair); any earlier occupant is gone. */
  'segment.new': ['pg', 'segment'],
  /** A new segment installed a peer's copy of the PG (repair). */
  'segment.hydrated': ['pg', 'segment', 'scl'],
  /** A segment refused a request of an older membership epoch. */
  'reject.membership': ['pg', 'segment', 'requestEpoch', 'segmentEpoch'],
  /** A PG's membership changed: epoch, settled members (mask), pending replacements (encoded). */
  membership: ['pg', 'epoch', 'base', 'replacements'],
  /** A replacement could not start: no node is free to hold the new segment. */
  'repair.blocked': ['pg', 'segment'],
  /** Storage refused a request (a stale epoch, or a defect). */
  reject: ['pg', 'segment', 'requestEpoch', 'segmentEpoch'],
  /** A segment filled `records` missing records from a peer by gossip. */
  'gossip.fill': ['pg', 'segment', 'records'],
  /** The network lost a message between two hosts. */
  'net.drop': ['from', 'to', 'bytes'],
  /** A replica learnt a VDL and applied every record up to it. */
  'replica.vdl': ['replica', 'lsn'],
  /** Whether the active faults owe clients write availability (1) or not (0), when it changes. */
  budget: ['writesOwed'],
  /** Whether the active faults stay within the failure model (AZ+1 with a read quorum, per PG), when it changes. */
  'failure-model': ['within'],
  /** Whether a failover is owed (failover on, the writer's host down, another compute host up), when it changes. */
  'failover-owed': ['owed'],
  /** Scenario phase markers (text). */
  phase: 'text',
  /** An injected fault began or ended: `start <kind> <target> [params]` / `end <kind> <target>` (text). */
  fault: 'text',
  // I/O detail (IO_DETAIL_KINDS): emitted only when a run asks for it, never hashed. `node` and
  // `host` are host ids.
  /** A durable write entered service on a node's disk; `write` numbers that disk's writes from 1; `records` is 0 for volume state. */
  'disk.start': ['node', 'write', 'pg', 'segment', 'records'],
  /** That write is durable (a write lost in a crash never is). */
  'disk.done': ['node', 'write', 'pg', 'segment'],
  /** A node's disk queue changed: writes waiting for a free slot, writes in service. */
  'disk.queue': ['node', 'waiting', 'inService'],
  /** A node crashed: the `writes` in service or waiting on its disk are lost. */
  'disk.lost': ['node', 'writes'],
  /**
   * The writer's storage driver on `host` shipped a boxcar of `records` records of `pg`, the last
   * `lsn`, to every segment of the PG; `batch` numbers that driver's boxcars from 1.
   */
  'batch.send': ['host', 'batch', 'pg', 'records', 'lsn'],
  /** A segment acknowledged a persisted write whose last record is `lsn`, with its SCL. */
  'ack.send': ['node', 'pg', 'segment', 'lsn', 'scl'],
  /** An acknowledgement reached the writer on `host`: its SCL and the volume epoch it answers. */
  'ack.arrive': ['host', 'pg', 'segment', 'scl', 'epoch'],
} as const satisfies TraceKinds;

export type TraceKind = keyof typeof TRACE_KINDS;

/**
 * The I/O detail level: disk writes and queues on storage nodes, boxcars of the storage driver
 * and their acknowledgements. A run emits them only when it asks (`detail: 'io'`); they reach
 * handlers but never the traceHash or the event count, so a run is the same run with or without.
 */
export const IO_DETAIL_KINDS = [
  'disk.start', 'disk.done', 'disk.queue', 'disk.lost', 'batch.send', 'ack.send', 'ack.arrive',
] as const satisfies readonly TraceKind[];

export type DetailKind = (typeof IO_DETAIL_KINDS)[number];

/** The kinds whose events the traceHash covers and the event count counts: all but the detail kinds. */
export const HASHED_KINDS: TraceKinds = Object.fromEntries(
  Object.entries(TRACE_KINDS).filter(([kind]) => !(IO_DETAIL_KINDS as readonly string[]).includes(kind)),
);

/** The model's trace: its emits are checked against the table, and its readers name fields. */
export type ModelTrace = Trace<typeof TRACE_KINDS, DetailKind>;

/** What a handler of `kind` reads (for a handler shared by kinds with the same fields). */
export type ModelFields<N extends TraceKind> = TraceFields<(typeof TRACE_KINDS)[N]>;
export type ModelHandler<N extends TraceKind> = TraceHandler<(typeof TRACE_KINDS)[N]>;
