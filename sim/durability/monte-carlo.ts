/**
 * The Monte Carlo side of the cross-check: the process of `model.ts` simulated event by event,
 * one mission per run, with the project's seeded streams (deterministic per seed), and tallied
 * for both questions at once (a run goes on after losing the write quorum, until it loses the
 * read quorum or the mission ends).
 *
 * Importance sampling (`bias` k > 1): losses within AZ+1 designs need several failures inside
 * one repair window, too rare to see by plain sampling. The runs are drawn from the same
 * chain with every failure rate (segments and AZs) multiplied by k while the PG is degraded
 * (some segment failed or some AZ down), and each run carries its likelihood ratio
 *
 *   L = Π over jumps (true rate of the jump / sampling rate of the jump)
 *       × exp(-∫ (true total rate - sampling total rate) dt),
 *
 * that is k^-(failures drawn while degraded) × exp((k - 1) ∫ failure rate while degraded dt),
 * taken up to the first passage for each question (up to the end of the mission, or the
 * read-quorum loss, for the mean weight). E[L · 1{lost}] under the sampling chain is the true
 * probability, for any k: the estimate stays unbiased.
 *
 * Why not from all up too: in the all-up state a failure is not rare (a segment fails every
 * few months), and scaling it multiplies the harmless failure-and-repair cycles of a mission,
 * each adding a factor to L; the weights' variance then grows exponentially with the mission
 * and the estimate is carried by a handful of runs (the classic failure of importance
 * sampling; `scope: 'always'` keeps that choice, so that a test can show the effective sample
 * size catching it).
 */
import { exp, log } from '../core/detmath.ts';
import type { Rng } from '../core/rng.ts';
import { standardExponential } from '../core/ziggurat.ts';
import type { ByQuestion } from './exact.ts';
import { missionRates, QUESTIONS, quorumOf, type FailureRates, type Layout } from './model.ts';

/**
 * Deliberate defects of the sampler (the project's pattern for proving a check can fail): the
 * tests switch each on and require the cross-check against the exact chain to disagree.
 */
export const SAMPLING_BUGS = {
  'no-likelihood-ratio': 'importance sampling counts each loss as 1, as if the runs came from the true process',
  'no-time-integral': 'the likelihood ratio keeps the jumps\' rate ratios but drops its exp(-∫ (true - sampling total rate) dt) factor',
} as const;

export type SamplingBug = keyof typeof SAMPLING_BUGS;

export interface SamplingPlan {
  readonly runs: number;
  /** The factor on segment failure rates while degraded; 1 (with `azBias` 1) is plain Monte Carlo. */
  readonly segmentBias: number;
  /** The factor on AZ failure rates while degraded. */
  readonly azBias: number;
  /** Where the factors apply: only while degraded (the default), or in every state. */
  readonly scope?: 'degraded' | 'always';
  /** A deliberate defect (`SAMPLING_BUGS`); never set outside tests. */
  readonly bug?: SamplingBug;
}

/** Whether a plan samples the true process (no factor). */
export function isPlain(plan: Pick<SamplingPlan, 'segmentBias' | 'azBias'>): boolean {
  return plan.segmentBias === 1 && plan.azBias === 1;
}

/** The sums an estimate is made of, for one question. */
export interface Tally {
  readonly runs: number;
  /** Runs that lost the quorum within the mission. */
  readonly hits: number;
  /** Σ L · 1{lost} (plain sampling: the hits). */
  readonly sum: number;
  /** Σ (L · 1{lost})^2. */
  readonly sumSquares: number;
}

export interface Sample {
  readonly tallies: ByQuestion<Tally>;
  /**
   * Every run's likelihood ratio at its end, summed (and its squares): their mean is 1 in
   * expectation, a check on the weights that needs no exact value.
   */
  readonly weights: { readonly runs: number; readonly sum: number; readonly sumSquares: number };
}

/** Runs `plan.runs` missions from `rng` and tallies both questions. */
export function sampleMissions(layout: Layout, rates: FailureRates, plan: SamplingPlan, rng: Rng): Sample {
  const pg = new FailureProcess(layout, rates, plan);
  const sums = QUESTIONS.map(() => ({ hits: 0, sum: 0, sumSquares: 0 }));
  let weights = 0;
  let weightSquares = 0;
  for (let run = 0; run < plan.runs; run++) {
    pg.run(rng);
    const counted = plan.bug !== 'no-likelihood-ratio';
    const end = counted ? exp(pg.logWeight) : 1;
    weights += end;
    weightSquares += end * end;
    for (let q = 0; q < sums.length; q++) {
      const logWeight = pg.lostLogWeight[q]!;
      if (Number.isNaN(logWeight)) continue;
      const w = counted ? exp(logWeight) : 1;
      const s = sums[q]!;
      s.hits++;
      s.sum += w;
      s.sumSquares += w * w;
    }
  }
  const tally = (q: number): Tally => ({ runs: plan.runs, ...sums[q]! });
  return { tallies: { write: tally(0), read: tally(1) }, weights: { runs: plan.runs, sum: weights, sumSquares: weightSquares } };
}

type EventKind = 'restore' | 'segment' | 'az' | 'repair';

const EVENT_KINDS: readonly EventKind[] = ['restore', 'segment', 'az', 'repair'];

/**
 * One PG's state through a mission, time in missions (T = 1). After `run`, `logWeight` is
 * log L at the run's end and `lostLogWeight[q]` log L at the first passage of question q
 * (write, read), NaN if its quorum held.
 */
class FailureProcess {
  logWeight = 0;
  readonly lostLogWeight: Float64Array;
  private readonly s: number;
  private readonly up: Uint8Array;
  private readonly failed: Int32Array;
  private readonly quorums: Int32Array;
  private readonly segmentFailure: number;
  private readonly azFailure: number;
  private readonly repair: number;
  private readonly restore: number;
  private readonly segmentBias: number;
  private readonly azBias: number;
  private readonly logSegmentBias: number;
  private readonly logAzBias: number;
  private readonly always: boolean;
  private readonly integral: boolean;
  // The current state's true rates, set by `measure`.
  private segmentRate = 0;
  private azRate = 0;
  private otherRate = 0;
  private degraded = false;

  constructor(layout: Layout, rates: FailureRates, plan: SamplingPlan) {
    const r = missionRates(rates);
    this.s = layout.segmentsPerAz;
    this.up = new Uint8Array(layout.azs);
    this.failed = new Int32Array(layout.azs);
    this.quorums = Int32Array.from(QUESTIONS.map((q) => quorumOf(layout, q)));
    this.lostLogWeight = new Float64Array(this.quorums.length);
    this.segmentFailure = r.segmentFailure;
    this.azFailure = r.azFailure;
    this.repair = r.repair;
    this.restore = r.restore;
    this.segmentBias = plan.segmentBias;
    this.azBias = plan.azBias;
    this.logSegmentBias = log(plan.segmentBias);
    this.logAzBias = log(plan.azBias);
    this.always = plan.scope === 'always';
    this.integral = plan.bug !== 'no-time-integral';
  }

  run(rng: Rng): void {
    this.up.fill(1);
    this.failed.fill(0);
    this.lostLogWeight.fill(NaN);
    let open = this.quorums.length;
    let t = 0;
    let logWeight = 0;
    for (;;) {
      this.measure();
      const biased = this.degraded || this.always;
      const ks = biased ? this.segmentBias : 1;
      const ka = biased ? this.azBias : 1;
      const total = ks * this.segmentRate + ka * this.azRate + this.otherRate;
      if (total === 0) break;
      const gap = standardExponential(rng) / total;
      const dt = gap < 1 - t ? gap : 1 - t;
      // exp(-∫ (true total - sampling total) dt): only the failure rates differ.
      if (this.integral) logWeight += ((ks - 1) * this.segmentRate + (ka - 1) * this.azRate) * dt;
      if (gap >= 1 - t) break; // the mission ends first
      t += gap;
      const kind = this.step(rng.float() * total, ks, ka);
      if (kind === 'segment' && ks !== 1) logWeight -= this.logSegmentBias;
      if (kind === 'az' && ka !== 1) logWeight -= this.logAzBias;
      const available = this.available();
      for (let q = 0; q < this.quorums.length; q++) {
        if (Number.isNaN(this.lostLogWeight[q]!) && available < this.quorums[q]!) {
          this.lostLogWeight[q] = logWeight;
          open--;
        }
      }
      if (open === 0) break;
    }
    this.logWeight = logWeight;
  }

  /** The true rates of the current state (segment failures, AZ failures, the rest) and whether it is degraded. */
  private measure(): void {
    let segment = 0;
    let az = 0;
    let other = 0;
    let degraded = false;
    for (let a = 0; a < this.up.length; a++) {
      const f = this.failed[a]!;
      if (this.up[a] === 1) {
        segment += (this.s - f) * this.segmentFailure;
        az += this.azFailure;
        other += f * this.repair;
        if (f > 0) degraded = true;
      } else {
        other += this.restore;
        degraded = true;
      }
    }
    this.segmentRate = segment;
    this.azRate = az;
    this.otherRate = other;
    this.degraded = degraded;
  }

  /** Applies the event that `u` in [0, sampling total) picks, and says which kind it was. */
  private step(u: number, ks: number, ka: number): EventKind {
    let left = u;
    let lastAz = 0;
    let lastKind: EventKind = 'restore';
    for (let a = 0; a < this.up.length; a++) {
      const f = this.failed[a]!;
      const up = this.up[a] === 1;
      for (const kind of EVENT_KINDS) {
        const rate = this.rateOf(kind, up, f, ks, ka);
        if (rate <= 0) continue;
        lastAz = a;
        lastKind = kind;
        left -= rate;
        if (left < 0) return this.apply(a, kind);
      }
    }
    // Rounding can leave u a hair past the sum of the rates: that is the last event's share.
    return this.apply(lastAz, lastKind);
  }

  /** An event's sampling rate in one AZ. */
  private rateOf(kind: EventKind, up: boolean, f: number, ks: number, ka: number): number {
    if (kind === 'restore') return up ? 0 : this.restore;
    if (!up) return 0;
    if (kind === 'segment') return ks * (this.s - f) * this.segmentFailure;
    if (kind === 'az') return ka * this.azFailure;
    return f * this.repair;
  }

  private apply(a: number, kind: EventKind): EventKind {
    if (kind === 'restore') this.up[a] = 1;
    else if (kind === 'az') this.up[a] = 0;
    else this.failed[a]! += kind === 'segment' ? 1 : -1;
    return kind;
  }

  private available(): number {
    let n = 0;
    for (let a = 0; a < this.up.length; a++) if (this.up[a] === 1) n += this.s - this.failed[a]!;
    return n;
  }
}
