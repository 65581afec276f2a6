/**
 * When to compact a FIFO kept as an array read from a head index (the writer's waiting
 * transactions, a replica's pending records, a checker's allocated LSNs...): once the head is
 * past half the array and past `MIN_HEAD`. Past half, each element is moved at most once per
 * pass of the head over it, so compaction costs a constant per element whatever `MIN_HEAD` is.
 *
 * Why `MIN_HEAD` is small: the compaction branch should first run while the code around it is
 * still in V8's baseline tiers. A branch that first runs after TurboFan compiled that code
 * throws the compiled code away (an "insufficient type feedback" deopt), with every caller that
 * inlined it, and they run slow until compiled again; with thresholds in the thousands, such
 * branches fired well into a steady-state run and cost a measurable share of it (bin/bench/README.md, "What the design choices measured").
 */
const MIN_HEAD = 32;

export function shouldCompact(head: number, length: number): boolean {
  return head > MIN_HEAD && head * 2 > length;
}
