/**
 * The `sweep:` section: a parameter study kept with its scenario, so `aurora-sim sweep FILE`
 * runs it without flags (flags given on the command line replace it). Each grid key is a
 * dotted path, as `--grid` and `--set` take it, and its list the values it takes; `seeds` and
 * `sweepSeed` as the flags. `run` ignores the section: a file with a sweep still runs as one
 * scenario.
 *
 * Values are written as YAML values; the sweep hands each to its tasks as `--set path=value`
 * would (a string as it stands, anything else as its JSON text), and the scenario's own rules
 * judge it there, before any task runs.
 */
import { z } from 'zod';
import { count } from './fields.ts';
import { describeValue } from './value-description.ts';

/** Dotted keys (or list indexes), as `--set` takes them. */
const PATH = /^(?:[A-Za-z_$][\w$-]*|\d+)(?:\.(?:[A-Za-z_$][\w$-]*|\d+))*$/;

/** What is wrong with a grid key, if anything. */
function pathProblem(path: string): string | undefined {
  if (!PATH.test(path)) return `malformed path "${path}"; expected dotted keys like cluster.quorum.write`;
  if (path === 'seed') return 'seed cannot be a grid axis: each task derives its own seed (use seeds and sweepSeed)';
  return undefined;
}

const axisValues = z
  .array(z.unknown())
  .min(1)
  .check((ctx) => {
    const seen = new Set<string>();
    for (const value of ctx.value) {
      const text = valueText(value);
      if (seen.has(text)) ctx.issues.push({ code: 'custom', input: ctx.value, message: `the value ${describeValue(value)} is listed twice` });
      seen.add(text);
    }
  });

export const sweepSchema = z
  .strictObject({
    grid: z
      .record(z.string(), axisValues)
      .check((ctx) => {
        const paths = Object.keys(ctx.value);
        if (paths.length === 0) ctx.issues.push({ code: 'custom', input: ctx.value, message: 'a sweep needs at least one grid axis' });
        for (const path of paths) {
          const problem = pathProblem(path);
          if (problem !== undefined) ctx.issues.push({ code: 'custom', input: path, path: [path], message: problem });
        }
      })
      .meta({ description: 'Each field the sweep varies (a dotted path, as --set takes it) and the values it takes; the first varies slowest.' }),
    seeds: count('Repetitions of each configuration (default: the sweep command\'s).', 1).optional(),
    sweepSeed: count('The seed every task seed is derived from (default: the sweep command\'s).', 0).optional(),
  })
  .meta({ description: 'A parameter study of this scenario, run by `aurora-sim sweep FILE`; `run` ignores it.' });

/** A grid value as the sweep passes it to `--set`: a string as written, anything else as JSON. */
export function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
