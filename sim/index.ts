/**
 * The public surface of the simulator: parse a scenario, run it, read the result.
 * bin/ and reports/ import from here only.
 */
export { runScenario, type RunControl, type RunOptions, type TraceDetail } from './simulation.ts';
export type * from './result.ts';
export type * from './scenario/resolved.ts';
export type { DistributionSpec } from './core/distribution-spec.ts';
export type { TraceKinds } from './core/trace.ts';
export { HASHED_KINDS, IO_DETAIL_KINDS, TRACE_KINDS, type DetailKind, type ModelTrace, type ModelFields, type TraceKind } from './protocol/trace-kinds.ts';
export { SimulatorBug } from './core/assert.ts';
export { Histogram } from './metrics/histogram.ts';
export { describeSwarm, type SwarmChoice } from './faults/swarm.ts';
export { TRIGGER_EVENTS } from './faults/trigger.ts';
export * from './scenario/index.ts';
export { MAX_SLOTS, Topology } from './topology/topology.ts';
/** The `membership` trace event's `replacements` field, unpacked into [from slot, to slot] pairs. */
export { decodeReplacements } from './quorum/membership.ts';
export { popcount } from './quorum/quorum-system.ts';
export { wilson, Z95, type Proportion } from './core/proportion.ts';
export * from './durability/index.ts';
