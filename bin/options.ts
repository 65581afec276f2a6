/**
 * Option parsers shared by the commands, as commander `argParser`s: a value they refuse
 * becomes commander's "invalid argument" error, which exits 2.
 */
import { InvalidArgumentError } from 'commander';

export function positiveInteger(value: string): number {
  const n = wholeNumber(value);
  if (n === 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

export function wholeNumber(value: string): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

/** `--set path=value`, repeatable: collects the overrides in order. */
export function collectSet(value: string, previous: string[] | undefined): string[] {
  if (!/^[^=]+=/.test(value)) throw new InvalidArgumentError('expected path=value, e.g. workload.rate=200/s');
  return [...(previous ?? []), value];
}
