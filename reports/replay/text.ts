/**
 * `replay`'s text: the last events up to the point, then the state there. Compact by default:
 * one line per PG, and only the segments off their PG's norm (`offNorm`); `verbose` lists every
 * segment, slots that left their PG included.
 */
import type { ChalkInstance } from 'chalk';
import { eventLine, indexWidth, seconds, timeLabel, type IndexedEvent } from './event-line.ts';
import type { ActiveFault, PgState, Point, ReplayState, SegmentState, WriterPhase, WriterState } from './state-types.ts';

export interface ReplayView {
  readonly scenario: string;
  readonly seed: number;
  /** How the point was asked for: `--to-event 1234`, `--until 2.5s`. */
  readonly asked: string;
  readonly state: ReplayState;
  readonly events: readonly IndexedEvent[];
}

export interface TextOptions {
  readonly chalk: ChalkInstance;
  readonly verbose: boolean;
  /** A host's name (`writer`, `replica-1`, `node-3`) for its id. */
  readonly hostName?: (host: number) => string | undefined;
}

/** What each phase means, after its name. */
const PHASE_TEXT: Readonly<Record<WriterPhase, string>> = {
  none: 'no writer has opened yet',
  open: 'open for transactions',
  promoted: 'a replica chosen as the new writer; its recovery has not begun',
  reading: 'recovering: fencing with the new epoch and reading a quorum of every PG',
  truncating: 'recovering: VCL and VDL computed, recording the truncation range',
  repairing: 'recovering: truncation range recorded, waiting for a write quorum of every PG at its last kept record',
  'gave-up': 'its recovery gave up; the next round starts in a new epoch',
  superseded: 'its recovery was refused: a newer writer took the volume',
  fenced: 'fenced out: storage refused its epoch',
};

/** The process faults (sim/faults/kinds.ts) that can name `writer`: they stop or freeze it. */
const PROCESS_FAULTS: ReadonlySet<string> = new Set(['crash', 'pause']);

export function renderReplayText(view: ReplayView, options: TextOptions): string {
  const { state } = view;
  const c = options.chalk;
  const last = state.events - 1;
  const lines = [c.bold(`${view.scenario}, seed ${view.seed}: the state after event #${last} (${timeLabel(state.timeUs)}; ${view.asked})`), ''];
  lines.push(view.events.length === 0 ? 'no events shown (--last 0)' : `the last ${view.events.length} event${view.events.length === 1 ? '' : 's'}:`);
  const width = indexWidth(view.events);
  for (const event of view.events) lines.push(`  ${eventLine(event, c, width)}`);
  lines.push('', ...stateLines(state, options));
  return `${lines.join('\n')}\n`;
}

function stateLines(state: ReplayState, options: TextOptions): string[] {
  const c = options.chalk;
  const host = (id: number | null) => (id === null ? 'none' : `host ${id}${nameOf(id, options)}`);
  const lines = [...writerLines(state.writer, host, c)];
  for (const former of state.formerWriters) {
    lines.push(row('former', `${host(former.host)}, epoch ${former.epoch}: ${former.status === 'fenced' ? 'fenced' : 'superseded, not fenced yet'} since ${timeLabel(former.sinceUs)}`));
    for (const fault of former.faults ?? []) lines.push(row('', `under ${faultText(fault)}`));
  }
  lines.push(row('VCL', point(state.vcl)), row('VDL', point(state.vdl)));
  if (state.allocation.stalled) lines.push(row('allocation', c.yellow(`stalled at the LAL limit (last LSN ${state.allocation.lsn})`)));
  const { submitted, acknowledged, aborted, refused } = state.commits;
  lines.push(row('commits', `${submitted} submitted, ${acknowledged} acknowledged, ${aborted} aborted, ${refused} refused`));
  lines.push(row('faults', state.faults.length === 0 ? 'none active' : faultText(state.faults[0]!)));
  for (const fault of state.faults.slice(1)) lines.push(row('', faultText(fault)));
  lines.push(row('budget', `writes owed: ${yesNo(state.budget.writesOwed)}; within the failure model: ${yesNo(state.budget.withinFailureModel)}`));
  if (state.replicas.length > 0) lines.push(row('replicas', state.replicas.map((r) => `${r.id}: VDL ${r.vdl}`).join(', ')));
  lines.push('', ...pgLines(state.pgs, options));
  lines.push('', row('run', `${timeLabel(state.timeUs)}, ${state.events} events${state.runPhase === null ? '' : `, phase ${state.runPhase}`}`));
  return lines;
}

function writerLines(writer: WriterState, host: (id: number | null) => string, c: ChalkInstance): string[] {
  const colour = writer.phase === 'open' ? c.green : writer.phase === 'none' ? c.dim : writer.phase === 'fenced' || writer.phase === 'gave-up' ? c.red : c.yellow;
  const stopped = (writer.faults ?? []).some((f) => PROCESS_FAULTS.has(f.kind));
  const meaning = stopped ? `${PHASE_TEXT[writer.phase]}, as of its last event: the trace has no line for a process stopping` : PHASE_TEXT[writer.phase];
  const lines = [row('writer', `${host(writer.host)}, epoch ${writer.epoch}: ${colour(writer.phase)} since ${timeLabel(writer.sinceUs)} (${meaning})`)];
  for (const fault of writer.faults ?? []) lines.push(row('', `under ${faultText(fault)}`));
  const r = writer.recovery;
  if (r === null) return lines;
  const round = r.attempt > 1 ? `, round ${r.attempt}` : '';
  lines.push(row('recovery', `epoch ${r.epoch}${round}, begun ${timeLabel(r.startUs)} (${writer.recoveries} begun in all)`));
  if (r.read !== null) lines.push(row('', `read at ${seconds(r.read.atUs)} s: VCL ${r.read.vcl}, VDL ${r.read.vdl}`));
  if (r.truncation !== null) lines.push(row('', `truncation (${r.truncation.from}, ${r.truncation.to}] recorded at ${seconds(r.truncation.atUs)} s`));
  if (r.end !== null) lines.push(row('', `${r.end.outcome} at ${seconds(r.end.atUs)} s: ${r.end.detail}`));
  return lines;
}

function pgLines(pgs: readonly PgState[], options: TextOptions): string[] {
  const lines = ['PGs'];
  for (const pg of pgs) lines.push(`  ${pgSummary(pg)}`);
  if (options.verbose) {
    lines.push('', 'segments');
    for (const pg of pgs) for (const segment of pg.segments) lines.push(`  ${segmentLine(pg, segment, offNorm(pg, segment))}`);
    return lines;
  }
  const odd = pgs.flatMap((pg) => pg.segments.filter((s) => s.role !== 'out').map((s) => ({ pg, segment: s, reasons: offNorm(pg, s) })))
    .filter(({ reasons }) => reasons.length > 0);
  lines.push('', odd.length === 0 ? 'segments: every one at its PG\'s norm (-v lists them all)' : 'segments off their PG\'s norm (-v lists them all):');
  for (const { pg, segment, reasons } of odd) lines.push(`  ${segmentLine(pg, segment, reasons)}`);
  return lines;
}

/** `pg 0  PGCL 40398 (epoch 1)  SCL 40392..40398  epoch 2  members 0 1 2 3 4 5 (membership epoch 1)` */
function pgSummary(pg: PgState): string {
  const members = pg.segments.filter((s) => s.role !== 'out');
  const scls = members.map((s) => s.scl);
  const low = Math.min(...scls);
  const high = Math.max(...scls);
  const epoch = newestEpoch(pg);
  const pending = pg.membership.replacements.map(([from, to]) => `${from}->${to}`).join(' ');
  return [
    `pg ${pg.pg}`,
    `PGCL ${pg.pgcl === null ? '-' : `${pg.pgcl.lsn} (epoch ${pg.pgcl.epoch})`}`,
    `SCL ${low === high ? low : `${low}..${high}`}`,
    `epoch ${epoch ?? '?'}`,
    `members ${pg.membership.members.join(' ')}${pending === '' ? '' : `, replacing ${pending}`} (membership epoch ${pg.membership.epoch})`,
  ].join('  ');
}

/**
 * Why a segment is off its PG's norm, if it is: not plainly a member, not intact, on another
 * volume epoch than the newest of its PG's members, or behind the writer's PGCL (it does not
 * hold all that a write quorum acknowledged).
 */
export function offNorm(pg: PgState, segment: SegmentState): string[] {
  const reasons: string[] = [];
  if (segment.role !== 'member') reasons.push(segment.role);
  if (segment.status !== 'intact') reasons.push(segment.status);
  const epoch = newestEpoch(pg);
  if (segment.role !== 'out' && segment.epoch !== epoch) reasons.push(`epoch ${segment.epoch ?? 'unknown'}, not ${epoch}`);
  if (segment.role !== 'out' && pg.pgcl !== null && segment.scl < pg.pgcl.lsn) reasons.push(`${pg.pgcl.lsn - segment.scl} behind PGCL`);
  return reasons;
}

function newestEpoch(pg: PgState): number | null {
  const epochs = pg.segments.filter((s) => s.role !== 'out' && s.epoch !== null).map((s) => s.epoch!);
  return epochs.length === 0 ? null : Math.max(...epochs);
}

function segmentLine(pg: PgState, s: SegmentState, reasons: readonly string[]): string {
  const partner = s.partner === null ? '' : s.role === 'leaving' ? ` (to ${s.partner})` : ` (for ${s.partner})`;
  const head = `pg ${pg.pg} segment ${s.slot}  SCL ${s.scl}  epoch ${s.epoch ?? '?'}  truncations ${s.truncations}  ${s.status}  ${s.role}${partner}`;
  // The role and status are on the line already: the arrow adds only what is not.
  const more = reasons.filter((reason) => reason !== s.role && reason !== s.status);
  return more.length === 0 ? head : `${head}  <- ${more.join(', ')}`;
}

function faultText(fault: ActiveFault): string {
  return `${fault.text} since ${timeLabel(fault.sinceUs)}`;
}

function point(p: Point | null): string {
  return p === null ? '-' : `${p.lsn} (epoch ${p.epoch}, moved ${timeLabel(p.atUs)})`;
}

function row(label: string, text: string): string {
  return `${label.padEnd(11)}${text}`;
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

function nameOf(id: number, options: TextOptions): string {
  const name = options.hostName?.(id);
  return name === undefined ? '' : ` (${name})`;
}
