/**
 * Command-line overrides, `--set path=value`: the value is read as YAML (a scalar or a flow
 * collection: `3`, `1ms`, `{dist: constant, value: 1ms}`) and written into the parsed document
 * at the dotted path before validation, so an override is exactly the same as editing the
 * file. Nodes it creates have no position in the file; issues about them are reported against
 * the override (`locate` in `location.ts`).
 */
import { parseDocument, type Document } from 'yaml';
import { OVERRIDE_FILE, type DocPath, type ScenarioIssue } from './issue.ts';
import { quote } from './value-description.ts';

export interface AppliedOverride {
  /** As the user wrote it: `cluster.quorum.write=3`. */
  readonly text: string;
  readonly path: DocPath;
}

export interface OverrideResult {
  readonly applied: AppliedOverride[];
  readonly issues: ScenarioIssue[];
}

const SEGMENT = /^(?:[A-Za-z_$][\w$-]*|\d+)$/;

export function applyOverrides(doc: Document, overrides: readonly string[]): OverrideResult {
  const applied: AppliedOverride[] = [];
  const issues: ScenarioIssue[] = [];
  for (const text of overrides) {
    const problem = applyOne(doc, text);
    if (typeof problem === 'string') issues.push(overrideIssue(text, problem));
    else applied.push(problem);
  }
  return { applied, issues };
}

/** The applied override, or what is wrong with it. */
function applyOne(doc: Document, text: string): AppliedOverride | string {
  const equals = text.indexOf('=');
  if (equals < 0) return 'expected path=value, e.g. cluster.quorum.write=3';
  const pathText = text.slice(0, equals).trim();
  const path = pathText.split('.');
  if (!path.every((segment) => SEGMENT.test(segment))) {
    return `malformed path ${quote(pathText)}; expected dotted keys like cluster.quorum.write`;
  }
  const valueText = text.slice(equals + 1);
  const value = parseDocument(valueText, { uniqueKeys: true, prettyErrors: false, intAsBigInt: true });
  const error = value.errors[0];
  if (error !== undefined) return `cannot read the value ${quote(valueText)}: ${error.message}`;
  try {
    doc.setIn(path, doc.createNode(value.toJS()));
  } catch {
    return `${containerOf(doc, path)} holds a value, not a mapping, so ${path[path.length - 1]} cannot be set inside it`;
  }
  return { text, path };
}

/** The deepest existing prefix of `path` that holds a plain value (what blocked setIn). */
function containerOf(doc: Document, path: readonly string[]): string {
  for (let depth = path.length - 1; depth > 0; depth--) {
    if (doc.hasIn(path.slice(0, depth))) return path.slice(0, depth).join('.');
  }
  return 'the document';
}

function overrideIssue(text: string, message: string): ScenarioIssue {
  const equals = text.indexOf('=');
  return { file: OVERRIDE_FILE, line: 0, col: 0, path: equals < 0 ? '' : text.slice(0, equals).trim(), message, override: text };
}
