/**
 * A fully resolved scenario for tests that drive the model directly: the documented defaults
 * (sim/scenario/defaults.ts), derived by parsing a minimal scenario rather than restated, so a
 * default that changes changes here too. Tests override what they study with `withScenario`.
 */
import { formatIssue } from '../scenario/issue.ts';
import { parseScenario } from '../scenario/parse.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';

/** What the tests fix beyond the defaults: a short run at a modest rate, measured from the start. */
const BASE_YAML = `version: 1
name: test
seed: 1
duration: 1s
workload:
  rate: 1000/s
measure:
  warmup: 0us
maxEvents: 100000000
`;

export const BASE_SCENARIO: ResolvedScenario = parseBase();

function parseBase(): ResolvedScenario {
  const parsed = parseScenario(BASE_YAML, { file: 'base-scenario.yaml' });
  if (!parsed.ok) throw new Error(`the tests' base scenario does not parse: ${parsed.issues.map(formatIssue).join('; ')}`);
  return parsed.scenario;
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends readonly unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

/** BASE_SCENARIO with nested fields replaced. Arrays and distributions are replaced whole. */
export function withScenario(changes: DeepPartial<ResolvedScenario>): ResolvedScenario {
  return merge(BASE_SCENARIO, changes) as ResolvedScenario;
}

function merge(base: unknown, changes: unknown): unknown {
  if (changes === undefined) return base;
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes) || 'dist' in changes || 'kind' in changes) {
    return changes;
  }
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(changes)) out[key] = merge(out[key], value);
  return out;
}
