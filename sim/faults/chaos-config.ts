/** Random faults as a scenario sets them (`chaos:`); `chaos.ts` expands them from the seed. */
import type { DistributionSpec } from '../core/distribution-spec.ts';
import type { TriggerEvent } from './fault-spec.ts';
import type { FaultKind } from './kinds.ts';

/** What chaos may arm: a trigger event, or `lag`. */
export type ChaosTrigger = TriggerEvent | 'lag';

/** Expanded from the seed into concrete fault specs before the run starts. */
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
