/**
 * Random faults: a `chaos:` section expanded, before the run, into a concrete schedule that a
 * scenario file could spell out (and that replays exactly when written back).
 *
 * Fault starts are a Poisson process in [from, to) with mean gap `meanInterval`; each fault's
 * kind is drawn uniformly from `kinds` (list a kind twice to draw it twice as often), its
 * target uniformly among the targets that kind takes (`chaosTargets`), and its duration from
 * `faultDuration` (at least 1 µs). Magnitudes are fixed (`CHAOS_MAGNITUDES`) and written into
 * each fault. Draws come from `faults/chaos/{gaps,choices,durations}`, so the start times do not
 * move when the kinds change.
 *
 * A drawn fault is refused, and redrawn up to `MAX_DRAWS` times before that start is skipped,
 * when it cannot hold together with the faults it overlaps (it stops or pauses a host that
 * another stops or pauses), or — unless `exceedFailureModel` — when at some instant it would
 * take a PG outside the failure model or put a second fault on the compute side (`budget.ts`).
 * A data loss counts for `dataLossTail` after it ends (`footprint.ts`). The scenario's own
 * faults are taken into account the same way, but may themselves exceed the model.
 *
 * Not modelled: weighting of kinds beyond repetition, correlated faults (an AZ outage that
 * follows a partition), clock faults.
 */
import { makeSampler } from '../core/distribution.ts';
import type { Rng } from '../core/rng.ts';
import type { ChaosConfig, FaultKind, FaultSpec, QuorumConfig, RepairConfig } from '../scenario/resolved.ts';
import { azName, type Topology } from '../topology/topology.ts';
import { assess, withinComputeModel } from './budget.ts';
import { footprintOf, occupancy, outageOf, sharedProcessHost, windowsOverlap, type Footprint } from './footprint.ts';
import { formatTarget, hostsOf, type Selector, type TargetText } from './selector.ts';

export interface ChaosContext {
  readonly topology: Topology;
  readonly quorum: QuorumConfig;
  /** How long a data loss keeps counting against the budget after it ends, µs. */
  readonly dataLossTail: number;
}

/** The magnitude every drawn fault of a parameterised kind gets. */
export const CHAOS_MAGNITUDES = {
  /** slow-disk: disk latency × 10. */
  factor: 10,
  /** latency-spike: +5 ms one way. */
  extraLatency: 5_000,
  /** packet-loss and packet-duplication: one message in ten. */
  probability: 0.1,
  /** packet-reorder: up to 2 ms extra. */
  jitter: 2_000,
} as const;

/** Draws of (kind, target, duration) per start before the start is skipped. */
export const MAX_DRAWS = 10;

/**
 * How long lost data keeps a segment out after the fault ends, µs: repair detection, plus a
 * quarter of it (the writer's repair watch looks every detection / 4), plus the time to copy
 * one segment at the repair bandwidth.
 */
export function dataLossTail(repair: RepairConfig, segmentSizeBytes: number): number {
  return repair.detection + Math.ceil(repair.detection / 4) + Math.ceil((segmentSizeBytes * 8_000_000) / repair.bandwidthBitsPerSecond);
}

interface Placed {
  readonly spec: FaultSpec;
  readonly footprint: Footprint;
  readonly end: number;
}

/**
 * The schedule for `chaos`, sorted by start. `root` is the run's root stream. `fixed` are the
 * scenario's own faults: drawn faults must hold together with them (and stay within the
 * budget around them), but they are not part of the result.
 */
export function expandChaos(chaos: ChaosConfig, root: Rng, context: ChaosContext, fixed: readonly FaultSpec[] = []): FaultSpec[] {
  const rng = root.fork('faults/chaos');
  const gap = makeSampler({ dist: 'exponential', mean: chaos.meanInterval }, rng, 'gaps');
  const choices = rng.fork('choices');
  const duration = makeSampler(chaos.faultDuration, rng, 'durations');
  const targets = new Map(chaos.kinds.map((kind) => [kind, chaosTargets(kind, context.topology)]));
  const placed: Placed[] = fixed.map((spec) => place(spec, context));
  const drawn: Placed[] = [];
  for (let at = chaos.from + gap(); at < chaos.to; at += gap()) {
    for (let draw = 0; draw < MAX_DRAWS; draw++) {
      const kind = chaos.kinds[choices.int(chaos.kinds.length)]!;
      const options = targets.get(kind)!;
      const target = options[choices.int(options.length)]!;
      const candidate = place(chaosFault(kind, target, at, Math.max(1, duration())), context);
      if (admissible(candidate, placed, chaos.exceedFailureModel, context)) {
        placed.push(candidate);
        drawn.push(candidate);
        break;
      }
    }
  }
  return drawn.map((p) => p.spec);
}

/** Every target chaos may draw for `kind`. */
export function chaosTargets(kind: FaultKind, topology: Topology): TargetText[] {
  const single = (selectors: Selector[]) => selectors.map((target): TargetText => ({ shape: 'single', target }));
  const compute: Selector[] = [{ kind: 'writer' }, ...topology.replicas.map((_, i): Selector => ({ kind: 'replica', index: i + 1 }))];
  const nodes = topology.storageNodes.map((_, i): Selector => ({ kind: 'node', index: i }));
  const azs = Array.from({ length: topology.azs }, (_, i): Selector => ({ kind: 'az', name: azName(i) }));
  switch (kind) {
    case 'crash':
    case 'pause':
      return single([...compute, ...nodes]);
    case 'disk-loss':
      return single([...nodes, ...segments(topology)]);
    case 'az-outage':
      return single(azs);
    case 'slow-disk':
      return single(nodes);
    case 'partition':
    case 'one-way-partition':
      return pairs([...compute, ...nodes, ...azs], kind === 'one-way-partition', topology);
    case 'latency-spike':
    case 'packet-loss':
    case 'packet-duplication':
    case 'packet-reorder':
      return single([...compute, ...nodes, ...azs]);
  }
}

/**
 * Whether some target of `kind` is within the failure model on its own. Segments of PG 0 stand
 * for those of every PG (each PG has the same V and quorum), which keeps this cheap on large
 * volumes.
 */
export function drawableWithinModel(kind: FaultKind, context: ChaosContext): boolean {
  const representative = (t: TargetText) => t.shape !== 'single' || t.target.kind !== 'segment' || t.target.pg === 0;
  return chaosTargets(kind, context.topology).filter(representative).some((target) => {
    const candidate = place(chaosFault(kind, target, 0, 1), context);
    return admissible(candidate, [], false, context);
  });
}

/** A fault of `kind` on `target` with the chaos magnitudes. */
export function chaosFault(kind: FaultKind, target: TargetText, at: number, duration: number): FaultSpec {
  const where = target.shape === 'single' ? { target: target.target } : { target: target.target, peer: target.peer, oneWay: target.oneWay };
  const base = { at, for: duration, ...where, label: formatTarget(target) };
  const m = CHAOS_MAGNITUDES;
  switch (kind) {
    case 'slow-disk':
      return { kind, factor: m.factor, ...base };
    case 'latency-spike':
      return { kind, extraLatency: m.extraLatency, ...base };
    case 'packet-loss':
    case 'packet-duplication':
      return { kind, probability: m.probability, ...base };
    case 'packet-reorder':
      return { kind, jitter: m.jitter, ...base };
    default:
      return { kind, ...base };
  }
}

function place(spec: FaultSpec, context: ChaosContext): Placed {
  const footprint = footprintOf(spec, context.topology);
  return { spec, footprint, end: occupancy(spec, footprint, context.dataLossTail)[1] };
}

/**
 * Whether `candidate` holds with everything placed, at every instant of its window: at its
 * start and at each later start inside it (more faults only start there; ends only help).
 */
function admissible(candidate: Placed, placed: readonly Placed[], exceed: boolean, context: ChaosContext): boolean {
  const { at } = candidate.spec;
  const overlapping = placed.filter((p) => p.spec.at < candidate.end && p.end > at);
  if (placed.some((p) => windowsOverlap(p.spec, candidate.spec) && sharedProcessHost(p.footprint, candidate.footprint) !== undefined)) return false;
  if (exceed) return true;
  const instants = [at, ...overlapping.map((p) => p.spec.at).filter((t) => t > at)];
  return instants.every((t) => {
    const active = [...overlapping.filter((p) => p.spec.at <= t && p.end > t), candidate];
    if (!withinComputeModel(active.filter((p) => p.footprint.compute).length)) return false;
    return assess(context, outageOf(active.map((p) => p.footprint))).withinFailureModel;
  });
}

function segments(topology: Topology): Selector[] {
  const out: Selector[] = [];
  for (let pg = 0; pg < topology.protectionGroups; pg++) {
    for (let segment = 0; segment < topology.segmentsPerPg; segment++) out.push({ kind: 'segment', pg, segment });
  }
  return out;
}

/** Pairs of endpoints that share no host: unordered for partitions, ordered for one-way. */
function pairs(endpoints: readonly Selector[], ordered: boolean, topology: Topology): TargetText[] {
  const hosts = endpoints.map((e) => hostsOf(e, topology));
  const out: TargetText[] = [];
  for (let i = 0; i < endpoints.length; i++) {
    for (let j = ordered ? 0 : i + 1; j < endpoints.length; j++) {
      if (i === j || hosts[i]!.some((h) => hosts[j]!.includes(h))) continue;
      out.push({ shape: 'link', target: endpoints[i]!, peer: endpoints[j]!, oneWay: ordered });
    }
  }
  return out;
}
