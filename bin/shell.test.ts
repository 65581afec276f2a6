/** Reproduce lines must survive a copy and paste into a shell. */
import { describe, expect, it } from 'vitest';
import { commandLine, runReplay, shellQuote } from './shell.ts';

describe('reproduce lines', () => {
  it('name the file, the seed and every --set in order', () => {
    expect(runReplay('scenarios/x.yaml', 8812, ['a.b=c', 'workload.rate=100/s'])).toBe(
      'aurora-sim run scenarios/x.yaml --seed 8812 --set a.b=c --set workload.rate=100/s',
    );
  });

  it('quote words a shell would split or expand', () => {
    expect(shellQuote('my scenario.yaml')).toBe(`'my scenario.yaml'`);
    expect(shellQuote('name=it\'s')).toBe(`'name=it'\\''s'`);
    expect(shellQuote('$HOME')).toBe(`'$HOME'`);
    expect(commandLine(['aurora-sim', 'validate', 'a b.yaml'])).toBe(`aurora-sim validate 'a b.yaml'`);
  });
});
