/**
 * Smoke tests of the bench models at tiny sizes, in-process: each model must show its known
 * behaviour (the sanity values every peer shows), so a broken model cannot post a fast number.
 * Nothing here is timed; the clocks are stubs.
 */
import { describe, expect, it } from 'vitest';
import { bareDraws, makeDraws } from './draws.ts';
import { checkHold, runHold, type HoldResult } from './hold.ts';
import { checkQuorum, runQuorum, type QuorumParams, type QuorumResult } from './quorum.ts';

const clock = (): number => 0;

const quorum = (over: Partial<QuorumParams> = {}): QuorumResult =>
  runQuorum({
    k: 64,
    writes: 20_000,
    warmup: 2_000,
    withTimeouts: false,
    ticksPerUs: 1,
    draws: bareDraws(1),
    clock,
    cpuClock: clock,
    ...over,
  });

describe('bench model A (hold)', () => {
  for (const rng of ['bare', 'sim'] as const) {
    it(`keeps N events pending and advances time by mean/N per event (${rng} draws)`, () => {
      const r = runHold({ n: 1000, events: 20_000, warmup: 1000, meanUs: 1e9, draws: makeDraws(rng, 1), clock, cpuClock: clock });
      expect(() => checkHold(r, 20_000)).not.toThrow();
      expect(r.pending_end).toBe(1000);
      expect(r.sim_time_ratio).toBeGreaterThan(0.95);
      expect(r.sim_time_ratio).toBeLessThan(1.05);
    });
  }

  it('a broken run is rejected', () => {
    const r = runHold({ n: 100, events: 2000, warmup: 100, meanUs: 1e9, draws: bareDraws(1), clock, cpuClock: clock });
    const broken: HoldResult = { ...r, sim_time_ratio: 2 };
    expect(() => checkHold(broken, 2000)).toThrow(/hold is broken/);
    expect(() => checkHold({ ...r, pending_end: 99 }, 2000)).toThrow(/pending/);
  });
});

describe('bench models B and C (quorum, quorum_to)', () => {
  it('model B: ~40,000 simulated writes per simulated second, ~4.8 ms mean latency, 18 events per write', () => {
    const r = quorum();
    expect(() => checkQuorum(r, 20_000)).not.toThrow();
    expect(r.model).toBe('quorum');
    expect(r.sim_writes_per_simsec).toBeGreaterThan(38_000);
    expect(r.sim_writes_per_simsec).toBeLessThan(42_000);
    expect(r.mean_write_latency_us).toBeGreaterThan(4_600);
    expect(r.mean_write_latency_us).toBeLessThan(5_000);
  });

  it('model B keeps its behaviour with the simulator Rng and with a nanosecond tick', () => {
    expect(() => checkQuorum(quorum({ draws: makeDraws('sim', 3) }), 20_000)).not.toThrow();
    expect(() => checkQuorum(quorum({ ticksPerUs: 1000 }), 20_000)).not.toThrow();
  });

  it('model C: same trajectory as B; every timeout fires after its write is done and is ignored', () => {
    const b = quorum();
    const c = quorum({ withTimeouts: true });
    expect(() => checkQuorum(c, 20_000)).not.toThrow();
    expect(c.model).toBe('quorum_to');
    expect(c.timeouts).toBe(0);
    // A stale timeout draws nothing and schedules nothing: the same draws, the same run.
    expect(c.mean_write_latency_us).toBe(b.mean_write_latency_us);
    expect(c.sim_writes_per_simsec).toBe(b.sim_writes_per_simsec);
    expect(c.events).toBe(b.events);
    // The stale firings are engine events, not model events.
    expect(c.stale_timeouts).toBeGreaterThan(0);
    expect(c.engine_events).toBe(c.events + c.stale_timeouts!);
    // Pending at the end: B's events, plus a timer per write issued in the last 50 ms
    // (about 2,000 at 40,000 writes/s), the 192 in flight among them.
    expect(c.pending_end).toBe(b.pending_end + c.timers_pending_end!);
    expect(c.timers_pending_end).toBeGreaterThan(1_800);
    expect(c.timers_pending_end).toBeLessThan(2_400);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = quorum({ draws: bareDraws(5) });
    const b = quorum({ draws: bareDraws(5) });
    const c = quorum({ draws: bareDraws(6) });
    expect(a.mean_write_latency_us).toBe(b.mean_write_latency_us);
    expect(a.mean_write_latency_us).not.toBe(c.mean_write_latency_us);
  });

  it('a run off the known behaviour is rejected', () => {
    const r = quorum();
    expect(() => checkQuorum({ ...r, mean_write_latency_us: 9_000 }, 20_000)).toThrow(/latency/);
    expect(() => checkQuorum({ ...r, sim_writes_per_simsec: 20_000 }, 20_000)).toThrow(/simulated writes/);
    expect(() => checkQuorum({ ...r, timeouts: 1 }, 20_000)).toThrow(/timeouts/);
    expect(() => checkQuorum(r, 30_000)).toThrow(/completed/);
  });
});
