/**
 * The failure process of `model.ts` as a finite continuous-time Markov chain, for one question
 * (write or read quorum): the states from which the quorum is still held, reached from all up,
 * plus one absorbing state "lost" that every state short of the quorum is merged into.
 *
 * A state is one code per AZ: the number of failed segments in it (0..s), plus s + 1 when the AZ
 * is down. The AZs are interchangeable (same rates, same number of segments, and the quorum
 * counts only how many segments are available), so the chain is lumped by that symmetry: a
 * state is the sorted list of codes, and its rate into a lumped state is the sum of the rates of
 * its events that lead there. That is exact (strong lumpability), and it shrinks Aurora's
 * 6^3 = 216 states to at most 56; `lump: false` keeps every labelled state, for the test that
 * checks the two agree.
 */
import { MAX_STATES, type Layout, type MissionRates } from './model.ts';

/** Where a transition into the lost set points until the number of transient states is known. */
const LOST = -1;

export interface Chain {
  /** Transient states; state 0 is all up. The absorbing "lost" state has index `states`. */
  readonly states: number;
  /** Off-diagonal transitions, as parallel arrays (the absorbing state has none). */
  readonly from: readonly number[];
  readonly to: readonly number[];
  readonly rate: readonly number[];
  /** Each transient state's total exit rate. */
  readonly exit: Float64Array;
  /** The per-AZ codes of each transient state, for tests and for reading the chain. */
  readonly codes: readonly (readonly number[])[];
}

/** The chain of the states that hold `quorum` available segments, and "lost" beyond them. */
export function buildChain(layout: Layout, rates: MissionRates, quorum: number, options: { lump?: boolean } = {}): Chain {
  const s = layout.segmentsPerAz;
  const canonical = options.lump === false ? (c: number[]) => c : (c: number[]) => c.sort((a, b) => a - b);
  const available = (codes: readonly number[]): number => codes.reduce((sum, c) => sum + (c <= s ? s - c : 0), 0);
  const index = new Map<string, number>();
  const codes: number[][] = [];
  const from: number[] = [];
  const to: number[] = [];
  const rate: number[] = [];
  const exit: number[] = [];
  const visit = (state: number[]): number => {
    if (available(state) < quorum) return LOST;
    const key = state.join(',');
    const known = index.get(key);
    if (known !== undefined) return known;
    if (codes.length >= MAX_STATES) throw new RangeError(`the chain has more than ${MAX_STATES} states: use a smaller layout`);
    index.set(key, codes.length);
    codes.push(state);
    return codes.length - 1;
  };
  visit(new Array<number>(layout.azs).fill(0));
  for (let i = 0; i < codes.length; i++) {
    const targets = new Map<number, number>();
    for (const [az, next, r] of events(codes[i]!, s, rates)) {
      if (r === 0) continue;
      const state = [...codes[i]!];
      state[az] = next;
      const j = visit(canonical(state));
      targets.set(j, (targets.get(j) ?? 0) + r);
    }
    let total = 0;
    for (const [j, r] of targets) {
      from.push(i);
      to.push(j);
      rate.push(r);
      total += r;
    }
    exit.push(total);
  }
  const states = codes.length;
  return { states, from, to: to.map((j) => (j === LOST ? states : j)), rate, exit: Float64Array.from(exit), codes };
}

/** Every event of a state as (AZ, its code after, rate). */
function events(state: readonly number[], s: number, rates: MissionRates): [number, number, number][] {
  const out: [number, number, number][] = [];
  state.forEach((c, az) => {
    if (c > s) {
      out.push([az, c - (s + 1), rates.restore]);
      return;
    }
    if (c < s) out.push([az, c + 1, (s - c) * rates.segmentFailure]);
    if (c > 0) out.push([az, c - 1, c * rates.repair]);
    out.push([az, c + s + 1, rates.azFailure]);
  });
  return out;
}
