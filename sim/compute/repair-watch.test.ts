/**
 * The repair watch reports a segment suspect once it has lagged its PG for the detection
 * time, and not for time its writer spent paused: a pause reports nothing, and resuming moves
 * every lag start forward by the pause, so a segment is suspected only after the detection
 * time of lag the writer could actually have seen end.
 */
import { describe, expect, it } from 'vitest';
import { Loop } from '../core/loop.ts';
import { PgMemberships } from '../quorum/membership.ts';
import { RepairWatch } from './repair-watch.ts';

const DETECTION = 2_000_000;

/** A watch over one PG; `pauses` are [from, to) spans of the writer's pause. Returns the suspect reports. */
function watch(lagFrom: number, pauses: [number, number][], until: number, lagTo = Infinity): string[] {
  const loop = new Loop();
  const reports: string[] = [];
  const w = new RepairWatch(loop, new PgMemberships(1, 6, { write: 4, read: 3 }), 1, {
    detection: DETECTION, onSuspect: (pg, slot) => reports.push(`${loop.now} suspect ${pg}/${slot}`), onCaughtUp: () => {},
  });
  loop.at(lagFrom, () => w.onAck(0, 3, 10, 20));
  if (lagTo !== Infinity) loop.at(lagTo, () => w.onAck(0, 3, 20, 20));
  for (const [from, to] of pauses) {
    loop.at(from, () => w.pause());
    loop.at(to, () => w.resume());
  }
  loop.run({ until, maxEvents: 1_000_000 });
  return reports;
}

describe('repair watch', () => {
  it('suspects a segment that lagged for the detection time, at the next check', () => {
    expect(watch(100_000, [], 3_000_000)).toEqual(['2500000 suspect 0/3', '3000000 suspect 0/3']);
  });

  it('suspects nothing during a pause of its writer, nor at the resume', () => {
    expect(watch(100_000, [[1_000_000, 9_000_000]], 9_900_000)).toEqual([]);
  });

  it('counts the lag before the pause and after it, but not the pause', () => {
    // 0.9 s of lag before the pause, so 1.1 s after resuming at 9 s: suspect from 10.1 s, seen at 10.5 s.
    expect(watch(100_000, [[1_000_000, 9_000_000]], 10_600_000)[0]).toBe('10500000 suspect 0/3');
  });

  it('forgets a lag that ends soon after the resume: the segment was only waiting for the writer', () => {
    expect(watch(100_000, [[1_000_000, 9_000_000]], 20_000_000, 9_010_000)).toEqual([]);
  });
});

describe('repair watch: new segments', () => {
  /** A watch over one PG whose replacement 1 -> 6 is pending; returns the caught-up reports. */
  function caughtUp(steps: (w: RepairWatch) => void): string[] {
    const loop = new Loop();
    const memberships = new PgMemberships(1, 6, { write: 4, read: 3 });
    memberships.set(0, { epoch: 2, base: 0b111111, replacements: [[1, 6]] });
    const reports: string[] = [];
    const w = new RepairWatch(loop, memberships, 1, {
      detection: DETECTION, onSuspect: () => {}, onCaughtUp: (pg, slot) => reports.push(`caught up ${pg}/${slot}`),
    });
    steps(w);
    return reports;
  }

  it('reports a new segment once it catches up, even when the writer has no PGCL yet (a recovery)', () => {
    expect(caughtUp((w) => {
      w.watch(0, 6);
      w.onAck(0, 6, 500, 500); // the recovery's point: the PG's last surviving record
    })).toEqual(['caught up 0/6']);
  });

  it('would miss it if the new segment were only compared with a PGCL of 0', () => {
    expect(caughtUp((w) => {
      w.onAck(0, 6, 0, 0);
      w.onAck(0, 6, 500, 500);
    })).toEqual([]);
  });
});
