/**
 * The exit code of a fuzz: 0 only when every seed is ok, else the most severe code among the
 * seeds — a crash (70) over a failure (1) over an inconclusive run (3).
 */
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../exit.ts';
import { worstExit, type SeedVerdict } from './outcome.ts';

const of = (...verdicts: SeedVerdict[]) => worstExit(verdicts.map((verdict) => ({ verdict })));

describe('worstExit', () => {
  it('is 0 only when every seed is ok (and for no seeds at all)', () => {
    expect(of('ok', 'ok')).toBe(ExitCode.ok);
    expect(of()).toBe(ExitCode.ok);
  });

  it('ranks a crash over a failure over an inconclusive run', () => {
    expect(of('ok', 'inconclusive')).toBe(ExitCode.inconclusive);
    expect(of('inconclusive', 'failed', 'ok')).toBe(ExitCode.failed);
    expect(of('failed', 'crashed', 'inconclusive')).toBe(ExitCode.internal);
  });
});
