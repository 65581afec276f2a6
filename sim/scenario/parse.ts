/**
 * `parseScenario`: scenario text (+ overrides) -> `ResolvedScenario`, or every issue found.
 *
 * 1. read the text into a YAML document with positions (`source.ts`); syntax errors stop here;
 * 2. apply `--set` overrides to the document (`overrides.ts`);
 * 3. read empirical CSV files into samples (`empirical-file.ts`);
 * 4. validate with the zod schema, collecting all issues, cross-field rules included;
 * 5. place each issue at file:line:col, or at its override (`location.ts`);
 * 6. resolve into the contract (`resolve.ts`) and its canonical file form (`canonical.ts`).
 */
import type { ResolvedScenario } from './resolved.ts';
import { canonicalScenario } from './canonical.ts';
import { inlineEmpiricalFiles } from './empirical-file.ts';
import { sortIssues, type ScenarioIssue } from './issue.ts';
import { locate } from './location.ts';
import { zodErrorMessage } from './messages.ts';
import { applyOverrides } from './overrides.ts';
import { resolveScenario } from './resolve.ts';
import { scenarioSchema, type ScenarioDocument } from './schema.ts';
import { documentValue, readSource } from './source.ts';
import { pathIssuesFromZod } from './zod-issues.ts';

export interface ParseOptions {
  /** The scenario's file name, for issues; `.json` files must be strict JSON. */
  readonly file: string;
  /** `path=value` overrides, applied in order as if the file had been edited. */
  readonly overrides?: readonly string[] | undefined;
  /** Reads a file the scenario names (an empirical CSV), by its path relative to the scenario. */
  readonly readFile?: ((path: string) => string) | undefined;
}

export type ParseResult =
  | { readonly ok: true; readonly scenario: ResolvedScenario; readonly canonical: ScenarioDocument }
  | { readonly ok: false; readonly issues: ScenarioIssue[] };

export function parseScenario(text: string, options: ParseOptions): ParseResult {
  const read = readSource(text, options.file);
  if (!read.ok) return read;
  const { source } = read;
  const overrides = applyOverrides(source.doc, options.overrides ?? []);
  const value = documentValue(source);
  if (!value.ok) return { ok: false, issues: [...overrides.issues, value.issue] };
  const files = inlineEmpiricalFiles(value.value, options);
  const parsed = scenarioSchema.safeParse(value.value, { error: zodErrorMessage, reportInput: true });
  const pathIssues = [...files.pathIssues, ...(parsed.success ? [] : pathIssuesFromZod(parsed.error.issues))];
  const located = pathIssues.map((issue) => locate(source, overrides.applied, issue));
  const issues = sortIssues([...overrides.issues, ...files.fileIssues, ...located], options.file);
  if (!parsed.success || issues.length > 0) return { ok: false, issues };
  const scenario = resolveScenario(parsed.data);
  return { ok: true, scenario, canonical: canonicalScenario(scenario) };
}
