/**
 * Failover liveness, on a trace: once a failover is owed (the writer's host down, another
 * compute host up, failover on), a promotion must follow within the bound; a promotion that
 * leaves the writer down starts the clock again; the writer coming back ends the obligation;
 * with failover off nothing is owed.
 */
import { describe, expect, it } from 'vitest';
import { Trace } from '../core/trace.ts';
import { TRACE_KINDS } from '../protocol/trace-kinds.ts';
import { replayEvents, type ModelEvent } from '../testing/trace-events.ts';
import { failoverBound, FailoverLiveness } from './failover-liveness.ts';

const BOUND = 6_100_000;

function check(events: ModelEvent[], end: number, failover: 'on' | 'off' = 'on') {
  const clock = { now: 0 };
  const trace = new Trace(clock, TRACE_KINDS, { keepLines: false });
  const checker = new FailoverLiveness(failover === 'on' ? BOUND : undefined);
  checker.attach(trace);
  replayEvents(trace, clock, events);
  clock.now = end;
  trace.emitText('phase', 'end');
  return checker.finish();
}

describe('failover liveness, on a trace', () => {
  it('takes detection plus two heartbeat intervals plus 100 ms, and nothing with failover off', () => {
    expect(failoverBound({ enabled: true, detection: 5_000_000, heartbeatInterval: 500_000 })).toBe(BOUND);
    expect(failoverBound({ enabled: false, detection: 5_000_000, heartbeatInterval: 500_000 })).toBeUndefined();
  });

  it('holds when a replica is promoted within the bound', () => {
    expect(check([[2_000_000, 'failover-owed', 1], [7_500_000, 'promote', 2, 2], [7_500_100, 'failover-owed', 0]], 30_000_000).ok).toBe(true);
  });

  it('reports a failover that never comes, at its deadline', () => {
    const result = check([[2_000_000, 'failover-owed', 1]], 30_000_000);
    expect(result).toMatchObject({ ok: false, violations: 1, first: { timeUs: 2_000_000 + BOUND } });
  });

  it('starts the clock again when the writer a promotion made is down too', () => {
    const events: ModelEvent[] = [[2_000_000, 'failover-owed', 1], [7_500_000, 'promote', 2, 2]];
    expect(check([...events, [12_500_000, 'promote', 3, 3], [12_500_100, 'failover-owed', 0]], 30_000_000).ok).toBe(true);
    expect(check(events, 30_000_000)).toMatchObject({ ok: false, first: { timeUs: 7_500_000 + BOUND } });
  });

  it('owes nothing once the writer is back, nor with failover off', () => {
    expect(check([[2_000_000, 'failover-owed', 1], [4_000_000, 'failover-owed', 0]], 30_000_000).ok).toBe(true);
    expect(check([[2_000_000, 'failover-owed', 1]], 30_000_000, 'off').ok).toBe(true);
  });

  it('does not judge a deadline the run did not reach', () => {
    expect(check([[2_000_000, 'failover-owed', 1]], 8_000_000).ok).toBe(true);
  });
});
