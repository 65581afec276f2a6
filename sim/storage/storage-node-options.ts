/**
 * What a storage node is configured with, and the deliberate defects negative scenarios can
 * switch on in it.
 */
import type { VolumeState } from '../protocol/messages.ts';
import type { ChainLogs } from './chain.ts';

/** Deliberate storage defects, for negative scenarios. */
export type StorageBug =
  /** Stale volume epochs are not refused: a fenced writer keeps getting acknowledgements. */
  | 'no-fencing'
  /** Storage refuses current-epoch writes while its disk queue is full: it "votes". */
  | 'reject-when-busy'
  /** A record arriving above a gap is chained anyway: the SCL claims records the segment lacks. */
  | 'scl-overstates'
  /**
   * A truncate request raises the segment's VDL hint to the recovered VDL before the recovery
   * has brought that VDL's records back to a write quorum; a later recovery trusts it as durable.
   */
  | 'truncation-hint-trusted'
  /** A new segment installs a peer's copy without the truncations it already knows. */
  | 'hydration-installs-annulled';

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
