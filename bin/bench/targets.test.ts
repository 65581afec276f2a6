/** The bench's statistics and target judgement, on made-up runs (nothing is timed). */
import { describe, expect, it } from 'vitest';
import { median, sameRunRatio, type RunRecord } from './stats.ts';
import { buildTargets, evaluateTargets, rssGrowth, shownRatio } from './targets.ts';

const run = (caseId: string, engine: string, rep: number, value?: number, error?: string): RunRecord => ({
  group: 'x',
  caseId,
  engine,
  rep,
  metric: 'ev_per_s',
  ...(value === undefined ? {} : { value }),
  ...(error === undefined ? {} : { error }),
});

describe('bench statistics', () => {
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });

  it('ratios are taken within a repetition, then the median', () => {
    // Rep 0 is slow for both engines, rep 1 fast for both: the ratio is 0.5 in each.
    const runs = [run('c', 'a', 0, 50), run('c', 'b', 0, 100), run('c', 'a', 1, 500), run('c', 'b', 1, 1000), run('c', 'a', 2, 70)];
    const r = sameRunRatio(runs, { caseId: 'c', engine: 'a' }, { caseId: 'c', engine: 'b' });
    expect(r.perRep).toEqual([0.5, 0.5]);
    expect(r.median).toBe(0.5);
  });

  it('RSS is flat when the late peaks stay near the early ones, growing otherwise', () => {
    const saw = Array.from({ length: 100 }, (_, i) => [i, 200_000 + (i % 7) * 10_000] as const);
    expect(rssGrowth(saw)?.flat).toBe(true);
    const leak = Array.from({ length: 100 }, (_, i) => [i, 200_000 + i * 5_000] as const);
    expect(rssGrowth(leak)?.flat).toBe(false);
    expect(rssGrowth(leak.slice(0, 5))).toBeUndefined();
  });

  it('RSS growth says by how much the late peak is above the early one', () => {
    // Warm-up is the first fifth; the early window peaks at 300 MB, the late one at 330 MB.
    const samples = Array.from({ length: 100 }, (_, i) => [i, i < 20 ? 500_000 : i < 40 ? 300_000 : 330_000] as const);
    expect(rssGrowth(samples)).toEqual({ earlyPeakKb: 300_000, latePeakKb: 330_000, growthKb: 30_000, flat: true });
  });
});

describe('bench targets', () => {
  it('PASS, FAIL and n/a (a reference that did not run is never a pass)', () => {
    const specs = buildTargets(false, '3600s');
    const runs = [
      run('hold N=1e5', 'aurora-sim', 0, 3.0e6),
      run('hold N=1e5', 'js-ref-soa', 0, 3.2e6),
      run('hold N=1e5', 'simpy-proc', 0, 0.5e6),
      run('quorum K=64', 'aurora-sim', 0, 100),
      run('quorum K=64', 'js-ref-soa', 0, 400),
      run('quorum K=64', 'ns3-map', 0, undefined, 'timed out'),
    ];
    const byId = new Map(evaluateTargets(specs, runs).map((t) => [t.id, t]));
    expect(byId.get('hold-vs-js-soa')?.status).toBe('PASS');
    expect(byId.get('hold-vs-simpy')?.status).toBe('FAIL'); // 6x < 10x
    expect(byId.get('quorum-vs-js-soa')?.status).toBe('FAIL');
    expect(byId.get('quorum-vs-ns3')?.status).toBe('n/a');
    expect(byId.get('quorum-vs-ns3')?.measured).toMatch(/timed out/);
    expect(byId.get('quorum-vs-simpy')?.status).toBe('n/a');
    expect(byId.get('long-run-memory')?.status).toBe('n/a');
  });

  it('memory: PASS when flat and under 1 GB, FAIL when growing or over, n/a when too short to tell', () => {
    const specs = buildTargets(false, '3600s');
    const judge = (samples: (readonly [number, number])[], maxrssKb: number) => {
      const long: RunRecord = { ...run('full simulator: 3600s at 5,000 txn/s', 'aurora-sim', 0, 1), maxrssKb, rssSamples: samples };
      return evaluateTargets(specs, [long]).find((t) => t.id === 'long-run-memory')?.status;
    };
    const flat = Array.from({ length: 100 }, (_, i) => [i, 200_000] as const);
    const leak = Array.from({ length: 100 }, (_, i) => [i, 200_000 + i * 5_000] as const);
    expect(judge(flat, 200_000)).toBe('PASS');
    expect(judge(leak, 700_000)).toBe('FAIL');
    expect(judge(flat.slice(0, 4), 200_000)).toBe('n/a');
    expect(judge(flat.slice(0, 4), 2_000_000)).toBe('FAIL');
  });

  it('judges the full simulator by its first run\'s quorum writes/s; the warm run and commits/s are shown, not judged', () => {
    const specs = buildTargets(false, '3600s');
    const sim = (rep: number, commits: number, writes: number, warm: number): RunRecord => ({
      ...run('full simulator: steady-state', 'aurora-sim', rep, writes), // the case's metric
      record: { commits_per_s: commits, quorum_writes_per_s: writes, warm_quorum_writes_per_s: warm },
    });
    const runs = [
      sim(0, 30_000, 130_000, 150_000), run('quorum K=64', 'js-ref-soa', 0, 500_000),
      sim(1, 20_000, 90_000, 120_000), run('quorum K=64', 'js-ref-soa', 1, 300_000),
    ];
    const target = evaluateTargets(specs, runs).find((t) => t.id === 'sim-vs-js-soa')!;
    expect(target.perRep).toEqual([0.26, 0.3]);
    expect(target.status).toBe('PASS');
    expect(target.also).toEqual({ warm: 0.35, 'commits/s': (0.06 + 20_000 / 300_000) / 2 });
    expect(target.measured).toMatch(/warm 0\.35x; commits\/s 0\.06x/);
    // A warm run fast enough does not rescue a slow first run.
    const slower = evaluateTargets(specs, [sim(0, 30_000, 100_000, 200_000), run('quorum K=64', 'js-ref-soa', 0, 500_000)]);
    expect(slower.find((t) => t.id === 'sim-vs-js-soa')?.status).toBe('FAIL');
  });

  it('prints a median that rounds onto the line with four decimals, so it shows the side it is on', () => {
    expect(shownRatio(0.2499114918172271, 0.25)).toBe('0.2499');
    expect(shownRatio(0.2503, 0.25)).toBe('0.2503');
    expect(shownRatio(0.25, 0.25)).toBe('0.25');
    expect(shownRatio(0.2449, 0.25)).toBe('0.24');
    expect(shownRatio(1.2849, 0.8)).toBe('1.28');
  });

  it('az-outage: wall time and peak RSS of the outage run over the run without faults, judged as an upper bound', () => {
    const caseId = 'az-outage at 5,000 txn/s';
    const sim = (engine: string, rep: number, wall: number, rssKb: number): RunRecord => ({
      ...run(caseId, engine, rep, wall), maxrssKb: rssKb, record: { wall_s: wall, maxrss_kb: rssKb },
    });
    const runs = [
      sim('az-outage', 0, 12, 300_000), sim('no faults', 0, 10, 150_000),
      sim('az-outage', 1, 26, 330_000), sim('no faults', 1, 20, 220_000),
    ];
    const byId = new Map(evaluateTargets(buildTargets(false, '3600s'), runs).map((t) => [t.id, t]));
    expect(byId.get('az-outage-5000-wall')?.perRep).toEqual([1.2, 1.3]);
    expect(byId.get('az-outage-5000-wall')?.status).toBe('PASS'); // median 1.25 <= 1.3
    expect(byId.get('az-outage-5000-rss')?.perRep).toEqual([2, 1.5]);
    expect(byId.get('az-outage-5000-rss')?.status).toBe('FAIL'); // median 1.75 > 1.5
    expect(byId.get('az-outage-20000-wall')?.status).toBe('n/a');
  });

  it('an outage run killed at its time limit fails the wall-time bound; its RSS is unknown, so n/a', () => {
    const caseId = 'az-outage at 20,000 txn/s';
    const killed: RunRecord = { ...run(caseId, 'az-outage', 0, undefined, 'timed out after 600 s'), timedOut: true };
    const calm: RunRecord = { ...run(caseId, 'no faults', 0, 20), maxrssKb: 200_000, record: { maxrss_kb: 200_000 } };
    const byId = new Map(evaluateTargets(buildTargets(false, '3600s'), [killed, calm]).map((t) => [t.id, t]));
    expect(byId.get('az-outage-20000-wall')?.status).toBe('FAIL');
    expect(byId.get('az-outage-20000-wall')?.measured).toMatch(/timed out after 600 s; no faults: 20\.0/);
    expect(byId.get('az-outage-20000-rss')?.status).toBe('n/a');
  });

  it('fuzz scaling efficiency is seeds/min at N jobs over N times seeds/min at one job, per repetition', () => {
    const fuzz = 'fuzz scenarios/chaos.yaml';
    const runs = [
      run(fuzz, 'aurora-sim --jobs 1', 0, 100), run(fuzz, 'aurora-sim --jobs 4', 0, 360),
      run(fuzz, 'aurora-sim --jobs 1', 1, 120), run(fuzz, 'aurora-sim --jobs 4', 1, 384),
    ];
    const judge = (n: number) => evaluateTargets(buildTargets(false, '3600s', { parallelism: n }), runs).find((t) => t.id === 'fuzz-scaling')!;
    expect(judge(4).perRep).toEqual([0.9, 0.8]);
    expect(judge(4).value).toBeCloseTo(0.85);
    expect(judge(4).status).toBe('PASS');
    // One CPU: nothing to scale to, so no verdict either way.
    expect(judge(1).status).toBe('n/a');
    expect(judge(1).measured).toMatch(/one CPU/);
  });

  it('start-up: the median over repetitions of what the simulator adds must stay under 150 ms', () => {
    const id = 'start-up: aurora-sim run, 1 ms simulated';
    const judge = (values: number[]) =>
      evaluateTargets(buildTargets(false, '3600s'), values.map((v, rep) => run(id, 'aurora-sim', rep, v))).find((t) => t.id === 'startup')!;
    expect(judge([120, 400, 140]).status).toBe('PASS');
    expect(judge([120, 400, 140]).value).toBe(140);
    expect(judge([150, 149, 160]).status).toBe('FAIL');
    expect(judge([]).status).toBe('n/a');
  });

  it('the long run with faults is judged like the long run, and says how much RSS grew', () => {
    const samples = Array.from({ length: 100 }, (_, i) => [i, 200_000 + (i > 60 ? 20_480 : 0)] as const);
    const long: RunRecord = { ...run('full simulator with faults: 3600s at 5,000 txn/s', 'aurora-sim', 0, 1), maxrssKb: 220_480, rssSamples: samples };
    const target = evaluateTargets(buildTargets(false, '3600s'), [long]).find((t) => t.id === 'long-faults-memory')!;
    expect(target.status).toBe('PASS');
    expect(target.measured).toBe('peak RSS 215 MB; RSS: peak after warm-up 195 MB, in the last quarter 215 MB (+20 MB, +10%, flat)');
  });

  it('judges flatness on live memory where the run sampled it, with the RSS saw-tooth shown beside', () => {
    const sawing = Array.from({ length: 100 }, (_, i) => [i, i > 60 && i % 10 === 0 ? 400_000 : 150_000] as const);
    const steady = Array.from({ length: 40 }, (_, i) => [i * 30, 30_000 + (i % 3) * 1_000] as const);
    const growing = Array.from({ length: 40 }, (_, i) => [i * 30, 30_000 + i * 3_000] as const);
    const judged = (live: readonly (readonly [number, number])[]) => {
      const base = run('full simulator with faults: 3600s at 5,000 txn/s', 'aurora-sim', 0, 1);
      const long: RunRecord = { ...base, maxrssKb: 400_000, rssSamples: sawing, record: { ...base.record, live_samples: live } };
      return evaluateTargets(buildTargets(false, '3600s'), [long]).find((t) => t.id === 'long-faults-memory')!;
    };
    expect(judged(steady).status).toBe('PASS');
    expect(judged(steady).measured).toMatch(/^peak RSS 391 MB; live: peak after warm-up 31 MB, in the last quarter 31 MB \(\+0 MB, \+0%, flat\); RSS: .*growing\)$/);
    expect(judged(growing).status).toBe('FAIL');
  });

  it('shows the sim-rng variant beside the engine-core targets', () => {
    const runs = [run('quorum K=64', 'aurora-sim', 0, 450), run('quorum K=64', 'aurora-sim sim-rng', 0, 400), run('quorum K=64', 'js-ref-soa', 0, 500)];
    const target = evaluateTargets(buildTargets(false, '3600s'), runs).find((t) => t.id === 'quorum-vs-js-soa')!;
    expect(target.also).toEqual({ 'sim-rng': 0.8 });
    expect(target.measured).toBe('0.90x (per rep: 0.90); sim-rng 0.80x');
  });
});
