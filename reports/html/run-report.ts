/**
 * The single-file HTML report of one run (`run --report FILE`): the scenario and seed, the
 * verdict first (invariants, expectations, the command that reproduces the run), the key
 * figures, then the charts on one time axis with the fault windows shaded, the network's
 * totals, the recoveries, faults and replicas as tables, and the resolved scenario. A pure
 * function of the run: the same run gives the same bytes.
 *
 * The page carries its data as JSON (`aurora-sim-data`, ARCHITECTURE.md §4.8): the `run --json`
 * document and the timeline.
 */
import type { InvariantResult, RunResult } from '../../sim/index.ts';
import { at, bytes, count, duration, readableDurations } from '../format.ts';
import { bytesByClass, runJson } from '../json.ts';
import type { Timeline } from '../timeline/timeline.ts';
import { roundSpan } from './chart-plan.ts';
import { chartSection, escapeHtml as h, num, table, type Cell } from './markup.ts';
import { renderPage, REPORT_DATA_VERSION, type ChartAssets } from './page.ts';
import { runChartPlan } from './run-charts.ts';

export interface RunReportInput {
  readonly result: RunResult;
  readonly timeline: Timeline;
  /** The resolved scenario as canonical YAML, every default filled in. */
  readonly scenarioYaml: string;
  readonly tool: { readonly version: string };
}

export function renderRunReport(input: RunReportInput, assets: ChartAssets): string {
  const { result: r, timeline } = input;
  const plan = runChartPlan(r, timeline);
  const body = [
    header(r),
    verdict(r),
    figures(r),
    `<h2>Over time</h2>\n<p class="muted">Every chart shares the time axis (seconds of simulated time) and the cursor; shaded: a fault was active. Values are per ${roundSpan(timeline.bucketUs)} bucket (${count(timeline.buckets)} buckets).</p>`,
    ...plan.charts.map(chartSection),
    network(r),
    recoveries(r),
    faults(timeline),
    replicas(r),
    `<h2>Resolved scenario</h2>\n<p class="muted">The scenario as run, every default filled in (${h(r.source)} with the command line's overrides).</p>\n<pre>${h(input.scenarioYaml.trimEnd())}</pre>`,
    `<p class="muted">aurora-sim ${h(input.tool.version)}</p>`,
  ];
  const data = { format: 'aurora-sim-report', version: REPORT_DATA_VERSION, kind: 'run', run: runJson(r, input.tool), timeline };
  return renderPage({ title: `${r.scenario.name} seed ${r.seed}: ${r.verdict}`, body: body.join('\n'), data, charts: plan }, assets);
}

function header(r: RunResult): string {
  const k = r.scenario.cluster;
  const w = r.scenario.workload;
  const load = w.arrivals.kind === 'open' ? `open loop ${count(w.arrivals.ratePerSecond)}/s` : `closed loop, ${count(w.arrivals.clients)} clients`;
  return [
    `<h1>${h(r.scenario.name)} <span class="muted">seed ${r.seed}</span> <span class="verdict ${r.verdict}">${r.verdict.toUpperCase()}</span></h1>`,
    `<p class="muted">${h(r.source)} · ${duration(r.simulated.durationUs)} simulated, ${count(r.simulated.events)} events · trace hash <span class="mono">sha256 ${r.traceHash}</span></p>`,
    `<p class="muted">V=${k.azs * k.segmentsPerAz} (${k.azs} AZ × ${k.segmentsPerAz}), Vw=${k.quorum.write}, Vr=${k.quorum.read}; ${count(k.protectionGroups)} PGs on ${count(k.storageNodes)} storage nodes; ${count(k.replicas)} replicas · ${load}, ${w.recordsPerTxn} records/txn of ${bytes(w.recordBytes)}</p>`,
    ...(r.scenario.description === undefined ? [] : [`<p>${h(r.scenario.description)}</p>`]),
  ].join('\n');
}

function verdict(r: RunResult): string {
  const expected = r.scenario.expect.violations ?? [];
  const why = r.verdict === 'inconclusive' && r.inconclusive !== undefined ? `<p><b>Inconclusive:</b> ${h(readableDurations(r.inconclusive))}</p>` : '';
  return [
    '<h2>Verdict</h2>',
    why,
    `<p>Reproduce:</p>\n<pre>${h(r.replay)}</pre>`,
    '<div class="checks">\n<div>\n<h3>Invariants</h3>',
    r.invariants.length === 0 ? '<p class="muted">(none)</p>' : table(['', 'invariant', 'violations', 'first violation'], r.invariants.map((i) => invariantRow(i, expected.includes(i.name)))),
    '</div>\n<div>\n<h3>Expectations</h3>',
    r.expectations.length === 0 ? '<p class="muted">(none)</p>' : table(['', 'expectation', 'detail'], r.expectations.map((e) => [mark(e.ok), h(e.name), h(readableDurations(e.detail))])),
    '</div>\n</div>',
  ].filter((x) => x !== '').join('\n');
}

function invariantRow(i: InvariantResult, expected: boolean): Cell[] {
  const first = i.first === undefined ? '' : `${at(i.first.timeUs)}: ${h(readableDurations(i.first.message))}`;
  const sign = i.ok ? mark(true) : expected ? '<span class="expected">✗ expected</span>' : mark(false);
  return [sign, h(i.name), num(count(i.violations)), first];
}

function mark(ok: boolean): string {
  return ok ? '<span class="pass">✓</span>' : '<span class="fail">✗</span>';
}

function figures(r: RunResult): string {
  const c = r.commits;
  const l = c.latencyUs;
  const a = r.availability;
  const items: [string, string][] = [
    ['commits submitted', count(c.submitted)],
    ['acknowledged', count(c.acknowledged)],
    ['acknowledged and lost', c.lost === 0 ? '0' : `<span class="fail">${count(c.lost)}</span>`],
    ['refused / aborted', `${count(c.refused)} / ${count(c.aborted)}`],
    ['latency p50 / p99', `${duration(l.p50)} / ${duration(l.p99)}`],
    ['latency p99.9 / max', `${duration(l.p999)} / ${duration(l.max)}`],
    ['writes unavailable', a.windows.length === 0 ? 'never' : `${duration(a.writeUnavailableUs)} in ${count(a.windows.length)} window${a.windows.length === 1 ? '' : 's'}`],
    ['recoveries', count(r.recoveries.length)],
    ['final VDL / VCL', `${count(r.vdl.final)} / ${count(r.vdl.vcl)}`],
    ['writer I/Os per commit', r.network.ioPerCommit.toFixed(2)],
    ['membership changes', count(r.storage.membershipChanges)],
    ...(r.convergence === undefined ? [] : [['converged', r.convergence.ok ? 'yes' : `<span class="fail">no</span>: ${h(readableDurations(r.convergence.detail))}`] as [string, string]]),
  ];
  return `<h2>Figures</h2>\n<div class="figures">\n${items.map(([k, v]) => `<div><span>${k}</span><span>${v}</span></div>`).join('\n')}\n</div>`;
}

function network(r: RunResult): string {
  const classes = Object.entries(bytesByClass(r.network.bytes)).map(([name, n]) => [name, n ?? 0] as const);
  const most = Math.max(1, ...classes.map(([, n]) => n));
  const rows = classes.map(([name, n]): Cell[] => [
    h(name),
    num(bytes(n)),
    num(count(r.network.messages[name] ?? 0)),
    `<span class="bar" style="width:${((n / most) * 320).toFixed(1)}px"></span>`,
  ]);
  return [
    '<h2>Network</h2>',
    `<p class="muted">Bytes sent per link class over the whole run, framing included (the trace carries no bytes over time). ${count(r.network.dropped)} messages dropped.</p>`,
    table(['link class', 'bytes', 'messages', ''], rows),
  ].join('\n');
}

function recoveries(r: RunResult): string {
  if (r.recoveries.length === 0) return '<h2>Recoveries</h2>\n<p class="muted">None.</p>';
  const rows = r.recoveries.map((x): Cell[] => [
    h(x.kind), at(x.startUs), h(x.outcome), num(duration(x.durationUs)), num(duration(x.phases.detectUs)), num(duration(x.phases.retriedUs)),
    num(duration(x.phases.fenceAndReadUs)), num(duration(x.phases.truncateAndRepairUs)), num(count(x.attempts)),
    x.truncatedTo === 0 ? 'nothing truncated' : `${count(x.vdlBefore)} → ${count(x.vdlAfter)}, truncated ${count(x.truncatedFrom)}..${count(x.truncatedTo)}`,
  ]);
  const head = ['kind', 'start', 'outcome', 'took', 'detect', 'given up', 'fence + read', 'truncate + repair', 'rounds', 'VDL'];
  return `<h2>Recoveries</h2>\n${table(head, rows)}`;
}

function faults(t: Timeline): string {
  if (t.faults.length === 0) return '<h2>Faults</h2>\n<p class="muted">None.</p>';
  const rows = t.faults.map((f): Cell[] => [at(f.startUs), at(f.endUs), num(duration(f.endUs - f.startUs)), h(f.label)]);
  return `<h2>Faults</h2>\n<p class="muted">As the trace reports them: triggered faults at their real start, chaos faults the failure model turned away left out.</p>\n${table(['start', 'end', 'for', 'fault'], rows)}`;
}

function replicas(r: RunResult): string {
  if (r.replicas.length === 0) return '';
  const rows = r.replicas.map((x): Cell[] => [`replica ${x.id}`, num(duration(x.lagUs.p50)), num(duration(x.lagUs.p99)), num(duration(x.lagUs.max))]);
  return `<h2>Replica lag</h2>\n<p class="muted">From a commit's acknowledgement to the replica applying it, over the run.</p>\n${table(['replica', 'p50', 'p99', 'max'], rows)}`;
}
