/**
 * Cross-field rules (Vw <= V, warmup < duration, ...), attached to the smallest object that
 * holds every field a rule reads.
 *
 * zod skips refinements once any field has failed; that would hide a broken quorum behind an
 * unrelated typo. A rule here runs unless one of the fields it reads (its `reads` paths) has an
 * issue of its own, so all problems are reported together and none twice.
 *
 * A rule over a list (the faults) names it as `items`: an entry with an issue of its own does
 * not stop the rule, it is only passed over (its index is in `skipped`), so a typo in one
 * fault does not hide an out-of-range target in another.
 */
import type { z } from 'zod';
import type { DocPath } from './issue.ts';

export type Report = (path: DocPath, message: string) => void;

export interface Rule<T> {
  /** Paths, relative to the object, of the fields the rule reads. */
  readonly reads: readonly DocPath[];
  /** Path of a list the rule checks entry by entry. */
  readonly items?: DocPath;
  /** Calls `report` with the most specific path for each broken constraint. */
  readonly check: (value: T, report: Report, skipped: ReadonlySet<number>) => void;
}

const NONE: ReadonlySet<number> = new Set();

export function withRules<S extends z.ZodType>(schema: S, rules: readonly Rule<z.output<S>>[]): S {
  let result = schema;
  for (const rule of rules) {
    // The entries with issues, found in `when` and read back in the refinement, by value.
    const skipped = new WeakMap<object, ReadonlySet<number>>();
    result = result.superRefine(
      (value, ctx) =>
        rule.check(
          value,
          (path, message) => ctx.addIssue({ code: 'custom', message, path: [...path], input: value }),
          (typeof value === 'object' && value !== null && skipped.get(value)) || NONE,
        ),
      {
        when: (payload) => {
          if (payload.issues.some((issue) => blocks(issue, rule.reads))) return false;
          const value = payload.value;
          if (rule.items !== undefined && typeof value === 'object' && value !== null) {
            skipped.set(value, entriesWithIssues(payload.issues, rule.items));
          }
          return true;
        },
      },
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

/** Indexes of the list's entries that have issues (an issue on the list itself: all of them). */
function entriesWithIssues(issues: readonly z.core.$ZodRawIssue[], list: DocPath): ReadonlySet<number> {
  const indexes = new Set<number>();
  for (const issue of issues) {
    const path = issue.path ?? [];
    if (issue.code === 'unrecognized_keys' || !overlaps(path, list)) continue;
    const index = path[list.length];
    indexes.add(typeof index === 'number' ? index : -1);
  }
  return indexes;
}

function overlaps(a: readonly PropertyKey[], b: readonly PropertyKey[]): boolean {
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) if (a[i] !== b[i]) return false;
  return true;
}
