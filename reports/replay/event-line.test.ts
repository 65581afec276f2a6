/** How replay and replay --diff print one event: index, exact time, kind, fields by name. */
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { eventLine, indexWidth, seconds } from './event-line.ts';

const plain = new Chalk({ level: 0 });

describe('an event line', () => {
  it('names each field after the index, the time in seconds and the kind', () => {
    expect(eventLine({ index: 1234, event: { t: 5_000_123, kind: 'scl', pg: 0, segment: 3, lsn: 1234 } }, plain))
      .toBe('#1234  t=5.000123 s  scl  pg=0 segment=3 lsn=1234');
  });

  it('gives a textual event its text', () => {
    expect(eventLine({ index: 7, event: { t: 4_000_000, kind: 'fault', text: 'start crash writer' } }, plain))
      .toBe('#7  t=4.000000 s  fault  start crash writer');
  });

  it('pads the index so that a column of events lines up', () => {
    const events = [{ index: 9, event: { t: 0, kind: 'phase', text: 'run' } }, { index: 10, event: { t: 1, kind: 'budget', writesOwed: 0 } }];
    expect(events.map((e) => eventLine(e, plain, indexWidth(events)))).toEqual([
      '#9   t=0.000000 s  phase  run',
      '#10  t=0.000001 s  budget  writesOwed=0',
    ]);
  });

  it('prints every microsecond, never rounding', () => {
    expect(seconds(0)).toBe('0.000000');
    expect(seconds(123_456_789_012)).toBe('123456.789012');
    expect(seconds(0.5)).toBe('0.5');
  });
});
