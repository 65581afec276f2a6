/**
 * GitHub annotations: one `::error` workflow command per reason a case is not ok, at the line
 * of the scenario field it is about when there is one, and never at an invented line.
 */
import { describe, expect, it } from 'vitest';
import { errorCommand, githubAnnotations, MAX_ANNOTATIONS } from './annotations.ts';
import { crashedCase, driftedCase, failedCase, inconclusiveCase, invalidCase, okCase, reportOf } from './testing/cases.ts';

describe('github annotations of a command', () => {
  it('say nothing about cases that are ok', () => {
    expect(githubAnnotations(reportOf('run', [okCase]))).toEqual([]);
  });

  it('annotate a failed expectation at the line of its field, and a violated invariant on the file', () => {
    expect(githubAnnotations(reportOf('run', [failedCase]))).toEqual([
      '::error file=scenarios/writer-crash.yaml,title=aurora-sim run%3A writer-crash seed 8812::acked-commit-durable: commit 40012 is missing (first at 1.0255 s, 3 violations) | reproduce: aurora-sim run scenarios/writer-crash.yaml --seed 8812',
      '::error file=scenarios/writer-crash.yaml,line=14,col=3,title=aurora-sim run%3A writer-crash seed 8812::ackedCommitsLost: 3 lost (at most 0) | reproduce: aurora-sim run scenarios/writer-crash.yaml --seed 8812',
    ]);
  });

  it('annotate a field that is not placed in the file on the file only', () => {
    const [line] = githubAnnotations(reportOf('fuzz', [inconclusiveCase]));
    expect(line).toMatch(/^::error file=scenarios\/az-outage.yaml,title=[^:]*::inconclusive: segments still behind/);
  });

  it('annotate a golden drift at line 1 of its scenario, with the command that accepts it', () => {
    const [first] = githubAnnotations(reportOf('check', [driftedCase]));
    expect(first).toBe(
      '::error file=scenarios/steady-state.yaml,line=1,col=1,title=aurora-sim check%3A steady-state seed 1::traceHash: expected 3f2a, got 91c0 | accept a deliberate change: aurora-sim check scenarios/golden.json --update | reproduce: aurora-sim run scenarios/steady-state.yaml',
    );
  });

  it('annotate a crash on its file as a simulator bug with its reproduce command', () => {
    expect(githubAnnotations(reportOf('fuzz', [crashedCase]))).toEqual([
      '::error file=scenarios/chaos.yaml,title=aurora-sim fuzz%3A chaos seed 13 (--set duration=2s)::crashed: SimulatorBug: segment 4 applied LSN 90 twice | reproduce: aurora-sim run scenarios/chaos.yaml --seed 13 --set duration=2s',
    ]);
  });

  it('leave a scenario that does not parse to the annotations of its issues', () => {
    expect(githubAnnotations(reportOf('check', [invalidCase]))).toEqual([]);
  });

  it('stop at what GitHub shows of a step, counting the rest in the last one', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ ...failedCase, seed: i }));
    const lines = githubAnnotations(reportOf('fuzz', many));
    expect(lines).toHaveLength(MAX_ANNOTATIONS);
    expect(lines.at(-1)).toBe('::error title=aurora-sim fuzz::7 more failures not annotated; see the log or the JUnit report');
  });
});

describe('workflow command escaping', () => {
  it('escapes what would end the message or split the properties', () => {
    const line = errorCommand({ file: 'a,b:c.yaml', place: { line: 2, col: 4 }, title: 't: 1, 2' }, '100% wrong\r\nsecond line');
    expect(line).toBe('::error file=a%2Cb%3Ac.yaml,line=2,col=4,title=t%3A 1%2C 2::100%25 wrong%0D%0Asecond line');
  });

  it('is a bare error without a target', () => {
    expect(errorCommand({}, 'x')).toBe('::error::x');
  });
});
