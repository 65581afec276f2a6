/**
 * Medians and same-repetition ratios over the bench's raw runs. One machine run can be 35% off
 * another on this shared 2-core machine, while two engines measured in
 * the same repetition move together; so a ratio is taken inside each repetition first, and the
 * median of those per-repetition ratios is reported, never a ratio of medians.
 */

/** One measurement: a case, an engine, a repetition, and its figure (absent on error). */
export interface RunRecord {
  readonly group: string;
  readonly caseId: string;
  readonly engine: string;
  readonly rep: number;
  readonly metric: string;
  readonly value?: number;
  readonly maxrssKb?: number;
  readonly error?: string;
  /** Killed at its time limit: at least that slow (an upper-bound target can judge it). */
  readonly timedOut?: true;
  readonly record?: Record<string, unknown>;
  readonly rssSamples?: readonly (readonly [number, number])[];
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A case's runs on one engine; `field` picks another figure of the run's JSON line than the case's metric. */
export interface RunSelector {
  readonly caseId: string;
  readonly engine: string;
  readonly field?: string;
}

/**
 * Median over repetitions of a(rep) / b(rep), for the repetitions where both ran.
 * Returns the per-repetition ratios too.
 */
export function sameRunRatio(
  runs: readonly RunRecord[],
  a: RunSelector,
  b: RunSelector,
): { readonly median: number | undefined; readonly perRep: number[] } {
  const perRep: number[] = [];
  const byRep = (sel: RunSelector): Map<number, number> => {
    const pairs = runs
      .filter((r) => r.caseId === sel.caseId && r.engine === sel.engine && r.value !== undefined)
      .map((r) => [r.rep, sel.field === undefined ? r.value : r.record?.[sel.field]] as const);
    return new Map(pairs.filter((p): p is readonly [number, number] => typeof p[1] === 'number'));
  };
  const av = byRep(a);
  const bv = byRep(b);
  for (const [rep, x] of av) {
    const y = bv.get(rep);
    if (y !== undefined && y > 0) perRep.push(x / y);
  }
  return { median: median(perRep), perRep };
}
