/**
 * What a writer is wired to (its ports) and configured with, and the deliberate defects
 * negative scenarios can switch on in it.
 */
import type { Loop } from '../core/loop.ts';
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import type { Network } from '../net/network.ts';
import type { VolumeState } from '../protocol/messages.ts';
import type { PgMemberships } from '../quorum/membership.ts';
import type { Topology } from '../topology/topology.ts';
import type { ReplicationStream } from './replication-stream.ts';
import type { StorageDriver } from './storage-driver.ts';
import type { Transaction } from './transaction.ts';

/**
 * Deliberate writer defects, for negative scenarios that prove a checker fires: each name with
 * what it breaks (the scenario schema and its docs read these texts).
 */
export const WRITER_BUGS = {
  'vdl-ignores-cpl': 'VDL follows VCL even where VCL is not an MTR boundary.',
  'ignore-lal': 'LSNs are allocated without the LAL bound.',
  'commit-on-own-pg': 'A commit is acknowledged once its own PG holds it, ignoring earlier LSNs elsewhere.',
  'pgcl-from-last-ack': 'PGCL is taken from the latest acknowledgement alone, so it can move backwards.',
  'truncate-at-vcl': 'Recovery truncates at VCL instead of VDL, keeping part of an unfinished MTR.',
  'pgcl-needs-all': 'PGCL waits for every segment, not a write quorum: one segment down stops writes.',
  'recovery-counts-empty-segments': 'Recovery counts segments that lost their data (or are still hydrating) toward its read quorum.',
  'scl-inside-truncation-trusted':
    'The writer takes an SCL reported from inside its own epoch\'s truncation range at face value, so its PGCL can land on annulled LSNs.',
} as const;

export type WriterBug = keyof typeof WRITER_BUGS;

export const isWriterBug = (name: string): name is WriterBug => Object.hasOwn(WRITER_BUGS, name);

export type WriterState = 'recovering' | 'open' | 'fenced' | 'dead';

export interface WriterOptions {
  readonly host: number;
  /** The volume state this writer works in: its epoch and earlier truncations. */
  readonly volume: VolumeState;
  readonly lal: number;
  readonly recordsPerMtr: number;
  readonly pages: number;
  readonly recoveryRetry: number;
  /** How long a recovery's repair step may go without progress before it gives up, µs (recovery.ts, step 4). */
  readonly repairStall: number;
  /** Repair detection time, µs. */
  readonly repairDetection: number;
  readonly bugs: readonly WriterBug[];
}

export interface WriterPorts {
  readonly loop: Loop;
  readonly trace: ModelTrace;
  readonly net: Network;
  readonly topology: Topology;
  /** Each PG's current membership and quorum system. */
  readonly memberships: PgMemberships;
  readonly driver: StorageDriver;
  readonly replication: ReplicationStream;
  /** The writer acknowledged a commit to its client. */
  readonly onCommit: (txn: Transaction) => void;
  /** The writer will never acknowledge this transaction (it crashed or was fenced). */
  readonly onAbort: (txn: Transaction) => void;
  /** A recovery chose a truncation; false if a newer writer took the volume (see RecoveryOptions.onTruncation). */
  readonly onTruncation: (volume: VolumeState) => boolean;
  /**
   * The next volume epoch for a writer that must recover again (compare-and-set: undefined if
   * `epoch` is no longer the volume's, a newer writer took it).
   */
  readonly renewEpoch: (epoch: number) => VolumeState | undefined;
  /** A segment lagged its PG for the repair detection time. */
  readonly onSuspect: (pg: number, slot: number) => void;
  /** A lagging segment of a pending replacement caught up with its PG. */
  readonly onCaughtUp: (pg: number, slot: number) => void;
}
