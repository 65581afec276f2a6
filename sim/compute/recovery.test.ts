/**
 * Volume recovery, driven on its own: the test plays the segments, handing the recovery their
 * answers and acknowledgements, and reads what it sends and traces (PROTOCOL.md §8.2).
 *
 * 1. It fences and reads: it asks every member segment, again each retry interval those whose
 *    answer does not count yet, until every PG has answered with a write quorum (the fence)
 *    and a read quorum of intact segments, the new end of a pending replacement excepted.
 * 2. It computes: from the highest VDL hint, it walks the LSNs some PG's most complete answer
 *    holds (earlier truncation ranges skipped); the walk ends at VCL, VDL is its last CPL.
 * 3. It truncates (VDL, max(VDL, last truncation's end) + LAL], after the metadata service
 *    recorded it; if that is refused, a newer writer owns the volume and it stops.
 * 4. It repairs: done when a write quorum of every PG acknowledged at or above the PG's last
 *    surviving record; it gives up when no unrepaired PG moves for the stall time, or when a
 *    segment that lost its data took the last copy it knew of a kept record.
 *
 * The writer (writer.ts) only routes messages into it and acts on its outcome, so none is
 * built here.
 */
import { describe, expect, it } from 'vitest';
import type { RecordHeader, RecoveryInfo, TruncateRequest, VolumeState } from '../protocol/messages.ts';
import { PgMemberships } from '../quorum/membership.ts';
import { netRig } from '../testing/net-rig.ts';
import { VolumeRecovery, type RecoveryOptions, type RecoveryOutcome } from './recovery.ts';

const EPOCH = 2;
const LAL = 100;
const RETRY = 1_000;
const STALL = 5_000;

interface Answer {
  readonly scl?: number;
  readonly vdlHint?: number;
  readonly lastAtOrBelowHint?: number;
  /** Records above the hint, as [lsn, cpl]. */
  readonly records?: readonly (readonly [number, boolean])[];
  readonly intact?: boolean;
  readonly epoch?: number;
}

function info(pg: number, segment: number, a: Answer = {}): RecoveryInfo {
  const records: RecordHeader[] = (a.records ?? []).map(([lsn, cpl]) => ({ lsn, cpl }));
  return {
    type: 'recovery-info', pg, segment, epoch: a.epoch ?? EPOCH, intact: a.intact ?? true, membershipEpoch: 1,
    scl: a.scl ?? records.at(-1)?.lsn ?? a.vdlHint ?? 0, vdlHint: a.vdlHint ?? 0, lastAtOrBelowHint: a.lastAtOrBelowHint ?? a.vdlHint ?? 0, records,
  };
}

function recoveryRig(options: Partial<RecoveryOptions> & { pgs?: number } = {}) {
  const pgs = options.pgs ?? 1;
  const rig = netRig({ protectionGroups: pgs, storageNodes: 9 });
  const memberships = new PgMemberships(pgs, 6, { write: 4, read: 3 });
  for (const node of rig.topology.storageNodes) rig.inbox(node.id);
  const log: string[] = [];
  const outcomes: RecoveryOutcome[] = [];
  let accept = true;
  const recovery = new VolumeRecovery({ ...rig, memberships }, {
    host: rig.topology.writer.id, volume: { epoch: EPOCH, truncations: [] }, lal: LAL, retryInterval: RETRY, stallAfter: STALL,
    truncateAtVcl: false, countEmptySegments: false,
    onDone: (outcome) => outcomes.push(outcome),
    onTruncation: (volume: VolumeState) => {
      log.push(`record [${volume.truncations.join(' ')}] epoch ${volume.epoch} after ${rig.sent.filter((s) => s.message.type === 'truncate').length} truncate requests`);
      return accept;
    },
    onSuperseded: () => log.push('superseded'),
    onGiveUp: () => log.push('give up'),
    ...options,
  });
  const events: string[] = [];
  rig.trace.on({
    'recovery.start': (_, { host, epoch }) => events.push(`start ${host} ${epoch}`),
    'recovery.read': (_, { epoch, vcl, vdl }) => events.push(`read ${epoch} vcl ${vcl} vdl ${vdl}`),
    truncate: (_, { epoch, from, to }) => events.push(`truncate ${epoch} (${from}, ${to}]`),
    'recovery.done': (_, { epoch, vdl }) => events.push(`done ${epoch} vdl ${vdl}`),
    'recovery.superseded': (_, { host, epoch }) => events.push(`superseded ${host} ${epoch}`),
    'recovery.stalled': (t, { epoch }) => events.push(`${t} stalled ${epoch}`),
    'recovery.lost-edge': (_, { epoch, pg, segment }) => events.push(`lost-edge ${epoch} ${pg}/${segment}`),
  });
  const answer = (pg: number, segments: number[], a: Answer = {}) => segments.forEach((s) => recovery.onInfo(info(pg, s, a)));
  const ack = (pg: number, segment: number, scl: number, epoch = EPOCH) =>
    recovery.onAck({ type: 'ack', pg, segment, scl, epoch, membershipEpoch: 1 });
  /** The slots asked with `type` at `time`, as `pg/slot`. */
  const asked = (type: string, time: number) =>
    rig.sent.filter((s) => s.message.type === type && s.time === time)
      .map((s) => `${s.message.pg}/${[0, 1, 2, 3, 4, 5, 6, 7].find((slot) => rig.topology.nodeOf(s.message.pg, slot) === s.to)}`);
  const refuse = () => (accept = false);
  return { ...rig, memberships, recovery, log, outcomes, events, answer, ack, asked, refuse };
}

/** Answers that settle one PG at once: four intact segments, the first the most complete. */
function settle(r: ReturnType<typeof recoveryRig>, pg: number, best: Answer, rest: Answer = { vdlHint: best.vdlHint ?? 0 }) {
  r.answer(pg, [0], best);
  r.answer(pg, [1, 2, 3], rest);
}

describe('recovery: fence and read', () => {
  it('asks every segment with the new volume, and again each retry interval those whose answer does not count yet', () => {
    const r = recoveryRig();
    r.recovery.start();
    expect(r.events).toEqual(['start 0 2']);
    expect(r.asked('recovery-query', 0)).toEqual(['0/0', '0/1', '0/2', '0/3', '0/4', '0/5']);
    expect(r.sent[0]!.message.volume).toEqual({ epoch: EPOCH, truncations: [] });
    r.loop.at(500, () => {
      r.answer(0, [0, 1]);
      r.answer(0, [2], { intact: false });
    });
    r.run(RETRY);
    expect(r.asked('recovery-query', RETRY)).toEqual(['0/2', '0/3', '0/4', '0/5']);
  });

  it('waits for a write quorum of answers: three intact ones are a read quorum but no fence', () => {
    const r = recoveryRig();
    r.answer(0, [0, 1, 2]);
    expect(r.events).toEqual([]);
    r.answer(0, [3], { intact: false });
    expect(r.events).toEqual(['read 2 vcl 0 vdl 0', 'truncate 2 (0, 100]']);
  });

  it('waits for a read quorum of intact answers: segments that lost their data fence but do not count', () => {
    const r = recoveryRig();
    r.answer(0, [0, 1]);
    r.answer(0, [2, 3], { intact: false });
    expect(r.events).toEqual([]);
    r.answer(0, [4]);
    expect(r.events.length).toBe(2);
  });

  it('with the recovery-counts-empty-segments defect, reads from a write quorum however many of it lost their data', () => {
    const r = recoveryRig({ countEmptySegments: true });
    r.answer(0, [0, 1]);
    r.answer(0, [2, 3], { intact: false });
    expect(r.events.length).toBe(2);
  });

  it('does not count the new end of a pending replacement toward the read quorum', () => {
    const r = recoveryRig();
    r.topology.place(0, 6, r.topology.spareNodeFor(0, 5));
    r.memberships.set(0, { epoch: 2, base: 0b111111, replacements: [[5, 6]] });
    r.answer(0, [0, 1, 6]);
    r.answer(0, [2, 3], { intact: false });
    expect(r.events).toEqual([]);
    r.answer(0, [4]);
    expect(r.events.length).toBe(2);
  });

  it('waits for every PG', () => {
    const r = recoveryRig({ pgs: 2 });
    r.answer(0, [0, 1, 2, 3]);
    r.answer(1, [0, 1, 2]);
    expect(r.events).toEqual([]);
    r.answer(1, [3]);
    expect(r.events.length).toBe(2);
  });

  it('ignores answers of another epoch, and forgets the answer of a slot a new segment took', () => {
    const r = recoveryRig();
    r.answer(0, [0, 1, 2]);
    r.answer(0, [3], { epoch: EPOCH - 1 });
    r.recovery.forget(0, 2);
    r.answer(0, [4]);
    expect(r.events).toEqual([]);
    r.answer(0, [5]);
    expect(r.events.length).toBe(2);
  });
});

describe('recovery: VCL, VDL and the truncation range', () => {
  it('walks up from the highest VDL hint through what some PG\'s most complete answer holds: VCL where it stops, VDL at its last CPL', () => {
    const r = recoveryRig({ pgs: 2 });
    settle(r, 0, { vdlHint: 10, records: [[11, false], [12, true], [14, false]] }, { vdlHint: 10, records: [[11, false], [12, true]] });
    settle(r, 1, { vdlHint: 8, records: [[13, true], [15, false], [17, true]] }, { vdlHint: 8, records: [[13, true]] });
    expect(r.events).toEqual(['read 2 vcl 15 vdl 13', 'truncate 2 (13, 113]']);
    expect(r.log).toEqual(['record [13 113] epoch 2 after 0 truncate requests']);
  });

  it('takes the VDL hint only from answers that count: a segment that lost its data says nothing', () => {
    const r = recoveryRig();
    r.answer(0, [0], { vdlHint: 10, records: [[11, true]] });
    r.answer(0, [1, 2], { vdlHint: 10 });
    r.answer(0, [3], { vdlHint: 50, intact: false });
    expect(r.events[0]).toBe('read 2 vcl 11 vdl 11');
  });

  it('steps over earlier truncation ranges, and truncates from VDL to past the last range\'s end plus LAL', () => {
    const r = recoveryRig({ volume: { epoch: EPOCH, truncations: [12, 20] } });
    settle(r, 0, { vdlHint: 10, records: [[11, true], [12, false], [21, false], [22, true]] });
    expect(r.events).toEqual(['read 2 vcl 22 vdl 22', 'truncate 2 (22, 122]']);
    expect(r.log).toEqual(['record [12 20 22 122] epoch 2 after 0 truncate requests']);
  });

  it('truncates past the last range\'s end even when VDL is below it', () => {
    const r = recoveryRig({ volume: { epoch: EPOCH, truncations: [12, 20] } });
    settle(r, 0, { vdlHint: 10, records: [[11, true]] });
    expect(r.events).toEqual(['read 2 vcl 11 vdl 11', 'truncate 2 (11, 120]']);
  });

  it('with the truncate-at-vcl defect, truncates at VCL, keeping half an MTR', () => {
    const r = recoveryRig({ pgs: 2, truncateAtVcl: true });
    settle(r, 0, { vdlHint: 10, records: [[11, false], [12, true], [14, false]] });
    settle(r, 1, { vdlHint: 10, records: [[13, true], [15, false]] });
    expect(r.events).toEqual(['read 2 vcl 15 vdl 15', 'truncate 2 (15, 115]']);
  });
});

describe('recovery: truncate', () => {
  it('records the truncation before any segment sees it, then sends it to every segment with the recovered VDL', () => {
    const r = recoveryRig();
    settle(r, 0, { vdlHint: 10, records: [[11, true]] });
    expect(r.log).toEqual(['record [11 111] epoch 2 after 0 truncate requests']);
    expect(r.asked('truncate', 0)).toEqual(['0/0', '0/1', '0/2', '0/3', '0/4', '0/5']);
    const request = r.sent.find((s) => s.message.type === 'truncate')!.message as TruncateRequest;
    expect([request.vdl, request.volume]).toEqual([11, { epoch: EPOCH, truncations: [11, 111] }]);
  });

  it('stops, sending nothing more, when the metadata service refuses the truncation: a newer writer owns the volume', () => {
    const r = recoveryRig();
    r.refuse();
    r.recovery.start();
    settle(r, 0, { vdlHint: 10, records: [[11, true]] });
    expect(r.events.slice(1)).toEqual(['read 2 vcl 11 vdl 11', 'superseded 0 2']);
    expect(r.log.at(-1)).toBe('superseded');
    const sends = r.sent.length;
    expect(r.run()).toBe('drained');
    expect(r.sent.length).toBe(sends);
    expect(r.sent.some((s) => s.message.type === 'truncate')).toBe(false);
  });
});

describe('recovery: repair', () => {
  /** One PG read at t=0 whose last surviving record is 12; answers from slots 0-3. */
  function repairing(options: Partial<RecoveryOptions> = {}) {
    const r = recoveryRig(options);
    r.recovery.start();
    settle(r, 0, { vdlHint: 10, lastAtOrBelowHint: 9, records: [[11, false], [12, true], [13, false]] }, { vdlHint: 10, lastAtOrBelowHint: 9 });
    return r;
  }

  it('is done when a write quorum acknowledged at or above the PG\'s last surviving record', () => {
    const r = repairing();
    expect(r.events.slice(1)).toEqual(['read 2 vcl 13 vdl 12', 'truncate 2 (12, 112]']);
    r.ack(0, 0, 12);
    r.ack(0, 1, 12);
    r.ack(0, 2, 13);
    r.ack(0, 3, 11);
    r.ack(0, 4, 12, EPOCH - 1);
    expect(r.outcomes).toEqual([]);
    r.ack(0, 5, 12);
    expect(r.events.at(-1)).toBe('done 2 vdl 12');
    const outcome = r.outcomes[0]!;
    expect([outcome.vdl, outcome.vcl, outcome.truncateFrom, outcome.truncateTo, outcome.base, [...outcome.lastSurviving]]).toEqual([12, 13, 12, 112, 10, [12]]);
  });

  it('takes the last surviving record from the hint when no record above it survives', () => {
    const r = recoveryRig({ pgs: 2 });
    settle(r, 0, { vdlHint: 10, records: [[11, true]] });
    settle(r, 1, { vdlHint: 10, lastAtOrBelowHint: 7 });
    [0, 1, 2, 3].forEach((s) => r.ack(0, s, 11));
    [0, 1, 2, 3].forEach((s) => r.ack(1, s, 7));
    expect([...r.outcomes[0]!.lastSurviving]).toEqual([11, 7]);
  });

  it('asks again only the segments that have not acknowledged at all', () => {
    const r = repairing();
    r.loop.at(500, () => [0, 1, 2].forEach((s) => r.ack(0, s, 5)));
    r.run(RETRY);
    expect(new Set(r.asked('truncate', RETRY))).toEqual(new Set(['0/3', '0/4', '0/5']));
  });

  it('asks them on one retry cycle, the truncation\'s: the read step\'s cycle ends when the truncation is sent', () => {
    // The read step's cycle used to keep running beside the one the truncation starts, so a
    // segment that did not acknowledge got the truncation twice per retry interval.
    const r = recoveryRig();
    r.recovery.start();
    r.loop.at(400, () => settle(r, 0, { vdlHint: 10, records: [[11, true]] }));
    r.run(2 * RETRY + 400);
    const times = r.sent.filter((s) => s.message.type === 'truncate' && s.to === r.topology.nodeOf(0, 5)).map((s) => s.time);
    expect(times).toEqual([400, 1_400, 2_400]);
    expect(r.sent.filter((s) => s.message.type === 'recovery-query' && s.time >= 400)).toEqual([]);
  });

  it('gives up when no unrepaired PG moved for the stall time, and not while its writer is frozen', () => {
    const r = repairing();
    r.loop.at(2_000, () => r.ack(0, 0, 12));
    r.run(6_999);
    expect(r.events.at(-1)).toBe('truncate 2 (12, 112]');
    r.run(7_000);
    expect(r.events.at(-1)).toBe('7000 stalled 2');
    expect(r.log.at(-1)).toBe('give up');

    const frozen = repairing();
    frozen.loop.at(1_000, () => frozen.recovery.setPaused(true));
    frozen.loop.at(20_000, () => frozen.recovery.setPaused(false));
    frozen.run(24_999);
    expect(frozen.log).not.toContain('give up');
    frozen.run(25_000);
    expect(frozen.log.at(-1)).toBe('give up');
  });

  it('gives up when a segment that lost its data held the last known copy of a kept record', () => {
    const r = repairing();
    r.recovery.lost(0, 1);
    expect(r.log).not.toContain('give up');
    r.recovery.lost(0, 0);
    expect(r.events.at(-1)).toBe('lost-edge 2 0/0');
    expect(r.log.at(-1)).toBe('give up');
  });

  it('keeps going after such a loss when another segment already caught up', () => {
    const r = repairing();
    r.ack(0, 2, 12);
    r.recovery.lost(0, 0);
    expect(r.log).not.toContain('give up');
  });

  it('takes no loss into account before the repair step', () => {
    const r = recoveryRig();
    r.answer(0, [0], { vdlHint: 10, records: [[11, true]] });
    r.recovery.lost(0, 0);
    r.answer(0, [1, 2, 3], { vdlHint: 10 });
    expect(r.log).not.toContain('give up');
  });
});
