/**
 * Human messages for zod's issues, used as the per-parse error map: "expected a whole number,
 * got "3"" rather than "Invalid input: expected int, received string". Unit leaves and unions
 * carry their own messages (see `fields.ts`); this covers everything else.
 *
 * Unknown keys get one line per key with a did-you-mean among the keys the object allows;
 * `zod-issues.ts` splits the lines into one issue per key.
 */
import type { z } from 'zod';
import { didYouMean } from './suggestion.ts';
import { describeValue, listOf, underscoreHint } from './value-description.ts';

type RawIssue = z.core.$ZodRawIssue;

const TYPE_NAMES: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping (key: value pairs)',
  array: 'a list',
};

export function zodErrorMessage(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (typeof issue.input === 'bigint' && issue.expected === 'number') return beyondDouble(issue.inst, issue.input);
      return typeMessage(isWholeNumber(issue.inst) ? 'int' : issue.expected, issue.input);
    case 'too_small':
      return boundMessage(issue.minimum, issue.inclusive !== false, 'small', issue.origin, issue.input);
    case 'too_big':
      return boundMessage(issue.maximum, issue.inclusive !== false, 'big', issue.origin, issue.input);
    case 'invalid_value':
      return valueMessage(issue.values, issue.input);
    case 'unrecognized_keys':
      return issue.keys.map((key) => `unknown key '${key}'${didYouMean(key, allowedKeys(issue.inst))}`).join('\n');
    case 'invalid_union':
      return issue.discriminator === undefined ? `got ${describeValue(issue.input)}` : discriminatorMessage(issue);
    case 'invalid_format':
      return `expected text matching ${issue.pattern ?? issue.format}, got ${describeValue(issue.input)}`;
    default:
      return undefined;
  }
}

function typeMessage(expected: string, input: unknown): string {
  const got = `expected ${TYPE_NAMES[expected] ?? expected}, got ${describeValue(input)}`;
  const hint = typeof input === 'string' ? textHint(expected, input) : undefined;
  return hint === undefined ? got : `${got} (${hint})`;
}

/** Why a string is not the number or boolean the user probably meant. */
function textHint(expected: string, input: string): string | undefined {
  if (expected === 'boolean' && /^(yes|no|on|off|y|n|true|false)$/i.test(input)) {
    return `YAML 1.2 reads ${input} as a string; write true or false`;
  }
  if (expected !== 'number' && expected !== 'int') return undefined;
  if (/^[+-]?\d+(\.\d+)?$/.test(input.trim())) return 'remove the quotes';
  return underscoreHint(input);
}

function boundMessage(
  bound: number | bigint,
  inclusive: boolean,
  side: 'small' | 'big',
  origin: string,
  input: unknown,
): string {
  if (origin === 'array') return side === 'small' ? `needs at least ${bound === 1 ? 'one item' : `${bound} items`}` : `allows at most ${bound} items`;
  if (origin === 'string') return side === 'small' ? 'must not be empty' : `must be at most ${bound} characters long`;
  if (side === 'big' && bound === Number.MAX_SAFE_INTEGER) return `must be at most 2^53 - 1, got ${describeValue(input)}`;
  const relation = side === 'small' ? (inclusive ? 'at least' : 'greater than') : inclusive ? 'at most' : 'less than';
  return `must be ${relation} ${bound}, got ${describeValue(input)}`;
}

/**
 * A whole number written beyond 2^53 - 1 (read exactly, as a bigint) where a number is
 * expected: the bound it breaks, quoting the number as written.
 */
function beyondDouble(inst: RawIssue['inst'], input: bigint): string {
  const side = input > 0n ? 'less_than' : 'greater_than';
  const checks: readonly { _zod: { def: object } }[] = (inst?._zod.def as { checks?: { _zod: { def: object } }[] } | undefined)?.checks ?? [];
  const bound = checks.map((c) => c._zod.def as { check?: string; value?: number; inclusive?: boolean }).find((d) => d.check === side);
  if (bound?.value === undefined) return `${input} is too ${input > 0n ? 'large' : 'small'}`;
  return boundMessage(bound.value, bound.inclusive !== false, input > 0n ? 'big' : 'small', 'number', input);
}

function valueMessage(values: readonly unknown[], input: unknown): string {
  const names = values.map((v) => String(v));
  const hint = typeof input === 'string' ? didYouMean(input, names) : '';
  return `expected ${listOf(values.map((v) => JSON.stringify(v)))}, got ${describeValue(input)}${hint}`;
}

function discriminatorMessage(issue: RawIssue & { code: 'invalid_union' }): string {
  const key = issue.discriminator ?? '';
  const options: string[] = Array.isArray(issue.options) ? issue.options.map(String) : [];
  const value = isRecord(issue.input) ? issue.input[key] : undefined;
  if (value === undefined) return `missing key '${key}': one of ${listOf(options)}`;
  const hint = typeof value === 'string' ? didYouMean(value, options) : '';
  return `unknown ${key} ${describeValue(value)}${hint}; expected one of ${listOf(options)}`;
}

/** Whether the schema is an integer (`z.int()`), which zod reports as expecting a number. */
function isWholeNumber(inst: RawIssue['inst']): boolean {
  const def: object | undefined = inst?._zod.def;
  return def !== undefined && 'format' in def && typeof def.format === 'string' && def.format.includes('int');
}

/** The keys a strict object schema allows, for did-you-mean. */
function allowedKeys(inst: RawIssue['inst']): string[] {
  const def: object | undefined = inst?._zod.def;
  if (def === undefined || !('shape' in def) || !isRecord(def.shape)) return [];
  return Object.keys(def.shape);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
