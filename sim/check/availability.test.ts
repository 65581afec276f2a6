/**
 * Unavailability windows: a silence only counts while clients are waiting, so a slow trickle
 * of transactions is no outage, and a writer crash under load is one; a quiet stretch after a
 * failure counts only when writes are seen failing after it too.
 */
import { describe, expect, it } from 'vitest';
import { Trace } from '../core/trace.ts';
import { TRACE_KINDS } from '../protocol/trace-kinds.ts';
import { replayEvents, type ModelEvent } from '../testing/trace-events.ts';
import { AvailabilityLog } from './availability.ts';

function replay(events: ModelEvent[], end: number) {
  const clock = { now: 0 };
  const trace = new Trace(clock, TRACE_KINDS, { keepLines: false });
  const log = new AvailabilityLog(200_000);
  log.attach(trace);
  replayEvents(trace, clock, events);
  return log.result(end);
}

describe('availability log', () => {
  it('one transaction a second, each committed in 2 ms, is always available', () => {
    const events: ModelEvent[] = [];
    for (let t = 0; t < 5_000_000; t += 1_000_000) events.push([t, 'txn.submit'], [t + 2_000, 'commit']);
    expect(replay(events, 5_000_000).windows).toEqual([]);
  });

  it('a crash that stalls the waiting transactions for a second is one window', () => {
    const events: ModelEvent[] = [[0, 'txn.submit'], [1_000, 'commit'], [2_000, 'txn.submit'], [500_000, 'txn.submit'], [1_004_000, 'commit'], [1_004_100, 'commit']];
    expect(replay(events, 2_000_000).windows).toEqual([[2_000, 1_004_000]]);
  });

  it('refusals every millisecond for a second, then an acknowledgement, are one window to the acknowledgement', () => {
    const events: ModelEvent[] = [[0, 'txn.submit'], [1_000, 'commit']];
    for (let t = 2_000; t < 1_000_000; t += 1_000) events.push([t, 'txn.refused']);
    events.push([1_001_000, 'txn.submit'], [1_002_000, 'commit']);
    expect(replay(events, 2_000_000).windows).toEqual([[2_000, 1_002_000]]);
  });

  it('an abort by a deposed writer at 1/s, then an arrival that commits at once, is no window: the quiet between was not seen', () => {
    const events: ModelEvent[] = [[0, 'txn.submit'], [1_000, 'commit'], [1_923_935, 'txn.submit'], [1_924_287, 'txn.abort'], [4_501_688, 'txn.submit'], [4_503_210, 'commit']];
    expect(replay(events, 5_000_000)).toEqual({ writeUnavailableUs: 0, windows: [] });
  });

  it('refusals a second apart with no success between are one window, to the last refusal', () => {
    const events: ModelEvent[] = [[1_000_000, 'txn.refused'], [2_000_000, 'txn.refused'], [3_000_000, 'txn.submit'], [3_000_500, 'txn.abort'], [4_000_000, 'txn.submit'], [4_001_000, 'commit']];
    expect(replay(events, 5_000_000).windows).toEqual([[1_000_000, 3_000_500]]);
  });

  it('a transaction that waits after a quiet stretch is a window of its own, not one from the failure before', () => {
    const events: ModelEvent[] = [[1_000_000, 'txn.submit'], [1_000_300, 'txn.abort'], [2_000_000, 'txn.submit'], [3_000_000, 'commit']];
    expect(replay(events, 5_000_000).windows).toEqual([[2_000_000, 3_000_000]]);
  });

  it('a demand still open at the end of the run is a window to the end', () => {
    expect(replay([[0, 'txn.submit']], 1_000_000)).toEqual({ writeUnavailableUs: 1_000_000, windows: [[0, 1_000_000]] });
  });

  it('a run that goes quiet after its last failure is charged to that failure, not to its end', () => {
    const events: ModelEvent[] = [[0, 'txn.refused'], [300_000, 'txn.refused']];
    expect(replay(events, 2_000_000).windows).toEqual([[0, 300_000]]);
  });
});
