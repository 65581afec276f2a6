/**
 * The Trace Event format checker the timeline's tests rely on: a document that keeps the rules
 * passes, and each document that breaks one rule is caught by that rule, so the timeline's
 * tests cannot pass because the checker went blind.
 */
import { describe, expect, it } from 'vitest';
import { traceEventProblems } from './trace-event-format.ts';

const good = [
  { name: 'process_name', ph: 'M', pid: 1, tid: 0, args: { name: 'p' } },
  { name: 'thread_sort_index', ph: 'M', ts: 0, pid: 1, tid: 2, args: { sort_index: 2 } },
  { name: 'outer', ph: 'X', ts: 10, dur: 100, pid: 1, tid: 2 },
  { name: 'inner', ph: 'X', ts: 10, dur: 50, pid: 1, tid: 2 },
  { name: 'flow', cat: 'c', ph: 's', ts: 10, pid: 1, tid: 2, id: 7 },
  { name: 'after', ph: 'X', ts: 110, dur: 0, pid: 1, tid: 2 },
  { name: 'flow', cat: 'c', ph: 'f', bp: 'e', ts: 110, pid: 1, tid: 2, id: 7 },
  { name: 'mark', ph: 'i', s: 't', ts: 20, pid: 1, tid: 2 },
  { name: 'depth', ph: 'C', ts: 20, pid: 1, tid: 2, args: { n: 3 } },
  { name: 'b', ph: 'B', ts: 200, pid: 1, tid: 3 },
  { name: 'b', ph: 'E', ts: 300, pid: 1, tid: 3 },
];

const withEvents = (changes: Readonly<Record<number, Record<string, unknown>>>) =>
  ({ traceEvents: good.map((e, j) => ({ ...e, ...changes[j] })), displayTimeUnit: 'ms' });
const withEvent = (i: number, change: Record<string, unknown>) => withEvents({ [i]: change });

describe('the Trace Event format checker', () => {
  it('passes a document that keeps every rule', () => {
    expect(traceEventProblems({ traceEvents: good, displayTimeUnit: 'ms' })).toEqual([]);
  });

  it.each([
    ['a document without traceEvents', { events: good }, /traceEvents array/],
    ['an unknown display unit', { traceEvents: good, displayTimeUnit: 'us' }, /displayTimeUnit/],
    ['an event without a name', withEvent(2, { name: undefined }), /name is not a string/],
    ['an unknown phase', withEvent(2, { ph: 'Q' }), /unknown phase/],
    ['a pid that is no integer', withEvent(2, { pid: '1' }), /pid/],
    ['an event without a tid', withEvent(2, { tid: undefined }), /tid/],
    ['an event without ts', withEvent(7, { ts: undefined }), /ts is not a number/],
    ['a complete slice without dur', withEvent(2, { dur: undefined }), /dur/],
    ['a negative dur', withEvent(3, { dur: -1 }), /dur/],
    ['an instant of no known scope', withEvent(7, { s: 'x' }), /scope/],
    ['a counter without numeric series', withEvent(8, { args: { n: 'three' } }), /numeric series/],
    ['a counter without series', withEvent(8, { args: {} }), /numeric series/],
    ['a flow event without an id', withEvent(4, { id: undefined }), /without an id/],
    ['a flow event without a cat', withEvent(6, { cat: undefined }), /without a cat/],
    ['a flow end binding to no known point', withEvent(6, { bp: 'x' }), /bp/],
    ['unknown metadata', withEvent(0, { name: 'colour' }), /unknown metadata/],
    ['a name without its argument', withEvent(0, { args: {} }), /without its argument/],
    ['slices that overlap in part', withEvent(5, { ts: 100, dur: 20 }), /overlaps/],
    ['an E with no B', withEvent(9, { ph: 'i' }), /no open B/],
    ['a B never closed', withEvent(10, { ph: 'i' }), /never closed/],
    ['a flow end before its start', withEvents({ 4: { ts: 110 }, 6: { ts: 50 } }), /no start before it/],
    ['a flow end in no slice', withEvent(6, { tid: 9 }), /in no slice/],
  ])('catches %s', (_what, document, rule) => {
    const problems = traceEventProblems(document);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(rule);
  });
});
