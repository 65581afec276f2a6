/**
 * Leaf schemas of the scenario format: quantities with units (parsed by `units.ts` into
 * integer µs, bytes or bits per second), counts and plain numbers, each carrying the
 * description an editor shows on hover.
 *
 * A unit leaf accepts a number or a string (the JSON Schema adds the spelling pattern, for
 * editors); the unit parser decides and gives the message. One parser, so the file, the
 * `--set` override and the JSON Schema cannot disagree about what "1.5s" means.
 */
import { z } from 'zod';
import {
  BANDWIDTH_PATTERN,
  DURATION_PATTERN,
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

/** What editors are told about a bare number: whole and non-negative, or (rates) positive. */
const WHOLE = { type: 'integer', minimum: 0 } as const;
const POSITIVE = { exclusiveMinimum: 0 } as const;

function unitLeaf(parse: UnitParser, pattern: string, description: string, number: object = WHOLE) {
  return z
    .union([z.number().meta({ ...number }), z.string().meta({ pattern })], { error: (issue) => failure(parse(issue.input)) })
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

/** A duration, to integer µs: "250us", "1.5s", or a bare number of µs. */
export const duration = (description: string) => unitLeaf(parseDuration, DURATION_PATTERN, description);
export const positiveDuration = (description: string) => unitLeaf(positive(parseDuration), DURATION_PATTERN, description);

/** A size, to integer bytes: "200B", "10GB", "4KiB", or a bare number of bytes. */
export const size = (description: string) => unitLeaf(parseSize, SIZE_PATTERN, description);
export const positiveSize = (description: string) => unitLeaf(positive(parseSize), SIZE_PATTERN, description);

/** A bandwidth, to integer bits per second: "10Gbps", or a bare number of bits per second. */
export const bandwidth = (description: string) => unitLeaf(positive(parseBandwidth), BANDWIDTH_PATTERN, description);

/** A rate, to events per second: "5000/s", "300/ms", or a bare number per second. */
export const rate = (description: string) => unitLeaf(parseRate, RATE_PATTERN, description, POSITIVE);

/** A whole number of at least `min` (and at most `max`). */
export function count(description: string, min: number, max?: number) {
  const atLeast = z.int().min(min);
  return (max === undefined ? atLeast : atLeast.max(max)).meta({ description });
}

/** A probability in [0, 1). */
export const probability = (description: string) => z.number().min(0).lt(1).meta({ description });

/** A plain number greater than 0 (exponents, shapes). */
export const positiveNumber = (description: string) => z.number().positive().meta({ description });

export const text = (description: string) => z.string().meta({ description });
export const flag = (description: string) => z.boolean().meta({ description });
