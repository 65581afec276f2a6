/**
 * Number formatting for human-readable reports, in one style everywhere: a number, a space and
 * its unit. Spans of time take the largest unit that keeps them readable (`850 us`, `2.336 ms`,
 * `1.25 s`), points in simulated time are seconds exact to the microsecond (`4.999896 s`),
 * counts get thousands separators, byte counts binary units; trailing zeros after the decimal
 * point are dropped. Locale-free on purpose: a report reads the same on every machine.
 * Fixed-decimal rounding (`toFixed`) is allowed here and only here, never in anything that is
 * hashed.
 */

/**
 * A span of simulated time: microseconds below a millisecond, milliseconds (exact to the µs)
 * below a second, else seconds to the millisecond: `850 us`, `2.336 ms`, `1.25 s`.
 */
export function duration(us: number): string {
  if (!Number.isFinite(us)) return 'n/a';
  const whole = Math.round(us);
  if (Math.abs(whole) < 1000) return `${whole === 0 ? 0 : whole} us`;
  if (Math.abs(us) < 1_000_000) return `${decimals(us / 1000, 3)} ms`;
  return `${decimals(us / 1_000_000, 3)} s`;
}

/** A point in simulated time, in seconds exact to the microsecond: `1025500` µs -> `1.0255 s`. */
export function at(us: number): string {
  return Number.isFinite(us) ? `${decimals(us / 1_000_000, 6)} s` : 'n/a';
}

/** `x` with at most `places` decimals, trailing zeros dropped: `2.500` -> `2.5`, `3.000` -> `3`. */
function decimals(x: number, places: number): string {
  const fixed = x.toFixed(places);
  const trimmed = fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}

/**
 * The durations in a sentence the model wrote with its own unit (`2997us`, `0..10000000us`,
 * `at 1250000 us`), in the style above, so a report never mixes two: `2.997 ms`, `0..10 s`.
 */
export function readableDurations(text: string): string {
  return text
    .replace(/(-?inf|\d+)\.\.(-?inf|\d+) ?us\b/g, (_all, from: string, to: string) => `${bound(from)}..${bound(to)}`)
    .replace(/\b(\d+) ?us\b/g, (_all, us: string) => duration(Number(us)));
}

/** A bound of a range: `inf`, `-inf` and `0` need no unit. */
function bound(value: string): string {
  return value.endsWith('inf') || value === '0' ? value : duration(Number(value));
}

/** `1234567` -> `1,234,567`. Fractions keep up to three decimals. */
export function count(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  const [whole = '0', fraction] = Math.abs(n).toFixed(Number.isInteger(n) ? 0 : 3).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const trimmed = fraction?.replace(/0+$/, '');
  return `${n < 0 ? '-' : ''}${grouped}${trimmed ? `.${trimmed}` : ''}`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** `52428800` -> `50.0 MiB`; below 1 KiB exact bytes. */
export function bytes(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  let value = n;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}
