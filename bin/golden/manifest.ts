/**
 * The golden manifest, `scenarios/golden.json`: a version and one entry per golden run.
 *
 * Reading refuses anything it would have to guess at, each problem placed at file:line:col
 * with the field's path (as scenario issues are): invalid JSON, an unknown version, a missing
 * or unknown field (a typo such as `tracehash` would otherwise unpin a run without a word), a
 * value of the wrong shape, the same run twice.
 *
 * Writing is canonical, so that the file only ever changes where a run did: entries sorted by
 * file then overrides, fields in a fixed order, one field per line, arrays on one line. The
 * order puts `file` three lines above `traceHash`, so that a diff of a drifted entry shows
 * which scenario it is within its default context.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import type { ScenarioIssue } from '../../sim/index.ts';
import { compareEntries, FIGURE_FIELDS, sameRun, type GoldenEntry } from './entry.ts';

export const MANIFEST_VERSION = 1;
export const DEFAULT_MANIFEST = 'scenarios/golden.json';
/** The one step that re-pins the corpus after a deliberate model change (`check --update`). */
export const UPDATE_COMMAND = 'npm run golden:update';

export interface GoldenManifest {
  readonly version: typeof MANIFEST_VERSION;
  readonly entries: readonly GoldenEntry[];
}

export type ManifestResult = { readonly ok: true; readonly manifest: GoldenManifest } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

const ENTRY_FIELDS = ['file', 'sets', ...FIGURE_FIELDS] as const;
const VERDICTS = ['ok', 'failed', 'inconclusive'];

export function renderManifest(manifest: GoldenManifest): string {
  const entries = [...manifest.entries].sort(compareEntries).map(renderEntry);
  const body = entries.length === 0 ? '[]' : `[\n${entries.join(',\n')}\n  ]`;
  return `{\n  "version": ${MANIFEST_VERSION},\n  "entries": ${body}\n}\n`;
}

function renderEntry(entry: GoldenEntry): string {
  const fields = ENTRY_FIELDS.map((field) => `      ${JSON.stringify(field)}: ${renderValue(entry[field])}`);
  return `    {\n${fields.join(',\n')}\n    }`;
}

function renderValue(value: unknown): string {
  return Array.isArray(value) ? `[${value.map((v) => JSON.stringify(v)).join(', ')}]` : JSON.stringify(value);
}

export function parseManifest(text: string, file: string): ManifestResult {
  const syntax = jsonProblem(text, file);
  if (syntax !== undefined) return { ok: false, issues: [syntax] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const reader = new Reader(file, lineCounter);
  if (doc.errors.length > 0) {
    for (const error of doc.errors) reader.issueAt(error.pos[0], [], error.message);
    return { ok: false, issues: reader.issues };
  }
  const manifest = reader.manifest(doc.contents);
  if (manifest !== undefined && reader.issues.length === 0) return { ok: true, manifest };
  return { ok: false, issues: reader.issues.sort((a, b) => a.line - b.line || a.col - b.col) };
}

type Path = readonly (string | number)[];

/** Walks the document node by node, so that each problem has the place of its node. */
class Reader {
  readonly issues: ScenarioIssue[] = [];
  private readonly file: string;
  private readonly lines: LineCounter;

  constructor(file: string, lines: LineCounter) {
    this.file = file;
    this.lines = lines;
  }

  issueAt(offset: number, path: Path, message: string): void {
    const { line, col } = this.lines.linePos(offset);
    this.issues.push({ file: this.file, line, col, path: path.join('.'), message });
  }

  issue(node: unknown, path: Path, message: string): undefined {
    this.issueAt(offsetOf(node), path, message);
    return undefined;
  }

  manifest(root: unknown): GoldenManifest | undefined {
    const fields = this.fields(root, [], ['version', 'entries']);
    if (fields === undefined) return undefined;
    const version = fields.get('version');
    if (version === undefined) return undefined;
    if (!isScalar(version) || version.value !== MANIFEST_VERSION) {
      return this.issue(version, ['version'], `unsupported version ${describe(version)} (this aurora-sim reads version ${MANIFEST_VERSION})`);
    }
    const list = fields.get('entries');
    if (list === undefined) return undefined;
    if (!isSeq(list)) return this.issue(list, ['entries'], 'expected a list of entries');
    const entries: GoldenEntry[] = [];
    list.items.forEach((item, index) => {
      const entry = this.entry(item, ['entries', index]);
      if (entry === undefined) return;
      const first = entries.findIndex((e) => sameRun(e, entry));
      if (first >= 0) this.issue(item, ['entries', index], `the same run as entries.${first} (same file and sets)`);
      entries.push(entry);
    });
    return { version: MANIFEST_VERSION, entries };
  }

  /** A map's values by key; a key not in `keys` and a key of `keys` it lacks are problems. */
  private fields(node: unknown, path: Path, keys: readonly string[]): Map<string, unknown> | undefined {
    if (!isMap(node)) return this.issue(node, path, `expected an object with ${keys.join(', ')}`);
    const found = new Map<string, unknown>();
    for (const pair of node.items as Pair[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (keys.includes(key)) found.set(key, pair.value);
      else this.issue(pair.key, [...path, key], `unknown field (expected ${keys.join(', ')})`);
    }
    const missing = keys.filter((k) => !found.has(k));
    if (missing.length > 0) this.issue(node, path, `missing ${missing.join(', ')}`);
    return found;
  }

  private entry(node: unknown, path: Path): GoldenEntry | undefined {
    const fields = this.fields(node, path, ENTRY_FIELDS);
    if (fields === undefined) return undefined;
    const at = (key: string) => [fields.get(key), [...path, key]] as const;
    const entry = {
      file: this.text(...at('file'), (v) => v !== '' && !v.startsWith('/') && !v.includes('\\'), 'a path relative to the repository root, with /'),
      sets: this.texts(...at('sets'), (v) => /^[^=]+=/.test(v), 'path=value'),
      seed: this.count(...at('seed')),
      traceHash: this.text(...at('traceHash'), (v) => /^[0-9a-f]{64}$/.test(v), '64 lowercase hex digits'),
      verdict: this.text(...at('verdict'), (v) => VERDICTS.includes(v), VERDICTS.join(' | ')),
      commitsAcknowledged: this.count(...at('commitsAcknowledged')),
      ackedCommitsLost: this.count(...at('ackedCommitsLost')),
      writeUnavailableUs: this.count(...at('writeUnavailableUs')),
      recoveries: this.count(...at('recoveries')),
      violatedInvariants: this.texts(...at('violatedInvariants'), (v) => v !== '', 'an invariant name'),
    };
    return Object.values(entry).includes(undefined) ? undefined : (entry as GoldenEntry);
  }

  private text(node: unknown, path: Path, ok: (value: string) => boolean, expected: string): string | undefined {
    if (node === undefined) return undefined; // missing: reported with its object
    if (isScalar(node) && typeof node.value === 'string' && ok(node.value)) return node.value;
    return this.issue(node, path, `expected ${expected}, got ${describe(node)}`);
  }

  private count(node: unknown, path: Path): number | undefined {
    if (node === undefined) return undefined;
    if (isScalar(node) && typeof node.value === 'number' && Number.isSafeInteger(node.value) && node.value >= 0) return node.value;
    return this.issue(node, path, `expected a non-negative integer, got ${describe(node)}`);
  }

  private texts(node: unknown, path: Path, ok: (value: string) => boolean, expected: string): string[] | undefined {
    if (node === undefined) return undefined;
    if (!isSeq(node)) return this.issue(node, path, `expected a list of strings (${expected})`);
    const values = node.items.map((item, i) => this.text(item, [...path, i], ok, expected));
    return values.includes(undefined) ? undefined : (values as string[]);
  }
}

function offsetOf(node: unknown): number {
  return typeof node === 'object' && node !== null && 'range' in node ? ((node as Node).range?.[0] ?? 0) : 0;
}

function describe(node: unknown): string {
  if (isScalar(node)) return JSON.stringify(node.value) ?? String(node.value);
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'an object';
  return 'nothing';
}

/** Strict JSON first: YAML would accept `{file: x}`, which no tool that reads JSON does. */
function jsonProblem(text: string, file: string): ScenarioIssue | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const before = text.slice(0, jsonErrorOffset(text, message));
    const line = before.split('\n').length;
    const col = before.length - (before.lastIndexOf('\n') + 1) + 1;
    const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/^(Unexpected token '.+?'), .* is not valid JSON$/s, '$1');
    return { file, line, col, path: '', message: `invalid JSON: ${reason}` };
  }
}

/**
 * Where V8's JSON.parse error points. Node 20 says "at position N" for most errors, nothing for
 * the end of the input (the end) and for "Unexpected token 'x'": then the YAML parser's first
 * error is taken if it finds one (`[,]`), else the first such token outside a string
 * (`{file: x}`, which is YAML but not JSON).
 */
function jsonErrorOffset(text: string, message: string): number {
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  const yamlError = parseDocument(text, { prettyErrors: false }).errors[0];
  if (yamlError !== undefined) return yamlError.pos[0];
  const token = /^Unexpected token '(.)'/su.exec(message)?.[1];
  let inString = false;
  for (let i = 0; token !== undefined && i < text.length; i++) {
    if (inString && text[i] === '\\') i++;
    else if (text[i] === '"') inString = !inString;
    else if (!inString && text[i] === token) return i;
  }
  return 0;
}
