/**
 * What replay --diff says about two traces: the fields in which the first differing event
 * differs, what differs between the headers, and output that starts with that event.
 */
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { differingFields, diffJson, hashNote, headerNotes, renderDiffText, type TraceDiff, type TraceSide } from './diff.ts';

const plain = new Chalk({ level: 0 });
const kinds = { scl: ['pg', 'segment', 'lsn'], fault: 'text' } as const;
const side = (over: Partial<TraceSide> = {}): TraceSide => ({ file: 'a.jsonl', scenario: 'x', seed: 1, traceHash: 'h', kinds, ...over });

describe('comparing two events', () => {
  it('finds the time, the kind and each field that differs, by name', () => {
    expect(differingFields({ t: 1, kind: 'scl', pg: 0, segment: 3, lsn: 9 }, { t: 1, kind: 'scl', pg: 0, segment: 3, lsn: 9 })).toEqual([]);
    expect(differingFields({ t: 1, kind: 'scl', pg: 0, segment: 3, lsn: 9 }, { t: 2, kind: 'scl', pg: 0, segment: 4, lsn: 9 })).toEqual(['t', 'segment']);
    expect(differingFields({ t: 1, kind: 'fault', text: 'start crash writer' }, { t: 1, kind: 'scl', pg: 0, segment: 3, lsn: 9 }))
      .toEqual(['kind', 'text', 'pg', 'segment', 'lsn']);
  });
});

describe('comparing two headers', () => {
  it('says when the scenarios, seeds or kind tables differ', () => {
    expect(headerNotes(side(), side({ file: 'b.jsonl' }))).toEqual([]);
    expect(headerNotes(side(), side({ scenario: 'y', seed: 2 }))).toEqual(['different scenarios: A is x, B is y', 'different seeds: A 1, B 2']);
    const other = { scl: ['pg', 'slot', 'lsn'], vdl: ['lsn'] } as const;
    expect(headerNotes(side(), side({ kinds: other }))[0]).toContain('only in A: fault; only in B: vdl; other fields: scl');
  });

  it('says when the traceHash values do not agree with what the events showed', () => {
    expect(hashNote(side(), side(), true)).toBeUndefined();
    expect(hashNote(side(), side({ traceHash: 'k' }), false)).toBeUndefined();
    expect(hashNote(side(), side(), false)).toContain('a file was changed');
    expect(hashNote(side(), side({ traceHash: 'k' }), true)).toContain('a header was changed');
  });
});

describe('the diff text', () => {
  const diff: TraceDiff = {
    a: side(), b: side({ file: 'b.jsonl' }), common: 12,
    first: { index: 12, a: { t: 5, kind: 'scl', pg: 0, segment: 3, lsn: 9 }, b: { t: 5, kind: 'scl', pg: 0, segment: 3, lsn: 10 }, fields: ['lsn'] },
    before: [{ index: 11, event: { t: 4, kind: 'fault', text: 'start crash writer' } }],
    afterA: [{ index: 13, event: { t: 6, kind: 'scl', pg: 1, segment: 0, lsn: 2 } }],
    afterB: [],
    notes: [],
  };

  it('starts with the differing event from both sides, then the context before and after it', () => {
    expect(renderDiffText(diff, plain).split('\n')).toEqual([
      'first difference at event #12 (line 14 of each file):',
      '  A  #12  t=0.000005 s  scl  pg=0 segment=3 lsn=9',
      '  B  #12  t=0.000005 s  scl  pg=0 segment=3 lsn=10',
      '  differs in: lsn',
      '',
      'the 1 event before it, the same in both:',
      '     #11  t=0.000004 s  fault  start crash writer',
      '',
      'next in A:',
      '  A  #13  t=0.000006 s  scl  pg=1 segment=0 lsn=2',
      '',
      'A: a.jsonl (x, seed 1)',
      'B: b.jsonl (x, seed 1)',
      '',
    ]);
  });

  it('says which trace ends first when one is a prefix of the other', () => {
    const text = renderDiffText({ ...diff, first: { ...diff.first!, b: null, fields: ['t', 'kind', 'pg', 'segment', 'lsn'] } }, plain);
    expect(text.split('\n').slice(0, 4)).toEqual([
      'first difference at event #12 (line 14 of each file):',
      '  A  #12  t=0.000005 s  scl  pg=0 segment=3 lsn=9',
      '  B  (the trace ends here, after 12 events)',
      '  B ends first',
    ]);
  });

  it('is one line and the files when the traces are identical', () => {
    expect(renderDiffText({ ...diff, first: null, before: [], afterA: [] }, plain)).toBe('identical: 12 events in each\nA: a.jsonl (x, seed 1)\nB: b.jsonl (x, seed 1)\n');
  });

  it('is a JSON document with the differing event, its context and the notes', () => {
    expect(Object.keys(diffJson(diff))).toEqual(['format', 'version', 'identical', 'a', 'b', 'common', 'first', 'before', 'after', 'notes']);
    expect(diffJson(diff)).toMatchObject({ format: 'aurora-sim-trace-diff', version: 1, identical: false, first: { index: 12, fields: ['lsn'] } });
  });
});
