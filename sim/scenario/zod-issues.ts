/**
 * zod's issues turned into path issues a user can act on.
 *
 * - A union that failed as a whole names the branch the input was evidently meant for, when
 *   exactly one branch got past the shape check (e.g. `{dist: uniform, min: 1ms}` is a
 *   distribution object, not a duration): that branch's issues are reported, at their own
 *   paths. Otherwise the union's own message stands ("expected a duration or ...").
 * - Unknown keys become one issue per key, pointing at the key.
 * - A missing value becomes "missing required key 'x'".
 */
import type { z } from 'zod';
import type { DocPath, PathIssue } from './issue.ts';

type ZodIssue = z.core.$ZodIssue;

/** Codes that mean "the input does not have this branch's shape at all". */
const SHAPE_CODES: ReadonlySet<string> = new Set(['invalid_type', 'invalid_union', 'invalid_value']);

export function pathIssuesFromZod(issues: readonly ZodIssue[], prefix: DocPath = []): PathIssue[] {
  return issues.flatMap((issue) => fromIssue(issue, [...prefix, ...issue.path]));
}

function fromIssue(issue: ZodIssue, path: DocPath): PathIssue[] {
  if (issue.code === 'invalid_union') {
    const branch = intendedBranch(issue.errors);
    if (branch !== undefined) return pathIssuesFromZod(branch, path);
  }
  if (issue.code === 'unrecognized_keys') return unknownKeys(issue.keys, issue.message, path);
  const key = path[path.length - 1];
  if (isMissing(issue) && typeof key === 'string') return [{ path, message: `missing required key '${key}'`, at: 'value' }];
  return [{ path, message: issue.message, at: 'value' }];
}

function intendedBranch(branches: readonly (readonly ZodIssue[])[]): readonly ZodIssue[] | undefined {
  const shaped = branches.filter((issues) => !issues.some((i) => i.path.length === 0 && SHAPE_CODES.has(i.code)));
  return shaped.length === 1 ? shaped[0] : undefined;
}

function unknownKeys(keys: readonly string[], message: string, path: DocPath): PathIssue[] {
  const lines = message.split('\n');
  return keys.map((key, i) => ({ path: [...path, key], message: lines[i] ?? `unknown key '${key}'`, at: 'key' }));
}

/** An absent required key (zod reports the input, which is undefined). */
function isMissing(issue: ZodIssue): boolean {
  return 'input' in issue && issue.input === undefined && SHAPE_CODES.has(issue.code);
}
