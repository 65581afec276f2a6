/** Did-you-mean: close typos get a suggestion, unrelated words do not. */
import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from './suggestion.ts';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swaps as one edit each', () => {
    expect(editDistance('quorum', 'quorum')).toBe(0);
    expect(editDistance('quorom', 'quorum')).toBe(1);
    expect(editDistance('wrte', 'write')).toBe(1);
    expect(editDistance('writee', 'write')).toBe(1);
    expect(editDistance('wirte', 'write')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('closest', () => {
  const keys = ['azs', 'segmentsPerAz', 'quorum', 'allowUnsafeQuorum', 'storageNodes'];

  it('suggests the nearest key for a typo, ignoring case', () => {
    expect(closest('quorom', keys)).toBe('quorum');
    expect(closest('SegmentsPerAZ', keys)).toBe('segmentsPerAz');
    expect(closest('storagenode', keys)).toBe('storageNodes');
  });

  it('suggests the one candidate a word abbreviates', () => {
    expect(closest('expo', ['exponential', 'lognormal'])).toBe('exponential');
    expect(closest('seg', keys)).toBe('segmentsPerAz');
    expect(closest('s', ['storageNodes'])).toBeUndefined();
  });

  it('suggests nothing for an unrelated word', () => {
    expect(closest('replicationFactor', keys)).toBeUndefined();
    expect(closest('x', keys)).toBeUndefined();
    expect(closest('c', ['a', 'b'])).toBeUndefined();
    expect(closest('A', ['a', 'b'])).toBe('a');
  });

  it('formats the hint', () => {
    expect(didYouMean('quorom', keys)).toBe(" (did you mean 'quorum'?)");
    expect(didYouMean('zzz', keys)).toBe('');
  });
});
