/**
 * Model A, "hold" (the classic event-list benchmark; bin/bench/README.md, "The peers"), on
 * aurora-sim's own Loop: N entities, each with exactly one pending event; when it fires it
 * schedules itself again at now + Exp(1). The event list always holds N events, so this
 * measures how the queue scales with N. Figure: events per wall-clock second.
 *
 * Time resolution (the honest mapping): the peers use floating time with Exp(1) increments, so
 * their keys never tie. Our clock is integer microseconds, so one model time unit is mapped to
 * `meanUs` ticks (default 1e9 µs) and every increment is rounded to the nearest microsecond. At
 * N pending events about N / meanUs events fall in any one microsecond, so with 1e9 at most
 * 0.1% of neighbouring keys tie (at N = 1e6) and the heap does what the peers' heaps do. (With
 * meanUs = 1e6, N = 1e6 would put about one event in every microsecond: ties everywhere.)
 * The largest time reached is (warm-up + events) / N * meanUs, about 2e12 µs at N = 1e3, far
 * inside the safe-integer range the Loop asserts.
 */
import { Loop } from '../../sim/core/loop.ts';
import type { Draws } from './draws.ts';

export interface HoldParams {
  readonly n: number;
  /** Timed events, after the warm-up. */
  readonly events: number;
  /** Untimed events first (the peers use max(N, 1e5)). */
  readonly warmup: number;
  /** Mean increment in µs ticks (one model time unit). */
  readonly meanUs: number;
  readonly draws: Draws;
  /** Wall clock in seconds; only differences are used. */
  readonly clock: () => number;
  /** CPU time of this process in seconds (user + system), for the noise-resistant `cpu_s`. */
  readonly cpuClock: () => number;
}

export interface HoldResult {
  readonly model: 'hold';
  readonly n: number;
  readonly events: number;
  readonly wall_s: number;
  /** CPU seconds of the timed window: less sensitive than wall_s to other processes. */
  readonly cpu_s: number;
  readonly ev_per_s: number;
  readonly setup_s: number;
  readonly pending_end: number;
  /** Simulated µs per event in the timed window over meanUs / N: 1 when the model is right. */
  readonly sim_time_ratio: number;
  readonly time_unit: string;
}

export function runHold(p: HoldParams): HoldResult {
  const loop = new Loop();
  const { uniform, ln } = p.draws;
  const mean = p.meanUs;
  // Nearest tick, as floor(x + 0.5) (see quorum.ts for why not Math.round).
  const draw = (): number => Math.floor(0.5 - mean * ln(1 - uniform()));
  // One callback for every entity: the entity has no state besides its pending event.
  const fire = (): void => {
    loop.after(draw(), fire);
  };
  const t0 = p.clock();
  for (let i = 0; i < p.n; i++) loop.after(draw(), fire);
  loop.run({ until: Infinity, maxEvents: p.warmup });
  const t1 = p.clock();
  const c1 = p.cpuClock();
  const e0 = loop.events;
  const sim0 = loop.now;
  loop.run({ until: Infinity, maxEvents: e0 + p.events });
  const t2 = p.clock();
  const c2 = p.cpuClock();
  const events = loop.events - e0;
  const wall = t2 - t1;
  return {
    model: 'hold',
    n: p.n,
    events,
    wall_s: wall,
    cpu_s: c2 - c1,
    ev_per_s: events / wall,
    setup_s: t1 - t0,
    pending_end: loop.pending,
    sim_time_ratio: (loop.now - sim0) / events / (mean / p.n),
    time_unit: `1 us ticks; Exp(1) = Exp(mean ${mean} us), rounded to 1 us`,
  };
}

/** Throws if a hold run did not do what the model says (so a broken model posts no figure). */
export function checkHold(r: HoldResult, expectedEvents: number): void {
  const problems: string[] = [];
  if (r.events !== expectedEvents) problems.push(`ran ${r.events} events, expected ${expectedEvents}`);
  if (r.pending_end !== r.n) problems.push(`${r.pending_end} events pending at the end, expected ${r.n}`);
  if (!(Math.abs(r.sim_time_ratio - 1) < 0.05)) {
    problems.push(`simulated time per event is ${r.sim_time_ratio.toFixed(3)}x mean/N, expected 1 +- 5%`);
  }
  if (problems.length > 0) throw new Error(`model hold is broken: ${problems.join('; ')}`);
}
