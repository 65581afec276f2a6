/**
 * The bench's output: per case, a table of medians with same-repetition ratios against the
 * reference engines, then the targets with PASS/FAIL; and the same as plain data for the JSON
 * file, so results can be tracked over time.
 */
import type { BenchCase, EngineSpec, Metric } from './matrix.ts';
import type { Peers, PeerStatus } from './peers.ts';
import { runDetails, si } from './report-details.ts';
import { median, sameRunRatio, type RunRecord } from './stats.ts';
import type { TargetResult } from './targets.ts';

export { si };

/** Engines every row is compared with, when they ran in the case (or, for sim, in model B), unless the case names its own. */
const REFERENCES = [
  { engine: 'js-ref-soa', label: 'x js-ref-soa' },
  { engine: 'simpy-proc', label: 'x SimPy proc' },
  { engine: 'ns3-map', label: 'x ns-3 map' },
] as const;

export interface SummaryRow {
  readonly caseId: string;
  readonly engine: string;
  readonly metric: string;
  readonly status: 'ok' | 'not installed' | 'error';
  readonly median?: number;
  readonly min?: number;
  readonly max?: number;
  readonly reps: number;
  readonly maxrssKbMedian?: number;
  readonly ratios: Readonly<Record<string, number>>;
  readonly errors: readonly string[];
  readonly install?: string;
}

function peerStatus(peers: Peers, spec: EngineSpec): PeerStatus | undefined {
  return spec.peer === undefined ? undefined : peers[spec.peer];
}

/** Where a case's rows find their references: the case itself, or model B for the sim case. */
function referenceCase(c: BenchCase, cases: readonly BenchCase[]): string {
  return c.group === 'sim' ? (cases.find((x) => x.group === 'quorum')?.id ?? c.id) : c.id;
}

export function summarize(cases: readonly BenchCase[], runs: readonly RunRecord[], peers: Peers): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const c of cases) {
    const refCase = referenceCase(c, cases);
    const references = c.references ?? REFERENCES;
    for (const spec of c.engines) {
      const status = peerStatus(peers, spec);
      const mine = runs.filter((r) => r.caseId === c.id && r.engine === spec.engine);
      if (status !== undefined && !status.available) {
        rows.push({
          caseId: c.id, engine: spec.engine, metric: c.metric, status: 'not installed', reps: 0, ratios: {}, errors: [],
          ...(status.install === undefined ? {} : { install: status.install }),
        });
        continue;
      }
      const values = mine.filter((r) => r.value !== undefined).map((r) => r.value!);
      const rss = mine.filter((r) => r.maxrssKb !== undefined).map((r) => r.maxrssKb!);
      const ratios: Record<string, number> = {};
      for (const ref of references) {
        if (ref.engine === spec.engine && refCase === c.id) continue;
        const m = sameRunRatio(runs, { caseId: c.id, engine: spec.engine }, { caseId: refCase, engine: ref.engine }).median;
        if (m !== undefined) ratios[ref.label] = m;
      }
      const med = median(values);
      const rssMed = median(rss);
      rows.push({
        caseId: c.id,
        engine: spec.engine,
        metric: c.metric,
        status: values.length > 0 ? 'ok' : 'error',
        ...(med === undefined ? {} : { median: med, min: Math.min(...values), max: Math.max(...values) }),
        reps: values.length,
        ...(rssMed === undefined ? {} : { maxrssKbMedian: rssMed }),
        ratios,
        errors: mine.filter((r) => r.error !== undefined).map((r) => `rep ${r.rep + 1}: ${r.error}`),
      });
    }
  }
  return rows;
}

/** How each case metric is named in the tables and the progress lines. */
export const UNIT: Readonly<Record<Metric, string>> = {
  ev_per_s: 'events/s', writes_per_s: 'writes/s', quorum_writes_per_s: 'quorum writes/s',
  wall_s: 'wall s', seeds_per_min: 'seeds/min', added_ms: 'ms added',
};

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}
function padL(s: string, n: number): string {
  return s.length >= n ? s : ' '.repeat(n - s.length) + s;
}

export function renderTables(
  cases: readonly BenchCase[],
  rows: readonly SummaryRow[],
  runs: readonly RunRecord[],
  reps: number,
  cpuCount: number,
): string {
  const out: string[] = [];
  for (const c of cases) {
    const mine = rows.filter((r) => r.caseId === c.id);
    const refCols = (c.references ?? REFERENCES).filter((ref) => mine.some((r) => r.ratios[ref.label] !== undefined)).map((ref) => ref.label);
    out.push('');
    out.push(`== ${c.id}  (${UNIT[c.metric]}, median of ${c.engines.some((e) => e.firstRepOnly) ? 1 : reps} runs; ratios within each repetition)`);
    const width = Math.max(11, UNIT[c.metric].length);
    const head = [pad('engine', 24), padL(UNIT[c.metric], width), padL('min-max', 19), padL('peak RSS', 9), ...refCols.map((l) => padL(l, 13))];
    out.push(head.join(' '));
    for (const r of mine) {
      if (r.status === 'not installed') {
        out.push(`${pad(r.engine, 24)} not installed: ${r.install ?? ''}`);
        continue;
      }
      if (r.status === 'error') {
        out.push(`${pad(r.engine, 24)} no figure: ${r.errors[0] ?? 'did not run'}`);
        continue;
      }
      const cols = [
        pad(r.engine, 24),
        padL(si(r.median), width),
        padL(`${si(r.min)}-${si(r.max)}`, 19),
        padL(r.maxrssKbMedian === undefined ? '-' : `${(r.maxrssKbMedian / 1024).toFixed(0)} MB`, 9),
        ...refCols.map((l) => padL(r.ratios[l] === undefined ? '' : `${r.ratios[l]!.toFixed(2)}x`, 13)),
      ];
      out.push(cols.join(' '));
      if (r.errors.length > 0) out.push(`${' '.repeat(25)}(${r.errors.length} failed: ${r.errors[0]})`);
    }
    for (const run of runs.filter((x) => x.caseId === c.id && x.record !== undefined)) out.push(...runDetails(c, run));
    out.push(`  ${c.note}`);
    const others = runs.filter((x) => x.caseId === c.id).map((x) => x.record?.['others_cpus']).filter((x): x is number => typeof x === 'number');
    if (others.length > 0 && Math.max(...others) > 0.25) {
      out.push(
        `  NOTE: the machine was busy (work other than the bench's kept up to ${Math.max(...others).toFixed(2)} of ${cpuCount} CPUs ` +
          'busy during a run): figures and even same-run ratios are less reliable.',
      );
    }
  }
  return out.join('\n');
}

export function renderTargets(results: readonly TargetResult[]): string {
  const out = ['', '== targets (medians over repetitions of same-repetition ratios, or of one figure; variants beside, not judged)'];
  for (const t of results) out.push(`${pad(t.status, 5)} ${pad(t.text, 72)} ${t.measured}`);
  return out.join('\n');
}
