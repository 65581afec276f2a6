/**
 * The converge phase in words: the detail says what the run showed, including when the last
 * fault heals only at or after the end of the run, so there was nothing after the heal to see.
 */
import { describe, expect, it } from 'vitest';
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
      'not converged within 30000000us of the heal: no client wrote in that time, so nothing showed that writes work again; raise workload.rate or lengthen convergeWithin',
    );
    // A client that wrote in time and was never answered: the cluster did not converge.
    const unanswered = watch(SECOND, [...whole, [2 * SECOND, 'txn.submit', 7]]).result(40 * SECOND);
    expect(unanswered.detail).toBe('not converged within 30000000us of the heal');
  });
});
