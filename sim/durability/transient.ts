/**
 * The exact probability that a chain (`chain.ts`) started in state 0 is absorbed into "lost"
 * by time 1 (one mission): the entry (0, lost) of exp(Q), Q the generator.
 *
 * How, and why it is sound at probabilities near 1e-9 and below: the chain is stiff (repairs
 * are thousands of times faster than failures, so ‖Q‖ is large), and a generator has negative
 * diagonal entries, so a Padé or Taylor series of exp(Q) can cancel exactly where the small
 * entries live. Here every step adds and multiplies only non-negative numbers, where rounding
 * errors stay relative to each entry, small or not:
 *
 * 1. Uniformization over a short step h = 2^-m, with m the least such that Λh ≤ 1 (Λ the
 *    largest exit rate): exp(Qh) = Σ_k e^(-Λh) (Λh)^k / k! P^k, with P = I + Q / Λ a stochastic
 *    matrix (non-negative). The series stops once its next weight is below 1e-40; its tail is
 *    then below 1e-40 per step, 1e-34 after 2^20 steps.
 * 2. Squaring m times: exp(Q) = exp(Qh)^(2^m), products of non-negative matrices.
 *
 * Each entry so carries a relative error of about (terms + m · states) · 2^-53, far below 1e-6
 * for any chain `chain.ts` builds. The cost is m dense products, (states + 1)^3 operations each,
 * which is why `model.ts` bounds the number of states.
 */
import { exp } from '../core/detmath.ts';
import type { Chain } from './chain.ts';

/** The series stops when the Poisson weight of the next term is below this. */
const SERIES_TAIL = 1e-40;

/** P(the chain is in "lost" at time 1 | state 0 at time 0): a first-passage probability, since "lost" is absorbing. */
export function absorptionByTimeOne(chain: Chain): number {
  const n = chain.states + 1;
  let top = 0;
  for (const e of chain.exit) top = Math.max(top, e);
  if (top === 0) return 0;
  let m = 0;
  let step = 1;
  while (top * step > 1) {
    m++;
    step /= 2;
  }
  let matrix = shortStep(chain, n, top, top * step);
  for (let i = 0; i < m; i++) matrix = square(matrix, n);
  return matrix[n - 1]!; // row 0, column "lost"
}

/** exp(Q h) by uniformization, with a = Λh <= 1: a dense n × n matrix, row-major. */
function shortStep(chain: Chain, n: number, top: number, a: number): Float64Array {
  const term = new Float64Array(n * n); // P^k
  for (let i = 0; i < n; i++) term[i * n + i] = 1;
  let weight = exp(-a); // e^-a a^k / k!
  const result = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) result[i] = weight * term[i]!;
  for (let k = 1; weight * a >= SERIES_TAIL * k; k++) {
    weight = (weight * a) / k;
    const next = timesP(term, chain, n, top);
    term.set(next);
    for (let i = 0; i < n * n; i++) result[i]! += weight * term[i]!;
  }
  return result;
}

/** M · P with P = I + Q / Λ, from the sparse transitions (the absorbing row of P is the identity). */
function timesP(matrix: Float64Array, chain: Chain, n: number, top: number): Float64Array {
  const out = new Float64Array(n * n);
  const stay = new Float64Array(n);
  for (let i = 0; i < chain.states; i++) stay[i] = 1 - chain.exit[i]! / top;
  stay[n - 1] = 1;
  for (let r = 0; r < n; r++) {
    const row = r * n;
    for (let i = 0; i < n; i++) out[row + i] = matrix[row + i]! * stay[i]!;
    for (let t = 0; t < chain.from.length; t++) {
      out[row + chain.to[t]!]! += matrix[row + chain.from[t]!]! * (chain.rate[t]! / top);
    }
  }
  return out;
}

function square(matrix: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const a = matrix[i * n + k]!;
      if (a === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j]! += a * matrix[k * n + j]!;
    }
  }
  return out;
}
