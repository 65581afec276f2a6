/**
 * End-to-end: `aurora-sim compare-configs` runs both configurations on each seed (common random
 * numbers), so its paired intervals are narrower than the unpaired ones of the same runs; each
 * side of a pair is the run `run --seed K --set ...` gives; it says where each pair's traces
 * first part; and comparing a configuration with itself finds no difference at all.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, TINY_SCENARIO, type Outcome } from './sweep/testing/cli.ts';

interface Metric {
  metric: string;
  n: number;
  paired: { mean: number; lo: number; hi: number };
  unpaired: { mean: number; lo: number; hi: number };
}
interface ComparisonJson {
  metrics: Metric[];
  pairs: { seed: number; traceHashA: string; traceHashB: string; divergence: { event: number; timeUs: number; a: string; b: string } | null }[];
}

let dir = '';
let scenario = '';
let quorums: Outcome;
let same: Outcome;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aurora-compare-'));
  scenario = join(dir, 'tiny.yaml');
  writeFileSync(scenario, TINY_SCENARIO);
  [quorums, same] = await Promise.all([
    cli(['compare-configs', scenario, '--a', 'cluster.quorum.write=4', '--b', 'cluster.quorum.write=5', '--seeds', '6', '--jobs', '1', '--json']),
    cli(['compare-configs', scenario, '--a', 'workload.rate=300/s', '--b', 'workload.rate=300/s', '--seeds', '2', '--jobs', '1', '--json']),
  ]);
}, 120_000);

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

const parsed = (o: Outcome): ComparisonJson => JSON.parse(o.stdout) as ComparisonJson;
const width = (d: { lo: number; hi: number }): number => d.hi - d.lo;

describe('compare-configs', () => {
  it('gives paired intervals far narrower than the unpaired ones for what the seeds share', () => {
    expect(quorums.code, quorums.stderr).toBe(0);
    const metric = (name: string): Metric => parsed(quorums).metrics.find((m) => m.metric === name)!;
    for (const name of ['commitsAcknowledged', 'commitLatencyMeanUs']) {
      const m = metric(name);
      expect(m.n).toBe(6);
      expect(m.paired.mean).toBe(m.unpaired.mean);
      expect(width(m.paired), name).toBeLessThan(width(m.unpaired) / 2);
    }
    // A fifth acknowledgement to wait for makes every commit slower.
    expect(metric('commitLatencyMeanUs').paired.lo).toBeGreaterThan(0);
  });

  it('runs each side exactly as run --seed K --set does', async () => {
    const pair = parsed(quorums).pairs[2]!;
    const run = await cli(['run', scenario, '--seed', String(pair.seed), '--set', 'cluster.quorum.write=5', '--json']);
    expect((JSON.parse(run.stdout) as { traceHash: string }).traceHash).toBe(pair.traceHashB);
  });

  it('names, for each seed, the first event where the two runs part', () => {
    for (const pair of parsed(quorums).pairs) {
      expect(pair.divergence).not.toBeNull();
      expect(pair.divergence!.event).toBeGreaterThan(1);
      expect(pair.divergence!.a).not.toBe(pair.divergence!.b);
      expect(pair.divergence!.a.startsWith(`${pair.divergence!.timeUs} `) || pair.divergence!.b.startsWith(`${pair.divergence!.timeUs} `)).toBe(true);
    }
  });

  it('finds nothing between a configuration and itself', () => {
    expect(same.code, same.stderr).toBe(0);
    const c = parsed(same);
    for (const pair of c.pairs) {
      expect(pair.divergence).toBeNull();
      expect(pair.traceHashA).toBe(pair.traceHashB);
    }
    for (const m of c.metrics) expect(m.paired, m.metric).toMatchObject({ mean: 0, lo: 0, hi: 0 });
  });

  it('refuses a side the scenario does not accept, before running anything', async () => {
    const bad = await cli(['compare-configs', scenario, '--a', 'cluster.quorum.write=4', '--b', 'cluster.quorum.read=2', '--seeds', '1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/with B \(cluster\.quorum\.read=2\):\n .*must exceed/);
  });
});
