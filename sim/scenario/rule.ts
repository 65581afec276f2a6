/**
 * Cross-field rules (Vw <= V, warmup < duration, ...), attached to the smallest object that
 * holds every field a rule reads.
 *
 * zod skips refinements once any field has failed; that would hide a broken quorum behind an
 * unrelated typo. A rule here runs unless one of the fields it reads (its `reads` paths) has an
 * issue of its own, so all problems are reported together and none twice.
 */
import type { z } from 'zod';
import type { DocPath } from './issue.ts';

export type Report = (path: DocPath, message: string) => void;

export interface Rule<T> {
  /** Paths, relative to the object, of the fields the rule reads. */
  readonly reads: readonly DocPath[];
  /** Calls `report` with the most specific path for each broken constraint. */
  readonly check: (value: T, report: Report) => void;
}

export function withRules<S extends z.ZodType>(schema: S, rules: readonly Rule<z.output<S>>[]): S {
  let result = schema;
  for (const rule of rules) {
    result = result.superRefine(
      (value, ctx) => rule.check(value, (path, message) => ctx.addIssue({ code: 'custom', message, path: [...path], input: value })),
      { when: (payload) => !payload.issues.some((issue) => blocks(issue, rule.reads)) },
    );
  }
  return result;
}

/** Whether an earlier issue concerns a field the rule reads (unknown keys never do). */
function blocks(issue: z.core.$ZodRawIssue, reads: readonly DocPath[]): boolean {
  if (issue.code === 'unrecognized_keys') return false;
  const path = issue.path ?? [];
  return reads.some((read) => overlaps(path, read));
}

function overlaps(a: readonly PropertyKey[], b: readonly PropertyKey[]): boolean {
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) if (a[i] !== b[i]) return false;
  return true;
}
