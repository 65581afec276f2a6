/**
 * Swarm testing (Groce et al., "Swarm Testing", ISSTA 2012): instead of every seed drawing from
 * every listed fault kind and trigger, each seed enables a random subset of them, each with a
 * random weight. A seed that never crashes storage nodes can drive the writer through many
 * recoveries; one with only disk losses and lag triggers piles repairs on lagging peers. The
 * variety across seeds finds failures that a uniform mix dilutes (FoundationDB-style
 * simulators report tens of percent more distinct failures).
 *
 * Draws: every distinct kind, then every distinct trigger, in the order first listed, is
 * enabled with probability 1/2 and given a weight from 1 to 4; if no kind is enabled, one is
 * (a trigger arms a fault of some kind, so kinds cannot be empty). Repetition in the lists does
 * not weigh here: the weights replace it. The draws come from the stream `faults/chaos/swarm`,
 * so switching swarm on moves no other draw of the run.
 */
import type { Rng } from '../core/rng.ts';
import type { ChaosTrigger } from './chaos-config.ts';
import type { FaultKind } from './kinds.ts';

/** Weights 1 .. MAX_WEIGHT. */
export const MAX_WEIGHT = 4;

export interface Weighted<T> {
  readonly name: T;
  readonly weight: number;
}

/** What one seed enabled: each kind and trigger with its weight, in the order listed. */
export interface SwarmChoice {
  readonly kinds: readonly Weighted<FaultKind>[];
  readonly triggers: readonly Weighted<ChaosTrigger>[];
}

export function drawSwarm(kinds: readonly FaultKind[], triggers: readonly ChaosTrigger[], rng: Rng): SwarmChoice {
  const pick = <T>(names: readonly T[]): Weighted<T>[] =>
    distinct(names).flatMap((name) => (rng.chance(0.5) ? [{ name, weight: 1 + rng.int(MAX_WEIGHT) }] : []));
  let chosenKinds = pick(kinds);
  const chosenTriggers = pick(triggers);
  if (chosenKinds.length === 0) {
    const all = distinct(kinds);
    chosenKinds = [{ name: all[rng.int(all.length)]!, weight: 1 + rng.int(MAX_WEIGHT) }];
  }
  return { kinds: chosenKinds, triggers: chosenTriggers };
}

/** Each name repeated `weight` times: drawing uniformly from it draws by weight. */
export function bag<T>(weighted: readonly Weighted<T>[]): T[] {
  return weighted.flatMap(({ name, weight }) => Array.from({ length: weight }, () => name));
}

/** `kind×weight, ...` for reports and capsule headers. */
export function describeSwarm(choice: SwarmChoice): string {
  const list = (items: readonly Weighted<string>[]) => (items.length === 0 ? 'none' : items.map((i) => `${i.name}×${i.weight}`).join(', '));
  return `kinds ${list(choice.kinds)}; triggers ${list(choice.triggers)}`;
}

function distinct<T>(names: readonly T[]): T[] {
  return [...new Set(names)];
}
