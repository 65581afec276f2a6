/**
 * Empirical distributions given as `{dist: empirical, file: latencies.csv}`: the CSV holds one
 * duration ("250us") or number of µs per line; blank lines and lines starting with `#` are
 * skipped. It is read through the caller's `readFile` (the simulator never touches the file
 * system) with the path as written, relative to the scenario file; the caller resolves it.
 *
 * Runs before validation and replaces `file` by the `samples` it read, so the rest of the
 * parser sees ordinary samples and the canonical scenario is self-contained. A bad line is
 * reported at its own line in the CSV.
 */
import { dotted, type DocPath, type PathIssue, type ScenarioIssue } from './issue.ts';
import { parseDuration, type Parsed } from './units.ts';
import { quote } from './value-description.ts';

export interface FileAccess {
  /** The scenario file, for naming the CSV in issues. */
  readonly file: string;
  readonly readFile?: ((path: string) => string) | undefined;
}

export interface EmpiricalFileResult {
  /** Problems with the `file` key itself (no reader, unreadable). */
  readonly pathIssues: PathIssue[];
  /** Problems inside a CSV, at its own lines. */
  readonly fileIssues: ScenarioIssue[];
}

type Sampled = { readonly samples: number[] } | { readonly errors: { line: number; col: number; message: string }[] };

/** Reads every empirical file under `root` into samples, in place. */
export function inlineEmpiricalFiles(root: unknown, access: FileAccess): EmpiricalFileResult {
  const result: EmpiricalFileResult = { pathIssues: [], fileIssues: [] };
  walk(root, [], (dist, path) => inline(dist, path, access, result));
  return result;
}

function walk(value: unknown, path: DocPath, visit: (dist: Record<string, unknown>, path: DocPath) => void): void {
  if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i], visit));
  if (!isRecord(value)) return;
  if (value['dist'] === 'empirical' && typeof value['file'] === 'string' && !('samples' in value)) return visit(value, path);
  for (const [key, child] of Object.entries(value)) walk(child, [...path, key], visit);
}

function inline(dist: Record<string, unknown>, path: DocPath, access: FileAccess, result: EmpiricalFileResult): void {
  const name = String(dist['file']);
  const at: DocPath = [...path, 'file'];
  if (access.readFile === undefined) {
    result.pathIssues.push({ path: at, message: `cannot read ${quote(name)}: no file reader was given`, at: 'value' });
    return;
  }
  let text: string;
  try {
    text = access.readFile(name);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    result.pathIssues.push({ path: at, message: `cannot read ${quote(name)}: ${reason}`, at: 'value' });
    return;
  }
  const sampled = parseSamples(text);
  if ('errors' in sampled) {
    const file = besideScenario(access.file, name);
    for (const e of sampled.errors) result.fileIssues.push({ file, line: e.line, col: e.col, path: dotted(at), message: e.message });
    return;
  }
  delete dist['file'];
  // Spelt with their unit, as the schema wants every duration in a scenario.
  dist['samples'] = sampled.samples.map((us) => `${us}us`);
}

/** One duration or µs number per line. */
export function parseSamples(text: string): Sampled {
  const samples: number[] = [];
  const errors: { line: number; col: number; message: string }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const value = raw.trim();
    if (value === '' || value.startsWith('#')) return;
    const where = { line: index + 1, col: raw.indexOf(value) + 1 };
    if (value.includes(',')) return void errors.push({ ...where, message: `expected one value per line, got ${quote(value)}` });
    const parsed = parseSample(value);
    if (parsed.ok) samples.push(parsed.value);
    else errors.push({ ...where, message: parsed.message });
  });
  if (errors.length === 0 && samples.length === 0) errors.push({ line: 1, col: 1, message: 'the file holds no samples' });
  return errors.length > 0 ? { errors } : { samples };
}

/**
 * One CSV line: a duration, or digits alone meaning whole µs. Unlike a scenario field, a bare
 * number is accepted here: a file of measurements is a column of numbers, and its one unit
 * is documented (µs) rather than guessed per value.
 */
function parseSample(text: string): Parsed<number> {
  if (!/^\d+$/.test(text)) return parseDuration(text);
  const us = Number(text);
  return Number.isSafeInteger(us) ? { ok: true, value: us } : { ok: false, message: `${text} µs is too large` };
}

/** The CSV's path as a user finds it: relative to the scenario file's folder. */
export function besideScenario(scenarioFile: string, name: string): string {
  if (/^([/\\]|[A-Za-z]:[/\\])/.test(name)) return name;
  const slash = Math.max(scenarioFile.lastIndexOf('/'), scenarioFile.lastIndexOf('\\'));
  return slash < 0 ? name : `${scenarioFile.slice(0, slash + 1)}${name}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
