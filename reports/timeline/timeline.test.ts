import { describe, expect, it } from 'vitest';
import { bucketsFor } from './buckets.ts';
import { recordedRun, SHORT_AZ_OUTAGE } from './testing/recorded-run.ts';
import type { Timeline, TimelineSeries } from './timeline.ts';

const outage = recordedRun('scenarios/az-outage.yaml', SHORT_AZ_OUTAGE);
const { timeline } = outage;

const named = (t: Timeline, prefix: string): TimelineSeries[] => t.series.filter((s) => s.name.startsWith(prefix));
const one = (t: Timeline, name: string): TimelineSeries => t.series.find((s) => s.name === name)!;
const numbers = (values: readonly (number | null)[]): number[] => values.filter((v): v is number => v !== null);
/** The values of buckets that lie wholly inside [fromUs, toUs). */
const within = (t: Timeline, s: TimelineSeries, fromUs: number, toUs: number): number[] =>
  numbers(s.values.filter((_, i) => i * t.bucketUs >= fromUs && (i + 1) * t.bucketUs <= toUs));

describe('timeline: what a run did over time, recorded through its trace', () => {
  it('has the buckets its duration gives, and every series one value per bucket', () => {
    expect({ widthUs: timeline.bucketUs, count: timeline.buckets }).toEqual(bucketsFor(5_000_000));
    for (const s of timeline.series) expect(s.values, s.name).toHaveLength(timeline.buckets);
  });

  it('knows when the fault was active', () => {
    expect(timeline.faults).toEqual([{ startUs: 2_000_000, endUs: 4_000_000, label: 'az-outage az:b', key: 'az-outage az:b' }]);
  });

  it('ends VDL and VCL where the run ended them, and counts every acknowledged commit once', () => {
    const last = (name: string): number | null => one(timeline, name).values.at(-1)!;
    expect(last('vdl')).toBe(outage.result.vdl.final);
    expect(last('vcl')).toBe(outage.result.vdl.vcl);
    expect(named(timeline, 'pgcl/')).toHaveLength(outage.result.scenario.cluster.protectionGroups);
    expect(numbers(one(timeline, 'commits').values).reduce((a, b) => a + b, 0)).toBe(outage.result.commits.acknowledged);
  });

  it("shows AZ b's segments falling behind while it is dark and catching up after", () => {
    const lags = named(timeline, 'scl-lag/');
    const azB = lags.filter((s) => s.group === 'az-b');
    const others = lags.filter((s) => s.group !== 'az-b');
    expect(azB).toHaveLength(2 * outage.result.scenario.cluster.protectionGroups);
    const worstOther = Math.max(...others.flatMap((s) => within(timeline, s, 2_000_000, 4_000_000)));
    for (const s of azB) {
      const peak = Math.max(...within(timeline, s, 2_000_000, 4_000_000));
      expect(peak, s.name).toBeGreaterThan(Math.max(1_000, 10 * worstOther));
      expect(Math.max(...within(timeline, s, 4_900_000, 5_000_000)), s.name).toBeLessThan(peak / 100);
    }
  });

  it('has commit latency percentiles and a lag for every replica', () => {
    const p50 = numbers(one(timeline, 'latency/p50').values);
    const p99 = numbers(one(timeline, 'latency/p99').values);
    expect(p50.length).toBeGreaterThan(timeline.buckets / 2);
    p50.forEach((v, i) => expect(v).toBeLessThanOrEqual(p99[i]!));
    expect(named(timeline, 'replica-lag/').map((s) => s.label)).toEqual(outage.result.replicas.map((r) => `replica ${r.id}`));
  });

  it('is the same for the same run', () => {
    expect(JSON.stringify(recordedRun('scenarios/az-outage.yaml', SHORT_AZ_OUTAGE).timeline)).toBe(JSON.stringify(timeline));
  });

  it('does not count the LSNs a recovery skips as lag', () => {
    const crash = recordedRun('scenarios/writer-crash.yaml', ['duration=7s', 'workload.rate=1000/s', 'faults=[{at: 3s, kind: crash, target: writer, for: 1s}]', 'expect={}']);
    expect(crash.result.recoveries).toHaveLength(1);
    expect(crash.result.vdl.final).toBeGreaterThan(10_000_000); // new LSNs start above the truncation
    const lags = named(crash.timeline, 'scl-lag/').flatMap((s) => numbers(s.values));
    expect(Math.max(...lags)).toBeLessThan(100_000);
  });
});
