/**
 * One shrink candidate, run: the scenario text (canonical YAML, the seed written in) parsed
 * and run exactly as `aurora-sim run` would, boiled down to the names of the invariants it
 * violated. Plain data, so it crosses the worker-thread boundary. A run that throws is an
 * answer too (no invariant, the error's line): the shrink is after the invariant it started
 * with, and a candidate that crashes the simulator instead is not that failure.
 */
import { parseScenario, runScenario, type RunOptions } from '../../sim/index.ts';
import { caught } from '../fuzz/outcome.ts';

export interface ProbeResult {
  /** Invariants the run violated, in checker order. */
  readonly violated: readonly string[];
  /** Why the candidate did not run to its end: it threw, or (a bug of the shrink) did not parse. */
  readonly error?: string;
}

/** The file name candidates are parsed under, for the parser's messages. */
const CANDIDATE = 'shrink-candidate.yaml';

/** Runs the candidate; `watch` reads its trace as well (the shrink's own reading run, `attach.ts`). */
export function probe(text: string, watch?: RunOptions['watch']): ProbeResult {
  try {
    const parsed = parseScenario(text, { file: CANDIDATE });
    if (!parsed.ok) return { violated: [], error: `the candidate does not parse: ${parsed.issues[0]?.message ?? ''}` };
    const result = runScenario(parsed.scenario, { source: CANDIDATE, replay: '', keepTrace: false, ...(watch === undefined ? {} : { watch }) });
    return { violated: result.invariants.filter((i) => !i.ok).map((i) => i.name) };
  } catch (error) {
    const e = caught(error);
    return { violated: [], error: `${e.name}: ${e.message}` };
  }
}
