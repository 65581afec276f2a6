/**
 * The availability envelope: a write-unavailability window is a violation only where writes
 * were owed, beyond the grace. Owed means a write quorum free of gray failures and the writer
 * up (budget.ts), so a slow-but-correct run under gray failures passes, while a writer that
 * waits for a slow segment it does not need still fails, gray failure or not.
 */
import { describe, expect, it } from 'vitest';
import { Trace } from '../core/trace.ts';
import { TRACE_KINDS } from '../protocol/trace-kinds.ts';
import type { FaultSpec } from '../faults/fault-spec.ts';
import { runScenario } from '../simulation.ts';
import { withScenario } from '../testing/base-scenario.ts';
import { replayEvents, type ModelEvent } from '../testing/trace-events.ts';
import { WriteAvailability } from './write-availability.ts';

type Event = ModelEvent;

function check(events: Event[], end: number) {
  const clock = { now: 0 };
  const trace = new Trace(clock, TRACE_KINDS, { keepLines: false });
  const checker = new WriteAvailability({ gap: 200_000, grace: 1_000_000 });
  checker.attach(trace);
  replayEvents(trace, clock, events);
  clock.now = end;
  trace.emitText('phase', 'end');
  return checker.finish();
}

describe('write availability, on a trace', () => {
  const outage: Event[] = [[1_000_000, 'txn.submit'], [4_000_000, 'commit']];

  it('reports a 3 s outage while writes were owed', () => {
    expect(check(outage, 5_000_000)).toMatchObject({ ok: false, violations: 1 });
  });

  it('excuses the part of it during which writes were not owed, up to the grace', () => {
    expect(check([[900_000, 'budget', 0], [3_500_000, 'budget', 1], ...outage], 5_000_000).ok).toBe(true);
    expect(check([[900_000, 'budget', 0], [2_500_000, 'budget', 1], ...outage], 5_000_000).ok).toBe(false);
  });
});

/** A run of 8 s at 1000/s with node 0's disk 10000x slower from 2 s to 6 s. */
function slowDiskRun(bugs: string[]) {
  const slow: FaultSpec = { kind: 'slow-disk', at: 2_000_000, for: 4_000_000, target: { kind: 'node', index: 0 }, label: 'node:0', factor: 10_000 };
  const scenario = withScenario({ duration: 8_000_000, faults: [slow], bugs: bugs as never });
  const result = runScenario(scenario, { source: 't', replay: 't', keepTrace: false });
  return result.invariants.find((i) => i.name === 'write-availability')!;
}

describe('write availability, on runs with a gray failure', () => {
  it('holds for the 4/6 protocol: one slow segment is outvoted', () => {
    expect(slowDiskRun([]).ok).toBe(true);
  });

  it('still fires for a writer that waits for all six: the slow node is gray, but five healthy segments owe writes', () => {
    expect(slowDiskRun(['pgcl-needs-all'])).toMatchObject({ ok: false });
  });
});
