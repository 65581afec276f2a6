/**
 * Delta debugging (Zeller and Hildebrandt, "Simplifying and Isolating Failure-Inducing Input",
 * 2002): the ddmin algorithm that cuts a failing list down to a 1-minimal one — a list that
 * still fails while removing any single element of it makes it pass.
 *
 * The list is split into n chunks; if one chunk alone still fails it becomes the list (n back
 * to 2), else if the list without one chunk still fails that becomes the list (n one less),
 * else n doubles, until n is the list's length and no single removal fails. The candidates of
 * one round go to `firstFailing` together, in the order ddmin would test them one by one, so a
 * tester may run them in parallel and still answer exactly as the sequential algorithm would.
 *
 * A chunk alone is not tested when it lies inside a list already seen to pass: ddmin assumes,
 * as its paper does, that what passes with more elements passes with fewer. At a fine
 * granularity that is nearly every chunk (each lies inside a complement that passed), and on
 * a list of fifty faults of which twenty are needed those tests were half of ddmin's cost.
 * Complements are always tested, though the same reasoning would skip those of the chunks
 * before the last removal: a simulation is not monotone (a fault can hide a failure, and
 * without it the run fails again), and skipping them left faults that one more removal, tried,
 * would have dropped. So the list returned is 1-minimal as the runs made show.
 *
 * Pure: what "fails" means, and what a test costs, is the tester's business.
 */

export interface Tester<T> {
  /**
   * The index of the first candidate, in order, that still fails; undefined when none does, or
   * when the tester can run no more (its budget ran out).
   */
  firstFailing(candidates: readonly (readonly T[])[]): Promise<number | undefined>;
  /** True once the tester will run nothing more: ddmin stops with what it has. */
  stopped?(): boolean;
}

/** A reduction ddmin kept: the list it now holds, and what left it. */
export interface Reduction<T> {
  readonly kept: readonly T[];
  readonly removed: readonly T[];
}

/**
 * The 1-minimal failing sublist of `items` (which must fail), elements in their first order.
 * The empty list is tried first: a failure that needs none of the elements needs no search.
 * `onReduce` hears each reduction as it is kept.
 */
export async function ddmin<T>(items: readonly T[], tester: Tester<T>, onReduce?: (r: Reduction<T>) => void): Promise<T[]> {
  let current = [...items];
  const keep = (next: T[]): void => {
    const removed = current.filter((item) => !next.includes(item));
    current = next;
    onReduce?.({ kept: next, removed });
  };
  if (current.length === 0) return current;
  if ((await tester.firstFailing([[]])) === 0) {
    keep([]);
    return current;
  }
  const passed: Set<T>[] = [];
  const knownToPass = (candidate: readonly T[]): boolean => passed.some((p) => candidate.every((item) => p.has(item)));
  let n = 2;
  while (current.length >= 2 && tester.stopped?.() !== true) {
    const chunks = split(current, n);
    const complements = chunks.map((_, i) => chunks.filter((_, j) => j !== i).flat());
    // With two chunks each complement is the other chunk: testing it again would be a waste.
    const all = chunks.length === 2 ? chunks : [...chunks, ...complements];
    const tested = all.flatMap((candidate, index) => (index < chunks.length && knownToPass(candidate) ? [] : [{ candidate, index }]));
    const hitAt = tested.length === 0 ? undefined : await tester.firstFailing(tested.map((t) => t.candidate));
    if (tester.stopped?.() !== true) for (const t of tested.slice(0, hitAt ?? tested.length)) passed.push(new Set(t.candidate));
    const hit = hitAt === undefined ? undefined : tested[hitAt]!.index;
    if (hit !== undefined && hit < chunks.length) {
      keep(chunks[hit]!);
      n = 2;
    } else if (hit !== undefined) {
      keep(complements[hit - chunks.length]!);
      n = Math.max(n - 1, 2);
    } else if (n >= current.length) {
      break;
    } else {
      n = Math.min(current.length, 2 * n);
    }
  }
  return current;
}

/** `items` in `n` consecutive chunks whose sizes differ by at most one, none empty. */
export function split<T>(items: readonly T[], n: number): T[][] {
  const parts = Math.min(n, items.length);
  const chunks: T[][] = [];
  let start = 0;
  for (let i = 0; i < parts; i++) {
    const size = Math.floor(items.length / parts) + (i < items.length % parts ? 1 : 0);
    chunks.push(items.slice(start, start + size));
    start += size;
  }
  return chunks;
}
