/**
 * The summary of a sweep (`summary.json`): one entry per configuration, pooled over its
 * tasks, with the statistics of `statistics.ts`. A pure function of the sweep's definition and
 * its task lines, whatever order the lines come in, so a single machine's sweep and the merge of
 * its shards write the same bytes.
 *
 * Per configuration: the verdicts; P(an acknowledged commit is lost) and P(writes are
 * unavailable at all), each the share of tasks with any, with its Wilson 95% interval and n;
 * the mean write-unavailable time and the mean lost commits with Student t 95% intervals; the
 * nearest-rank percentiles of every completed recovery's duration; the commit-latency
 * percentiles of every task's histogram merged exactly; network bytes and writer I/Os per
 * acknowledged commit, as the mean of the tasks' figures with its t interval. A crashed task
 * (a simulator bug) measured nothing: it is counted under `verdicts` and left out of the rest,
 * so n is the number of tasks that ran to the end.
 */
import { Histogram } from '../../sim/index.ts';
import { meanInterval, nearestRank, wilson, type MeanInterval, type Proportion } from './statistics.ts';
import { measured, round6, type TaskLine, type TaskVerdict } from './task-line.ts';

export const SWEEP_SUMMARY_VERSION = 1;

export interface SweepDefinition {
  readonly scenario: string;
  /** The scenario file as given on the command line. */
  readonly file: string;
  readonly sets: readonly string[];
  readonly grid: readonly { readonly path: string; readonly values: readonly string[] }[];
  /** Repetitions per configuration. */
  readonly seeds: number;
  readonly sweepSeed: number;
}

export interface ConfigSummary {
  readonly config: Readonly<Record<string, string>>;
  readonly tasks: number;
  readonly verdicts: Readonly<Record<TaskVerdict, number>>;
  readonly ackedCommitLost: Proportion;
  readonly writeUnavailable: Proportion;
  readonly writeUnavailableUs: MeanInterval;
  readonly lostCommits: MeanInterval;
  readonly recoveryUs: {
    readonly count: number;
    readonly p50: number | null;
    readonly p90: number | null;
    readonly p99: number | null;
    readonly max: number | null;
  };
  readonly commitLatencyUs: {
    readonly count: number;
    readonly p50: number | null;
    readonly p99: number | null;
    readonly p999: number | null;
    readonly max: number | null;
    readonly mean: number | null;
  };
  readonly bytesPerCommit: MeanInterval;
  readonly ioPerCommit: MeanInterval;
}

export interface SweepSummary {
  readonly format: 'aurora-sim-sweep-summary';
  readonly version: number;
  readonly scenario: string;
  readonly file: string;
  readonly sets: readonly string[];
  readonly grid: SweepDefinition['grid'];
  readonly seeds: number;
  readonly sweepSeed: number;
  readonly tasks: number;
  readonly methods: typeof METHODS;
  readonly configurations: readonly ConfigSummary[];
}

const METHODS = {
  probabilities: 'share of tasks, Wilson score 95% interval',
  means: 'mean of tasks, Student t 95% interval (sd with n-1)',
  percentiles: 'nearest rank; commit latency from the tasks\' histograms merged (within 0.1%)',
} as const;

/** The summary of `lines`, one entry per configuration in `configs` order. */
export function summarizeSweep(
  definition: SweepDefinition,
  configs: readonly Readonly<Record<string, string>>[],
  lines: readonly TaskLine[],
): SweepSummary {
  const byConfig = new Map<string, TaskLine[]>();
  for (const line of [...lines].sort((a, b) => a.task - b.task)) {
    const key = configKey(line.config);
    const group = byConfig.get(key);
    if (group === undefined) byConfig.set(key, [line]);
    else group.push(line);
  }
  return {
    format: 'aurora-sim-sweep-summary',
    version: SWEEP_SUMMARY_VERSION,
    scenario: definition.scenario,
    file: definition.file,
    sets: definition.sets,
    grid: definition.grid,
    seeds: definition.seeds,
    sweepSeed: definition.sweepSeed,
    tasks: lines.length,
    methods: METHODS,
    configurations: configs.map((config) => summarizeConfig(config, byConfig.get(configKey(config)) ?? [])),
  };
}

/** The identity of a configuration: its pairs in order. */
export function configKey(config: Readonly<Record<string, string>>): string {
  return Object.entries(config)
    .map(([p, v]) => `${p}=${v}`)
    .join('\0');
}

function summarizeConfig(config: Readonly<Record<string, string>>, lines: readonly TaskLine[]): ConfigSummary {
  const verdicts: Record<TaskVerdict, number> = { ok: 0, failed: 0, inconclusive: 0, crashed: 0 };
  for (const line of lines) verdicts[line.verdict]++;
  const ran = lines.filter(measured);
  const recoveries = ran.flatMap((l) => l.recoveriesUs).sort((a, b) => a - b);
  const latency = Histogram.merged(
    ran.map((l) => ({ count: l.latencyHistogram.count, sum: l.latencyHistogram.sumUs, max: l.latencyHistogram.maxUs, buckets: l.latencyHistogram.buckets })),
  );
  const latencySummary = latency.summarize();
  const noLatency = latency.count === 0;
  return {
    config,
    tasks: lines.length,
    verdicts,
    ackedCommitLost: proportion(ran.filter((l) => l.lostCommits > 0).length, ran.length),
    writeUnavailable: proportion(ran.filter((l) => l.writeUnavailableUs > 0).length, ran.length),
    writeUnavailableUs: mean(ran.map((l) => l.writeUnavailableUs)),
    lostCommits: mean(ran.map((l) => l.lostCommits)),
    recoveryUs: {
      count: recoveries.length,
      p50: nearestRank(recoveries, 50),
      p90: nearestRank(recoveries, 90),
      p99: nearestRank(recoveries, 99),
      max: recoveries.length === 0 ? null : recoveries[recoveries.length - 1]!,
    },
    commitLatencyUs: {
      count: latencySummary.count,
      p50: noLatency ? null : latencySummary.p50,
      p99: noLatency ? null : latencySummary.p99,
      p999: noLatency ? null : latencySummary.p999,
      max: noLatency ? null : latencySummary.max,
      mean: noLatency ? null : latencySummary.mean,
    },
    bytesPerCommit: mean(ran.flatMap((l) => (l.bytesPerCommit === null ? [] : [l.bytesPerCommit]))),
    ioPerCommit: mean(ran.flatMap((l) => (l.ioPerCommit === null ? [] : [l.ioPerCommit]))),
  };
}

function proportion(k: number, n: number): Proportion {
  const w = wilson(k, n);
  return { k, n, p: rounded(w.p), lo: rounded(w.lo), hi: rounded(w.hi) };
}

function mean(values: readonly number[]): MeanInterval {
  const m = meanInterval(values);
  return { n: m.n, mean: rounded(m.mean), sd: rounded(m.sd), lo: rounded(m.lo), hi: rounded(m.hi) };
}

function rounded(x: number | null): number | null {
  return x === null ? null : round6(x);
}

/** The document as written to `summary.json`. */
export function summaryJson(summary: SweepSummary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}
