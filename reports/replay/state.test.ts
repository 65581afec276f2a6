/**
 * The state a replay prints is folded from trace events alone: each case feeds a few synthetic
 * events, named as `--trace` names them, and reads the state back.
 */
import { describe, expect, it } from 'vitest';
import { decodeReplacements } from '../../sim/index.ts';
import { ReplayFold, type Fields } from './state.ts';

type Event = { readonly t: number; readonly kind: string } & Fields;

function fold(events: readonly Event[], shape = { protectionGroups: 2, segmentsPerPg: 6 }) {
  const folding = new ReplayFold(shape);
  for (const event of events) folding.apply(event.t, event.kind, event);
  return folding.state();
}

const opened: Event = { t: 0, kind: 'writer.open', host: 0, epoch: 1 };

describe('the run as a whole', () => {
  it('starts with no writer, every PG whole at SCL 0 in epoch 1, nothing active', () => {
    const state = fold([]);
    expect(state).toMatchObject({ timeUs: 0, events: 0, runPhase: null, vcl: null, vdl: null, faults: [] });
    expect(state.writer).toMatchObject({ host: null, epoch: 0, phase: 'none', recovery: null });
    expect(state.pgs).toHaveLength(2);
    expect(state.pgs[0]!.membership).toEqual({ epoch: 1, members: [0, 1, 2, 3, 4, 5], replacements: [] });
    expect(state.pgs[0]!.segments.map((s) => s.slot)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(state.pgs[0]!.segments[0]).toEqual({ slot: 0, scl: 0, epoch: 1, truncations: 0, status: 'intact', role: 'member', partner: null });
    expect(state.budget).toEqual({ writesOwed: true, withinFailureModel: true });
  });

  it('counts the events and keeps the time of the last one', () => {
    const state = fold([opened, { t: 0, kind: 'phase', text: 'run' }, { t: 150, kind: 'txn.submit', txn: 1 }]);
    expect(state).toMatchObject({ timeUs: 150, events: 3, runPhase: 'run' });
  });

  it('counts commits, refusals and aborts, and follows allocation and the LAL stall', () => {
    const state = fold([
      { t: 1, kind: 'txn.submit', txn: 1 }, { t: 1, kind: 'txn.submit', txn: 2 }, { t: 2, kind: 'alloc', lsn: 7, pg: 0, cpl: 1, epoch: 1 },
      { t: 3, kind: 'commit', txn: 1, lsn: 7, latencyUs: 2, epoch: 1, pg: 0 }, { t: 4, kind: 'txn.abort', txn: 2 },
      { t: 5, kind: 'txn.refused', txn: 3 }, { t: 6, kind: 'lal.stall', lsn: 7, vdl: 0 },
    ]);
    expect(state.commits).toEqual({ submitted: 2, acknowledged: 1, refused: 1, aborted: 1 });
    expect(state.allocation).toEqual({ lsn: 7, stalled: true });
  });

  it("keeps the writer's VCL, VDL and each PG's PGCL as last moved, with their epochs", () => {
    const state = fold([
      { t: 10, kind: 'pgcl', pg: 1, lsn: 5, epoch: 1 }, { t: 10, kind: 'vcl', lsn: 5, epoch: 1 }, { t: 11, kind: 'vdl', lsn: 4, epoch: 1 },
    ]);
    expect(state.pgs[1]!.pgcl).toEqual({ lsn: 5, epoch: 1, atUs: 10 });
    expect(state.pgs[0]!.pgcl).toBeNull();
    expect(state.vcl).toEqual({ lsn: 5, epoch: 1, atUs: 10 });
    expect(state.vdl).toEqual({ lsn: 4, epoch: 1, atUs: 11 });
  });

  it('follows the budget and failure-model flags, and each replica’s VDL', () => {
    const state = fold([{ t: 1, kind: 'budget', writesOwed: 0 }, { t: 2, kind: 'failure-model', within: 0 }, { t: 3, kind: 'replica.vdl', replica: 2, lsn: 9 }]);
    expect(state.budget).toEqual({ writesOwed: false, withinFailureModel: false });
    expect(state.replicas).toEqual([{ id: 2, vdl: 9 }]);
  });
});

describe('the writer and its recovery', () => {
  const crashRecovery: Event[] = [
    opened,
    { t: 5_000_000, kind: 'fault', text: 'start crash writer' },
    { t: 6_000_000, kind: 'fault', text: 'end crash writer' },
    { t: 6_000_000, kind: 'recovery.start', host: 0, epoch: 2 },
    { t: 6_025_000, kind: 'recovery.read', epoch: 2, vcl: 40, vdl: 38 },
    { t: 6_025_000, kind: 'truncate', epoch: 2, from: 38, to: 10_000_038 },
    { t: 6_050_000, kind: 'recovery.done', epoch: 2, vdl: 38 },
    { t: 6_050_000, kind: 'writer.open', host: 0, epoch: 2 },
  ];
  const at = (n: number) => fold(crashRecovery.slice(0, n)).writer;

  it('is open in epoch 1 once the first writer opens', () => {
    expect(at(1)).toMatchObject({ host: 0, epoch: 1, phase: 'open', recoveries: 0 });
  });

  it('lists a crash aimed at it beside it, since the trace has no line for its death', () => {
    expect(at(2)).toMatchObject({ phase: 'open', faults: [{ kind: 'crash', target: 'writer', sinceUs: 5_000_000 }] });
    expect(at(3).faults).toEqual([]);
  });

  it('reads, truncates and repairs, then opens, in the epoch its recovery began', () => {
    expect(at(4)).toMatchObject({ epoch: 2, phase: 'reading', sinceUs: 6_000_000, recoveries: 1 });
    expect(at(4).recovery).toEqual({ epoch: 2, host: 0, startUs: 6_000_000, attempt: 1, read: null, truncation: null, end: null });
    expect(at(5)).toMatchObject({ phase: 'truncating', recovery: { read: { vcl: 40, vdl: 38, atUs: 6_025_000 } } });
    expect(at(6)).toMatchObject({ phase: 'repairing', recovery: { truncation: { from: 38, to: 10_000_038 } } });
    expect(at(7)).toMatchObject({ phase: 'open', sinceUs: 6_050_000, recovery: { end: { outcome: 'done', atUs: 6_050_000 } } });
    expect(at(8)).toMatchObject({ host: 0, epoch: 2, phase: 'open', sinceUs: 6_050_000 });
  });

  it('abandons a recovery when a newer one starts before it finished', () => {
    const writer = fold([...crashRecovery.slice(0, 5), { t: 7_000_000, kind: 'recovery.start', host: 0, epoch: 3 }]).writer;
    expect(writer).toMatchObject({ epoch: 3, phase: 'reading', recoveries: 2, recovery: { epoch: 3, attempt: 1, end: null } });
  });

  it('counts the rounds of a recovery whose repair gave up, and says why it gave up', () => {
    const rounds = [...crashRecovery.slice(0, 6), { t: 6_100_000, kind: 'recovery.lost-edge', epoch: 2, pg: 1, segment: 4 }];
    const gaveUp = fold(rounds).writer;
    expect(gaveUp).toMatchObject({ phase: 'gave-up', recovery: { end: { outcome: 'gave-up' } } });
    expect(gaveUp.recovery?.end?.detail).toContain('segment 4 of pg 1 lost the last copy');
    const retried = fold([...rounds, { t: 6_100_000, kind: 'recovery.start', host: 0, epoch: 3 }]).writer;
    expect(retried).toMatchObject({ epoch: 3, phase: 'reading', recovery: { epoch: 3, attempt: 2, end: null } });
    expect(fold([...crashRecovery.slice(0, 6), { t: 9, kind: 'recovery.stalled', epoch: 2 }]).writer.recovery?.end?.detail).toContain('no unrepaired PG moved');
  });

  it('after a failover, holds the promoted host as the writer and the old one as a former writer until fenced', () => {
    const failover: Event[] = [
      opened,
      { t: 10, kind: 'promote', host: 1, epoch: 2 },
      { t: 10, kind: 'recovery.start', host: 1, epoch: 2 },
      { t: 20, kind: 'writer.fenced', host: 0, epoch: 1 },
    ];
    const promoted = fold(failover.slice(0, 2));
    expect(promoted.writer).toMatchObject({ host: 1, epoch: 2, phase: 'promoted', recovery: null });
    expect(promoted.formerWriters).toEqual([{ host: 0, epoch: 1, status: 'superseded', sinceUs: 10, faults: [] }]);
    expect(fold(failover.slice(0, 3)).writer).toMatchObject({ host: 1, epoch: 2, phase: 'reading', recoveries: 1 });
    expect(fold(failover).formerWriters).toEqual([{ host: 0, epoch: 1, status: 'fenced', sinceUs: 20, faults: [] }]);
    expect(fold(failover).writer.phase).toBe('reading');
  });

  it('is fenced, or superseded, only by events of its own host and epoch', () => {
    expect(fold([opened, { t: 5, kind: 'writer.fenced', host: 0, epoch: 1 }]).writer).toMatchObject({ phase: 'fenced', sinceUs: 5 });
    expect(fold([opened, { t: 5, kind: 'writer.fenced', host: 0, epoch: 7 }]).writer.phase).toBe('open');
    const refused = fold([opened, { t: 6, kind: 'recovery.start', host: 0, epoch: 2 }, { t: 7, kind: 'recovery.superseded', host: 0, epoch: 2 }]).writer;
    expect(refused).toMatchObject({ phase: 'superseded', recovery: { end: { outcome: 'superseded' } } });
  });
});

describe('segments and memberships', () => {
  it('follows SCL, volume epoch and truncations; a truncation may lower the SCL', () => {
    const segment = fold([
      { t: 1, kind: 'scl', pg: 0, segment: 3, lsn: 12 },
      { t: 2, kind: 'segment.epoch', pg: 0, segment: 3, epoch: 2 },
      { t: 2, kind: 'segment.volume', pg: 0, segment: 3, scl: 10, truncations: 1 },
    ]).pgs[0]!.segments[3];
    expect(segment).toMatchObject({ scl: 10, epoch: 2, truncations: 1, status: 'intact' });
  });

  it('marks a wiped segment, its epoch unknown: it takes the metadata service’s state without an event', () => {
    const segment = fold([{ t: 1, kind: 'scl', pg: 1, segment: 0, lsn: 12 }, { t: 2, kind: 'segment.wipe', pg: 1, segment: 0 }]).pgs[1]!.segments[0];
    expect(segment).toMatchObject({ scl: 0, epoch: null, status: 'wiped' });
  });

  it('follows a replacement: leaving and joining slots, the new segment hydrated, then settled', () => {
    const events: Event[] = [
      { t: 1, kind: 'segment.wipe', pg: 0, segment: 2 },
      { t: 2, kind: 'membership', pg: 0, epoch: 2, base: 0b111111, replacements: 2 * 8 + 6 + 1 },
      { t: 3, kind: 'segment.new', pg: 0, segment: 6 },
      { t: 4, kind: 'segment.hydrated', pg: 0, segment: 6, scl: 30 },
      { t: 5, kind: 'membership', pg: 0, epoch: 3, base: 0b1111011, replacements: 0 },
    ];
    const pending = fold(events.slice(0, 4)).pgs[0]!;
    expect(pending.membership).toEqual({ epoch: 2, members: [0, 1, 2, 3, 4, 5], replacements: [[2, 6]] });
    expect(pending.segments.find((s) => s.slot === 2)).toMatchObject({ role: 'leaving', partner: 6, status: 'wiped' });
    expect(pending.segments.find((s) => s.slot === 6)).toMatchObject({ role: 'joining', partner: 2, status: 'hydrated', scl: 30, epoch: 1 });
    const settled = fold(events).pgs[0]!;
    expect(settled.membership).toEqual({ epoch: 3, members: [0, 1, 3, 4, 5, 6], replacements: [] });
    expect(settled.segments.find((s) => s.slot === 2)).toMatchObject({ role: 'out', partner: null });
    expect(settled.segments.find((s) => s.slot === 6)).toMatchObject({ role: 'member' });
  });

  it('decodes pending replacements as the membership event packs them', () => {
    expect(decodeReplacements(0)).toEqual([]);
    expect(decodeReplacements(2 * 8 + 6 + 1 + (4 * 8 + 7 + 1) * 64)).toEqual([[2, 6], [4, 7]]);
  });
});

describe('faults', () => {
  it('lists the faults begun and not ended, with their targets and magnitudes', () => {
    const state = fold([
      { t: 1, kind: 'fault', text: 'start latency-spike writer extra=25000us' },
      { t: 2, kind: 'fault', text: 'start partition az:a <-> az:b' },
      { t: 3, kind: 'fault', text: 'start az-outage az:c' },
      { t: 4, kind: 'fault', text: 'end partition az:a <-> az:b' },
    ]);
    expect(state.faults).toEqual([
      { text: 'latency-spike writer extra=25000us', kind: 'latency-spike', target: 'writer', params: 'extra=25000us', sinceUs: 1 },
      { text: 'az-outage az:c', kind: 'az-outage', target: 'az:c', params: '', sinceUs: 3 },
    ]);
  });

  it('ends the earliest of two like faults first', () => {
    const state = fold([
      { t: 1, kind: 'fault', text: 'start packet-loss node:3 p=0.1' },
      { t: 2, kind: 'fault', text: 'start packet-loss node:3 p=0.5' },
      { t: 3, kind: 'fault', text: 'end packet-loss node:3' },
    ]);
    expect(state.faults.map((f) => f.params)).toEqual(['p=0.5']);
  });
});
