/**
 * Resolved distribution specifications, as the model receives them from the scenario layer:
 * every duration already an integer number of microseconds. The samplers that draw from them
 * live in `distribution.ts`.
 *
 * `min`, where present, clamps draws from below (e.g. a propagation floor on a link).
 */

export type DistributionSpec =
  | { readonly dist: 'constant'; readonly value: number }
  | { readonly dist: 'uniform'; readonly min: number; readonly max: number }
  | { readonly dist: 'exponential'; readonly mean: number; readonly min?: number }
  | { readonly dist: 'normal'; readonly mean: number; readonly stddev: number; readonly min?: number }
  /** Lognormal by its median and 99th percentile (both µs). */
  | { readonly dist: 'lognormal'; readonly median: number; readonly p99: number; readonly min?: number }
  /** Lognormal by the mean and standard deviation of ln(value in µs). */
  | { readonly dist: 'lognormal'; readonly mu: number; readonly sigma: number; readonly min?: number }
  /** Pareto type I: P(X > x) = (scale / x)^shape for x >= scale. */
  | { readonly dist: 'pareto'; readonly scale: number; readonly shape: number; readonly max?: number }
  /** Draws uniformly from the given samples (µs). */
  | { readonly dist: 'empirical'; readonly samples: readonly number[] };

export type DistributionKind = DistributionSpec['dist'];
