/**
 * The paired comparison's pieces: where two canonical traces part, and the per-metric means
 * and intervals from the pairs' task lines.
 */
import { describe, expect, it } from 'vitest';
import { compare, firstDivergence, type Pair } from './comparison.ts';
import type { TaskLine } from './task-line.ts';

describe('first divergence of two traces', () => {
  it('is the first line that differs, at the earlier of its two times', () => {
    expect(firstDivergence(['0 phase run', '10 commit 1', '25 commit 2'], ['0 phase run', '10 commit 1', '20 scl 0 1 2'])).toEqual({
      event: 3, timeUs: 20, a: '25 commit 2', b: '20 scl 0 1 2',
    });
  });

  it('is where the shorter trace ends if one is a prefix of the other, and none for equal traces', () => {
    expect(firstDivergence(['0 phase run'], ['0 phase run', '7 phase end'])).toEqual({ event: 2, timeUs: 7, a: null, b: '7 phase end' });
    expect(firstDivergence(['0 phase run'], ['0 phase run'])).toBeNull();
  });
});

function line(seed: number, acknowledged: number, latencySum: number): TaskLine {
  return {
    task: 0, config: {}, repetition: 0, seed, verdict: 'ok', reason: '', traceHash: `h${seed}`,
    commitsAcknowledged: acknowledged, lostCommits: 0, writeUnavailableUs: 0, recoveriesUs: [], recoveriesNotCompleted: 0,
    latencyHistogram: { count: 10, sumUs: latencySum, maxUs: 500, buckets: [[100, 5], [500, 5]] },
    networkBytes: 1000, bytesPerCommit: 1000 / acknowledged, ioPerCommit: 6,
  };
}

describe('a comparison of pairs', () => {
  // B always commits 2 fewer than A on the same seed, while seeds themselves vary by ±20.
  const pairs: Pair[] = [100, 120, 80, 110, 95].map((acked, i) => ({
    repetition: i, seed: i, a: line(i, acked, 3000), b: line(i, acked - 2, 3000 + 10 * i), divergence: null,
  }));
  const c = compare({ scenario: 's', file: 's.yaml', sets: [], a: ['x=1'], b: ['x=2'], seeds: 5, sweepSeed: 1 }, pairs);
  const metric = (name: string) => c.metrics.find((m) => m.metric === name)!;

  it('pairs away what the seeds share: a constant difference has a zero-width paired interval', () => {
    const acked = metric('commitsAcknowledged');
    expect(acked).toMatchObject({ n: 5, meanA: 101, meanB: 99 });
    expect(acked.paired).toEqual({ n: 5, mean: -2, lo: -2, hi: -2, df: 4 });
    expect(acked.unpaired.hi! - acked.unpaired.lo!).toBeGreaterThan(20);
  });

  it('compares per-task figures read from the histograms', () => {
    expect(metric('commitLatencyMeanUs')).toMatchObject({ meanA: 300, meanB: 302 });
    expect(metric('commitLatencyP99Us')).toMatchObject({ meanA: 500, meanB: 500 });
  });

  it('lists each pair with both verdicts and trace hashes', () => {
    expect(c.pairs[1]).toEqual({ repetition: 1, seed: 1, verdictA: 'ok', verdictB: 'ok', traceHashA: 'h1', traceHashB: 'h1', divergence: null });
  });
});
