/**
 * The resolved scenario: what `parseScenario` produces and the composition root consumes.
 * Every field is present (defaults applied in one place, `defaults.ts`), every duration is an
 * integer number of microseconds, every size an integer number of bytes. Model code never
 * falls back to a default of its own.
 */
import type { ControlPlaneBug } from '../compute/control-plane.ts';
import type { WriterBug } from '../compute/writer.ts';
import type { StorageBug } from '../storage/storage-node.ts';
import type { DistributionSpec } from '../core/distribution-spec.ts';
import type { Selector, TriggeredSelector } from '../faults/fault-target.ts';
import type { FaultKind, FaultKindSpec } from '../faults/kinds.ts';

export type { ControlPlaneBug, StorageBug, WriterBug };

/** A deliberate protocol defect, in the writer, in storage or in the control plane. */
export type Bug = WriterBug | StorageBug | ControlPlaneBug;

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
  /** No write-unavailability window may overlap [from, to) (µs). */
  readonly writesAvailable?: { readonly from: number; readonly to: number };
  /** Total time writes were unavailable, µs. */
  readonly writeUnavailable?: Bounds;
  /**
   * Every recovery (crash recovery or failover) took this long, µs, and none was still running
   * at the end; a recovery abandoned for a newer one is not counted.
   */
  readonly recoveryTime?: Bounds;
  /** The number of recoveries begun, abandoned ones included. */
  readonly recoveries?: Bounds;
  /** The number of PG membership changes (each step of a segment replacement). */
  readonly membershipChanges?: Bounds;
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

/**
 * A fault kind and the parameters it takes, derived from the kind table (`faults/kinds.ts`,
 * which says what each kind does). Every fault lasts `for` µs and is then undone.
 */
export type { FaultKind, FaultKindSpec };

export type FaultSpec = FaultKindSpec & {
  /** Start, µs from the beginning of the run. */
  readonly at: number;
  /** Duration, µs; the fault is undone at at + for. */
  readonly for: number;
  readonly target: Selector;
  /** Link faults: the other end (`target <-> peer`, or `target -> peer` for one-way). */
  readonly peer?: Selector;
  /**
   * With a peer: true when the fault acts on `target -> peer` only (always for
   * one-way-partition), false or absent for both directions. Without a peer, a link fault acts
   * on every link to or from the target.
   */
  readonly oneWay?: boolean;
  /** The selector text as written, for reports and the trace. */
  readonly label: string;
};

/** Trace events a fault can be triggered on (`faults/trigger.ts` says what each means). */
export type TriggerEvent =
  | 'recovery.start'
  | 'recovery.read'
  | 'truncate'
  | 'recovery.done'
  | 'promote'
  | 'membership'
  | 'segment.wipe'
  | 'segment.new'
  | 'segment.hydrated'
  | 'writer.open';

/** What a trigger waits for: a trace event, or a segment lagging its PG. */
export type TriggerCondition =
  | { readonly kind: 'event'; readonly event: TriggerEvent }
  /** A segment at least `records` LSNs behind its PG's highest SCL, continuously for `for` µs. */
  | { readonly kind: 'lag'; readonly records: number; readonly for: number };

export interface TriggerSpec {
  readonly on: TriggerCondition;
  /** The first firing is on this match (1-based). */
  readonly occurrence: number;
  /** Firings at most, from `occurrence` on. */
  readonly times: number;
  /** From the match to the fault's start, µs (a fault starts at least 1 µs after its match). */
  readonly after: number;
  /** Only matches in [from, to) count, µs. */
  readonly from: number;
  readonly to: number;
}

/**
 * A fault that starts when the run reaches a state. Its target may name a segment relative to
 * the state (`TriggeredSelector`); it is resolved when the trigger matches, and the fault that
 * runs is an ordinary `FaultSpec` with `at` the instant it started.
 */
export type TriggeredFaultSpec = FaultKindSpec & {
  readonly when: TriggerSpec;
  /** Duration, µs; absent: the rest of the run from the fault's start. */
  readonly for?: number;
  readonly target: TriggeredSelector;
  readonly peer?: Selector;
  readonly oneWay?: boolean;
  readonly label: string;
  /**
   * Held to the failure model when it would start, and dropped if it would leave it: chaos arms
   * its triggered faults so, unless `exceedFailureModel`.
   */
  readonly withinFailureModel?: boolean;
};

/** What chaos may arm: a trigger event, or `lag`. */
export type ChaosTrigger = TriggerEvent | 'lag';

/** Random faults: expanded from the seed into concrete FaultSpecs before the run starts. */
export interface ChaosConfig {
  /** Fault starts fall in [from, to). */
  readonly from: number;
  readonly to: number;
  /** Mean gap between fault starts (Poisson), µs. */
  readonly meanInterval: number;
  /** Kinds to draw from, uniformly. */
  readonly kinds: readonly FaultKind[];
  /** Duration of each fault. */
  readonly faultDuration: DistributionSpec;
  /** Allow schedules beyond what the protocol promises to survive (AZ+1 per PG). */
  readonly exceedFailureModel: boolean;
  /** Triggers drawn alongside the kinds; a drawn one arms a random fault on that state. */
  readonly triggers: readonly ChaosTrigger[];
  /** From a trigger's match to its fault's start. */
  readonly triggerDelay: DistributionSpec;
  /** Swarm testing: each seed enables a random subset of the kinds and triggers, with random weights. */
  readonly swarm: boolean;
}

export interface FailoverConfig {
  /** Promote a read replica when the writer is lost (otherwise the writer restarts in place). */
  readonly enabled: boolean;
  /** Writer heartbeat period to the replicas, µs. */
  readonly heartbeatInterval: number;
  /** Missed-heartbeat time after which the first replica that notices starts promotion, µs. */
  readonly detection: number;
}

export interface RepairConfig {
  /** A segment unreachable this long is replaced by a new one on another node, µs. */
  readonly detection: number;
  /** Bandwidth a new segment is hydrated from its peers at, bits per second. */
  readonly bandwidthBitsPerSecond: number;
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
  readonly faults: readonly FaultSpec[];
  /** Faults that start on a state rather than at a time; absent when the scenario has none. */
  readonly triggered?: readonly TriggeredFaultSpec[];
  readonly chaos?: ChaosConfig;
  readonly failover: FailoverConfig;
  readonly repair: RepairConfig;
  /** After the last fault ends, the cluster must converge within this bound, or the run is inconclusive. */
  readonly convergeWithin: number;
  /** Deliberate protocol defects that negative scenarios switch on to prove checkers fire. */
  readonly bugs: readonly Bug[];
  /** Guard against livelock: the run stops (inconclusive) after this many events. */
  readonly maxEvents: number;
}
