/**
 * `--verify-determinism`: a re-run with another trace hash than the first run (or that crashed
 * on one side only) turns the seed into a crash, naming both hashes.
 */
import { describe, expect, it } from 'vitest';
import { mismatches } from './determinism.ts';
import type { SeedOutcome } from './outcome.ts';

const ok = (seed: number, traceHash: string): SeedOutcome => ({ seed, verdict: 'ok', traceHash, violations: [], reason: '' });

describe('determinism mismatches', () => {
  it('are none when every re-run ends with the trace hash of the first run', () => {
    const first = new Map([[1, ok(1, 'aa')], [2, ok(2, 'bb')]]);
    expect(mismatches(first, [ok(2, 'bb'), ok(1, 'aa')])).toEqual([]);
  });

  it('turn a seed whose re-run hashed differently into a crash that names both hashes, in seed order', () => {
    const first = new Map([[1, ok(1, 'aa')], [2, ok(2, 'bb')], [3, ok(3, 'cc')]]);
    const found = mismatches(first, [ok(3, 'c2'), ok(2, 'bb'), ok(1, 'a2')]);
    expect(found.map((m) => [m.seed, m.verdict, m.traceHash, m.rerunTraceHash])).toEqual([
      [1, 'crashed', 'aa', 'a2'],
      [3, 'crashed', 'cc', 'c2'],
    ]);
    expect(found[0]!.reason).toBe('non-deterministic: trace hash aa on the first run, a2 on the re-run in a fresh worker');
  });

  it('count a re-run that crashed where the first run did not', () => {
    const crashed: SeedOutcome = { seed: 1, verdict: 'crashed', violations: [], reason: 'Error: boom', error: { name: 'Error', message: 'boom' } };
    const [found] = mismatches(new Map([[1, ok(1, 'aa')]]), [crashed]);
    expect(found).toMatchObject({ seed: 1, verdict: 'crashed', rerunTraceHash: 'none', error: { message: 'boom' } });
    expect(found!.reason).toContain('none (Error: boom)');
  });
});
