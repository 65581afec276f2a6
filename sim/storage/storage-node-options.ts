/**
 * What a storage node is configured with, and the deliberate defects negative scenarios can
 * switch on in it.
 */
import type { DistributionSpec } from '../core/distribution-spec.ts';
import type { VolumeState } from '../protocol/messages.ts';
import type { ChainLogs } from './chain.ts';

/**
 * Deliberate storage defects, for negative scenarios that prove a checker fires: each name with
 * what it breaks (the scenario schema and its docs read these texts).
 */
export const STORAGE_BUGS = {
  'no-fencing': 'Storage does not refuse stale volume epochs, so a fenced writer keeps getting acknowledgements.',
  'reject-when-busy': 'Storage refuses current-epoch writes while its disk queue is full: it "votes".',
  'truncation-hint-trusted': 'A truncate request raises segments\' VDL hint before the recovered records are back on a write quorum.',
  'hydration-installs-annulled': 'A new segment installs a peer\'s copy without the truncations it already knows.',
  'scl-overstates': 'A segment chains a record that arrives above a gap: its SCL claims records it does not hold.',
} as const;

export type StorageBug = keyof typeof STORAGE_BUGS;

export const isStorageBug = (name: string): name is StorageBug => Object.hasOwn(STORAGE_BUGS, name);

/** What a scenario sets of the storage tier (`storage:`); `StorageNodeOptions` is it wired up. */
export interface StorageConfig {
  /** Latency of one durable write (one batch) on a storage node's disk. */
  readonly diskWrite: DistributionSpec;
  /** Writes a node's disk serves at once; more wait in FIFO order. */
  readonly diskQueueDepth: number;
  readonly segmentSizeBytes: number;
  /** How often each segment exchanges its SCL with one peer to find and fill gaps. */
  readonly gossipInterval: number;
  /** Most records one gossip reply carries. */
  readonly gossipMaxRecords: number;
}

export interface StorageNodeOptions {
  readonly diskLatency: () => number;
  readonly diskQueueDepth: number;
  /** Gossip period of each segment, µs. */
  readonly gossipInterval: number;
  readonly gossipMaxRecords: number;
  /** Wire bytes of one record: its payload and its header (`RECORD_HEADER_BYTES`). */
  readonly recordWireBytes: number;
  /** Time to copy one segment to a new one at the repair bandwidth, µs. */
  readonly hydrationDelay: number;
  /** Reports a segment whose data this node lost (it knows at once; the control plane replaces it). */
  readonly onSegmentLost: (pg: number, slot: number) => void;
  /** The storage metadata service's volume state now: what a segment that lost its data restarts with. */
  readonly metadataVolume: () => VolumeState;
  /** The logs the chains of `pg`'s segments share, one family for the PG across all nodes. */
  readonly chains: (pg: number) => ChainLogs;
  readonly bugs: readonly StorageBug[];
}
