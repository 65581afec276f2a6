/**
 * How the recovery log closes recoveries: one that reaches `recovery.done` completed; one
 * superseded by a recovery in a newer epoch, or whose writer was fenced, was abandoned there;
 * only the one still open when the run ends is unfinished. The recovery-time expectation
 * leaves abandoned recoveries out and fails on an unfinished one.
 */
import { describe, expect, it } from 'vitest';
import { Trace } from '../core/trace.ts';
import { TRACE_KINDS } from '../protocol/trace-kinds.ts';
import type { RecoveryResult } from './results.ts';
import { replayEvents, type ModelEvent } from '../testing/trace-events.ts';
import { evaluateExpectations } from './expectations.ts';
import { RecoveryLog } from './recovery-log.ts';

type Event = ModelEvent;

function replay(events: Event[], end: number): RecoveryResult[] {
  const clock = { now: 0 };
  const trace = new Trace(clock, TRACE_KINDS, { keepLines: false });
  const log = new RecoveryLog(5_000_000);
  log.attach(trace);
  replayEvents(trace, clock, events);
  return log.results(end);
}

const WRITER = 0;
/** A crash recovery in `epoch` from `start`, reading after 10 ms and done after 20 ms. */
const recovery = (epoch: number, start: number): Event[] => [
  [start, 'recovery.start', WRITER, epoch],
  [start + 10_000, 'recovery.read', epoch, 100, 100],
  [start + 10_000, 'truncate', epoch, 100, 10_100],
  [start + 20_000, 'recovery.done', epoch, 100],
];

function recoveryTime(recoveries: RecoveryResult[], max: number) {
  const measured = {
    ackedCommitsLost: 0, commitsAcknowledged: 0, commitLatencyP50: 0, commitLatencyP99: 0, ioPerCommit: 0, invariants: [], recoveries, membershipChanges: 0, replicas: [],
    availability: { writeUnavailableUs: 0, windows: [] },
  };
  return evaluateExpectations({ recoveryTime: { max } }, measured).find((e) => e.name === 'recoveryTime')!;
}

describe('recovery log', () => {
  it('closes a recovery that reaches recovery.done as completed, with its phases', () => {
    const [only] = replay(recovery(2, 1_000_000), 9_000_000);
    expect(only).toMatchObject({
      kind: 'crash-recovery', outcome: 'completed', completed: true, startUs: 1_000_000, durationUs: 20_000,
      phases: { detectUs: 0, fenceAndReadUs: 10_000, truncateAndRepairUs: 10_000 },
    });
  });

  it('closes a recovery cut short by a second crash as abandoned when the newer one starts', () => {
    const events: Event[] = [[6_000_000, 'recovery.start', WRITER, 2], ...recovery(3, 7_050_000)];
    const results = replay(events, 15_000_000);
    expect(results.map((r) => [r.outcome, r.startUs, r.durationUs])).toEqual([
      ['abandoned', 6_000_000, 1_050_000],
      ['completed', 7_050_000, 20_000],
    ]);
    expect(results[0]!.completed).toBe(false);
  });

  it('closes a recovering writer that was fenced out as abandoned', () => {
    const results = replay([[1_000_000, 'recovery.start', WRITER, 2], [1_500_000, 'writer.fenced', WRITER, 2]], 9_000_000);
    expect(results.map((r) => r.outcome)).toEqual(['abandoned']);
  });

  it('counts a repair step that gave up and its next round as one recovery, tried twice', () => {
    const events: Event[] = [
      [1_000_000, 'recovery.start', WRITER, 2],
      [1_010_000, 'recovery.read', 2, 300, 300],
      [1_010_000, 'truncate', 2, 300, 10_300],
      [1_510_000, 'recovery.stalled', 2],
      ...recovery(3, 1_510_000),
    ];
    const [only, ...rest] = replay(events, 9_000_000);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({
      outcome: 'completed', attempts: 2, startUs: 1_000_000, durationUs: 530_000, vdlAfter: 100, truncatedFrom: 100,
      phases: { detectUs: 0, retriedUs: 510_000, fenceAndReadUs: 10_000, truncateAndRepairUs: 10_000 },
    });
  });

  it('leaves only the recovery still running at the end unfinished', () => {
    const events: Event[] = [[1_000_000, 'recovery.start', WRITER, 2], [2_000_000, 'recovery.start', WRITER, 3]];
    const results = replay(events, 9_000_000);
    expect(results.map((r) => [r.outcome, r.durationUs])).toEqual([['abandoned', 1_000_000], ['unfinished', 7_000_000]]);
  });
});

describe('recoveryTime expectation', () => {
  it('does not count an abandoned recovery, however long it ran', () => {
    const results = replay([[1_000_000, 'recovery.start', WRITER, 2], ...recovery(3, 20_000_000)], 30_000_000);
    expect(recoveryTime(results, 1_000_000)).toMatchObject({ ok: true, detail: expect.stringContaining('1 abandoned (not counted)') });
  });

  it('fails on a recovery still running at the end, and on one over the bound', () => {
    expect(recoveryTime(replay([[1_000_000, 'recovery.start', WRITER, 2]], 3_000_000), 10_000_000).ok).toBe(false);
    expect(recoveryTime(replay(recovery(2, 1_000_000), 3_000_000), 10_000).ok).toBe(false);
  });

  it('fails when the only recoveries were abandoned', () => {
    const results = replay([[1_000_000, 'recovery.start', WRITER, 2], [1_500_000, 'writer.fenced', WRITER, 2]], 3_000_000);
    expect(recoveryTime(results, 10_000_000)).toMatchObject({ ok: false, detail: 'no recovery counted, 1 abandoned' });
  });
});
