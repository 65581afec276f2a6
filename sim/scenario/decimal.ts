/**
 * Exact decimal numbers for unit conversion. "1.5" is read as the integer 15 times 10^-1, and a
 * conversion such as seconds -> microseconds multiplies integers (BigInt), so "1.5s" becomes
 * exactly 1500000 and never 1499999.9999999998. A value that does not land on a whole number of
 * the target unit is reported as inexact instead of being rounded.
 */

/** `digits * 10^exponent`, for a non-negative decimal written in a file. */
export interface Decimal {
  readonly digits: bigint;
  readonly exponent: number;
}

/** Plain decimal notation, optionally with an exponent: 250, 1.5, .5, 2e3. No sign. */
export const DECIMAL_SOURCE = String.raw`(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?`;

const DECIMAL = new RegExp(String.raw`^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$`);

export function parseDecimal(text: string): Decimal | undefined {
  const match = DECIMAL.exec(text);
  if (!match) return undefined;
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  if (whole.length + fraction.length === 0) return undefined;
  const exponent = Number(match[3] ?? '0') - fraction.length;
  return { digits: BigInt(whole + fraction), exponent };
}

/**
 * `decimal * numerator / denominator` as an exact integer, or undefined when the result has a
 * fractional part (e.g. "1.5ns" in microseconds).
 */
export function scaleExactly(decimal: Decimal, numerator: bigint, denominator: bigint): bigint | undefined {
  let top = decimal.digits * numerator;
  let bottom = denominator;
  if (decimal.exponent >= 0) top *= 10n ** BigInt(decimal.exponent);
  else bottom *= 10n ** BigInt(-decimal.exponent);
  return top % bottom === 0n ? top / bottom : undefined;
}

/**
 * `decimal * 10^shift` as the nearest double, through the engine's correctly rounded decimal
 * parser, so formatting a double and reading it back gives the same double.
 */
export function decimalToNumber(decimal: Decimal, shift: number): number {
  return Number(`${decimal.digits}e${decimal.exponent + shift}`);
}

/** Writes `value / unit` in plain decimal notation; both are safe integers, unit a power of 10. */
export function formatRatio(value: number, unit: number): string {
  const whole = Math.floor(value / unit);
  const rest = value - whole * unit;
  if (rest === 0) return String(whole);
  const width = String(unit).length - 1;
  const fraction = String(rest).padStart(width, '0').replace(/0+$/, '');
  return `${whole}.${fraction}`;
}
