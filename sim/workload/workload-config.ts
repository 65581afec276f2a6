/** What the clients do, as a scenario sets it (`workload:` and `measure:`). */
import type { DistributionSpec } from '../core/distribution-spec.ts';

export type PageChoice = { readonly kind: 'uniform' } | { readonly kind: 'zipf'; readonly exponent: number };

export type Arrivals =
  /** Open loop: Poisson arrivals at `ratePerSecond`. */
  | { readonly kind: 'open'; readonly ratePerSecond: number }
  /** Closed loop: `clients` each submit, wait for the commit, think, and submit again. */
  | { readonly kind: 'closed'; readonly clients: number; readonly thinkTime: DistributionSpec };

export interface WorkloadConfig {
  readonly arrivals: Arrivals;
  /** Redo records per transaction, the commit record included. */
  readonly recordsPerTxn: number;
  /** Records per mini-transaction; the last record of each MTR is a CPL. */
  readonly recordsPerMtr: number;
  readonly recordBytes: number;
  readonly pages: number;
  readonly pageChoice: PageChoice;
}

export interface MeasureConfig {
  /** Commits submitted before this time are left out of latency statistics. */
  readonly warmup: number;
}
