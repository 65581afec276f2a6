/** GitHub annotations: each issue one workflow command, with the runner's escaping rules. */
import { describe, expect, it } from 'vitest';
import { githubAnnotation } from './issue-annotation.ts';

const issue = { file: 'scenarios/x.yaml', line: 3, col: 5, path: 'cluster.quorum.write', message: 'must be at most V (6)' };

describe('github annotations', () => {
  it('point at the file, line and column, and name the field', () => {
    expect(githubAnnotation(issue)).toBe('::error file=scenarios/x.yaml,line=3,col=5::cluster.quorum.write: must be at most V (6)');
  });

  it('escape what would end the command or split its properties', () => {
    const odd = { ...issue, file: 'a,b:c.yaml', message: '100% wrong\nsecond line' };
    expect(githubAnnotation(odd)).toBe('::error file=a%2Cb%3Ac.yaml,line=3,col=5::cluster.quorum.write: 100%25 wrong%0Asecond line');
  });

  it('point at the whole file when it cannot be read', () => {
    const unreadable = { file: 'gone.yaml', line: 0, col: 0, path: '', message: 'cannot read (ENOENT: no such file or directory)' };
    expect(githubAnnotation(unreadable)).toBe('::error file=gone.yaml::cannot read (ENOENT: no such file or directory)');
  });

  it('leave out the file for an issue that comes from a --set override', () => {
    const override = { file: '--set', line: 0, col: 0, path: 'workload.rate', message: 'expected a rate', override: 'workload.rate=fast' };
    expect(githubAnnotation(override)).toBe('::error::--set workload.rate=fast  workload.rate: expected a rate');
  });
});
