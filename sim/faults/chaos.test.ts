/**
 * Chaos expansion: one seed gives one schedule and another seed another; starts fall in
 * [from, to) in order; labels spell the targets; and, swept over many seeds at every instant a
 * fault starts, a schedule never takes a protection group beyond AZ+1, never has two compute
 * faults at once and never stops one host twice — unless asked to exceed the model, which the
 * same sweep then catches (so the sweep can fail).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import type { ChaosConfig } from './chaos-config.ts';
import type { FaultSpec } from './fault-spec.ts';
import { Topology } from '../topology/topology.ts';
import { assess, withinComputeModel } from './budget.ts';
import { chaosTargets, dataLossTail, drawableWithinModel, expandChaos, type ChaosContext } from './chaos.ts';
import { footprintOf, occupancy, outageOf, sharedProcessHost, windowsOverlap } from './footprint.ts';
import { FAULT_KINDS } from './kinds.ts';
import { formatTarget, parseTarget } from './selector.ts';

const topology = new Topology({ azs: 3, segmentsPerAz: 2, protectionGroups: 4, storageNodes: 6, replicas: 2, writerAz: 0 });
const context: ChaosContext = {
  topology,
  quorum: { write: 4, read: 3 },
  dataLossTail: dataLossTail({ detection: 10_000_000, bandwidthBitsPerSecond: 10_000_000_000 }, 10_000_000_000),
};

const CHAOS: ChaosConfig = {
  from: 0,
  to: 60_000_000,
  meanInterval: 2_000_000,
  kinds: FAULT_KINDS,
  faultDuration: { dist: 'uniform', min: 1_000_000, max: 20_000_000 },
  exceedFailureModel: false,
  triggers: [],
  triggerDelay: { dist: 'uniform', min: 0, max: 2_000 },
  swarm: false,
};

const expand = (seed: number, chaos = CHAOS, fixed: FaultSpec[] = []) => expandChaos(chaos, Rng.root(seed), context, fixed).faults;

/** The first problem at any instant a fault starts, or undefined. */
function sweep(faults: readonly FaultSpec[]): string | undefined {
  const placed = faults.map((spec) => {
    const footprint = footprintOf(spec, topology);
    return { spec, footprint, window: occupancy(spec, footprint, context.dataLossTail) };
  });
  for (const { spec } of placed) {
    const t = spec.at;
    const active = placed.filter((p) => p.window[0] <= t && t < p.window[1]);
    if (!assess(context, outageOf(active.map((p) => p.footprint))).withinFailureModel) return `beyond AZ+1 at ${t}`;
    if (!withinComputeModel(active.filter((p) => p.footprint.compute).length)) return `two compute faults at ${t}`;
  }
  for (const a of placed) {
    for (const b of placed) {
      if (a !== b && windowsOverlap(a.spec, b.spec) && sharedProcessHost(a.footprint, b.footprint) !== undefined) {
        return `${a.spec.kind} ${a.spec.label} and ${b.spec.kind} ${b.spec.label} stop one host at once`;
      }
    }
  }
  return undefined;
}

describe('chaos expansion', () => {
  it('is a function of the seed: the same seed gives the same schedule, another seed another', () => {
    expect(expand(1)).toStrictEqual(expand(1));
    expect(expand(2)).not.toEqual(expand(1));
    expect(expand(1).length).toBeGreaterThan(5);
  });

  it('starts every fault in [from, to), in order, lasting at least 1 µs', () => {
    const chaos = { ...CHAOS, from: 10_000_000, to: 30_000_000 };
    const faults = expand(3, chaos);
    expect(faults.length).toBeGreaterThan(0);
    for (const f of faults) {
      expect(f.at).toBeGreaterThanOrEqual(10_000_000);
      expect(f.at).toBeLessThan(30_000_000);
      expect(f.for).toBeGreaterThanOrEqual(1);
    }
    expect(faults.map((f) => f.at)).toEqual([...faults.map((f) => f.at)].sort((a, b) => a - b));
  });

  it('draws only the kinds listed, with labels that spell their targets', () => {
    const faults = expand(4, { ...CHAOS, kinds: ['partition', 'one-way-partition', 'slow-disk'] });
    expect(new Set(faults.map((f) => f.kind))).toEqual(new Set(['partition', 'one-way-partition', 'slow-disk']));
    for (const f of faults) {
      const parsed = parseTarget(f.label);
      if (!parsed.ok || parsed.value.shape === 'relative') throw new Error(`${f.label} is not a plain target`);
      expect(parsed.value.target).toEqual(f.target);
      expect(parsed.value.shape === 'link' ? parsed.value.peer : undefined).toEqual(f.peer);
      if (f.kind === 'one-way-partition') expect(f.label).toContain(' -> ');
      if (f.kind === 'slow-disk') expect(f.factor).toBe(10);
    }
  });

  it('keeps the start times when the kinds change', () => {
    const starts = (kinds: ChaosConfig['kinds']) => expand(5, { ...CHAOS, kinds, exceedFailureModel: true }).map((f) => f.at);
    expect(starts(['packet-loss'])).toEqual(starts(['latency-spike', 'packet-reorder']));
  });

  it('never exceeds the failure model, over 200 seeds', () => {
    for (let seed = 0; seed < 200; seed++) expect(sweep(expand(seed)), `seed ${seed}`).toBeUndefined();
  });

  it('does exceed it when allowed to, which the same sweep catches', () => {
    const chaos = { ...CHAOS, exceedFailureModel: true };
    const beyond = Array.from({ length: 50 }, (_, seed) => sweep(expand(seed, chaos))).filter((p) => p !== undefined);
    expect(beyond.length).toBeGreaterThan(0);
    expect(beyond.every((p) => !p.includes('stop one host'))).toBe(true);
  });

  it('works around the scenario’s own faults: none drawn beyond the model while an AZ is out', () => {
    const outage: FaultSpec = { kind: 'az-outage', at: 0, for: 60_000_000, target: { kind: 'az', name: 'b' }, label: 'az:b' };
    for (let seed = 0; seed < 50; seed++) {
      const drawn = expand(seed, CHAOS, [outage]);
      expect(sweep([outage, ...drawn]), `seed ${seed}`).toBeUndefined();
    }
  });
});

describe('chaos targets', () => {
  it('offers every kind something to draw on a standard cluster', () => {
    for (const kind of FAULT_KINDS) {
      expect(chaosTargets(kind, topology).length, kind).toBeGreaterThan(0);
      expect(drawableWithinModel(kind, context), kind).toBe(true);
    }
  });

  it('pairs partition sides that share no host, once each way for one-way', () => {
    const labels = chaosTargets('partition', topology).map(formatTarget);
    expect(labels).toContain('writer <-> az:b');
    expect(labels).not.toContain('writer <-> az:a');
    expect(labels).not.toContain('az:b <-> writer');
    expect(chaosTargets('one-way-partition', topology).map(formatTarget)).toContain('az:b -> writer');
  });

  it('finds no AZ outage within the model when an AZ holds more than V − Vr segments', () => {
    const two = new Topology({ azs: 2, segmentsPerAz: 3, protectionGroups: 1, storageNodes: 6, replicas: 0, writerAz: 0 });
    const strict: ChaosContext = { topology: two, quorum: { write: 4, read: 4 }, dataLossTail: 0 };
    expect(drawableWithinModel('az-outage', strict)).toBe(false);
    expect(drawableWithinModel('crash', strict)).toBe(true);
  });
});
