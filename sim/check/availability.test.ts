/**
 * Unavailability windows: a silence only counts while clients are waiting, so a slow trickle
 * of transactions is no outage, and a writer crash under load is one.
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

  it('a crash that refuses and stalls transactions for a second is one window', () => {
    const events: ModelEvent[] = [[0, 'txn.submit'], [1_000, 'commit'], [2_000, 'txn.submit'], [2_500, 'txn.abort'], [100_000, 'txn.refused'], [1_002_000, 'txn.submit'], [1_004_000, 'commit']];
    expect(replay(events, 2_000_000).windows).toEqual([[2_000, 1_004_000]]);
  });

  it('a demand still open at the end of the run is a window to the end', () => {
    expect(replay([[0, 'txn.submit']], 1_000_000)).toEqual({ writeUnavailableUs: 1_000_000, windows: [[0, 1_000_000]] });
  });
});
