/**
 * The shrink's oracle: does a candidate scenario still violate the invariant the shrink
 * follows? That is the one it started with, or another the input violated too, once the
 * shrink turns to it (`follow`): every answer is remembered as the whole list of invariants
 * the candidate violated, so a candidate run under one is not run again under another.
 * Candidates are rendered in the canonical form (`renderScenarioYaml`), which is also what the
 * shrink writes, and parsed back before they run: one the parser refuses (a fault on a node
 * the smaller cluster lacks) is skipped without a run.
 *
 * Candidates go to the threads a batch at a time, in order, and the answer is the first that
 * fails, exactly as testing them one by one would give. Only the runs that one-by-one testing
 * would have made are counted against --max-runs (those past the first failure of a batch
 * were speculative), and only their answers are remembered, so the result, the run count and
 * where the budget stops it do not depend on how many threads there are.
 */
import { canonicalScenario, parseScenario, renderScenarioYaml, type ResolvedScenario } from '../../sim/index.ts';
import type { Probes } from './threads.ts';

export class Runner {
  /** Runs counted so far. */
  runs = 0;
  /** Set once a candidate could not run because the budget was spent. */
  exhausted = false;
  private readonly known = new Map<string, readonly string[]>();

  private readonly probes: Probes;
  private followed: string;
  private readonly maxRuns: number;

  constructor(probes: Probes, invariant: string, maxRuns: number) {
    this.probes = probes;
    this.followed = invariant;
    this.maxRuns = maxRuns;
  }

  /** The invariant a candidate must still violate. */
  get invariant(): string {
    return this.followed;
  }

  /** From now on, a candidate fails when it violates `invariant`. */
  follow(invariant: string): void {
    this.followed = invariant;
  }

  /**
   * Counts a run the shrink makes itself, not to test a candidate (to read the events of the
   * scenario as it stands, `attach.ts`); false, and nothing counted, once the budget is spent.
   */
  spend(): boolean {
    if (this.exhausted || this.runs >= this.maxRuns) {
      this.exhausted = true;
      return false;
    }
    this.runs++;
    return true;
  }

  /** Whether `s` still violates the invariant. */
  async fails(s: ResolvedScenario): Promise<boolean> {
    return (await this.firstFailing([s])) === 0;
  }

  /** The index of the first candidate that still violates the invariant, testing in order. */
  async firstFailing(candidates: readonly ResolvedScenario[]): Promise<number | undefined> {
    if (this.exhausted) return undefined;
    const queue = candidates.map((s, index) => ({ index, text: scenarioText(s) }));
    for (const c of queue) if (!this.known.has(c.text) && !valid(c.text)) this.known.set(c.text, []);
    while (queue.length > 0) {
      const head = queue[0]!;
      const known = this.known.get(head.text);
      if (known !== undefined) {
        queue.shift();
        if (known.includes(this.followed)) return head.index;
        continue;
      }
      if (this.runs >= this.maxRuns) {
        this.exhausted = true;
        return undefined;
      }
      const batch = this.batch(queue);
      const results = await this.probes.run(batch.map((c) => c.text));
      for (const [i, c] of batch.entries()) {
        queue.shift();
        this.runs++;
        this.known.set(c.text, results[i]!.violated);
        if (results[i]!.violated.includes(this.followed)) return c.index;
      }
    }
    return undefined;
  }

  /** The head of the queue and the candidates after it that would run next: not yet known, within the budget. */
  private batch(queue: readonly { index: number; text: string }[]): { index: number; text: string }[] {
    const room = Math.min(this.probes.width, this.maxRuns - this.runs);
    const batch: { index: number; text: string }[] = [];
    for (const c of queue) {
      if (batch.length >= room || this.known.has(c.text) || batch.some((b) => b.text === c.text)) break;
      batch.push(c);
    }
    return batch;
  }
}

/** The scenario as the shrink writes it, and as every candidate is run. */
export function scenarioText(s: ResolvedScenario): string {
  return renderScenarioYaml(canonicalScenario(s));
}

function valid(text: string): boolean {
  return parseScenario(text, { file: 'shrink-candidate.yaml' }).ok;
}
