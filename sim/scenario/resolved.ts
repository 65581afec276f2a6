/**
 * The resolved scenario: what `parseScenario` produces and the composition root consumes.
 * Every field is present (defaults applied in one place, `defaults.ts`), every duration is an
 * integer number of microseconds, every size an integer number of bytes. Model code never
 * falls back to a default of its own.
 */
import type { WriterBug } from '../compute/writer.ts';
import type { DistributionSpec } from '../core/distribution-spec.ts';

export type { WriterBug };

export interface QuorumConfig {
  /** Vw: acknowledgements needed to make a record durable. */
  readonly write: number;
  /** Vr: segments needed to read the durable state during recovery. */
  readonly read: number;
}

export interface ClusterConfig {
  /** Availability zones, named a, b, c, ... */
  readonly azs: number;
  /** Segments of each protection group in each AZ; V = azs * segmentsPerAz. */
  readonly segmentsPerAz: number;
  readonly quorum: QuorumConfig;
  /** Accept a quorum that does not intersect (for negative experiments). */
  readonly allowUnsafeQuorum: boolean;
  readonly protectionGroups: number;
  /** Storage nodes, spread round-robin over the AZs; segments are spread over them. */
  readonly storageNodes: number;
  /** Read replicas, spread round-robin over the AZs starting after the writer's. */
  readonly replicas: number;
  /** LSN allocation limit: no LSN above VDL + lal is allocated. */
  readonly lal: number;
  /** AZ of the writer instance, by name ('a', 'b', ...). */
  readonly writerAz: string;
}

export interface NetworkConfig {
  /** One-way propagation latency between two hosts in the same AZ. */
  readonly sameAz: DistributionSpec;
  /** One-way propagation latency between hosts in different AZs. */
  readonly crossAz: DistributionSpec;
  /** Per-link bandwidth, bits per second (serialization delay and queueing). */
  readonly bandwidthBitsPerSecond: number;
  /** Probability that a message is lost, in [0, 1). */
  readonly loss: number;
  /** Framing overhead added to every message, bytes. */
  readonly headerBytes: number;
}

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

export interface WriterConfig {
  /** CPU time the storage driver spends per network send (one batch to one segment). */
  readonly sendCost: number;
}

export type PageChoice = { readonly kind: 'uniform' } | { readonly kind: 'zipf'; readonly exponent: number };

export type Arrivals =
  /** Open loop: Poisson arrivals at `ratePerSecond`. */
  | { readonly kind: 'open'; readonly ratePerSecond: number }
  /** Closed loop: `clients` each submit, wait for the commit, think, and submit again. */
  | { readonly kind: 'closed'; readonly clients: number; readonly thinkTime: DistributionSpec };

export interface WorkloadConfig {
  readonly arrivals: Arrivals;
  /** Redo records per transaction, the commit record included. */
  readonly recordsPerTxn: number;
  /** Records per mini-transaction; the last record of each MTR is a CPL. */
  readonly recordsPerMtr: number;
  readonly recordBytes: number;
  readonly pages: number;
  readonly pageChoice: PageChoice;
}

export interface Bounds {
  readonly min?: number;
  readonly max?: number;
}

export interface Expectations {
  readonly ackedCommitsLost?: number;
  readonly commitsAcknowledged?: Bounds;
  readonly commitLatencyP50?: Bounds;
  readonly commitLatencyP99?: Bounds;
  readonly ioPerCommit?: Bounds;
  /**
   * Negative scenarios: exactly these invariants must be violated (and no other). Without it,
   * every invariant must hold.
   */
  readonly violations?: readonly string[];
}

export interface MeasureConfig {
  /** Commits submitted before this time are left out of latency statistics. */
  readonly warmup: number;
}

export interface ResolvedScenario {
  readonly version: 1;
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  readonly duration: number;
  readonly cluster: ClusterConfig;
  readonly network: NetworkConfig;
  readonly storage: StorageConfig;
  readonly writer: WriterConfig;
  readonly workload: WorkloadConfig;
  readonly measure: MeasureConfig;
  readonly expect: Expectations;
  /** Deliberate protocol defects that negative scenarios switch on to prove checkers fire. */
  readonly bugs: readonly WriterBug[];
  /** Guard against livelock: the run stops (inconclusive) after this many events. */
  readonly maxEvents: number;
}
