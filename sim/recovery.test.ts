/**
 * Faults, recovery and failover as a specification (issue 3): what Aurora promises under
 * failures, checked end to end on the model with explicit fault schedules.
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from './result.ts';
import type { FaultSpec, ResolvedScenario } from './scenario/resolved.ts';
import { runScenario } from './simulation.ts';
import { withScenario } from './testing/base-scenario.ts';

function run(scenario: ResolvedScenario, keepTrace = false): RunResult {
  return runScenario(scenario, { source: 'test', replay: 'test', keepTrace });
}

const writerCrash = (at: number, duration: number): FaultSpec => ({ at, for: duration, kind: 'crash', target: { kind: 'writer' }, label: 'writer' });
const azOutage = (az: string, at: number, duration: number): FaultSpec => ({ at, for: duration, kind: 'az-outage', target: { kind: 'az', name: az }, label: `az:${az}` });
const nodeCrash = (node: number, at: number, duration: number): FaultSpec => ({ at, for: duration, kind: 'crash', target: { kind: 'node', index: node }, label: `node:${node}` });

const steady = (faults: FaultSpec[], extra: Parameters<typeof withScenario>[0] = {}) =>
  withScenario({ duration: 12_000_000, workload: { arrivals: { kind: 'open', ratePerSecond: 2000 } }, faults, ...extra });

const broken = (result: RunResult) => result.invariants.filter((i) => !i.ok).map((i) => i.name);

describe('crash recovery', () => {
  it('a restarted writer recovers a VDL covering every acknowledged commit and resumes above the truncation', () => {
    const result = run(steady([writerCrash(4_000_000, 1_000_000)], { failover: { enabled: false, heartbeatInterval: 500_000, detection: 5_000_000 } }));
    expect(broken(result)).toEqual([]);
    const [recovery] = result.recoveries;
    expect(recovery).toMatchObject({ kind: 'crash-recovery', completed: true });
    expect(recovery!.vdlAfter).toBeGreaterThanOrEqual(recovery!.vdlBefore);
    expect(recovery!.truncatedFrom).toBe(recovery!.vdlAfter);
    expect(recovery!.truncatedTo).toBe(recovery!.vdlAfter + 10_000_000);
    expect(result.vdl.final).toBeGreaterThan(recovery!.truncatedTo);
    expect(result.commits.lost).toBe(0);
    expect(result.convergence?.ok).toBe(true);
  });

  it('recovery takes well under 10 s and does not grow with the length of the log', () => {
    const noFailover = { failover: { enabled: false, heartbeatInterval: 500_000, detection: 5_000_000 } };
    const short = run(steady([writerCrash(1_000_000, 500_000)], { duration: 4_000_000, ...noFailover }));
    const long = run(steady([writerCrash(10_000_000, 500_000)], { duration: 13_000_000, ...noFailover }));
    const [a, b] = [short.recoveries[0]!, long.recoveries[0]!];
    expect(long.vdl.final).toBeGreaterThan(5 * short.recoveries[0]!.vdlAfter);
    expect(a.durationUs).toBeLessThan(10_000_000);
    expect(b.durationUs).toBeLessThan(2 * a.durationUs + 2_000);
  });
});

describe('failover', () => {
  it('a replica takes over after the detection time and nothing acknowledged is lost', () => {
    const result = run(steady([writerCrash(3_000_000, 20_000_000)], { duration: 12_000_000, convergeWithin: 1 }));
    expect(broken(result)).toEqual([]);
    const [failover] = result.recoveries;
    expect(failover).toMatchObject({ kind: 'failover', completed: true });
    expect(failover!.phases.detectUs).toBe(5_000_000);
    // About 6,000 commits before the crash at 3 s, and the new writer serves from about 8.5 s.
    expect(result.commits.acknowledged).toBeGreaterThan(11_000);
    expect(result.commits.lost).toBe(0);
  });
});

describe('storage failures', () => {
  it('losing a whole AZ (two of six segments per PG) does not stop writes', () => {
    const result = run(steady([azOutage('b', 3_000_000, 5_000_000)]));
    expect(broken(result)).toEqual([]);
    expect(result.availability.windows).toEqual([]);
    expect(result.convergence?.ok).toBe(true);
  });

  it('AZ+1 (three of six) stops writes without losing anything; they resume when the segments return', () => {
    const result = run(steady([azOutage('b', 3_000_000, 4_000_000), nodeCrash(2, 3_000_000, 4_000_000)]));
    expect(broken(result)).toEqual([]);
    expect(result.availability.windows.length).toBe(1);
    const [from, to] = result.availability.windows[0]!;
    expect(from).toBeLessThan(3_100_000);
    expect(to).toBeGreaterThanOrEqual(7_000_000);
    expect(result.commits.lost).toBe(0);
    expect(result.convergence?.ok).toBe(true);
  });
});
