/** Findings about a scenario field are placed at the line and column of its key, if it is written. */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../reports/ci/ci-case.ts';
import { placeFindings } from './places.ts';

const TEXT = ['version: 1', 'name: x', 'expect:', '  ackedCommitsLost: 0', '  recoveryTime: { max: 2s }', 'convergeWithin: 1s', ''].join('\n');
const about = (...path: string[]): Finding => ({ kind: 'expectation', name: path.at(-1)!, message: 'failed', path });

describe('placeFindings', () => {
  it('places a field at its key', () => {
    const [lost, recovery, converge] = placeFindings(TEXT, [about('expect', 'ackedCommitsLost'), about('expect', 'recoveryTime'), about('convergeWithin')]);
    expect(lost?.place).toEqual({ line: 4, col: 3 });
    expect(recovery?.place).toEqual({ line: 5, col: 3 });
    expect(converge?.place).toEqual({ line: 6, col: 1 });
  });

  it('places nothing that is not written in the file', () => {
    const [missing, invariant] = placeFindings(TEXT, [about('expect', 'writesAvailable'), { kind: 'invariant', name: 'acked-commit-durable', message: 'x' }]);
    expect(missing?.place).toBeUndefined();
    expect(invariant?.place).toBeUndefined();
  });

  it('reads JSON scenario files the same way', () => {
    const [lost] = placeFindings('{\n  "expect": {\n    "ackedCommitsLost": 0\n  }\n}\n', [about('expect', 'ackedCommitsLost')]);
    expect(lost?.place).toEqual({ line: 3, col: 5 });
  });
});
