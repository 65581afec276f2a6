/**
 * The converge phase in words: the detail says what the run showed, including when the last
 * fault heals only at or after the end of the run, so there was nothing after the heal to see,
 * and when no client wrote within the bound, so nothing showed that writes work (a real run
 * of a regression scenario at two transactions a second, below).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse.ts';
import { runScenario } from '../simulation.ts';
import { REPO_ROOT } from '../testing/shipped-scenarios.ts';
import { Trace } from '../core/trace.ts';
import { TRACE_KINDS } from '../protocol/trace-kinds.ts';
import { replayEvents, type ModelEvent } from '../testing/trace-events.ts';
import { ConvergenceWatch } from './convergence.ts';
import { SclMirror } from './scl-mirror.ts';

const SECOND = 1_000_000;
const BOTH_SEGMENTS = 0b11;

/** One PG of two segments; the last fault heals at `healAt`, the bound is 30 s. */
function watch(healAt: number, events: ModelEvent[] = []) {
  const clock = { now: 0 };
  const trace = new Trace(clock, TRACE_KINDS, { keepLines: false });
  const mirror = new SclMirror(1, () => BOTH_SEGMENTS);
  mirror.attach(trace);
  const convergence = new ConvergenceWatch({ healAt, within: 30 * SECOND, protectionGroups: 1, members: () => BOTH_SEGMENTS, rebuildable: true }, mirror.live);
  convergence.attach(trace);
  replayEvents(trace, clock, events);
  return convergence;
}

describe('convergence detail', () => {
  it('says the last fault is still active when it heals after the run ends, never a negative time', () => {
    const result = watch(10.5 * SECOND).result(1 * SECOND);
    expect(result.ok).toBe(false);
    expect(result.detail).toBe(
      'not checked: the last fault is still active when the run ends at 1000000us (it heals at 10500000us); lengthen the run to 40500000us',
    );
    expect(result.detail).not.toMatch(/-\d/);
  });

  it('says the last fault lasts until the end when it heals exactly as the run ends (a fault without `for`)', () => {
    expect(watch(SECOND).result(SECOND).detail).toBe(
      'not checked: the last fault lasts until the run ends at 1000000us; give it a `for` that ends before the run does',
    );
  });

  it('counts the time after the heal when the run ended too soon after it', () => {
    expect(watch(SECOND).result(3 * SECOND).detail).toBe(
      'not converged when the run ended, 2000000us after the heal (bound 30000000us): lengthen the run',
    );
  });

  it('reports convergence once every segment holds what the PG had made durable by the heal, and a commit followed', () => {
    const result = watch(SECOND, [
      [500_000, 'pgcl', 0, 40, 1],
      [1_200_000, 'scl', 0, 0, 40],
      [1_300_000, 'commit', 1, 41, 100, 1, 0],
      [1_400_000, 'scl', 0, 1, 40],
    ]).result(5 * SECOND);
    expect(result).toEqual({
      healedAt: SECOND,
      convergedAt: 1_400_000,
      ok: true,
      detail: 'converged 400000us after the last fault healed (bound 30000000us)',
    });
  });

  it('says no client wrote within the bound when none did, rather than blame recovery', () => {
    const whole: ModelEvent[] = [
      [500_000, 'pgcl', 0, 40, 1],
      [1_200_000, 'scl', 0, 0, 40],
      [1_400_000, 'scl', 0, 1, 40],
    ];
    const result = watch(SECOND, [...whole, [32 * SECOND, 'txn.submit', 7]]).result(40 * SECOND);
    expect(result.ok).toBe(false);
    expect(result.detail).toBe(
      'not converged within 30000000us of the heal: no client wrote within the bound, so nothing showed that writes work again; raise workload.rate or lengthen convergeWithin',
    );
    // A client that wrote in time and was never answered: the cluster did not converge.
    const unanswered = watch(SECOND, [...whole, [2 * SECOND, 'txn.submit', 7]]).result(40 * SECOND);
    expect(unanswered.detail).toBe('not converged within 30000000us of the heal');
  });
});

describe('convergence in a run at two transactions a second, the writer crashed inside its own recovery', () => {
  const file = 'scenarios/regressions/low-rate-converge-after-recovery-crash.yaml';
  const run = (overrides: string[]) => {
    const parsed = parseScenario(readFileSync(join(REPO_ROOT, file), 'utf8'), { file, overrides });
    if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('; '));
    return runScenario(parsed.scenario, { source: file, replay: file, keepTrace: false });
  };

  it('converges at the first commit after the heal, 1.17 s on, within its 5 s bound', () => {
    const result = run([]);
    expect(result.verdict).toBe('ok');
    expect(result.convergence?.detail).toMatch(/^converged 11\d{5}us after the last fault healed \(bound 5000000us\)$/);
  });

  it('with a 1 s bound is inconclusive, and says that no client wrote within it rather than blame the cluster', () => {
    const result = run(['convergeWithin=1s']);
    expect(result.verdict).toBe('inconclusive');
    expect(result.convergence?.detail).toMatch(
      /^converged 11\d{5}us after the last fault healed \(bound 1000000us\): no client wrote within the bound, so nothing showed that writes work again; raise workload.rate or lengthen convergeWithin$/,
    );
  });
});
