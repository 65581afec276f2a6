/**
 * Quantities with units, as written in scenario files, and back.
 *
 * - durations -> integer microseconds ("250us", "1.5s", "2ms", "500ns")
 * - sizes -> integer bytes ("200B", "10GB" decimal, "4KiB" binary)
 * - bandwidths -> integer bits per second ("10Gbps", decimal SI)
 * - rates -> events per second ("5000/s", "300/ms")
 *
 * Every value needs its unit. A bare number (`duration: 10`) is refused, quoted or not: read as
 * microseconds or bytes it ran a scenario other than the one meant (10 µs instead of 10 s) and
 * passed. Zero is the one exception for durations and sizes, since 0 of any unit is the same.
 *
 * Strings are read as exact decimals (`decimal.ts`), never `parseFloat(x) * 1e6`, so the clock
 * never holds a floating-point residue. A value that is not a whole number of the base unit, a
 * negative value, a number without a unit and an unknown unit are each refused with a message
 * that says which and how to fix it. The formatters produce the canonical spelling the
 * resolved scenario is printed in; parsing it back gives the same number.
 */
import { DECIMAL_SOURCE, decimalToNumber, formatRatio, parseDecimal, scaleExactly } from './decimal.ts';
import { describeValue, listOf, quote, underscoreHint } from './value-description.ts';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** A kind of quantity: its units (factor to the base unit as numerator/denominator) and words. */
interface Quantity {
  /** Completes "expected ...": 'a duration like "250us" or "1.5s"'. */
  readonly expected: string;
  /** The base unit in words: 'microseconds'. */
  readonly base: string;
  /** The unit the "needs a unit" message shows after the number written. */
  readonly exampleUnit: string;
  readonly units: ReadonlyMap<string, readonly [bigint, bigint]>;
}

const MICRO = 'µ';
const GREEK_MU = 'μ';

const DURATION: Quantity = {
  expected: 'a duration like "250us" or "1.5s"',
  base: 'microseconds',
  exampleUnit: 's',
  units: new Map([
    ['ns', [1n, 1000n]],
    ['us', [1n, 1n]],
    [`${MICRO}s`, [1n, 1n]],
    [`${GREEK_MU}s`, [1n, 1n]],
    ['ms', [1000n, 1n]],
    ['s', [1_000_000n, 1n]],
    ['m', [60_000_000n, 1n]],
    ['h', [3_600_000_000n, 1n]],
  ]),
};

const SIZE: Quantity = {
  expected: 'a size like "200B" or "10GB"',
  base: 'bytes',
  exampleUnit: 'MB',
  units: new Map([
    ['B', [1n, 1n]],
    ['KB', [1000n, 1n]],
    ['kB', [1000n, 1n]],
    ['MB', [1000n ** 2n, 1n]],
    ['GB', [1000n ** 3n, 1n]],
    ['TB', [1000n ** 4n, 1n]],
    ['KiB', [1024n, 1n]],
    ['MiB', [1024n ** 2n, 1n]],
    ['GiB', [1024n ** 3n, 1n]],
    ['TiB', [1024n ** 4n, 1n]],
  ]),
};

const BANDWIDTH: Quantity = {
  expected: 'a bandwidth like "10Gbps" or "100Mbps"',
  base: 'bits per second',
  exampleUnit: 'Mbps',
  units: new Map([
    ['bps', [1n, 1n]],
    ['Kbps', [1000n, 1n]],
    ['kbps', [1000n, 1n]],
    ['Mbps', [1000n ** 2n, 1n]],
    ['Gbps', [1000n ** 3n, 1n]],
    ['Tbps', [1000n ** 4n, 1n]],
  ]),
};

/** Rate units as a power of ten to per-second. */
const RATE_UNITS: ReadonlyMap<string, number> = new Map([
  ['/s', 0],
  ['/ms', 3],
]);
const RATE_EXPECTED = 'a rate like "5000/s" or "300/ms"';

/** Written number, optional space, then whatever follows (the unit). */
const QUANTITY = new RegExp(`^([+-]?)(${DECIMAL_SOURCE})\\s*(.*)$`, 's');

export const parseDuration = (input: unknown): Parsed<number> => parseQuantity(DURATION, input);
export const parseSize = (input: unknown): Parsed<number> => parseQuantity(SIZE, input);
export const parseBandwidth = (input: unknown): Parsed<number> => parseQuantity(BANDWIDTH, input);

/** JSON Schema patterns for editors (the parsers above remain the authority). */
export const DURATION_PATTERN = unitPattern(DURATION.units.keys());
export const SIZE_PATTERN = unitPattern(SIZE.units.keys());
export const BANDWIDTH_PATTERN = unitPattern(BANDWIDTH.units.keys());
export const RATE_PATTERN = unitPattern(RATE_UNITS.keys());

function unitPattern(units: Iterable<string>): string {
  const alternatives = [...units].map((u) => u.replace('/', '\\/')).join('|');
  return `^${DECIMAL_SOURCE} ?(?:${alternatives})$`;
}

function fail<T>(message: string): Parsed<T> {
  return { ok: false, message };
}

function parseQuantity(quantity: Quantity, input: unknown): Parsed<number> {
  if (typeof input === 'number' || typeof input === 'bigint') return bareNumber(quantity, input, String(input));
  if (typeof input !== 'string') return fail(`expected ${quantity.expected}, got ${describeValue(input)}`);
  const match = QUANTITY.exec(input.trim());
  const got = `expected ${quantity.expected}, got ${quote(input)}`;
  const hint = underscoreHint(input);
  if (hint !== undefined) return fail(`${got} (${hint})`);
  if (!match) return fail(got);
  const [, sign, number = '', unit = ''] = match;
  if (sign === '-') return fail(`must not be negative, got ${quote(input)}`);
  if (unit === '') return bareNumber(quantity, Number(number), number);
  const factor = quantity.units.get(unit);
  if (factor === undefined) return fail(`unknown unit ${quote(unit)} in ${quote(input)}; use ${listOf(unitNames(quantity))}`);
  const decimal = parseDecimal(number);
  const exact = decimal && scaleExactly(decimal, factor[0], factor[1]);
  if (exact === undefined) return fail(`${quote(input)} is not a whole number of ${quantity.base}`);
  if (exact > BigInt(Number.MAX_SAFE_INTEGER)) return fail(`${quote(input)} is too large`);
  return { ok: true, value: Number(exact) };
}

/** A number without a unit: zero, or an error that lists the units (`written` as the user wrote it). */
function bareNumber(quantity: Quantity, value: number | bigint, written: string): Parsed<number> {
  if (typeof value === 'number' && !Number.isFinite(value)) return fail(`expected ${quantity.expected}, got ${written}`);
  if (value < 0) return fail(`must not be negative, got ${written}`);
  if (Number(value) === 0) return { ok: true, value: 0 };
  return fail(needsUnit(unitNames(quantity), `${written}${quantity.exampleUnit}`));
}

function needsUnit(units: readonly string[], example: string): string {
  return `a number needs a unit: ${units.join(', ')} (e.g. ${quote(example)})`;
}

/** Unit names to suggest, without the alternative spellings. */
function unitNames(quantity: Quantity): string[] {
  return [...quantity.units.keys()].filter((u) => !u.startsWith(MICRO) && !u.startsWith(GREEK_MU) && u !== 'kB' && u !== 'kbps');
}

/** A rate in events per second; fractional rates are allowed, zero and negative ones are not. */
export function parseRate(input: unknown): Parsed<number> {
  if (typeof input === 'number' || typeof input === 'bigint') return bareRate(input, String(input));
  if (typeof input !== 'string') return fail(`expected ${RATE_EXPECTED}, got ${describeValue(input)}`);
  const got = `expected ${RATE_EXPECTED}, got ${quote(input)}`;
  const hint = underscoreHint(input);
  if (hint !== undefined) return fail(`${got} (${hint})`);
  const match = QUANTITY.exec(input.trim());
  if (!match) return fail(got);
  const [, sign, number = '', unit = ''] = match;
  if (sign === '-') return fail(`must be greater than 0, got ${quote(input)}`);
  if (unit === '') return bareRate(Number(number), quote(input));
  const shift = RATE_UNITS.get(unit);
  if (shift === undefined) return fail(`unknown unit ${quote(unit)} in ${quote(input)}; use /s or /ms`);
  const decimal = parseDecimal(number);
  if (!decimal) return fail(got);
  return positiveRate(decimalToNumber(decimal, shift), quote(input));
}

/** A rate without a unit: never accepted ("1000" could be per second or per millisecond). */
function bareRate(value: number | bigint, written: string): Parsed<number> {
  const checked = positiveRate(Number(value), written);
  if (!checked.ok) return checked;
  return fail(needsUnit([...RATE_UNITS.keys()], `${String(value)}/s`));
}

function positiveRate(value: number, written: string): Parsed<number> {
  if (!Number.isFinite(value)) return fail(`expected ${RATE_EXPECTED}, got ${written}`);
  if (value <= 0) return fail(`must be greater than 0, got ${written}`);
  return { ok: true, value };
}

const SECOND = 1_000_000;
const MILLISECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Canonical spelling of a duration in µs: whole hours or minutes when exact, seconds when a
 * whole number of milliseconds of at least 1s ("1.5s"), milliseconds when at least 1ms
 * ("2ms", "1.25ms"), otherwise microseconds ("250us").
 */
export function formatDuration(us: number): string {
  if (us === 0) return '0s';
  if (us % HOUR === 0) return `${us / HOUR}h`;
  if (us % MINUTE === 0) return `${us / MINUTE}m`;
  if (us >= SECOND && us % MILLISECOND === 0) return `${formatRatio(us, SECOND)}s`;
  if (us >= MILLISECOND) return `${formatRatio(us, MILLISECOND)}ms`;
  return `${us}us`;
}

const SIZE_SPELLINGS: readonly (readonly [string, number])[] = [
  ['TB', 1e12],
  ['GB', 1e9],
  ['MB', 1e6],
  ['KB', 1e3],
  ['TiB', 1024 ** 4],
  ['GiB', 1024 ** 3],
  ['MiB', 1024 ** 2],
  ['KiB', 1024],
];

/** Canonical spelling of a size: the largest decimal unit, else binary unit, that divides it. */
export function formatSize(bytes: number): string {
  return largestExactUnit(bytes, SIZE_SPELLINGS) || `${bytes}B`;
}

const BANDWIDTH_SPELLINGS: readonly (readonly [string, number])[] = [
  ['Tbps', 1e12],
  ['Gbps', 1e9],
  ['Mbps', 1e6],
  ['Kbps', 1e3],
];

export function formatBandwidth(bitsPerSecond: number): string {
  return largestExactUnit(bitsPerSecond, BANDWIDTH_SPELLINGS) || `${bitsPerSecond}bps`;
}

function largestExactUnit(value: number, spellings: readonly (readonly [string, number])[]): string {
  if (value === 0) return '';
  const found = spellings.find(([, size]) => value % size === 0);
  return found ? `${value / found[1]}${found[0]}` : '';
}

/** Canonical spelling of a rate: per second, in the shortest digits that read back the same. */
export function formatRate(perSecond: number): string {
  return `${perSecond}/s`;
}
