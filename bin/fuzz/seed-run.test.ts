/**
 * One fuzzed seed, as a worker runs it: the same run as `aurora-sim run FILE --seed K`, boiled
 * down to an outcome; a capsule scenario with the chaos schedule written out as faults; and an
 * exception turned into a `crashed` outcome rather than a dead worker.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseScenario, runScenario } from '../../sim/index.ts';
import type { RunResult } from '../../sim/index.ts';
import { failingRun } from '../../reports/testing/fixture.ts';
import { keyFigures } from '../../reports/ci/run-facts.ts';
import { runSeed, violationsOf, type FuzzJob } from './seed-run.ts';

const TINY_CHAOS = `
version: 1
name: tiny-chaos
seed: 1
duration: 600ms
cluster: { protectionGroups: 1, replicas: 1 }
workload: { rate: 200/s }
chaos: { from: 50ms, to: 300ms, meanInterval: 60ms, kinds: [crash, pause, packet-loss], faultDuration: { dist: uniform, min: 10ms, max: 100ms } }
convergeWithin: 250ms
expect: { ackedCommitsLost: 0 }
`;

const job: FuzzJob = { file: 'tiny-chaos.yaml', text: TINY_CHAOS, sets: ['workload.rate=150/s'] };

function directRun(seed: number) {
  const parsed = parseScenario(TINY_CHAOS, { file: job.file, overrides: ['workload.rate=150/s', `seed=${seed}`] });
  if (!parsed.ok) throw new Error('the test scenario does not parse');
  return runScenario(parsed.scenario, { source: job.file, replay: '', keepTrace: false });
}

describe('runSeed', () => {
  it('runs the scenario with the --sets and the seed, as `run --seed` does, and keeps only the outcome', () => {
    const outcome = runSeed(job, { seed: 4, capsule: false });
    const direct = directRun(4);
    expect(outcome).toEqual({
      seed: 4,
      verdict: direct.verdict,
      traceHash: direct.traceHash,
      violations: [],
      reason: '',
      events: direct.simulated.events,
      figures: keyFigures(direct),
      findings: [],
      wallMs: expect.any(Number),
    });
  });

  it('writes the capsule scenario with the seed and the chaos schedule spelled out as faults', () => {
    const outcome = runSeed(job, { seed: 4, capsule: true });
    const capsule = parse(outcome.capsuleYaml ?? '') as Record<string, unknown>;
    expect(capsule.seed).toBe(4);
    expect(capsule.chaos).toBeUndefined();
    expect(capsule.faults).toEqual(directRun(4).faults);
    expect((capsule.faults as unknown[]).length).toBeGreaterThan(0);
    expect((capsule.workload as { rate: string }).rate).toBe('150/s');
  });

  it('replays the capsule scenario to the same trace hash', () => {
    const outcome = runSeed(job, { seed: 4, capsule: true });
    const replay = runSeed({ file: 'capsule.yaml', text: outcome.capsuleYaml!, sets: [] }, { seed: 4, capsule: false });
    expect(replay.traceHash).toBe(outcome.traceHash);
  });

  it('names the first violated invariant of a failing seed, with when it happened', () => {
    const unsafe = { ...job, sets: ['cluster.quorum.write=3', 'cluster.allowUnsafeQuorum=true', 'workload.rate=1000/s'] };
    const outcome = runSeed(unsafe, { seed: 2, capsule: false });
    expect(outcome.verdict).toBe('failed');
    expect(outcome.violations[0]).toMatchObject({ name: 'quorum-intersection', timeUs: 0 });
    expect(outcome.reason).toMatch(/^quorum-intersection: .* \(at 0s\)$/);
    expect(outcome.capsuleYaml).toContain('seed: 2');
  });

  it('turns an exception into a crashed outcome with the error and its stack', () => {
    const outcome = runSeed({ ...job, sets: ['cluster.replicas=lots'] }, { seed: 3, capsule: false });
    expect(outcome.verdict).toBe('crashed');
    expect(outcome.traceHash).toBeUndefined();
    expect(outcome.reason).toMatch(/^Error: the scenario does not parse with seed=3: .*cluster\.replicas/);
    expect(outcome.error?.stack).toContain('runSeed');
  });
});

describe('violationsOf', () => {
  const expectedBreak = { name: 'vdl-monotonic', ok: false, violations: 1, first: { timeUs: 5, message: 'VDL went back' } };

  it('puts the invariants a negative scenario expects to break after the unexpected ones', () => {
    const run: RunResult = {
      ...failingRun,
      scenario: { ...failingRun.scenario, expect: { ...failingRun.scenario.expect, violations: ['vdl-monotonic'] } },
      invariants: [expectedBreak, ...failingRun.invariants],
    };
    expect(violationsOf(run).map((v) => v.name)).toEqual(['acked-commits-durable', 'vdl-monotonic', 'ackedCommitsLost']);
  });

  it('keeps the invariants in their own order when none is expected to break', () => {
    const run: RunResult = { ...failingRun, invariants: [expectedBreak, ...failingRun.invariants] };
    expect(violationsOf(run).map((v) => v.name)).toEqual(['vdl-monotonic', 'acked-commits-durable', 'ackedCommitsLost']);
  });
});
