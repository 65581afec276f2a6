/**
 * The trace vocabulary: every event kind the model emits and the names of its integer fields.
 * Checkers and the trace exporter read events by these names; the hash covers them all.
 */
import type { TraceKinds } from '../core/trace.ts';

export const TRACE_KINDS = {
  /** A transaction entered the writer. */
  'txn.submit': ['txn'],
  /** One redo record got its LSN; `cpl` is 1 on the last record of an MTR. */
  alloc: ['lsn', 'pg', 'cpl'],
  /** Allocation is stalled at the LAL limit (back-pressure), waiting for VDL to move. */
  'lal.stall': ['lsn', 'vdl'],
  'lal.resume': ['lsn', 'vdl'],
  /** A commit was acknowledged to its client. */
  commit: ['txn', 'lsn', 'latencyUs'],
  /** The writer's consistency points moved. */
  pgcl: ['pg', 'lsn'],
  vcl: ['lsn'],
  vdl: ['lsn'],
  /** A segment's SCL moved (after its records were persisted). */
  scl: ['pg', 'segment', 'lsn'],
  /** A segment filled `records` missing records from a peer by gossip. */
  'gossip.fill': ['pg', 'segment', 'records'],
  /** The network lost a message between two hosts. */
  'net.drop': ['from', 'to', 'bytes'],
  /** A replica learnt a VDL and applied every record up to it. */
  'replica.vdl': ['replica', 'lsn'],
  /** Scenario phase markers and other rare events carry text. */
  phase: [],
} as const satisfies TraceKinds;

export type TraceKind = keyof typeof TRACE_KINDS;
