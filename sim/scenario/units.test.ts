/**
 * Units: every spelling a file may use, every way it can be wrong, and the canonical spelling
 * reading back to the same number.
 */
import { describe, expect, it } from 'vitest';
import {
  formatBandwidth,
  formatDuration,
  formatRate,
  formatSize,
  parseBandwidth,
  parseDuration,
  parseRate,
  parseSize,
  type Parsed,
} from './units.ts';
import { parseDecimal, scaleExactly } from './decimal.ts';

function value(parsed: Parsed<number>): number {
  if (!parsed.ok) throw new Error(`expected a value, got: ${parsed.message}`);
  return parsed.value;
}

function message(parsed: Parsed<number>): string {
  if (parsed.ok) throw new Error(`expected a failure, got ${parsed.value}`);
  return parsed.message;
}

describe('decimal', () => {
  it('reads plain, fractional, leading-dot and exponent notation', () => {
    expect(parseDecimal('250')).toEqual({ digits: 250n, exponent: 0 });
    expect(parseDecimal('1.5')).toEqual({ digits: 15n, exponent: -1 });
    expect(parseDecimal('.5')).toEqual({ digits: 5n, exponent: -1 });
    expect(parseDecimal('2e3')).toEqual({ digits: 2n, exponent: 3 });
    expect(parseDecimal('1.')).toEqual({ digits: 1n, exponent: 0 });
  });

  it('refuses what is not a decimal', () => {
    for (const text of ['', '.', '1.2.3', '1e', 'e3', '-1', '1_000', 'fast']) expect(parseDecimal(text)).toBeUndefined();
  });

  it('scales exactly or says it cannot', () => {
    const oneAndAHalf = parseDecimal('1.5');
    if (!oneAndAHalf) throw new Error('unreachable');
    expect(scaleExactly(oneAndAHalf, 1_000_000n, 1n)).toBe(1_500_000n);
    expect(scaleExactly(oneAndAHalf, 1n, 1000n)).toBeUndefined();
  });
});

describe('parseDuration', () => {
  it('reads every unit into integer microseconds', () => {
    expect(value(parseDuration('2000ns'))).toBe(2);
    expect(value(parseDuration('250us'))).toBe(250);
    expect(value(parseDuration('250µs'))).toBe(250);
    expect(value(parseDuration('250μs'))).toBe(250);
    expect(value(parseDuration('2ms'))).toBe(2_000);
    expect(value(parseDuration('1.5s'))).toBe(1_500_000);
    expect(value(parseDuration('2m'))).toBe(120_000_000);
    expect(value(parseDuration('1h'))).toBe(3_600_000_000);
  });

  it('refuses a number without a unit, quoted or not, except zero', () => {
    const units = 'a number needs a unit: ns, us, ms, s, m, h';
    expect(message(parseDuration(250))).toBe(`${units} (e.g. "250s")`);
    expect(message(parseDuration('250'))).toBe(`${units} (e.g. "250s")`);
    expect(message(parseDuration(2.5))).toBe(`${units} (e.g. "2.5s")`);
    expect(message(parseDuration(2n ** 60n))).toBe(`${units} (e.g. "1152921504606846976s")`);
    expect(value(parseDuration(0))).toBe(0);
    expect(value(parseDuration('0'))).toBe(0);
  });

  it('has no floating-point residue where floats would have one', () => {
    // 0.1 + 0.2 style traps: 4.35 * 1e6 is 4349999.999999999 in floating point.
    expect(value(parseDuration('4.35s'))).toBe(4_350_000);
    expect(value(parseDuration('0.3s'))).toBe(300_000);
    expect(value(parseDuration('1.001ms'))).toBe(1_001);
    expect(value(parseDuration('9.007199s'))).toBe(9_007_199);
  });

  it('tolerates a space between number and unit, and exponent notation', () => {
    expect(value(parseDuration('250 us'))).toBe(250);
    expect(value(parseDuration('1e3us'))).toBe(1_000);
  });

  it('refuses negative durations, as strings and as numbers', () => {
    expect(message(parseDuration('-5ms'))).toBe('must not be negative, got "-5ms"');
    expect(message(parseDuration(-5))).toBe('must not be negative, got -5');
  });

  it('refuses fractions of a microsecond', () => {
    expect(message(parseDuration('1.5us'))).toBe('"1.5us" is not a whole number of microseconds');
    expect(message(parseDuration('1500.5ns'))).toBe('"1500.5ns" is not a whole number of microseconds');
    expect(message(parseDuration('1.0000001s'))).toBe('"1.0000001s" is not a whole number of microseconds');
  });

  it('gives a targeted hint for YAML 1.2 underscore numbers', () => {
    expect(message(parseDuration('1_000'))).toBe(
      'expected a duration like "250us" or "1.5s", got "1_000" (YAML 1.2 reads 1_000 as a string; write 1000)',
    );
    expect(message(parseDuration('1_000us'))).toMatch(/write 1000us\)$/);
  });

  it('names an unknown unit and lists the known ones', () => {
    expect(message(parseDuration('5sec'))).toBe('unknown unit "sec" in "5sec"; use ns, us, ms, s, m or h');
  });

  it('refuses words, booleans, mappings and values too large for the clock', () => {
    expect(message(parseDuration('fast'))).toBe('expected a duration like "250us" or "1.5s", got "fast"');
    expect(message(parseDuration(true))).toBe('expected a duration like "250us" or "1.5s", got true');
    expect(message(parseDuration({}))).toBe('expected a duration like "250us" or "1.5s", got a mapping');
    expect(message(parseDuration(null))).toBe('expected a duration like "250us" or "1.5s", got an empty value');
    expect(message(parseDuration('1e12h'))).toBe('"1e12h" is too large');
    expect(message(parseDuration(Number.POSITIVE_INFINITY))).toMatch(/got Infinity/);
  });
});

describe('formatDuration', () => {
  it('writes the canonical spelling', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(250)).toBe('250us');
    expect(formatDuration(1_500)).toBe('1.5ms');
    expect(formatDuration(2_000)).toBe('2ms');
    expect(formatDuration(1_500_000)).toBe('1.5s');
    expect(formatDuration(1_000_500)).toBe('1000.5ms');
    expect(formatDuration(90_000_000)).toBe('90s');
    expect(formatDuration(120_000_000)).toBe('2m');
    expect(formatDuration(7_200_000_000)).toBe('2h');
  });

  it('reads back to the same number of microseconds', () => {
    for (const us of [0, 1, 7, 999, 1_000, 1_001, 12_345, 999_999, 1_000_000, 1_234_000, 61_000_000, 3_600_000_001]) {
      expect(value(parseDuration(formatDuration(us)))).toBe(us);
    }
  });
});

describe('parseSize and formatSize', () => {
  it('reads decimal and binary units into integer bytes', () => {
    expect(value(parseSize('200B'))).toBe(200);
    expect(value(parseSize('1KB'))).toBe(1_000);
    expect(value(parseSize('1kB'))).toBe(1_000);
    expect(value(parseSize('10GB'))).toBe(10_000_000_000);
    expect(value(parseSize('2TB'))).toBe(2e12);
    expect(value(parseSize('4KiB'))).toBe(4_096);
    expect(value(parseSize('1.5KiB'))).toBe(1_536);
    expect(value(parseSize('1MiB'))).toBe(1_048_576);
    expect(value(parseSize('1GiB'))).toBe(1_073_741_824);
    expect(value(parseSize(0))).toBe(0);
  });

  it('refuses fractional bytes, missing units and unknown units', () => {
    expect(message(parseSize('1.5B'))).toBe('"1.5B" is not a whole number of bytes');
    expect(message(parseSize('200'))).toBe('a number needs a unit: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB (e.g. "200MB")');
    expect(message(parseSize(64))).toBe('a number needs a unit: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB (e.g. "64MB")');
    expect(message(parseSize('10gb'))).toBe('unknown unit "gb" in "10gb"; use B, KB, MB, GB, TB, KiB, MiB, GiB or TiB');
  });

  it('writes the largest exact unit, decimal first', () => {
    expect(formatSize(0)).toBe('0B');
    expect(formatSize(200)).toBe('200B');
    expect(formatSize(10_000_000_000)).toBe('10GB');
    expect(formatSize(4_096)).toBe('4KiB');
    expect(formatSize(1_500)).toBe('1500B');
    for (const bytes of [0, 1, 200, 1_000, 1_024, 1_536, 10e9, 2 ** 40]) expect(value(parseSize(formatSize(bytes)))).toBe(bytes);
  });
});

describe('parseBandwidth and formatBandwidth', () => {
  it('reads SI bit rates into integer bits per second', () => {
    expect(value(parseBandwidth('10Gbps'))).toBe(10_000_000_000);
    expect(value(parseBandwidth('2.5Gbps'))).toBe(2_500_000_000);
    expect(value(parseBandwidth('100Mbps'))).toBe(100_000_000);
    expect(value(parseBandwidth('56Kbps'))).toBe(56_000);
    expect(value(parseBandwidth('9600bps'))).toBe(9_600);
  });

  it('refuses a number without a unit', () => {
    expect(message(parseBandwidth(1_000))).toBe('a number needs a unit: bps, Kbps, Mbps, Gbps, Tbps (e.g. "1000Mbps")');
  });

  it('refuses bytes-per-second spellings and fractional bits', () => {
    expect(message(parseBandwidth('10GB/s'))).toMatch(/^unknown unit "GB\/s"/);
    expect(message(parseBandwidth('1.5bps'))).toBe('"1.5bps" is not a whole number of bits per second');
  });

  it('writes the largest exact unit and reads it back', () => {
    expect(formatBandwidth(10_000_000_000)).toBe('10Gbps');
    expect(formatBandwidth(2_500_000_000)).toBe('2500Mbps');
    expect(formatBandwidth(9_600)).toBe('9600bps');
    for (const bps of [1, 9_600, 56_000, 2_500_000_000, 1e12]) expect(value(parseBandwidth(formatBandwidth(bps)))).toBe(bps);
  });
});

describe('parseRate and formatRate', () => {
  it('reads per-second and per-millisecond rates', () => {
    expect(value(parseRate('5000/s'))).toBe(5_000);
    expect(value(parseRate('300/ms'))).toBe(300_000);
    expect(value(parseRate('0.5/s'))).toBe(0.5);
    expect(value(parseRate('0.0015/ms'))).toBe(1.5);
  });

  it('refuses zero, negative and unit-less rates', () => {
    expect(message(parseRate('0/s'))).toBe('must be greater than 0, got "0/s"');
    expect(message(parseRate(-3))).toBe('must be greater than 0, got -3');
    expect(message(parseRate('5000'))).toBe('a number needs a unit: /s, /ms (e.g. "5000/s")');
    expect(message(parseRate(5000))).toBe('a number needs a unit: /s, /ms (e.g. "5000/s")');
    expect(message(parseRate(0))).toBe('must be greater than 0, got 0');
    expect(message(parseRate('5000/min'))).toBe('unknown unit "/min" in "5000/min"; use /s or /ms');
    expect(message(parseRate('5_000/s'))).toMatch(/write 5000\/s\)$/);
  });

  it('writes per second and reads back the same double', () => {
    for (const rate of [1, 0.5, 1 / 3, 5_000, 300_000, 1e-7, 0.1 + 0.2]) expect(value(parseRate(formatRate(rate)))).toBe(rate);
  });
});
