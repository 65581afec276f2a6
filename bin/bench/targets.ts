/**
 * The performance targets of issue 4, as same-repetition ratios (stats.ts), and how each is
 * judged. A target whose reference engine did not run (a peer not installed, a model not
 * ready) is "n/a" with the reason, never a silent pass.
 *
 * Targets on the engine core (models A and B) are judged on the `aurora-sim` row, which draws
 * from the same generator class as the JS reference kernel (sfc32 + Math.log), so the ratio
 * compares engines; the `aurora-sim sim-rng` ratio (the simulator's alea Rng and portable log)
 * is printed beside it. C/B (cancelled timeouts cost at most 15%) is the design study's bound.
 *
 * The rows of user-cases.ts are judged the same way: a fault's cost as the outage run over the
 * run without faults (at most), fuzz scaling as a ratio scaled by 1/N, start-up as a median
 * (`limit`), memory by the flatness of the sampled RSS.
 */
import { CASE_ID } from './matrix.ts';
import { sameRunRatio, median, type RunRecord, type RunSelector as Sel } from './stats.ts';
import { faultRates, FUZZ_CEILING, FUZZ_ENGINE, USER_CASE_ID } from './user-cases.ts';

export type TargetSpec =
  | {
      readonly kind: 'ratio';
      readonly id: string;
      readonly text: string;
      readonly a: Sel;
      readonly b: Sel;
      /** The ratio must be at least this (or above it, when strict)... */
      readonly min?: number;
      /** ...or at most this. */
      readonly max?: number;
      /** "ahead of": the ratio must be above min, not equal. */
      readonly strict?: boolean;
      /** The ratio judged is a/b times this (1/N for a scaling efficiency). */
      readonly scale?: number;
      /** Why this target cannot be judged on this machine: it is n/a with this text. */
      readonly skip?: string;
      /** Also show these rows' ratios against b (the sim-rng variant, or other figures): shown, not judged. */
      readonly also?: readonly Also[];
    }
  | { readonly kind: 'memory'; readonly id: string; readonly text: string; readonly caseId: string; readonly maxKb: number }
  /** The median over repetitions of one row's figure must be below a bound. */
  | { readonly kind: 'limit'; readonly id: string; readonly text: string; readonly sel: Sel; readonly below: number; readonly unit: string };

/** A figure shown beside a target's ratio, against the same reference. */
export interface Also {
  readonly sel: Sel;
  readonly label: string;
}

export interface TargetResult {
  readonly id: string;
  readonly text: string;
  readonly status: 'PASS' | 'FAIL' | 'n/a';
  readonly measured: string;
  readonly value?: number;
  readonly perRep?: readonly number[];
  /** The `also` ratios, by label. */
  readonly also?: Readonly<Record<string, number>>;
}

/** What the targets depend on besides --quick and --long-duration. */
export interface TargetContext {
  /** Worker threads of the parallel fuzz row (1: its efficiency target is n/a). */
  readonly parallelism: number;
}

export function buildTargets(quick: boolean, longDuration: string, ctx: TargetContext = { parallelism: 1 }): TargetSpec[] {
  const hold = CASE_ID.hold(quick ? 1e4 : 1e5);
  const B = CASE_ID.quorum;
  const C = CASE_ID.quorumTo;
  const SIM = CASE_ID.steady;
  const longCaseId = CASE_ID.long(longDuration);
  const ours = (caseId: string): Sel => ({ caseId, engine: 'aurora-sim' });
  const simRng = (caseId: string): Also[] => [{ sel: { caseId, engine: 'aurora-sim sim-rng' }, label: 'sim-rng' }];
  return [
    { kind: 'ratio', id: 'hold-vs-js-soa', text: `core ${hold}: >= 0.8x js-ref-soa`, a: ours(hold), b: { caseId: hold, engine: 'js-ref-soa' }, min: 0.8, also: simRng(hold) },
    { kind: 'ratio', id: 'hold-vs-simpy', text: `core ${hold}: >= 10x SimPy (proc)`, a: ours(hold), b: { caseId: hold, engine: 'simpy-proc' }, min: 10, also: simRng(hold) },
    { kind: 'ratio', id: 'quorum-vs-js-soa', text: 'model B: >= 0.8x js-ref-soa', a: ours(B), b: { caseId: B, engine: 'js-ref-soa' }, min: 0.8, also: simRng(B) },
    { kind: 'ratio', id: 'quorum-vs-simpy', text: 'model B: >= 25x SimPy (proc)', a: ours(B), b: { caseId: B, engine: 'simpy-proc' }, min: 25, also: simRng(B) },
    { kind: 'ratio', id: 'quorum-vs-ns3', text: 'model B: ahead of ns-3 (default Map scheduler)', a: ours(B), b: { caseId: B, engine: 'ns3-map' }, min: 1, strict: true, also: simRng(B) },
    {
      kind: 'ratio', id: 'quorum_to-over-quorum', text: 'model C / model B: >= 0.85',
      a: ours(C), b: { caseId: C, engine: 'aurora-sim model-B' }, min: 0.85,
    },
    // The issue compares the full simulator with model-B writes. Judged here in the same unit
    // of work: a quorum write (a boxcar to one PG's six segments, done at four acks; about 21
    // engine events against model B's 18). A commit is about 2.6 of them plus the replicas'
    // stream; its ratio is printed beside ("also"). Judged on the process's first run, as one
    // `aurora-sim run` pays it; the second run in the same process (JIT warm, as a fuzz worker's
    // seeds after its first) is shown beside.
    {
      kind: 'ratio', id: 'sim-vs-js-soa', text: 'full simulator steady-state quorum writes/s: >= 0.25x js-ref-soa model-B writes/s',
      a: ours(SIM), b: { caseId: B, engine: 'js-ref-soa' }, min: 0.25,
      also: [
        { sel: { caseId: SIM, engine: 'aurora-sim', field: 'warm_quorum_writes_per_s' }, label: 'warm' },
        { sel: { caseId: SIM, engine: 'aurora-sim', field: 'commits_per_s' }, label: 'commits/s' },
      ],
    },
    { kind: 'memory', id: 'long-run-memory', text: `${longDuration} at 5,000 txn/s: peak RSS < 1 GB, live memory flat after warm-up`, caseId: longCaseId, maxKb: 1_000_000 },
    ...userTargets(quick, longDuration, ctx),
  ];
}

function userTargets(quick: boolean, longDuration: string, { parallelism: n }: TargetContext): TargetSpec[] {
  const outage = faultRates(quick).flatMap((rate): TargetSpec[] => {
    const caseId = USER_CASE_ID.azOutage(rate);
    const a = { caseId, engine: 'az-outage' };
    const b = { caseId, engine: 'no faults' };
    const rss = 'maxrss_kb';
    return [
      { kind: 'ratio', id: `az-outage-${rate}-wall`, text: `${caseId}: wall time <= 1.3x no faults`, a, b, max: 1.3 },
      { kind: 'ratio', id: `az-outage-${rate}-rss`, text: `${caseId}: peak RSS <= 1.5x no faults`, a: { ...a, field: rss }, b: { ...b, field: rss }, max: 1.5 },
    ];
  });
  const fuzz = USER_CASE_ID.fuzz;
  return [
    ...outage,
    {
      kind: 'memory', id: 'long-faults-memory', text: `${longDuration} at 5,000 txn/s with faults: peak RSS < 1 GB, live memory flat after warm-up`,
      caseId: USER_CASE_ID.longFaults(longDuration), maxKb: 1_000_000,
    },
    {
      kind: 'ratio', id: 'fuzz-scaling', text: `fuzz --jobs ${n}: scaling efficiency >= 0.85`,
      a: { caseId: fuzz, engine: FUZZ_ENGINE(n) }, b: { caseId: fuzz, engine: FUZZ_ENGINE(1) }, min: 0.85, scale: 1 / n,
      ...(n > 1 ? {} : { skip: 'one CPU available: no parallel run to judge' }),
    },
    {
      kind: 'ratio', id: 'fuzz-pool', text: `fuzz --jobs ${n}: >= 0.95x ${FUZZ_CEILING(n)} (what the pool loses)`,
      a: { caseId: fuzz, engine: FUZZ_ENGINE(n) }, b: { caseId: fuzz, engine: FUZZ_CEILING(n) }, min: 0.95,
      ...(n > 1 ? {} : { skip: 'one CPU available: no parallel run to judge' }),
    },
    {
      kind: 'limit', id: 'startup', text: 'start-up: aurora-sim run adds < 150 ms to node -e 0',
      sel: { caseId: USER_CASE_ID.startup, engine: 'aurora-sim' }, below: 150, unit: 'ms',
    },
  ];
}

/**
 * Flatness of an RSS series. RSS saws up and down with V8's garbage collections, so single
 * samples or medians say little; a leak shows as the peaks climbing. After the warm-up (the
 * first fifth of the run) the rest is cut into an early and a late window (the first and last
 * quarter of what remains) and their peaks are compared: flat means the late peak is at most
 * max(64 MB, 20%) above the early one.
 */
export function rssGrowth(
  samples: readonly (readonly [number, number])[],
): { earlyPeakKb: number; latePeakKb: number; growthKb: number; flat: boolean } | undefined {
  if (samples.length < 10) return undefined;
  const rest = samples.slice(Math.floor(samples.length / 5)).map((s) => s[1]);
  const q = Math.max(1, Math.floor(rest.length / 4));
  const earlyPeakKb = Math.max(...rest.slice(0, q));
  const latePeakKb = Math.max(...rest.slice(rest.length - q));
  const growthKb = latePeakKb - earlyPeakKb;
  return { earlyPeakKb, latePeakKb, growthKb, flat: growthKb <= Math.max(64 * 1024, earlyPeakKb * 0.2) };
}

export function evaluateTargets(specs: readonly TargetSpec[], runs: readonly RunRecord[]): TargetResult[] {
  return specs.map((t): TargetResult => {
    if (t.kind === 'memory') {
      const run = runs.find((r) => r.caseId === t.caseId && r.engine === 'aurora-sim');
      if (run === undefined) return { id: t.id, text: t.text, status: 'n/a', measured: 'not run (--only without its group, or --skip-long)' };
      if (run.error !== undefined) return { id: t.id, text: t.text, status: 'n/a', measured: run.error };
      const peak = Math.max(run.maxrssKb ?? 0, ...(run.rssSamples ?? []).map((s) => s[1]));
      const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;
      const described = (what: string, g: ReturnType<typeof rssGrowth>): string =>
        g === undefined
          ? `too few ${what} samples to judge flatness`
          : `${what}: peak after warm-up ${mb(g.earlyPeakKb)}, in the last quarter ${mb(g.latePeakKb)} ` +
            `(${growthText(g.growthKb, g.earlyPeakKb)}${g.flat ? ', flat' : ', growing'})`;
      // Flatness is judged on live memory where the run sampled it (sim-main --live-every): RSS
      // peaks follow when V8 collects, and are shown beside for how much the process saws.
      const liveSamples = run.record?.['live_samples'] as (readonly [number, number])[] | undefined;
      const rss = rssGrowth(run.rssSamples ?? []);
      const live = liveSamples === undefined ? undefined : rssGrowth(liveSamples);
      const judged = liveSamples === undefined ? rss : live;
      const flatText = liveSamples === undefined ? described('RSS', rss) : `${described('live', live)}; ${described('RSS', rss)}`;
      // Too short a run to judge flatness (--quick) is not a verdict either way, unless the peak alone fails.
      const status = peak >= t.maxKb || judged?.flat === false ? 'FAIL' : judged === undefined ? 'n/a' : 'PASS';
      return { id: t.id, text: t.text, status, measured: `peak RSS ${mb(peak)}; ${flatText}`, value: peak };
    }
    if (t.kind === 'limit') return judgeLimit(t, runs);
    if (t.skip !== undefined) return { id: t.id, text: t.text, status: 'n/a', measured: t.skip };
    const missing = [t.a, t.b].find((sel) => !runs.some((r) => r.caseId === sel.caseId && r.engine === sel.engine && r.value !== undefined));
    if (missing !== undefined) {
      const slow = tooSlow(t, runs);
      if (slow !== undefined) return { id: t.id, text: t.text, status: 'FAIL', measured: slow };
      const err = runs.find((r) => r.caseId === missing.caseId && r.engine === missing.engine && r.error !== undefined)?.error;
      return { id: t.id, text: t.text, status: 'n/a', measured: `${missing.engine} (${missing.caseId}): ${err ?? 'not run'}` };
    }
    const scale = t.scale ?? 1;
    const raw = sameRunRatio(runs, t.a, t.b);
    if (raw.median === undefined) return { id: t.id, text: t.text, status: 'n/a', measured: 'no repetition ran both' };
    const ratio = raw.median * scale;
    const perRep = raw.perRep.map((x) => x * scale);
    const also = alsoRatios(runs, t.also ?? [], t.b);
    const alsoText = Object.entries(also).map(([label, x]) => `; ${label} ${x.toFixed(2)}x`).join('');
    const pass = (t.min === undefined || (t.strict === true ? ratio > t.min : ratio >= t.min)) && (t.max === undefined || ratio <= t.max);
    return {
      id: t.id,
      text: t.text,
      status: pass ? 'PASS' : 'FAIL',
      measured: `${shownRatio(ratio, t.min ?? t.max ?? ratio)}x (per rep: ${perRep.map((x) => x.toFixed(2)).join(', ')})${alsoText}`,
      value: ratio,
      perRep,
      ...(Object.keys(also).length === 0 ? {} : { also }),
    };
  });
}

/**
 * A median as printed: two decimals, or four where two would round it onto the target's line and
 * hide which side it is on (a FAIL that printed "0.25x" against ">= 0.25x" was 0.2499).
 */
export function shownRatio(ratio: number, min: number): string {
  const two = ratio.toFixed(2);
  return Number(two) === min && ratio !== min ? ratio.toFixed(4) : two;
}

/**
 * An upper-bound target whose measured row never finished in time while its reference did: the
 * ratio is unknown but above any bound a timed-out run could meet, so it fails rather than
 * being n/a. Upper bounds are on costs (wall time, RSS), and only the case's own metric (wall
 * time) grows with a run's length; another field (peak RSS) of a killed run is unknown.
 */
function tooSlow(t: Extract<TargetSpec, { kind: 'ratio' }>, runs: readonly RunRecord[]): string | undefined {
  if (t.max === undefined || t.a.field !== undefined) return undefined;
  const mine = (sel: Sel): RunRecord[] => runs.filter((r) => r.caseId === sel.caseId && r.engine === sel.engine);
  const killed = mine(t.a).find((r) => r.timedOut === true);
  const reference = median(mine(t.b).filter((r) => r.value !== undefined).map((r) => r.value!));
  if (killed === undefined || reference === undefined || mine(t.a).some((r) => r.value !== undefined)) return undefined;
  return `${t.a.engine}: ${killed.error ?? 'timed out'}; ${t.b.engine}: ${reference.toFixed(1)} (median)`;
}

/** A memory growth as MB and per cent of the early peak: "+12 MB, +8%". */
function growthText(growthKb: number, earlyPeakKb: number): string {
  const sign = growthKb >= 0 ? '+' : '-';
  return `${sign}${(Math.abs(growthKb) / 1024).toFixed(0)} MB, ${sign}${((Math.abs(growthKb) / earlyPeakKb) * 100).toFixed(0)}%`;
}

/** A `limit` target: the median of the row's figures over repetitions, below the bound. */
function judgeLimit(t: Extract<TargetSpec, { kind: 'limit' }>, runs: readonly RunRecord[]): TargetResult {
  const mine = runs.filter((r) => r.caseId === t.sel.caseId && r.engine === t.sel.engine);
  const perRep = mine.filter((r) => r.value !== undefined).map((r) => r.value!);
  const value = median(perRep);
  if (value === undefined) return { id: t.id, text: t.text, status: 'n/a', measured: mine.find((r) => r.error !== undefined)?.error ?? 'not run' };
  return {
    id: t.id,
    text: t.text,
    status: value < t.below ? 'PASS' : 'FAIL',
    measured: `${value.toFixed(0)} ${t.unit} (per rep: ${perRep.map((x) => x.toFixed(0)).join(', ')})`,
    value,
    perRep,
  };
}

/** The `also` figures that ran, each as the median same-repetition ratio against `b`. */
function alsoRatios(runs: readonly RunRecord[], also: readonly Also[], b: Sel): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { sel, label } of also) {
    const ratio = sameRunRatio(runs, sel, b).median;
    if (ratio !== undefined) out[label] = ratio;
  }
  return out;
}
