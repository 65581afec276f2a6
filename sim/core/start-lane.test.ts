/**
 * The loop's start lane: an event scheduled with `atStartOf(t)` runs before every ordinary event
 * due at t, however early those were scheduled, and start events run in (time, rank, scheduling
 * order). So an event scheduled at the start of the run and one scheduled mid-run for the same
 * microsecond run at the same point — the property capsule replay of triggered faults needs.
 */
import { describe, expect, it } from 'vitest';
import { Loop } from './loop.ts';

function recorder() {
  const loop = new Loop();
  const log: string[] = [];
  const note = (what: string) => () => log.push(`${loop.now} ${what}`);
  return { loop, log, note };
}

describe('loop: the start lane', () => {
  it('runs a start event before ordinary events of its microsecond scheduled earlier', () => {
    const { loop, log, note } = recorder();
    loop.at(10, note('ordinary, scheduled first'));
    loop.atStartOf(10, note('start'));
    loop.at(5, note('five'));
    loop.run({ until: Infinity, maxEvents: 100 });
    expect(log).toEqual(['5 five', '10 start', '10 ordinary, scheduled first']);
  });

  it('gives a start event scheduled mid-run the same place as one scheduled before the run', () => {
    const run = (midRun: boolean) => {
      const { loop, log, note } = recorder();
      loop.at(100, note('a'));
      loop.at(100, note('b'));
      if (midRun) loop.at(40, () => loop.atStartOf(100, note('fault')));
      else loop.atStartOf(100, note('fault'));
      loop.at(40, () => loop.at(100, note('c')));
      loop.run({ until: Infinity, maxEvents: 100 });
      return log;
    };
    expect(run(true)).toEqual(['100 fault', '100 a', '100 b', '100 c']);
    expect(run(true)).toEqual(run(false));
  });

  it('orders start events by time, then rank, then scheduling order', () => {
    const { loop, log, note } = recorder();
    loop.atStartOf(7, note('begin x'), undefined, 1);
    loop.atStartOf(7, note('end y'), undefined, 0);
    loop.atStartOf(3, note('early'), undefined, 1);
    loop.atStartOf(7, note('begin z'), undefined, 1);
    loop.atStartOf(7, note('end w'), undefined, 0);
    loop.run({ until: Infinity, maxEvents: 100 });
    expect(log).toEqual(['3 early', '7 end y', '7 end w', '7 begin x', '7 begin z']);
  });

  it('runs when the ordinary queue is empty, counts as pending, and respects until and maxEvents', () => {
    const { loop, log, note } = recorder();
    loop.atStartOf(5, note('five'));
    loop.atStartOf(50, note('fifty'));
    expect(loop.pending).toBe(2);
    expect(loop.run({ until: 20, maxEvents: 100 })).toBe('until');
    expect([log, loop.now, loop.pending]).toEqual([['5 five'], 20, 1]);
    expect(loop.run({ until: Infinity, maxEvents: 1 })).toBe('maxEvents');
    expect(loop.run({ until: Infinity, maxEvents: 2 })).toBe('drained');
    expect(log).toEqual(['5 five', '50 fifty']);
  });

  it('refuses a time in the past', () => {
    const { loop } = recorder();
    loop.at(10, () => loop.atStartOf(9, () => {}));
    expect(() => loop.run({ until: Infinity, maxEvents: 10 })).toThrow(/bad event time 9 at 10/);
  });
});
