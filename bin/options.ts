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
