/**
 * One style for figures in text: a number, a space, its unit; spans of time in the largest unit
 * that reads well, exact to the microsecond below a second; points in time in seconds exact to
 * the microsecond; no trailing zeros; and the model's own `NNNus` rewritten the same way.
 */
import { describe, expect, it } from 'vitest';
import { at, duration, readableDurations } from './format.ts';

describe('durations', () => {
  it('are microseconds below a millisecond, milliseconds below a second, else seconds', () => {
    expect([0, 850, 999, 1000, 2336, 999_999, 1_000_000, 1_250_000, 15_000_000, 600_000_000].map(duration)).toEqual([
      '0 us', '850 us', '999 us', '1 ms', '2.336 ms', '999.999 ms', '1 s', '1.25 s', '15 s', '600 s',
    ]);
  });

  it('round a mean to the microsecond, keep the sign, and say n/a for no value', () => {
    expect([358.4, 999.6, -2500, Number.NaN].map(duration)).toEqual(['358 us', '1 ms', '-2.5 ms', 'n/a']);
  });
});

describe('points in time', () => {
  it('are seconds exact to the microsecond', () => {
    expect([0, 500_000, 1_025_500, 4_999_896, 7_000_000].map(at)).toEqual(['0 s', '0.5 s', '1.0255 s', '4.999896 s', '7 s']);
  });
});

describe("the model's durations in a sentence", () => {
  it('take the same style, ranges and all', () => {
    expect(readableDurations('converged 4785us after the last fault healed (bound 30000000us)')).toBe(
      'converged 4.785 ms after the last fault healed (bound 30 s)',
    );
    expect(readableDurations('1 recoveries, longest 2997us (expected 0..10000000us)')).toBe('1 recoveries, longest 2.997 ms (expected 0..10 s)');
    expect(readableDurations('19760us (expected -inf..25000us)')).toBe('19.76 ms (expected -inf..25 ms)');
    expect(readableDurations('writes acknowledged throughout 8000000us..15000000us')).toBe('writes acknowledged throughout 8 s..15 s');
    expect(readableDurations('stopped early by its caller at 1250000 us')).toBe('stopped early by its caller at 1.25 s');
  });

  it('leave everything else alone', () => {
    expect(readableDurations('3 lost (at most 0); 12 users; bonus')).toBe('3 lost (at most 0); 12 users; bonus');
  });
});
