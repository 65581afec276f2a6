/**
 * Number formatting for human-readable reports. Integer microseconds become milliseconds or
 * seconds with fixed decimals, counts get thousands separators, byte counts get binary units.
 * Locale-free on purpose: a report reads the same on every machine. Fixed-decimal rounding
 * (`toFixed`) is allowed here and only here, never in anything that is hashed.
 */

/** `1234` µs -> `1.234 ms`. */
export function ms(us: number): string {
  return Number.isFinite(us) ? `${(us / 1000).toFixed(3)} ms` : 'n/a';
}

/** A point in simulated time: `1025500` µs -> `1.025500 s` (exact to the microsecond). */
export function at(us: number): string {
  return Number.isFinite(us) ? `${(us / 1_000_000).toFixed(6)} s` : 'n/a';
}

/** A span of simulated time: below a second in ms, else seconds with three decimals. */
export function span(us: number): string {
  if (!Number.isFinite(us)) return 'n/a';
  return Math.abs(us) < 1_000_000 ? ms(us) : `${(us / 1_000_000).toFixed(3)} s`;
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
