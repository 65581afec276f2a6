/**
 * A run hands out its commit-latency histogram as plain data beside the percentiles, so the
 * latencies of many runs (a sweep's tasks) merge exactly: the snapshot is the histogram the
 * percentiles were read from, and merging two runs' snapshots is one histogram of both.
 */
import { describe, expect, it } from 'vitest';
import { Histogram } from './metrics/histogram.ts';
import { runScenario } from './simulation.ts';
import { withScenario } from './testing/base-scenario.ts';

const OPTIONS = { source: 'test.yaml', replay: 'aurora-sim run test.yaml', keepTrace: false };

describe('the commit-latency histogram of a run', () => {
  const runs = [1, 2].map((seed) => runScenario(withScenario({ seed, duration: 300_000 }), OPTIONS));

  it('is the histogram its latency percentiles were read from', () => {
    for (const run of runs) {
      const { latencyUs, latencyHistogram } = run.commits;
      expect(latencyHistogram.count).toBeGreaterThan(100);
      expect(Histogram.merged([latencyHistogram]).summarize()).toEqual(latencyUs);
    }
  });

  it('of two runs merges into the percentiles of both runs together', () => {
    const merged = Histogram.merged(runs.map((r) => r.commits.latencyHistogram)).summarize();
    expect(merged.count).toBe(runs[0]!.commits.latencyUs.count + runs[1]!.commits.latencyUs.count);
    expect(merged.max).toBe(Math.max(...runs.map((r) => r.commits.latencyUs.max)));
    expect(merged.p50).toBeGreaterThanOrEqual(Math.min(...runs.map((r) => r.commits.latencyUs.p50)));
    expect(merged.p50).toBeLessThanOrEqual(Math.max(...runs.map((r) => r.commits.latencyUs.p50)));
  });
});
