/**
 * Option parsers shared by the commands, as commander `argParser`s: a value they refuse
 * becomes commander's "invalid argument" error, which exits 2.
 */
import { InvalidArgumentError } from 'commander';

/** The largest whole number a double holds exactly, and so the largest seed or count. */
const LARGEST = `2^53 - 1 (${Number.MAX_SAFE_INTEGER})`;

export function positiveInteger(value: string): number {
  const n = safeDigits(value);
  if (n === undefined || n === 0) throw new InvalidArgumentError(`expected a positive integer, at most ${LARGEST}`);
  return n;
}

/** A whole number from 0 to 2^53 - 1 (a seed, a count): above that a double would hold a different number. */
export function wholeNumber(value: string): number {
  const n = safeDigits(value);
  if (n === undefined) throw new InvalidArgumentError(`expected a whole number from 0 to ${LARGEST}`);
  return n;
}

function safeDigits(value: string): number | undefined {
  const n = Number(value);
  return /^[0-9]+$/.test(value) && Number.isSafeInteger(n) ? n : undefined;
}

/** `--set path=value`, repeatable: collects the overrides in order. */
export function collectSet(value: string, previous: string[] | undefined): string[] {
  if (!/^[^=]+=/.test(value)) throw new InvalidArgumentError('expected path=value, e.g. workload.rate=200/s');
  return [...(previous ?? []), value];
}

const DURATION_UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A wall-clock duration (`fuzz --time`): a number and one unit, `500ms`, `90s`, `10m`, `1.5h`,
 * in whole milliseconds. Compound forms (`1h30m`) are left out: `90m` says the same.
 */
export function duration(value: string): number {
  const match = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$/.exec(value);
  const ms = match === null ? NaN : Math.round(Number(match[1]) * DURATION_UNITS_MS[match[2]!]!);
  if (!(ms >= 1 && Number.isSafeInteger(ms))) throw new InvalidArgumentError('expected a duration such as 500ms, 90s, 10m or 1h');
  return ms;
}

/** A duration in the largest unit that writes it exactly: the inverse of `duration`. */
export function formatDuration(ms: number): string {
  for (const unit of ['h', 'm', 's'] as const) {
    if (ms % DURATION_UNITS_MS[unit]! === 0) return `${ms / DURATION_UNITS_MS[unit]!}${unit}`;
  }
  return `${ms}ms`;
}
