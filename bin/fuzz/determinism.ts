/**
 * `--verify-determinism`: a run is a pure function of (scenario, seed), so a seed re-run in a
 * fresh worker thread, after other seeds than the first time, must end with the same trace
 * hash. A different hash (or a crash on one side only) is a simulator bug — state leaking
 * between runs, or ambient time or randomness — and the seed becomes `crashed` (exit 70).
 */
import type { SeedOutcome } from './outcome.ts';

/** The outcomes whose re-run disagreed, each turned into a crash; `first` is keyed by seed. */
export function mismatches(first: ReadonlyMap<number, SeedOutcome>, reruns: readonly SeedOutcome[]): SeedOutcome[] {
  const out: SeedOutcome[] = [];
  for (const rerun of [...reruns].sort((a, b) => a.seed - b.seed)) {
    const original = first.get(rerun.seed);
    if (original === undefined || original.traceHash === rerun.traceHash) continue;
    const shown = (o: SeedOutcome) => o.traceHash ?? `none (${o.reason})`;
    const capsuleYaml = rerun.capsuleYaml ?? original.capsuleYaml;
    out.push({
      seed: rerun.seed,
      verdict: 'crashed',
      ...(original.traceHash === undefined ? {} : { traceHash: original.traceHash }),
      rerunTraceHash: rerun.traceHash ?? 'none',
      violations: original.violations,
      reason: `non-deterministic: trace hash ${shown(original)} on the first run, ${shown(rerun)} on the re-run in a fresh worker`,
      ...(rerun.error === undefined ? {} : { error: rerun.error }),
      ...(capsuleYaml === undefined ? {} : { capsuleYaml }),
    });
  }
  return out;
}
