/**
 * Validated file -> `ResolvedScenario`: renames to the contract's unit-bearing names
 * (`bandwidth` -> `bandwidthBitsPerSecond`), turns distributions into `DistributionSpec`,
 * chooses open or closed loop and applies the workload defaults that depend on that choice,
 * the defaults that depend on other sections (`recordsPerMtr` on the cluster's lal, chaos
 * kinds on the cluster) and on the duration (a fault's `for`, `chaos.to`). Everything else was
 * already parsed and defaulted by the schema.
 */
import type { Arrivals, Bounds, Expectations, PageChoice, ResolvedScenario, SweepConfig } from './resolved.ts';
import { toChaosConfig } from './chaos.ts';
import { DEFAULTS } from './defaults.ts';
import { toDistributionSpec } from './distribution.ts';
import { toFaultSpec, toTriggeredFaultSpec } from './faults.ts';
import type { ScenarioOutput } from './schema.ts';
import { DEFAULT_RATE, DEFAULT_THINK_TIME } from './workload.ts';
import { valueText } from './sweep.ts';

export function resolveScenario(s: ScenarioOutput): ResolvedScenario {
  return {
    version: 1,
    name: s.name,
    description: s.description,
    seed: s.seed,
    duration: s.duration,
    cluster: { ...s.cluster, quorum: { write: s.cluster.quorum.write, read: s.cluster.quorum.read } },
    network: {
      sameAz: toDistributionSpec(s.network.sameAz),
      crossAz: toDistributionSpec(s.network.crossAz),
      bandwidthBitsPerSecond: s.network.bandwidth,
      loss: s.network.loss,
      headerBytes: s.network.headerBytes,
    },
    storage: {
      diskWrite: toDistributionSpec(s.storage.diskWrite),
      diskQueueDepth: s.storage.diskQueueDepth,
      segmentSizeBytes: s.storage.segmentSize,
      gossipInterval: s.storage.gossipInterval,
      gossipMaxRecords: s.storage.gossipMaxRecords,
    },
    writer: { sendCost: s.writer.sendCost },
    workload: {
      arrivals: arrivals(s.workload),
      recordsPerTxn: s.workload.recordsPerTxn,
      recordsPerMtr: recordsPerMtrOf(s),
      recordBytes: s.workload.recordBytes,
      pages: s.workload.pages,
      pageChoice: pageChoice(s.workload.pageChoice),
    },
    measure: { warmup: s.measure.warmup },
    faults: s.faults.filter((f) => f.at !== undefined).map((f) => toFaultSpec(f, s.duration)),
    ...triggered(s),
    ...(s.chaos === undefined ? {} : { chaos: toChaosConfig(s.chaos, s) }),
    failover: { ...s.failover },
    repair: { detection: s.repair.detection, bandwidthBitsPerSecond: s.repair.bandwidth },
    convergeWithin: s.convergeWithin,
    expect: expectations(s.expect),
    bugs: [...s.bugs],
    maxEvents: s.maxEvents,
    ...(s.sweep === undefined ? {} : { sweep: sweepConfig(s.sweep) }),
  };
}

function sweepConfig(s: NonNullable<ScenarioOutput['sweep']>): SweepConfig {
  return {
    grid: Object.entries(s.grid).map(([path, values]) => ({ path, values: values.map(valueText) })),
    ...(s.seeds === undefined ? {} : { seeds: s.seeds }),
    ...(s.sweepSeed === undefined ? {} : { sweepSeed: s.sweepSeed }),
  };
}

/** The faults with `when`, if there are any (the contract leaves the key out otherwise). */
function triggered(s: ScenarioOutput): Pick<ResolvedScenario, 'triggered'> {
  const entries = s.faults.filter((f) => f.at === undefined);
  return entries.length === 0 ? {} : { triggered: entries.map((f) => toTriggeredFaultSpec(f, s.duration)) };
}

function arrivals(w: ScenarioOutput['workload']): Arrivals {
  if (w.clients === undefined) return { kind: 'open', ratePerSecond: w.rate ?? DEFAULT_RATE };
  return { kind: 'closed', clients: w.clients, thinkTime: toDistributionSpec(w.thinkTime ?? DEFAULT_THINK_TIME) };
}

/** As given, or 2, or recordsPerTxn or lal if smaller: a default MTR always fits both. */
export function recordsPerMtrOf(s: Pick<ScenarioOutput, 'workload' | 'cluster'>): number {
  return s.workload.recordsPerMtr ?? Math.min(DEFAULTS.workload.recordsPerMtr, s.workload.recordsPerTxn, s.cluster.lal);
}

function pageChoice(choice: ScenarioOutput['workload']['pageChoice']): PageChoice {
  return choice === 'uniform' ? { kind: 'uniform' } : { kind: 'zipf', exponent: choice.zipf };
}

type OptionalBounds = { readonly min?: number | undefined; readonly max?: number | undefined } | undefined;

function expectations(e: ScenarioOutput['expect']): Expectations {
  return {
    ...(e.ackedCommitsLost === undefined ? {} : { ackedCommitsLost: e.ackedCommitsLost }),
    ...boundsOf('commitsAcknowledged', e.commitsAcknowledged),
    ...boundsOf('commitLatencyP50', e.commitLatencyP50),
    ...boundsOf('commitLatencyP99', e.commitLatencyP99),
    ...boundsOf('ioPerCommit', e.ioPerCommit),
    ...(e.writesAvailable === undefined ? {} : { writesAvailable: { from: e.writesAvailable.from, to: e.writesAvailable.to } }),
    ...boundsOf('writeUnavailable', e.writeUnavailable),
    ...boundsOf('recoveryTime', e.recoveryTime),
    ...boundsOf('replicaLagMax', e.replicaLagMax),
    ...boundsOf('recoveries', e.recoveries),
    ...boundsOf('membershipChanges', e.membershipChanges),
    ...(e.violations === undefined ? {} : { violations: [...e.violations] }),
  };
}

function boundsOf<K extends string>(key: K, b: OptionalBounds): { [P in K]?: Bounds } {
  if (b === undefined) return {};
  const bounds: Bounds = { ...(b.min === undefined ? {} : { min: b.min }), ...(b.max === undefined ? {} : { max: b.max }) };
  return { [key]: bounds } as { [P in K]: Bounds };
}
