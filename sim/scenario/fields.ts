/**
 * Leaf schemas of the scenario format: quantities with units (parsed by `units.ts` into
 * integer µs, bytes or bits per second), counts and plain numbers, each carrying the
 * description an editor shows on hover.
 *
 * A unit leaf accepts a string (the JSON Schema adds the spelling pattern, for editors), or the
 * number 0 where zero is allowed; the unit parser decides and gives the message. One parser, so
 * the file, the `--set` override and the JSON Schema cannot disagree about what "1.5s" means.
 */
import { z } from 'zod';
import type { Limit } from './limits.ts';
import {
  BANDWIDTH_PATTERN,
  DURATION_PATTERN,
  formatDuration,
  formatRate,
  formatSize,
  parseBandwidth,
  parseDuration,
  parseRate,
  parseSize,
  RATE_PATTERN,
  SIZE_PATTERN,
  type Parsed,
} from './units.ts';
import { describeValue } from './value-description.ts';

type UnitParser = (input: unknown) => Parsed<number>;

/**
 * A unit leaf. Where zero is allowed, the bare number 0 is too (0 of any unit is the same);
 * any other bare number reaches the parser, which says it needs a unit. Editors are told so:
 * the JSON Schema allows the number 0 or a string with a unit.
 */
function unitLeaf(parse: UnitParser, pattern: string, description: string, zero: boolean) {
  const message = (issue: { input: unknown }) => failure(parse(issue.input));
  const text = z.string().meta({ pattern });
  const leaf = zero ? z.union([z.number().meta({ const: 0 }), text], { error: message }) : z.string({ error: message }).meta({ pattern });
  return leaf
    .transform((input, ctx) => {
      const parsed = parse(input);
      if (parsed.ok) return parsed.value;
      ctx.issues.push({ code: 'custom', message: parsed.message, input });
      return z.NEVER;
    })
    .meta({ description });
}

function failure(parsed: Parsed<number>): string | undefined {
  return parsed.ok ? undefined : parsed.message;
}

/** The parser, refusing zero. */
function positive(parse: UnitParser): UnitParser {
  return (input) => {
    const parsed = parse(input);
    if (parsed.ok && parsed.value === 0) return { ok: false, message: `must be greater than 0, got ${describeValue(input)}` };
    return parsed;
  };
}

/** The parser, refusing values above the limit (shown with `show`, in the unit of the leaf). */
function atMost(parse: UnitParser, limit: Limit | undefined, show: (value: number) => string): UnitParser {
  if (limit === undefined) return parse;
  return (input) => {
    const parsed = parse(input);
    if (!parsed.ok || parsed.value <= limit.max) return parsed;
    return { ok: false, message: `must be at most ${show(limit.max)} (${limit.why}), got ${describeValue(input)}` };
  };
}

/** A duration, to integer µs: "250us", "1.5s", or 0. */
export const duration = (description: string, limit?: Limit) =>
  unitLeaf(atMost(parseDuration, limit, formatDuration), DURATION_PATTERN, description, true);
export const positiveDuration = (description: string, limit?: Limit) =>
  unitLeaf(atMost(positive(parseDuration), limit, formatDuration), DURATION_PATTERN, description, false);

/** A size, to integer bytes: "200B", "10GB", "4KiB", or 0. */
export const size = (description: string, limit?: Limit) => unitLeaf(atMost(parseSize, limit, formatSize), SIZE_PATTERN, description, true);
export const positiveSize = (description: string, limit?: Limit) =>
  unitLeaf(atMost(positive(parseSize), limit, formatSize), SIZE_PATTERN, description, false);

/** A bandwidth, to integer bits per second: "10Gbps". */
export const bandwidth = (description: string) => unitLeaf(positive(parseBandwidth), BANDWIDTH_PATTERN, description, false);

/** A rate, to events per second: "5000/s", "300/ms". */
export const rate = (description: string, limit?: Limit) => unitLeaf(atMost(parseRate, limit, formatRate), RATE_PATTERN, description, false);

/**
 * A whole number from `min` to `limit.max` (2^53 - 1 without a limit, the largest whole number
 * a double holds exactly). A written number beyond 2^53 - 1 arrives as a bigint (see
 * `parse.ts`), so the message quotes it as written, not as the nearest double.
 */
export function count(description: string, min: number, limit?: Limit) {
  const max = limit?.max ?? Number.MAX_SAFE_INTEGER;
  const range = `must be from ${min} to ${showCount(max)}${limit ? ` (${limit.why})` : ''}`;
  const outside = (issue: { input: unknown }) => `${range}, got ${describeValue(issue.input)}`;
  return z
    .int({ error: (issue) => (typeof issue.input === 'bigint' ? outside(issue) : undefined) })
    .min(min)
    .max(max, { error: outside })
    .meta({ description });
}

/** A count as a message shows it: 2^53 - 1 by name, others in digits. */
export function showCount(n: number): string {
  return n === Number.MAX_SAFE_INTEGER ? `2^53 - 1 (${n})` : String(n);
}

/** A probability in [0, 1). */
export const probability = (description: string) => z.number().min(0).lt(1).meta({ description });

/** A plain number greater than 0 (exponents, shapes). */
export const positiveNumber = (description: string) => z.number().positive().meta({ description });

export const text = (description: string) => z.string().meta({ description });
export const flag = (description: string) => z.boolean().meta({ description });
