/**
 * The resolved scenario: what `parseScenario` produces and the composition root consumes.
 * Every field is present (defaults applied in one place, `defaults.ts`), every duration is an
 * integer number of microseconds, every size an integer number of bytes. Model code never
 * falls back to a default of its own.
 *
 * Each part is a type the model that consumes it owns (the quorum its sizes, the network its
 * options, the workload its config, the checkers their expectations, the fault injector its
 * fault specs); this file only composes them, and re-exports them for bin/ and reports/.
 */
import type { ControlPlaneBug } from '../compute/control-plane.ts';
import type { FailoverConfig, RepairConfig, WriterConfig } from '../compute/compute-config.ts';
import type { WriterBug } from '../compute/writer-options.ts';
import type { Bounds, Expectations } from '../check/expectations.ts';
import type { ChaosConfig, ChaosTrigger } from '../faults/chaos-config.ts';
import type { FaultSpec, TriggerCondition, TriggeredFaultSpec, TriggerEvent, TriggerSpec } from '../faults/fault-spec.ts';
import type { FaultKind, FaultKindSpec } from '../faults/kinds.ts';
import type { NetworkOptions } from '../net/network.ts';
import type { QuorumConfig } from '../quorum/quorum-config.ts';
import type { StorageBug, StorageConfig } from '../storage/storage-node-options.ts';
import type { Arrivals, MeasureConfig, PageChoice, WorkloadConfig } from '../workload/workload-config.ts';

export type {
  Arrivals, Bounds, ChaosConfig, ChaosTrigger, ControlPlaneBug, Expectations, FailoverConfig, FaultKind, FaultKindSpec, FaultSpec,
  MeasureConfig, NetworkOptions, PageChoice, QuorumConfig, RepairConfig, StorageBug, StorageConfig, TriggerCondition,
  TriggeredFaultSpec, TriggerEvent, TriggerSpec, WorkloadConfig, WriterBug, WriterConfig,
};

/** A deliberate protocol defect, in the writer, in storage or in the control plane. */
export type Bug = WriterBug | StorageBug | ControlPlaneBug;

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

export interface ResolvedScenario {
  readonly version: 1;
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  readonly duration: number;
  readonly cluster: ClusterConfig;
  readonly network: NetworkOptions;
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
  /** The file's `sweep:` section, for `aurora-sim sweep`; the run itself ignores it. */
  readonly sweep?: SweepConfig;
}

/** A parameter study kept with the scenario: axes in file order, values as `--set` takes them. */
export interface SweepConfig {
  readonly grid: readonly { readonly path: string; readonly values: readonly string[] }[];
  readonly seeds?: number;
  readonly sweepSeed?: number;
}
