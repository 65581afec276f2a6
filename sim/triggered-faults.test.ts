/**
 * Triggered faults in whole runs: a writer crash triggered on `recovery.start` lands inside
 * that recovery's fence/read phase; the heal moves to the end of the last fault that ran; the
 * result lists triggered faults as timed ones that replay to the same trace hash; chaos
 * triggers arm faults that fire on states and stay within the failure model; and swarm's
 * choice is a function of the seed, shown in the result, and moves no other draw.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { assess, withinComputeModel } from './faults/budget.ts';
import { Rng } from './core/rng.ts';
import { dataLossTail, expandChaos } from './faults/chaos.ts';
import { footprintOf, occupancy, outageOf } from './faults/footprint.ts';
import type { RunResult } from './result.ts';
import { parseScenario, renderScenarioYaml } from './scenario/index.ts';
import { topologyOf } from './scenario/faults.ts';
import { runScenario } from './simulation.ts';

const BASE = `
version: 1
name: triggered
duration: 2500ms
cluster: { protectionGroups: 2, replicas: 2 }
workload: { rate: 400/s, recordsPerTxn: 2 }
failover: { heartbeatInterval: 100ms, detection: 400ms }
repair: { detection: 300ms }
storage: { segmentSize: 10MB }
convergeWithin: 1s
expect: { ackedCommitsLost: 0 }
`;

function run(text: string, seed = 1, keepTrace = false): RunResult {
  const parsed = parseScenario(text, { file: 'triggered.yaml', overrides: [`seed=${seed}`] });
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return runScenario(parsed.scenario, { source: 'triggered.yaml', replay: '', keepTrace });
}

/** The scenario with its faults replaced by what `result` says ran, and no chaos. */
function capsuleOf(text: string, result: RunResult): string {
  const parsed = parseScenario(text, { file: 'triggered.yaml', overrides: [`seed=${result.seed}`] });
  if (!parsed.ok) throw new Error('does not parse');
  const { chaos: _chaos, ...rest } = parsed.canonical;
  return renderScenarioYaml({ ...rest, faults: result.faults as never });
}

const CRASH_IN_RECOVERY = `${BASE}faults:
  - { at: 500ms, kind: crash, target: writer, for: 200ms }
  - { when: { on: recovery.start, after: 300us }, kind: crash, target: writer, for: 150ms }
`;

describe('triggered faults in a run', () => {
  it('crashes the writer inside the fence/read phase of the recovery it waited for', () => {
    const result = run(CRASH_IN_RECOVERY, 1, true);
    expect(stringify(result.faults)).toContain('at: 700.3ms');
    const lines = result.traceLines!
      .filter((l) => / (recovery\.\w+|truncate|fault) /.test(l))
      .map((l) => l.split(' ').slice(0, l.includes(' fault ') ? undefined : 2).join(' '));
    // The first recovery never reads: the crash lands 300us into its fence/read phase.
    expect(lines.slice(0, 7)).toEqual([
      '500000 fault start crash writer',
      '700000 fault end crash writer',
      '700000 recovery.start',
      '700300 fault start crash writer',
      '850300 fault end crash writer',
      '850300 recovery.start',
      expect.stringMatching(/^85\d{4} recovery\.read$/),
    ]);
  });

  it('moves the heal to the end of the last fault that ran', () => {
    expect(run(CRASH_IN_RECOVERY).convergence?.healedAtUs).toBe(850_300);
  });

  it('replays, written back as timed faults, to the same trace hash', () => {
    const result = run(CRASH_IN_RECOVERY);
    expect(run(capsuleOf(CRASH_IN_RECOVERY, result)).traceHash).toBe(result.traceHash);
  });
});

const CHAOS = `${BASE}chaos:
  from: 200ms
  to: 1300ms
  meanInterval: 100ms
  kinds: [crash, disk-loss, pause, slow-disk, az-outage]
  triggers: [recovery.start, truncate, membership, lag, promote, segment.new]
  faultDuration: { dist: uniform, min: 20ms, max: 250ms }
`;

/** The first instant any fault starts at which the faults counting then leave the model. */
function beyondModel(result: RunResult): string | undefined {
  const s = result.scenario;
  const topology = topologyOf(s.cluster);
  const tail = dataLossTail(s.repair, s.storage.segmentSizeBytes);
  const faults = (result.faults as never[]).map((doc) => {
    const parsed = parseScenario(`${BASE}faults: [${JSON.stringify(doc)}]\n`, { file: 'f.yaml' });
    if (!parsed.ok) throw new Error(JSON.stringify(doc));
    const spec = parsed.scenario.faults[0]!;
    const footprint = footprintOf(spec, topology);
    return { spec, footprint, window: occupancy(spec, footprint, tail) };
  });
  for (const { spec } of faults) {
    const active = faults.filter((f) => f.window[0] <= spec.at && spec.at < f.window[1]);
    if (!assess({ topology, quorum: s.cluster.quorum }, outageOf(active.map((f) => f.footprint))).withinFailureModel) return `beyond AZ+1 at ${spec.at}`;
    if (!withinComputeModel(active.filter((f) => f.footprint.compute).length)) return `two compute faults at ${spec.at}`;
  }
  return undefined;
}

describe('chaos triggers', () => {
  // Six storage nodes: no spare, so repairs never move a segment and the placement the sweep
  // reads is the one the run had.
  const seeds = Array.from({ length: 12 }, (_, i) => i + 1);
  const results = seeds.map((seed) => run(CHAOS, seed));

  it('arm faults that start on states, beside the timed ones; some fire', () => {
    let armed = 0;
    let fired = 0;
    for (const result of results) {
      const s = result.scenario;
      const context = { topology: topologyOf(s.cluster), quorum: s.cluster.quorum, dataLossTail: dataLossTail(s.repair, s.storage.segmentSizeBytes) };
      const plan = expandChaos(s.chaos!, Rng.root(result.seed), context);
      armed += plan.triggered.length;
      fired += result.faults.length - plan.faults.length;
    }
    expect(fired).toBeGreaterThan(0);
    expect(fired).toBeLessThanOrEqual(armed);
  });

  it('stay within the failure model at every fault start, over 12 seeds', () => {
    for (const result of results) expect(beyondModel(result), `seed ${result.seed}`).toBeUndefined();
  });

  it('do leave it when chaos may exceed it, which the same sweep catches (so it can fail)', () => {
    const exceeding = CHAOS.replace('  triggers:', '  exceedFailureModel: true\n  triggers:');
    expect(seeds.some((seed) => beyondModel(run(exceeding, seed)) !== undefined)).toBe(true);
  });

  it('replay, written back as timed faults, to the same trace hash', () => {
    for (const result of results.slice(0, 4)) expect(run(capsuleOf(CHAOS, result), result.seed).traceHash, `seed ${result.seed}`).toBe(result.traceHash);
  });
});

describe('swarm', () => {
  const SWARM = CHAOS.replace('  triggers:', '  swarm: true\n  triggers:');

  it('enables a non-empty, seed-determined subset of kinds and triggers, shown in the result', () => {
    const choices = [1, 2, 3, 4, 5, 6].map((seed) => run(SWARM, seed).swarm!);
    expect(run(SWARM, 3).swarm).toEqual(choices[2]);
    expect(new Set(choices.map((c) => JSON.stringify(c))).size).toBeGreaterThan(1);
    for (const c of choices) {
      expect(c.kinds.length).toBeGreaterThan(0);
      expect(c.kinds.every((k) => ['crash', 'disk-loss', 'pause', 'slow-disk', 'az-outage'].includes(k.name) && k.weight >= 1 && k.weight <= 4)).toBe(true);
    }
    expect(run(CHAOS, 1).swarm).toBeUndefined();
  });

  it('draws from a stream of its own: with one kind, the schedule is the one without swarm', () => {
    const one = `${BASE}chaos: { from: 200ms, to: 1300ms, meanInterval: 100ms, kinds: [packet-loss], exceedFailureModel: true }\n`;
    const withSwarm = one.replace('exceedFailureModel: true', 'exceedFailureModel: true, swarm: true');
    expect(run(withSwarm, 5).faults).toEqual(run(one, 5).faults);
  });
});
