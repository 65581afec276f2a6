/** The durability module's public surface (re-exported by `sim/index.ts`). */
export { crossCheck, type CrossCheck, type QuestionCheck } from './cross-check.ts';
export { MIN_ESS, type Agreement, type Estimate, type MeanOf } from './estimate.ts';
export { exactLoss, type ByQuestion } from './exact.ts';
export {
  layoutProblems,
  lumpedStateBound,
  MAX_STATES,
  PRESETS,
  presetNamed,
  QUESTIONS,
  rateProblems,
  type DurabilityModel,
  type FailureRates,
  type Layout,
  type Preset,
  type Question,
} from './model.ts';
export { isPlain, SAMPLING_BUGS, type SamplingBug, type SamplingPlan } from './monte-carlo.ts';
