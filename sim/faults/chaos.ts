/**
 * Random faults: a `chaos:` section expanded, before the run, into a concrete schedule that a
 * scenario file could spell out (and that replays exactly when written back).
 *
 * Fault starts are a Poisson process in [from, to) with mean gap `meanInterval`; each fault's
 * kind is drawn uniformly from `kinds` (list a kind twice to draw it twice as often), its
 * target uniformly among the targets that kind takes (`chaosTargets`), and its duration from
 * `faultDuration` (at least 1 µs). Magnitudes are fixed (each parameter's `chaos` value in the
 * kind table, `kinds.ts`) and written into each fault. Draws come from
 * `faults/chaos/{gaps,choices,durations}`, so the start times do not move when the kinds change.
 *
 * A drawn fault is refused, and redrawn up to `MAX_DRAWS` times before that start is skipped,
 * when it cannot hold together with the faults it overlaps (it stops or pauses a host that
 * another stops or pauses), or — unless `exceedFailureModel` — when at some instant it would
 * take a PG outside the failure model or put a second fault on the compute side (`budget.ts`).
 * A data loss counts for `dataLossTail` after it ends (`footprint.ts`). The scenario's own
 * faults are taken into account the same way, but may themselves exceed the model.
 *
 * Triggers: `triggers` are drawn with the kinds, from one list (kinds first), so a start may
 * draw a trigger instead of a kind. A drawn trigger arms a triggered fault (`trigger.ts`) that
 * listens from that start to `to` and fires once: its kind drawn from `kinds`, its target
 * — for a trigger that names a segment (lag, membership, segment events), half the time one
 * relative to it (`lagging`, `leading-node`, ...) — its duration from `faultDuration`, its delay
 * from `triggerDelay` (stream `delays`), and for `lag` a threshold from `CHAOS_LAG_RECORDS`.
 * Whether it fits the failure model can only be known when it fires: the injector checks it
 * then, against everything placed (`admission.ts`), and drops it if not. With no triggers the
 * draws are exactly those of a chaos section without them.
 *
 * Swarm (`swarm.ts`): each seed first enables a random subset of the kinds and triggers, with
 * random weights, and draws from those alone.
 *
 * Not modelled: correlated faults (an AZ outage that follows a partition), clock faults.
 */
import { makeSampler } from '../core/distribution.ts';
import type { Rng } from '../core/rng.ts';
import type { RepairConfig } from '../compute/compute-config.ts';
import type { QuorumConfig } from '../quorum/quorum-config.ts';
import type { ChaosConfig, ChaosTrigger } from './chaos-config.ts';
import type { FaultSpec, TriggerCondition, TriggeredFaultSpec, TriggerSpec } from './fault-spec.ts';
import type { FaultKind } from './kinds.ts';
import { azName, type Topology } from '../topology/topology.ts';
import { assess, withinComputeModel } from './budget.ts';
import { footprintOf, occupancy, outageOf, sharedProcessHost, windowsOverlap, type Footprint } from './footprint.ts';
import { chaosKindSpec, kindRow, relativeTargetsOf } from './kinds.ts';
import { formatTarget, hostsOf, type Selector, type TargetText } from './selector.ts';
import { bag, drawSwarm, type SwarmChoice } from './swarm.ts';
import { namesSegment } from './trigger.ts';

export interface ChaosContext {
  readonly topology: Topology;
  readonly quorum: QuorumConfig;
  /** How long a data loss keeps counting against the budget after it ends, µs. */
  readonly dataLossTail: number;
  /** A PG's settled member slots now, as a mask (mid-run); the initial slots without it. */
  readonly members?: (pg: number) => number;
}

/** Draws of (kind, target, duration) per start before the start is skipped. */
export const MAX_DRAWS = 10;

/** The lag thresholds a chaos `lag` trigger draws from, in LSNs. */
export const CHAOS_LAG_RECORDS = [10, 100, 1000] as const;

/**
 * How long lost data keeps a segment out after the fault ends, µs: repair detection, plus a
 * quarter of it (the writer's repair watch looks every detection / 4), plus the time to copy
 * one segment at the repair bandwidth.
 */
export function dataLossTail(repair: RepairConfig, segmentSizeBytes: number): number {
  return repair.detection + Math.ceil(repair.detection / 4) + Math.ceil((segmentSizeBytes * 8_000_000) / repair.bandwidthBitsPerSecond);
}

/** A fault with what it takes away and until when it counts against the budget. */
export interface Placed {
  readonly spec: FaultSpec;
  readonly footprint: Footprint;
  readonly end: number;
}

/** What chaos drew for one seed. */
export interface ChaosPlan {
  /** Timed faults, sorted by start. */
  readonly faults: FaultSpec[];
  /** Armed triggered faults, in the order drawn. */
  readonly triggered: TriggeredFaultSpec[];
  /** What swarm enabled, when swarm is on. */
  readonly swarm?: SwarmChoice;
}

type Draw = { readonly kind: FaultKind } | { readonly trigger: ChaosTrigger };

/**
 * The plan for `chaos`. `root` is the run's root stream. `fixed` are the scenario's own faults:
 * drawn faults must hold together with them (and stay within the budget around them), but
 * they are not part of the result.
 */
export function expandChaos(chaos: ChaosConfig, root: Rng, context: ChaosContext, fixed: readonly FaultSpec[] = []): ChaosPlan {
  const rng = root.fork('faults/chaos');
  const gap = makeSampler({ dist: 'exponential', mean: chaos.meanInterval }, rng, 'gaps');
  const choices = rng.fork('choices');
  const duration = makeSampler(chaos.faultDuration, rng, 'durations');
  const delay = makeSampler(chaos.triggerDelay, rng, 'delays');
  const swarm = chaos.swarm ? drawSwarm(chaos.kinds, chaos.triggers, rng.fork('swarm')) : undefined;
  const kinds = swarm === undefined ? chaos.kinds : bag(swarm.kinds);
  const triggers = swarm === undefined ? chaos.triggers : bag(swarm.triggers);
  const draws: Draw[] = [...kinds.map((kind) => ({ kind })), ...triggers.map((trigger) => ({ trigger }))];
  const targets = new Map<FaultKind, TargetText[]>();
  const targetsOf = (kind: FaultKind) => targets.get(kind) ?? targets.set(kind, chaosTargets(kind, context.topology)).get(kind)!;
  const placed: Placed[] = fixed.map((spec) => place(spec, context));
  const drawn: Placed[] = [];
  const triggered: TriggeredFaultSpec[] = [];
  const arm = (trigger: ChaosTrigger, at: number): TriggeredFaultSpec => {
    const kind = kinds[choices.int(kinds.length)]!;
    const on: TriggerCondition =
      trigger === 'lag' ? { kind: 'lag', records: 0, for: 0 } : { kind: 'event', event: trigger };
    const relative = namesSegment(on) ? relativeTargets(kind) : [];
    const options = relative.length > 0 && choices.chance(0.5) ? relative : targetsOf(kind);
    const target = options[choices.int(options.length)]!;
    const condition: TriggerCondition = on.kind === 'lag' ? { ...on, records: CHAOS_LAG_RECORDS[choices.int(CHAOS_LAG_RECORDS.length)]! } : on;
    const when: TriggerSpec = { on: condition, occurrence: 1, times: 1, after: delay(), from: at, to: chaos.to };
    return armedFault(kind, target, when, Math.max(1, duration()), !chaos.exceedFailureModel);
  };
  for (let at = chaos.from + gap(); at < chaos.to; at += gap()) {
    for (let draw = 0; draw < MAX_DRAWS; draw++) {
      const pick = draws[choices.int(draws.length)]!;
      if ('trigger' in pick) {
        triggered.push(arm(pick.trigger, at));
        break;
      }
      const options = targetsOf(pick.kind);
      const target = options[choices.int(options.length)]!;
      const candidate = place(chaosFault(pick.kind, target, at, Math.max(1, duration())), context);
      if (admissible(candidate, placed, chaos.exceedFailureModel, context)) {
        placed.push(candidate);
        drawn.push(candidate);
        break;
      }
    }
  }
  return { faults: drawn.map((p) => p.spec), triggered, ...(swarm === undefined ? {} : { swarm }) };
}

/** Targets relative to a trigger's segment that `kind` takes (none for AZ and partition kinds). */
export function relativeTargets(kind: FaultKind): TargetText[] {
  return relativeTargetsOf(kind).map((relative): TargetText => ({ shape: 'relative', relative }));
}

/** Every target chaos may draw for `kind`, by the shape of target it takes. */
export function chaosTargets(kind: FaultKind, topology: Topology): TargetText[] {
  const single = (selectors: Selector[]) => selectors.map((target): TargetText => ({ shape: 'single', target }));
  const compute: Selector[] = [{ kind: 'writer' }, ...topology.replicas.map((_, i): Selector => ({ kind: 'replica', index: i + 1 }))];
  const nodes = topology.storageNodes.map((_, i): Selector => ({ kind: 'node', index: i }));
  const azs = Array.from({ length: topology.azs }, (_, i): Selector => ({ kind: 'az', name: azName(i) }));
  const row = kindRow(kind);
  switch (row.target) {
    case 'host':
      return single([...compute, ...nodes]);
    case 'storage':
      return single(row.segmentItself === true ? [...nodes, ...segments(topology)] : nodes);
    case 'az':
      return single(azs);
    case 'two-way':
    case 'one-way':
      return pairs([...compute, ...nodes, ...azs], row.target === 'one-way', topology);
    case 'link':
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

/** A fault of `kind` on `target` (a selector or a link) with the chaos magnitudes. */
export function chaosFault(kind: FaultKind, target: TargetText, at: number, duration: number): FaultSpec {
  if (target.shape === 'relative') throw new Error(`chaos: a timed fault cannot take the relative target ${target.relative}`);
  const where = target.shape === 'single' ? { target: target.target } : { target: target.target, peer: target.peer, oneWay: target.oneWay };
  return { ...chaosKindSpec(kind), at, for: duration, ...where, label: formatTarget(target) } as FaultSpec;
}

/** A triggered fault of `kind` on `target` with the chaos magnitudes. */
function armedFault(kind: FaultKind, target: TargetText, when: TriggerSpec, duration: number, withinFailureModel: boolean): TriggeredFaultSpec {
  const where =
    target.shape === 'relative'
      ? { target: { kind: 'relative', relative: target.relative } as const }
      : target.shape === 'single'
        ? { target: target.target }
        : { target: target.target, peer: target.peer, oneWay: target.oneWay };
  return { ...chaosKindSpec(kind), when, for: duration, ...where, label: formatTarget(target), withinFailureModel } as TriggeredFaultSpec;
}

export function place(spec: FaultSpec, context: ChaosContext): Placed {
  const footprint = footprintOf(spec, context.topology);
  return { spec, footprint, end: occupancy(spec, footprint, context.dataLossTail)[1] };
}

/**
 * Whether `candidate` holds with everything placed, at every instant of its window: at its
 * start and at each later start inside it (more faults only start there; ends only help).
 */
export function admissible(candidate: Placed, placed: readonly Placed[], exceed: boolean, context: ChaosContext): boolean {
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
