/**
 * Effects that faults put on one directed link, and how several active ones combine into the
 * one the network applies to each message:
 * - blocked if any effect blocks (a partition, or one direction of it);
 * - added latency summed;
 * - loss and duplication as independent chances: 1 − Π(1 − p);
 * - jitter summed: a message waits an extra uniform [0, Σ jitter] µs, so it can overtake
 *   earlier ones;
 * - bandwidth divisors multiplied (two cuts by 10 leave a hundredth), up to
 *   MAX_BANDWIDTH_DIVISOR: past that a link is as good as cut, and queue times stay far from
 *   the clock's limit.
 *
 * The fault layer (`faults/fault-target.ts`) uses this type as it is. Not modelled:
 * correlated loss bursts, corruption.
 */
import { assert } from '../core/assert.ts';

export interface LinkEffect {
  /** Messages on the link are dropped (a partition, or one direction of it). */
  readonly block?: boolean;
  /** Added one-way latency, µs. */
  readonly extraLatency?: number;
  /** Probability that a message is lost. */
  readonly loss?: number;
  /** Probability that a message is delivered twice. */
  readonly duplicate?: number;
  /** Extra uniform random delay in [0, jitter] µs per message. */
  readonly jitter?: number;
  /** The link's bandwidth is divided by this (at least 1): each message occupies it longer. */
  readonly bandwidthDivisor?: number;
}

/** The largest combined bandwidth divisor. */
export const MAX_BANDWIDTH_DIVISOR = 1e6;

/** The combination of a link's active effects. */
export interface CombinedEffect {
  readonly block: boolean;
  readonly extraLatency: number;
  readonly loss: number;
  readonly duplicate: number;
  readonly jitter: number;
  /** 1 when no effect cuts the bandwidth. */
  readonly bandwidthDivisor: number;
}

export function combineEffects(effects: Iterable<LinkEffect>): CombinedEffect {
  let block = false;
  let extraLatency = 0;
  let keep = 1;
  let single = 1;
  let jitter = 0;
  let divisor = 1;
  for (const effect of effects) {
    block ||= effect.block === true;
    extraLatency += effect.extraLatency ?? 0;
    keep *= 1 - (effect.loss ?? 0);
    single *= 1 - (effect.duplicate ?? 0);
    jitter += effect.jitter ?? 0;
    divisor *= effect.bandwidthDivisor ?? 1;
  }
  return { block, extraLatency, loss: 1 - keep, duplicate: 1 - single, jitter, bandwidthDivisor: Math.min(divisor, MAX_BANDWIDTH_DIVISOR) };
}

/** Throws on an effect the network cannot apply: a bug in the fault layer, not user input. */
export function checkEffect(effect: LinkEffect): void {
  const whole = (v: number | undefined) => v === undefined || (Number.isSafeInteger(v) && v >= 0);
  const chance = (v: number | undefined) => v === undefined || (v >= 0 && v <= 1);
  const divisor = effect.bandwidthDivisor;
  const ok = whole(effect.extraLatency) && whole(effect.jitter) && chance(effect.loss) && chance(effect.duplicate) && (divisor === undefined || divisor >= 1);
  assert(ok, `network: bad link effect ${JSON.stringify(effect)}`);
}
