/**
 * The state of a run at one event, folded from the trace alone (ARCHITECTURE.md §4.4): the
 * writer (host, epoch, and the recovery phase the recovery events let us tell), VCL and VDL,
 * each PG's PGCL and membership, each segment's SCL, volume epoch and status, the active
 * faults, and the counts of commits. Nothing here reads the model: what the trace does not say
 * stays unknown, and the fold says so rather than guess.
 *
 * What the trace cannot tell, and so this leaves out or marks unknown:
 * - a process's death: there is no line for it, only the fault that kills it. A writer whose
 *   crash is under way keeps the phase it had; the faults aimed at it (`writer` resolved to its
 *   host when they began) are listed beside it instead.
 * - the volume epoch of a wiped segment: it takes the metadata service's state without an event
 *   (`epoch: null` until its next `segment.epoch`).
 * - where a replacement segment lives: `segment.new` names the slot, not the node.
 *
 * Feed it every event in order (`apply`, fields by name as `trace.on` hands them or as a
 * `--trace` line holds them); `state()` copies out what it holds.
 */
import { decodeReplacements, MAX_SLOTS } from '../../sim/index.ts';
import type { RecoveryEnd, RecoveryState, ReplayState, SegmentState, WriterPhase, WriterState } from './state-types.ts';

export type * from './state-types.ts';

/** An event's fields by name (`{ pg, segment, lsn }`, or `{ text }`). */
export type Fields = Readonly<Record<string, number | string>>;

export interface ClusterShape {
  readonly protectionGroups: number;
  /** V: the segments a PG starts with, in slots 0..V-1. */
  readonly segmentsPerPg: number;
}

/** Slots a PG's segments can take: the simulator's own bound, which the trace's `membership` events use. */
export const SLOTS = MAX_SLOTS;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A slot of a PG; `seen` once a segment has taken it (the initial ones, or by an event). */
type Segment = Mutable<SegmentState> & { seen: boolean };

interface Fault {
  readonly text: string;
  readonly kind: string;
  readonly target: string;
  readonly params: string;
  readonly sinceUs: number;
  /** For a fault aimed at `writer`: the writer's host when it began (the injector resolves it then). */
  readonly writerHost: number | null;
}

type Recovery = Mutable<RecoveryState>;
type Writer = Mutable<Omit<WriterState, 'recovery' | 'faults'>> & { recovery: Recovery | null };

export class ReplayFold {
  private time = 0;
  private count = 0;
  private runPhase: string | null = null;
  private writer: Writer = { host: null, epoch: 0, phase: 'none', sinceUs: 0, recovery: null, recoveries: 0 };
  private readonly former: { host: number; epoch: number; status: 'superseded' | 'fenced'; sinceUs: number }[] = [];
  private vcl: { lsn: number; epoch: number; atUs: number } | null = null;
  private vdl: { lsn: number; epoch: number; atUs: number } | null = null;
  private readonly pgcl: ({ lsn: number; epoch: number; atUs: number } | null)[];
  private readonly memberships: { epoch: number; base: number; replacements: [number, number][] }[];
  private readonly segments: Segment[][];
  private readonly faults: Fault[] = [];
  private writesOwed = true;
  private withinFailureModel = true;
  private readonly commits = { submitted: 0, acknowledged: 0, refused: 0, aborted: 0 };
  private readonly allocation = { lsn: 0, stalled: false };
  private readonly replicas = new Map<number, number>();
  private readonly handlers: Readonly<Record<string, (t: number, f: Fields) => void>>;

  constructor(shape: ClusterShape) {
    const initialBase = (1 << shape.segmentsPerPg) - 1;
    this.pgcl = Array.from({ length: shape.protectionGroups }, () => null);
    this.memberships = Array.from({ length: shape.protectionGroups }, () => ({ epoch: 1, base: initialBase, replacements: [] }));
    this.segments = Array.from({ length: shape.protectionGroups }, () =>
      Array.from({ length: SLOTS }, (_, slot) => freshSegment(slot, slot < shape.segmentsPerPg)));
    this.handlers = this.makeHandlers();
  }

  /** Folds in one event: the next of the run, at time `t`. */
  apply(t: number, kind: string, fields: Fields): void {
    this.time = t;
    this.count++;
    this.handlers[kind]?.(t, fields);
  }

  state(): ReplayState {
    const writerFaults = (host: number | null) => this.faults.filter((f) => f.writerHost !== null && f.writerHost === host).map(faultState);
    return {
      timeUs: this.time,
      events: this.count,
      runPhase: this.runPhase,
      writer: { ...this.writer, recovery: copyRecovery(this.writer.recovery), faults: writerFaults(this.writer.host) },
      formerWriters: this.former.map((w) => ({ ...w, faults: writerFaults(w.host) })),
      vcl: this.vcl === null ? null : { ...this.vcl },
      vdl: this.vdl === null ? null : { ...this.vdl },
      allocation: { ...this.allocation },
      budget: { writesOwed: this.writesOwed, withinFailureModel: this.withinFailureModel },
      commits: { ...this.commits },
      faults: this.faults.map(faultState),
      pgs: this.memberships.map((m, pg) => ({
        pg,
        pgcl: this.pgcl[pg] === null ? null : { ...this.pgcl[pg]! },
        membership: { epoch: m.epoch, members: slotsOf(m.base), replacements: m.replacements.map(([from, to]) => [from, to] as const) },
        segments: this.segments[pg]!.filter((s) => s.seen).map(({ seen: _, ...segment }) => segment),
      })),
      replicas: [...this.replicas].sort((a, b) => a[0] - b[0]).map(([id, vdl]) => ({ id, vdl })),
    };
  }

  private segment(f: Fields): Segment {
    const segment = this.segments[num(f.pg)]?.[num(f.segment)];
    if (segment === undefined) throw new Error(`replay: no segment ${String(f.segment)} of pg ${String(f.pg)} in this cluster`);
    segment.seen = true;
    return segment;
  }

  private makeHandlers(): Record<string, (t: number, f: Fields) => void> {
    const point = (f: Fields, t: number) => ({ lsn: num(f.lsn), epoch: num(f.epoch), atUs: t });
    return {
      'txn.submit': () => void this.commits.submitted++,
      'txn.refused': () => void this.commits.refused++,
      'txn.abort': () => void this.commits.aborted++,
      commit: () => void this.commits.acknowledged++,
      alloc: (_t, f) => void (this.allocation.lsn = num(f.lsn)),
      'lal.stall': () => void (this.allocation.stalled = true),
      'lal.resume': () => void (this.allocation.stalled = false),
      pgcl: (t, f) => void (this.pgcl[num(f.pg)] = point(f, t)),
      vcl: (t, f) => void (this.vcl = point(f, t)),
      vdl: (t, f) => void (this.vdl = point(f, t)),
      'writer.open': (t, f) => this.opened(t, num(f.host), num(f.epoch)),
      'writer.fenced': (t, f) => this.fenced(t, num(f.host), num(f.epoch)),
      promote: (t, f) => this.promoted(t, num(f.host), num(f.epoch)),
      'recovery.start': (t, f) => this.recoveryStarted(t, num(f.host), num(f.epoch)),
      'recovery.read': (t, f) => this.step(t, num(f.epoch), 'truncating', (r) => void (r.read = { vcl: num(f.vcl), vdl: num(f.vdl), atUs: t })),
      truncate: (t, f) => this.step(t, num(f.epoch), 'repairing', (r) => void (r.truncation = { from: num(f.from), to: num(f.to), atUs: t })),
      'recovery.done': (t, f) => this.step(t, num(f.epoch), 'open', (r) => void (r.end = { outcome: 'done', atUs: t, detail: `opened at VDL ${num(f.vdl)}` })),
      'recovery.lost-edge': (t, f) => this.gaveUp(t, num(f.epoch), `segment ${num(f.segment)} of pg ${num(f.pg)} lost the last copy it knew of a kept record`),
      'recovery.stalled': (t, f) => this.gaveUp(t, num(f.epoch), 'no unrepaired PG moved for too long'),
      'recovery.superseded': (t, f) => this.superseded(t, num(f.host), num(f.epoch)),
      scl: (_t, f) => void (this.segment(f).scl = num(f.lsn)),
      'segment.epoch': (_t, f) => void (this.segment(f).epoch = num(f.epoch)),
      'segment.volume': (_t, f) => {
        const segment = this.segment(f);
        segment.scl = num(f.scl);
        segment.truncations = num(f.truncations);
      },
      'segment.wipe': (_t, f) => Object.assign(this.segment(f), { scl: 0, epoch: null, status: 'wiped' }),
      'segment.new': (_t, f) => Object.assign(this.segment(f), { scl: 0, epoch: 1, truncations: 0, status: 'new' }),
      'segment.hydrated': (_t, f) => Object.assign(this.segment(f), { scl: num(f.scl), status: 'hydrated' }),
      membership: (_t, f) => this.membershipChanged(num(f.pg), num(f.epoch), num(f.base), num(f.replacements)),
      'replica.vdl': (_t, f) => void this.replicas.set(num(f.replica), num(f.lsn)),
      budget: (_t, f) => void (this.writesOwed = f.writesOwed === 1),
      'failure-model': (_t, f) => void (this.withinFailureModel = f.within === 1),
      phase: (_t, f) => void (this.runPhase = String(f.text)),
      fault: (t, f) => this.faultLine(t, String(f.text)),
    };
  }

  /** The writer of `epoch` on `host` takes over in `phase`; a writer on another host becomes a former one. */
  private takeOver(t: number, host: number, epoch: number, phase: WriterPhase): void {
    const old = this.writer;
    this.endRecovery(t, 'abandoned', `a newer writer took over in epoch ${epoch}`);
    const index = this.former.findIndex((w) => w.host === host);
    if (index >= 0) this.former.splice(index, 1);
    if (old.host !== null && old.host !== host) {
      this.former.push({ host: old.host, epoch: old.epoch, status: old.phase === 'fenced' ? 'fenced' : 'superseded', sinceUs: t });
    }
    // The last recovery stays in view while its host holds the volume; another host starts afresh.
    const recovery = old.host === host ? old.recovery : null;
    this.writer = { host, epoch, phase, sinceUs: t, recovery, recoveries: old.recoveries };
  }

  private setPhase(t: number, phase: WriterPhase): void {
    if (this.writer.phase !== phase) this.writer.sinceUs = t;
    this.writer.phase = phase;
  }

  private isCurrent(host: number, epoch: number): boolean {
    return this.writer.host === host && this.writer.epoch === epoch;
  }

  private opened(t: number, host: number, epoch: number): void {
    if (this.isCurrent(host, epoch)) return this.setPhase(t, 'open');
    if (epoch >= this.writer.epoch) this.takeOver(t, host, epoch, 'open');
  }

  private promoted(t: number, host: number, epoch: number): void {
    this.takeOver(t, host, epoch, 'promoted');
  }

  private recoveryStarted(t: number, host: number, epoch: number): void {
    const previous = this.writer.recovery;
    const retry = this.writer.phase === 'gave-up' && this.writer.host === host && previous !== null;
    if (!this.isCurrent(host, epoch)) this.takeOver(t, host, epoch, 'reading');
    else this.endRecovery(t, 'abandoned', `a newer recovery started in epoch ${epoch}`);
    this.setPhase(t, 'reading');
    this.writer.recoveries++;
    this.writer.recovery = { epoch, host, startUs: t, attempt: retry ? previous.attempt + 1 : 1, read: null, truncation: null, end: null };
  }

  /** A step of the current writer's recovery in `epoch`: the phase it moves to and what it learnt. */
  private step(t: number, epoch: number, phase: WriterPhase, learn: (recovery: Recovery) => void): void {
    const recovery = this.writer.recovery;
    if (recovery === null || recovery.epoch !== epoch || this.writer.epoch !== epoch) return;
    learn(recovery);
    this.setPhase(t, phase);
  }

  private gaveUp(t: number, epoch: number, why: string): void {
    this.step(t, epoch, 'gave-up', (r) => void (r.end = { outcome: 'gave-up', atUs: t, detail: `${why}; the next round starts in a new epoch` }));
  }

  private superseded(t: number, host: number, epoch: number): void {
    if (!this.isCurrent(host, epoch)) return this.formerNow(t, host, 'superseded');
    this.endRecovery(t, 'superseded', 'the metadata service refused its truncation: a newer writer took the volume');
    this.setPhase(t, 'superseded');
  }

  private fenced(t: number, host: number, epoch: number): void {
    if (!this.isCurrent(host, epoch)) return this.formerNow(t, host, 'fenced');
    this.endRecovery(t, 'fenced', 'storage refused its epoch');
    this.setPhase(t, 'fenced');
  }

  private formerNow(t: number, host: number, status: 'superseded' | 'fenced'): void {
    const former = this.former.find((w) => w.host === host);
    if (former !== undefined && former.status !== status) Object.assign(former, { status, sinceUs: t });
  }

  /** Closes the recovery in progress, if one is. */
  private endRecovery(t: number, outcome: RecoveryEnd['outcome'], detail: string): void {
    const recovery = this.writer.recovery;
    if (recovery !== null && recovery.end === null) recovery.end = { outcome, atUs: t, detail };
  }

  private membershipChanged(pg: number, epoch: number, base: number, code: number): void {
    const replacements = decodeReplacements(code);
    this.memberships[pg] = { epoch, base, replacements };
    for (const segment of this.segments[pg]!) {
      const leaving = replacements.find(([from]) => from === segment.slot);
      const joining = replacements.find(([, to]) => to === segment.slot);
      const member = (base & (1 << segment.slot)) !== 0;
      segment.role = leaving !== undefined ? 'leaving' : joining !== undefined ? 'joining' : member ? 'member' : 'out';
      segment.partner = leaving?.[1] ?? joining?.[0] ?? null;
      if (segment.role !== 'out') segment.seen = true;
    }
  }

  /** `start <kind> <target> [name=value ...]` or `end <kind> <target>`. */
  private faultLine(t: number, text: string): void {
    const [verb = '', kind = '', ...rest] = text.split(' ');
    const params = rest.filter((word) => word.includes('='));
    const target = rest.filter((word) => !word.includes('=')).join(' ');
    if (verb === 'start') {
      const writerHost = target === 'writer' ? this.writer.host : null;
      this.faults.push({ text: rest.length > 0 ? `${kind} ${rest.join(' ')}` : kind, kind, target, params: params.join(' '), sinceUs: t, writerHost });
    } else if (verb === 'end') {
      const index = this.faults.findIndex((f) => f.kind === kind && f.target === target);
      if (index >= 0) this.faults.splice(index, 1);
    }
  }
}


function freshSegment(slot: number, initial: boolean): Segment {
  return { slot, scl: 0, epoch: 1, truncations: 0, status: 'intact', role: initial ? 'member' : 'out', partner: null, seen: initial };
}

function slotsOf(mask: number): number[] {
  const slots: number[] = [];
  for (let slot = 0; slot < SLOTS; slot++) if ((mask & (1 << slot)) !== 0) slots.push(slot);
  return slots;
}

function faultState({ writerHost: _, ...fault }: Fault) {
  return { ...fault };
}

function copyRecovery(recovery: Recovery | null): Recovery | null {
  if (recovery === null) return null;
  return {
    ...recovery,
    read: recovery.read === null ? null : { ...recovery.read },
    truncation: recovery.truncation === null ? null : { ...recovery.truncation },
    end: recovery.end === null ? null : { ...recovery.end },
  };
}

/** A field the kind declares as an integer (a string only for a value JSON could not hold, never from the model). */
function num(value: number | string | undefined): number {
  return typeof value === 'number' ? value : Number(value);
}
