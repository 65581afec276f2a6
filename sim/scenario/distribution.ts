/**
 * Latency distributions as written in a scenario, resolved into `DistributionSpec` (every
 * duration an integer µs), and written back in canonical form.
 *
 * Accepted: a bare duration (constant), or `{dist: constant | uniform | exponential | normal |
 * lognormal | pareto | empirical, ...}`. A lognormal is given by median and p99, or by mu and
 * sigma of ln(µs); an empirical one by `samples` or by a CSV `file`, which `empirical-file.ts`
 * reads into samples before validation.
 */
import { z } from 'zod';
import { assert } from '../core/assert.ts';
import type { DistributionSpec } from '../core/distribution-spec.ts';
import { duration, positiveDuration, positiveNumber } from './fields.ts';
import { MAX_DRAWN_SPAN } from './limits.ts';
import { withRules } from './rule.ts';
import { formatDuration } from './units.ts';
import { describeValue } from './value-description.ts';

const floor = () => duration('Floor: smaller draws are raised to this.').optional();

const constant = z.strictObject({
  dist: z.literal('constant'),
  value: duration('The value of every draw.'),
});

const uniform = withRules(
  z.strictObject({
    dist: z.literal('uniform'),
    min: duration('Smallest draw.'),
    max: duration('Largest draw.'),
  }),
  [
    {
      reads: [['min'], ['max']],
      check: (d, report) => {
        if (d.max < d.min) report(['max'], `max (${formatDuration(d.max)}) must be at least min (${formatDuration(d.min)})`);
        else if (d.max - d.min > MAX_DRAWN_SPAN.max) {
          report(['max'], `max - min (${formatDuration(d.max - d.min)}) must be at most ${formatDuration(MAX_DRAWN_SPAN.max)} (${MAX_DRAWN_SPAN.why})`);
        }
      },
    },
  ],
);

const exponential = z.strictObject({
  dist: z.literal('exponential'),
  mean: duration('Mean draw.'),
  min: floor(),
});

const normal = z.strictObject({
  dist: z.literal('normal'),
  mean: duration('Mean draw.'),
  stddev: duration('Standard deviation.'),
  min: floor(),
});

const lognormal = withRules(
  z.strictObject({
    dist: z.literal('lognormal'),
    median: positiveDuration('Median draw (with p99).').optional(),
    p99: duration('99th percentile (with median); must exceed the median.').optional(),
    mu: z.number().meta({ description: 'Mean of ln(draw in µs) (with sigma).' }).optional(),
    sigma: positiveNumber('Standard deviation of ln(draw in µs) (with mu).').optional(),
    min: floor(),
  }),
  [
    {
      reads: [['median'], ['p99'], ['mu'], ['sigma']],
      check: (d, report) => lognormalForm(d, report),
    },
    {
      reads: [['median'], ['p99']],
      check: (d, report) => {
        if (d.median === undefined || d.p99 === undefined || d.p99 > d.median) return;
        report(['p99'], `p99 (${formatDuration(d.p99)}) must be greater than the median (${formatDuration(d.median)})`);
      },
    },
  ],
);

type LognormalFields = { median?: number | undefined; p99?: number | undefined; mu?: number | undefined; sigma?: number | undefined };

/** Exactly one of the two parameterizations, complete. */
function lognormalForm(d: LognormalFields, report: (path: readonly string[], message: string) => void): void {
  const byMedian = d.median !== undefined || d.p99 !== undefined;
  const byMu = d.mu !== undefined || d.sigma !== undefined;
  if (byMedian && byMu) return report([d.mu === undefined ? 'sigma' : 'mu'], 'give either median and p99, or mu and sigma, not both');
  if (!byMedian && !byMu) return report([], 'a lognormal needs median and p99 (durations), or mu and sigma (of ln µs)');
  const pair: readonly (keyof LognormalFields)[] = byMedian ? ['median', 'p99'] : ['mu', 'sigma'];
  for (const key of pair) {
    if (d[key] === undefined) report([key], `missing required key '${key}' (a lognormal needs ${pair.join(' and ')})`);
  }
}

const pareto = withRules(
  z.strictObject({
    dist: z.literal('pareto'),
    scale: positiveDuration('Smallest draw (x_m).'),
    shape: positiveNumber('Tail index (alpha); smaller means a heavier tail.'),
    max: duration('Ceiling: larger draws are lowered to this.').optional(),
  }),
  [
    {
      reads: [['scale'], ['max']],
      check: (d, report) => {
        if (d.max === undefined || d.max >= d.scale) return;
        report(['max'], `max (${formatDuration(d.max)}) must be at least scale (${formatDuration(d.scale)})`);
      },
    },
  ],
);

const empirical = withRules(
  z.strictObject({
    dist: z.literal('empirical'),
    samples: z.array(duration('One observed value.')).min(1).meta({ description: 'Observed values, drawn uniformly.' }).optional(),
    file: z.string().min(1).meta({ description: 'CSV file of one duration (or µs number) per line, relative to this file.' }).optional(),
  }),
  [
    {
      reads: [['samples'], ['file']],
      check: (d, report) => {
        if (d.samples !== undefined && d.file !== undefined) report(['file'], 'give either samples or file, not both');
        if (d.samples === undefined && d.file === undefined) report([], 'an empirical distribution needs samples (a list of durations) or file (a CSV file)');
      },
    },
  ],
);

const distributionObject = z.discriminatedUnion('dist', [constant, uniform, exponential, normal, lognormal, pareto, empirical]);

/** A distribution of durations, or a bare duration meaning a constant. */
export function distribution(description: string) {
  return z
    .union([duration('A constant duration.'), distributionObject], {
      error: (issue) =>
        `expected a duration like "250us" or a distribution like {dist: exponential, mean: 100us}, got ${describeValue(issue.input)}`,
    })
    .meta({ description });
}

export type DistributionOutput = z.output<ReturnType<typeof distribution>>;
export type DistributionDocument = z.input<ReturnType<typeof distribution>>;

export function toDistributionSpec(d: DistributionOutput): DistributionSpec {
  if (typeof d === 'number') return { dist: 'constant', value: d };
  switch (d.dist) {
    case 'constant':
      return { dist: 'constant', value: d.value };
    case 'uniform':
      return { dist: 'uniform', min: d.min, max: d.max };
    case 'exponential':
      return { dist: 'exponential', mean: d.mean, ...present('min', d.min) };
    case 'normal':
      return { dist: 'normal', mean: d.mean, stddev: d.stddev, ...present('min', d.min) };
    case 'lognormal':
      return lognormalSpec(d);
    case 'pareto':
      return { dist: 'pareto', scale: d.scale, shape: d.shape, ...present('max', d.max) };
    case 'empirical':
      assert(d.samples !== undefined, 'empirical files are read into samples before validation');
      return { dist: 'empirical', samples: d.samples };
  }
}

function lognormalSpec(d: LognormalFields & { min?: number | undefined }): DistributionSpec {
  if (d.median !== undefined && d.p99 !== undefined) {
    return { dist: 'lognormal', median: d.median, p99: d.p99, ...present('min', d.min) };
  }
  assert(d.mu !== undefined && d.sigma !== undefined, 'lognormal rule guarantees one complete form');
  return { dist: 'lognormal', mu: d.mu, sigma: d.sigma, ...present('min', d.min) };
}

/** `{key: value}` when the value is present, `{}` otherwise (for exact optional properties). */
function present<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]: number });
}

/** The spec in the canonical form a scenario file would spell it. */
export function distributionDocument(spec: DistributionSpec): DistributionDocument {
  const d = formatDuration;
  switch (spec.dist) {
    case 'constant':
      return { dist: 'constant', value: d(spec.value) };
    case 'uniform':
      return { dist: 'uniform', min: d(spec.min), max: d(spec.max) };
    case 'exponential':
      return { dist: 'exponential', mean: d(spec.mean), ...formatted('min', spec.min) };
    case 'normal':
      return { dist: 'normal', mean: d(spec.mean), stddev: d(spec.stddev), ...formatted('min', spec.min) };
    case 'lognormal':
      return 'median' in spec
        ? { dist: 'lognormal', median: d(spec.median), p99: d(spec.p99), ...formatted('min', spec.min) }
        : { dist: 'lognormal', mu: spec.mu, sigma: spec.sigma, ...formatted('min', spec.min) };
    case 'pareto':
      return { dist: 'pareto', scale: d(spec.scale), shape: spec.shape, ...formatted('max', spec.max) };
    case 'empirical':
      return { dist: 'empirical', samples: spec.samples.map(d) };
  }
}

function formatted<K extends string>(key: K, value: number | undefined): { [P in K]?: string } {
  return value === undefined ? {} : ({ [key]: formatDuration(value) } as { [P in K]: string });
}
