/**
 * Scenario text -> a YAML document with positions. YAML 1.2 (so `no` stays a string and
 * duplicate keys are errors); a `.json` file must first be strict JSON (`JSON.parse`), so
 * YAML-only syntax is refused there, and then goes through the same YAML parser, which keeps
 * the positions that schema errors are reported at.
 *
 * Integers are read exactly (`intAsBigInt`) and become numbers in `documentValue` wherever a
 * double holds them; one beyond 2^53 - 1 stays a bigint, so a message quotes the number
 * written (9007199254740993), not the nearest double (9007199254740992).
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { ScenarioIssue } from './issue.ts';

export interface Source {
  readonly file: string;
  readonly doc: Document;
  readonly lineCounter: LineCounter;
}

export type SourceResult = { readonly ok: true; readonly source: Source } | { readonly ok: false; readonly issues: ScenarioIssue[] };

export function readSource(text: string, file: string): SourceResult {
  const json = /\.json$/i.test(file);
  if (json) {
    const problem = jsonProblem(text, file);
    if (problem) return { ok: false, issues: [problem] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, merge: !json, intAsBigInt: true });
  if (doc.errors.length === 0) return { ok: true, source: { file, doc, lineCounter } };
  const issues = doc.errors.map((error) => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return { file, line, col, path: '', message: error.message };
  });
  return { ok: false, issues };
}

/** The document as plain data; fails only on alias bombs (too many alias expansions). */
export function documentValue(source: Source): { ok: true; value: unknown } | { ok: false; issue: ScenarioIssue } {
  try {
    return { ok: true, value: narrowIntegers(source.doc.toJS({ maxAliasCount: 100 })) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, issue: { file: source.file, line: 1, col: 1, path: '', message } };
  }
}

/** Exactly read integers as numbers where a double holds them exactly, in place. */
export function narrowIntegers(value: unknown): unknown {
  if (typeof value === 'bigint') return exactNumber(value);
  if (Array.isArray(value)) value.forEach((item, i) => (value[i] = narrowIntegers(item)));
  else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = narrowIntegers(record[key]);
  }
  return value;
}

function exactNumber(value: bigint): number | bigint {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

function jsonProblem(text: string, file: string): ScenarioIssue | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const { line, col } = lineAndColumn(text, jsonErrorOffset(text, message));
    const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/^(Unexpected token '.+?'), .* is not valid JSON$/s, '$1');
    return { file, line, col, path: '', message: `invalid JSON: ${reason}` };
  }
}

/**
 * Where V8's JSON.parse error points. Node 20 gives "at position N" for most errors, nothing
 * for "Unexpected token 'x'" (the first such token outside a string is taken) and for the end
 * of input (the end).
 */
export function jsonErrorOffset(text: string, message: string): number {
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  const token = /^Unexpected token '(.)'/su.exec(message);
  return token?.[1] === undefined ? 0 : firstOutsideStrings(text, token[1]);
}

function firstOutsideStrings(text: string, wanted: string): number {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString && c === '\\') i++;
    else if (c === '"') inString = !inString;
    else if (!inString && c === wanted) return i;
  }
  return 0;
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, col: offset - lineStart + 1 };
}
