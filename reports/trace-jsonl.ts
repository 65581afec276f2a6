/**
 * A run's canonical trace as JSON Lines, for `run --trace OUT.jsonl`: a header line naming
 * the format, scenario, seed and traceHash, then one object per canonical line.
 *
 * Canonical lines are `<timeUs> <kind> <int> <int> ...`, or `<timeUs> <kind> <text>` for the
 * rare textual kinds (see sim/core/trace.ts). An all-integer line becomes
 * `{"t":..,"kind":..,"f":[..]}`, anything else `{"t":..,"kind":..,"text":".."}`. The mapping
 * is exact both ways: `canonicalLine` rebuilds the very line that was hashed, so the SHA-256
 * of the rebuilt lines (each followed by `\n`) is the header's traceHash. Integers are copied
 * digit for digit; a number JSON could not carry exactly (beyond 2^53) stays in `text`.
 *
 * A generator, so a trace of millions of lines is written out without one giant string.
 */
import type { RunResult } from '../sim/index.ts';

export const TRACE_FORMAT = 'aurora-sim-trace';
export const TRACE_FORMAT_VERSION = 1;

export type TraceRecord =
  | { readonly t: number; readonly kind: string; readonly f: readonly number[] }
  | { readonly t: number; readonly kind: string; readonly text: string };

export interface TraceHeader {
  readonly format: typeof TRACE_FORMAT;
  readonly version: typeof TRACE_FORMAT_VERSION;
  readonly scenario: string;
  readonly seed: number;
  readonly traceHash: string;
}

/** Yields the header and then one JSON line per canonical trace line, each ending in `\n`. */
export function* traceJsonLines(result: RunResult): Generator<string> {
  const header: TraceHeader = {
    format: TRACE_FORMAT,
    version: TRACE_FORMAT_VERSION,
    scenario: result.scenario.name,
    seed: result.seed,
    traceHash: result.traceHash,
  };
  yield `${JSON.stringify(header)}\n`;
  for (const line of result.traceLines ?? []) yield `${JSON.stringify(traceRecord(line))}\n`;
}

/** Parses one canonical line. Throws on a line without an integer time and a kind. */
export function traceRecord(line: string): TraceRecord {
  const firstSpace = line.indexOf(' ');
  const time = firstSpace < 0 ? undefined : exactInteger(line.slice(0, firstSpace));
  if (time === undefined) throw new Error(`trace line without an integer time: ${JSON.stringify(line)}`);
  const secondSpace = line.indexOf(' ', firstSpace + 1);
  const kind = line.slice(firstSpace + 1, secondSpace < 0 ? undefined : secondSpace);
  if (kind === '') throw new Error(`trace line without a kind: ${JSON.stringify(line)}`);
  if (secondSpace < 0) return { t: time, kind, f: [] };
  const rest = line.slice(secondSpace + 1);
  const fields = rest.split(' ').map(exactInteger);
  return fields.every((n) => n !== undefined) && rest !== ''
    ? { t: time, kind, f: fields as number[] }
    : { t: time, kind, text: rest };
}

/** The canonical line a record came from. */
export function canonicalLine(record: TraceRecord): string {
  if ('text' in record) return `${record.t} ${record.kind} ${record.text}`;
  return record.f.length === 0 ? `${record.t} ${record.kind}` : `${record.t} ${record.kind} ${record.f.join(' ')}`;
}

/** The number a token spells, if it is a canonical safe integer (`7`, `-3`; not `07`, `-0`, `1e3`). */
function exactInteger(token: string): number | undefined {
  if (!/^(0|-?[1-9][0-9]*)$/.test(token)) return undefined;
  const n = Number(token);
  return Number.isSafeInteger(n) ? n : undefined;
}
