/**
 * The cross-check of one model: its exact loss probabilities beside Monte Carlo estimates of
 * the same process, per question, with the verdict of each. Pure and deterministic: the same
 * model, plan and seed give the same numbers.
 *
 * The runs draw from the stream `durability/AxS/W-R/plain` (or `.../is`) of the root seed, so
 * a layout draws the same whatever its preset is called, and plain and importance sampling of
 * one layout are independent.
 */
import { Rng } from '../core/rng.ts';
import { agreement, estimateOf, meanOf, unreliability, type Agreement, type Estimate, type MeanOf } from './estimate.ts';
import { exactLoss, type ByQuestion } from './exact.ts';
import type { DurabilityModel, Layout } from './model.ts';
import { isPlain, sampleMissions, type SamplingPlan } from './monte-carlo.ts';

export interface QuestionCheck {
  readonly exact: number;
  readonly estimate: Estimate;
  readonly agreement: Agreement;
  /** Why the importance-sampling interval is not to be trusted (`estimate.ts`), or null. */
  readonly unreliable: string | null;
}

export interface CrossCheck {
  readonly model: DurabilityModel;
  readonly plan: SamplingPlan;
  readonly questions: ByQuestion<QuestionCheck>;
  /** The mean likelihood ratio over all runs, with its interval (exactly 1 under plain sampling). */
  readonly weights: MeanOf;
}

export function crossCheck(model: DurabilityModel, plan: SamplingPlan, seed: number | string): CrossCheck {
  const exact = exactLoss(model.layout, model.rates);
  const plain = isPlain(plan);
  const rng = Rng.root(seed).fork(streamName(model.layout, plain));
  const sample = sampleMissions(model.layout, model.rates, plan, rng);
  const weights = meanOf(sample.weights.runs, sample.weights.sum, sample.weights.sumSquares);
  const check = (value: number, estimate: Estimate): QuestionCheck => ({
    exact: value,
    estimate,
    agreement: agreement(value, estimate),
    unreliable: unreliability(estimate, weights),
  });
  return {
    model,
    plan,
    questions: {
      write: check(exact.write, estimateOf(sample.tallies.write, plain)),
      read: check(exact.read, estimateOf(sample.tallies.read, plain)),
    },
    weights,
  };
}

export function streamName(layout: Layout, plain: boolean): string {
  return `durability/${layout.azs}x${layout.segmentsPerAz}/${layout.write}-${layout.read}/${plain ? 'plain' : 'is'}`;
}
