/**
 * Option values: a seed or count is a whole number a double holds exactly, and a refusal says
 * which numbers are allowed.
 */
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { collectSet, duration, formatDuration, positiveInteger, wholeNumber } from './options.ts';

const refusal = (parse: () => unknown): string => {
  try {
    parse();
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error.message;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('wholeNumber (--seed, --first-seed)', () => {
  it('reads 0 up to 2^53 - 1', () => {
    expect(wholeNumber('0')).toBe(0);
    expect(wholeNumber('42')).toBe(42);
    expect(wholeNumber('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses a seed above 2^53 - 1 with the allowed range, not as "not an integer"', () => {
    expect(refusal(() => wholeNumber('9007199254740993'))).toBe('expected a whole number from 0 to 2^53 - 1 (9007199254740991)');
    expect(refusal(() => wholeNumber('9007199254740992'))).toBe('expected a whole number from 0 to 2^53 - 1 (9007199254740991)');
  });

  it('refuses signs, fractions and words the same way', () => {
    for (const text of ['-1', '1.5', '1e3', 'seven', '']) expect(refusal(() => wholeNumber(text))).toMatch(/^expected a whole number from 0 to/);
  });
});

describe('positiveInteger (--seeds, --jobs)', () => {
  it('refuses zero and numbers above 2^53 - 1', () => {
    expect(positiveInteger('3')).toBe(3);
    expect(refusal(() => positiveInteger('0'))).toBe('expected a positive integer, at most 2^53 - 1 (9007199254740991)');
    expect(refusal(() => positiveInteger('9007199254740993'))).toBe('expected a positive integer, at most 2^53 - 1 (9007199254740991)');
  });
});

describe('collectSet', () => {
  it('collects overrides in order and refuses one without =', () => {
    expect(collectSet('b=2', collectSet('a=1', undefined))).toEqual(['a=1', 'b=2']);
    expect(refusal(() => collectSet('seed', undefined))).toBe('expected path=value, e.g. workload.rate=200/s');
  });
});

describe('duration (fuzz --time)', () => {
  it('reads a number and one unit, ms, s, m or h, as whole milliseconds', () => {
    expect(duration('500ms')).toBe(500);
    expect(duration('90s')).toBe(90_000);
    expect(duration('10m')).toBe(600_000);
    expect(duration('1h')).toBe(3_600_000);
    expect(duration('1.5h')).toBe(5_400_000);
  });

  it('refuses a bare number, an unknown unit, a sign, a compound and anything under a millisecond', () => {
    for (const text of ['10', '10d', '-1s', '1h30m', '0s', '0.1ms', 's', '']) {
      expect(refusal(() => duration(text))).toBe('expected a duration such as 500ms, 90s, 10m or 1h');
    }
  });

  it('writes a duration back in the largest unit that says it exactly', () => {
    expect([3_600_000, 5_400_000, 90_000, 1500].map(formatDuration)).toEqual(['1h', '90m', '90s', '1500ms']);
    for (const text of ['500ms', '90s', '10m', '2h']) expect(formatDuration(duration(text))).toBe(text);
  });
});
