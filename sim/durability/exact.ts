/**
 * The closed-form side of the cross-check: the exact first-passage probabilities of the model
 * (`model.ts`) within the mission, from its Markov chain (`chain.ts`, `transient.ts`).
 */
import { buildChain } from './chain.ts';
import { missionRates, QUESTIONS, quorumOf, type FailureRates, type Layout, type Question } from './model.ts';
import { absorptionByTimeOne } from './transient.ts';

export type ByQuestion<T> = { readonly [Q in Question]: T };

/** P(write quorum lost within the mission) and P(read quorum lost within the mission), per PG. */
export function exactLoss(layout: Layout, rates: FailureRates, options: { lump?: boolean } = {}): ByQuestion<number> {
  const perMission = missionRates(rates);
  const [write, read] = QUESTIONS.map((q) => absorptionByTimeOne(buildChain(layout, perMission, quorumOf(layout, q), options)));
  return { write: write!, read: read! };
}
