/**
 * The console summary of one run: what was simulated, what the clients saw, what the
 * checkers found, the verdict, and on failure the one line that reproduces the run, last, so
 * it is the line left on screen. Colour comes from the Chalk instance the CLI passes in (its
 * level decided once from --color, NO_COLOR, FORCE_COLOR and the TTY); at level 0 the text
 * carries no ANSI codes at all.
 */
import type { ChalkInstance } from 'chalk';
import {
  describeSwarm,
  parseDuration,
  type ExpectationResult,
  type InvariantResult,
  type RecoveryResult,
  type ResolvedScenario,
  type RunResult,
} from '../sim/index.ts';
import { at, bytes, count, duration, readableDurations } from './format.ts';
import { bytesByClass } from './json.ts';

const LABEL_WIDTH = 13;

export interface TextOptions {
  readonly chalk: ChalkInstance;
}

export function renderText(result: RunResult, { chalk: c }: TextOptions): string {
  const sections = [
    header(result, c),
    clients(result, c),
    faultsAndRecovery(result, c),
    storageAndNetwork(result, c),
    checks(result, c),
    verdict(result, c),
  ];
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

/**
 * The run in one plain line, for stderr under --json or --quiet:
 * `FAILED az-outage seed 8812: acked-commits-durable, ackedCommitsLost`.
 */
export function summaryLine(r: RunResult): string {
  const head = `${r.verdict.toUpperCase()} ${r.scenario.name} seed ${r.seed}`;
  if (r.verdict === 'inconclusive') return `${head}: ${readableDurations(r.inconclusive ?? 'inconclusive')}`;
  const broken = [...r.invariants, ...r.expectations].filter((x) => !x.ok).map((x) => x.name);
  return broken.length === 0 ? head : `${head}: ${broken.join(', ')}`;
}

function header(r: RunResult, c: ChalkInstance): string[] {
  return [
    `${c.bold(r.scenario.name)}  ${c.dim('seed')} ${r.seed}  ${c.dim(r.source)}`,
    row(c, 'simulated', `${duration(r.simulated.durationUs)}, ${count(r.simulated.events)} events`),
    row(c, 'trace hash', `sha256 ${r.traceHash}`),
    row(c, 'cluster', clusterLine(r.scenario)),
    row(c, 'workload', workloadLine(r.scenario)),
  ];
}

function clients(r: RunResult, c: ChalkInstance): string[] {
  const { submitted, acknowledged, lost, refused, aborted, latencyUs: l } = r.commits;
  const lostText = lost === 0 ? `${count(lost)} lost` : c.red.bold(`${count(lost)} lost`);
  const others = [refused > 0 ? `${count(refused)} refused` : '', aborted > 0 ? `${count(aborted)} aborted` : ''];
  const commits = [`${count(submitted)} submitted`, `${count(acknowledged)} acknowledged`, lostText, ...others];
  return [
    row(c, 'commits', commits.filter((x) => x !== '').join(', ')),
    row(c, 'latency', `p50 ${duration(l.p50)}  p99 ${duration(l.p99)}  p99.9 ${duration(l.p999)}  max ${duration(l.max)}`),
  ];
}

function faultsAndRecovery(r: RunResult, c: ChalkInstance): string[] {
  const a = r.availability;
  const windows = a.windows.map(([from, to]) => `${at(from)}..${at(to)}`).join(', ');
  const converge = r.convergence;
  return [
    ...(r.swarm === undefined ? [] : [row(c, 'swarm', describeSwarm(r.swarm))]),
    ...r.faults.map((f, i) => row(c, i === 0 ? 'faults' : '', faultLine(f))),
    row(c, 'writes down', a.windows.length === 0 ? 'never' : `${duration(a.writeUnavailableUs)} (${windows})`),
    ...r.recoveries.map((x, i) => row(c, i === 0 ? 'recoveries' : '', recoveryLine(x, c))),
    ...(converge === undefined
      ? []
      : [row(c, 'converged', `${converge.ok ? c.green('yes') : c.yellow.bold('no')}; ${readableDurations(converge.detail)}`)]),
  ];
}

function recoveryLine(x: RecoveryResult, c: ChalkInstance): string {
  const p = x.phases;
  const retried = x.attempts > 1 ? `, ${x.attempts - 1} round${x.attempts > 2 ? 's' : ''} given up ${duration(p.retriedUs)}` : '';
  const phases = `detect ${duration(p.detectUs)}${retried}, fence+read ${duration(p.fenceAndReadUs)}, truncate+repair ${duration(p.truncateAndRepairUs)}`;
  const took = x.outcome === 'completed'
    ? `took ${duration(x.durationUs)}`
    : x.outcome === 'abandoned'
      ? `abandoned after ${duration(x.durationUs)} for a newer recovery`
      : c.yellow(`unfinished after ${duration(x.durationUs)}`);
  // A recovery that never recorded a truncation recovered no VDL: say so rather than print zeros.
  const outcome = x.truncatedTo === 0
    ? `VDL ${count(x.vdlBefore)}, nothing truncated`
    : `VDL ${count(x.vdlBefore)} -> ${count(x.vdlAfter)}, truncated ${count(x.truncatedFrom)}..${count(x.truncatedTo)}`;
  return `${x.kind} at ${at(x.startUs)} ${took} (${phases}); ${outcome}`;
}

/**
 * A fault as the run reports it (a scenario-file entry, e.g. `{at: '1s', kind: 'crash',
 * target: 'writer', for: '500ms'}`): `crash writer at 1 s for 500 ms`, then any kind-specific
 * parameters as key=value, durations among them in the report's style (`extra=5 ms`).
 */
export function faultLine(fault: unknown): string {
  if (fault === null || typeof fault !== 'object') return String(fault);
  const { at: start, kind, target, for: span, ...params } = fault as Record<string, unknown>;
  const extra = Object.entries(params).map(([k, v]) => `${k}=${typeof v === 'string' ? time(v, duration) : JSON.stringify(v)}`);
  return [String(kind), String(target), 'at', time(start, at), 'for', time(span, duration), ...extra].join(' ');
}

/** A duration string from the run (`1.5s`, `250us`), shown in the report's style; anything else as it is. */
function time(value: unknown, show: (us: number) => string): string {
  const parsed = typeof value === 'string' ? parseDuration(value) : undefined;
  return parsed?.ok === true ? show(parsed.value) : String(value);
}

function storageAndNetwork(r: RunResult, c: ChalkInstance): string[] {
  const monotonic = r.vdl.monotonic ? c.green('monotonic') : c.red.bold('NOT monotonic');
  const classes = Object.entries(bytesByClass(r.network.bytes));
  return [
    row(c, 'vdl', `${count(r.vdl.final)} (vcl ${count(r.vdl.vcl)}), ${monotonic}`),
    ...classes.map(([name, n], i) => row(c, i === 0 ? 'network' : '', `${name.padEnd(18)} ${bytes(n ?? NaN)}`)),
    // The writer's sends to storage (one per batch per segment) over the commits acknowledged.
    row(c, 'io/commit', `${r.network.ioPerCommit.toFixed(2)} writes sent to segments per commit acknowledged`),
    ...r.replicas.map((x, i) =>
      row(c, i === 0 ? 'replica lag' : '', `r${x.id}  p50 ${duration(x.lagUs.p50)}  p99 ${duration(x.lagUs.p99)}  max ${duration(x.lagUs.max)}`),
    ),
  ];
}

function checks(r: RunResult, c: ChalkInstance): string[] {
  const expected = r.scenario.expect.violations ?? [];
  return [
    c.bold('invariants'),
    ...(r.invariants.length === 0 ? [c.dim('  (none)')] : r.invariants.map((i) => invariantLine(i, expected.includes(i.name), c))),
    c.bold('expectations'),
    ...(r.expectations.length === 0 ? [c.dim('  (none)')] : r.expectations.map((e) => expectationLine(e, c))),
  ];
}

/** A broken invariant a negative scenario expects to break is marked as expected, in yellow. */
function invariantLine(i: InvariantResult, expected: boolean, c: ChalkInstance): string {
  if (i.ok) return `  ${c.green('✓')} ${i.name}`;
  const first = i.first === undefined ? '' : `; first at ${at(i.first.timeUs)}: ${readableDurations(i.first.message)}`;
  const violations = `${count(i.violations)} violation${i.violations === 1 ? '' : 's'}${expected ? ' (expected)' : ''}`;
  const mark = expected ? c.yellow : c.red;
  return `  ${mark('✗')} ${mark(i.name)}  ${violations}${first}`;
}

function expectationLine(e: ExpectationResult, c: ChalkInstance): string {
  const detail = readableDurations(e.detail);
  return e.ok ? `  ${c.green('✓')} ${e.name}  ${c.dim(detail)}` : `  ${c.red('✗')} ${c.red(e.name)}  ${detail}`;
}

function verdict(r: RunResult, c: ChalkInstance): string[] {
  switch (r.verdict) {
    case 'ok':
      return [row(c, 'verdict', c.green.bold('OK'))];
    case 'failed':
      return [row(c, 'verdict', c.red.bold('FAILED')), row(c, 'reproduce', r.replay)];
    case 'inconclusive':
      return [
        row(c, 'verdict', `${c.yellow.bold('INCONCLUSIVE')}${r.inconclusive ? `  ${readableDurations(r.inconclusive)}` : ''}`),
        row(c, 'reproduce', r.replay),
      ];
  }
}

function clusterLine(s: ResolvedScenario): string {
  const k = s.cluster;
  const v = k.azs * k.segmentsPerAz;
  return (
    `V=${v} (${k.azs} AZ x ${k.segmentsPerAz}), Vw=${k.quorum.write}, Vr=${k.quorum.read}; ` +
    `${k.protectionGroups} PGs on ${k.storageNodes} storage nodes; ${k.replicas} replicas`
  );
}

function workloadLine(s: ResolvedScenario): string {
  const w = s.workload;
  const load =
    w.arrivals.kind === 'open' ? `open loop ${count(w.arrivals.ratePerSecond)}/s` : `closed loop, ${w.arrivals.clients} clients`;
  return `${load}, ${w.recordsPerTxn} records/txn of ${bytes(w.recordBytes)}, ${count(w.pages)} pages`;
}

function row(c: ChalkInstance, label: string, value: string): string {
  return `${c.dim(label.padEnd(LABEL_WIDTH))}${value}`;
}
