/**
 * Path issues -> places in the file. The node at the issue's path gives line:col (through the
 * document's `LineCounter`); a missing key is reported at the nearest existing parent; an
 * unknown key at the key itself. A node without a position was written by a `--set` override,
 * so the issue is reported against that override instead of the file.
 */
import { isAlias, isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { dotted, OVERRIDE_FILE, type DocPath, type PathIssue, type ScenarioIssue } from './issue.ts';
import type { AppliedOverride } from './overrides.ts';
import type { Source } from './source.ts';

interface Found {
  /** The prefix of the path that exists in the document. */
  readonly path: DocPath;
  readonly range: readonly [number, number, number] | undefined;
}

export function locate(source: Source, overrides: readonly AppliedOverride[], issue: PathIssue): ScenarioIssue {
  const found = findNode(source, issue.path, issue.at);
  const base = { path: dotted(issue.path), message: issue.message };
  if (found.range !== undefined) {
    const { line, col } = source.lineCounter.linePos(found.range[0]);
    return { file: source.file, line, col, ...base };
  }
  const override = creator(overrides, found.path);
  if (override === undefined) return { file: source.file, line: 1, col: 1, ...base };
  return { file: OVERRIDE_FILE, line: 0, col: 0, ...base, override: override.text };
}

/** Walks the document along the path as far as it exists. */
function findNode(source: Source, path: DocPath, at: PathIssue['at']): Found {
  let node: unknown = source.doc.contents;
  let range = rangeOf(node);
  let depth = 0;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(source.doc);
    const last = depth === path.length - 1;
    const next = child(node, segment, at === 'key' && last);
    if (next === undefined) break;
    node = next;
    range = rangeOf(node);
    depth++;
  }
  return { path: path.slice(0, depth), range };
}

/** The value (or key) under `segment`, or undefined when there is none. */
function child(node: unknown, segment: PropertyKey, wantKey: boolean): unknown {
  if (isMap(node)) {
    const pair = node.items.find((p: Pair) => keyText(p.key) === String(segment));
    if (pair === undefined) return undefined;
    return wantKey ? (pair.key ?? null) : (pair.value ?? null);
  }
  if (isSeq(node)) return node.items[Number(segment)];
  return undefined;
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function rangeOf(node: unknown): Found['range'] {
  return typeof node === 'object' && node !== null && 'range' in node ? ((node as Node).range ?? undefined) : undefined;
}

/** The last override whose path and the found path are one inside the other. */
function creator(overrides: readonly AppliedOverride[], path: DocPath): AppliedOverride | undefined {
  return overrides.findLast((o) => startsWith(o.path, path) || startsWith(path, o.path));
}

function startsWith(path: DocPath, prefix: DocPath): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => String(segment) === String(path[i]));
}
