/**
 * How a value the user wrote is quoted back in a message ("got ..."): short, in the user's own
 * terms (a YAML empty value is "an empty value", not `null`), and never a wall of JSON.
 */

const MAX_TEXT = 40;

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

/** A string in double quotes, shortened if long. */
export function quote(text: string): string {
  const short = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
  return JSON.stringify(short);
}

/** "a, b or c" */
export function listOf(items: readonly string[], conjunction = 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** A number written with underscores (`1_000`), which YAML 1.2 reads as a string. */
export function underscoreHint(text: string): string | undefined {
  const match = /^([+-]?\d+(?:_\d+)+(?:\.\d+)?)(.*)$/.exec(text.trim());
  if (!match) return undefined;
  const digits = match[1] ?? '';
  return `YAML 1.2 reads ${digits} as a string; write ${digits.replaceAll('_', '')}${match[2] ?? ''}`;
}
