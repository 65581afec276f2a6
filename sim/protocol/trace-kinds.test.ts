/**
 * The model's kind table is a valid trace table, and the type checker holds readers and
 * emitters to it: the lines marked below must not compile (`tsc` fails on an expected error
 * that does not occur), and at run time they fail or read nothing.
 */
import { describe, expect, it } from 'vitest';
import { Trace } from '../core/trace.ts';
import { TRACE_KINDS } from './trace-kinds.ts';

describe('TRACE_KINDS', () => {
  it('declares at most five fields per kind, none named t or kind, and phase and fault as text', () => {
    expect(() => new Trace({ now: 0 }, TRACE_KINDS, { keepLines: false })).not.toThrow();
    expect([TRACE_KINDS.phase, TRACE_KINDS.fault]).toEqual(['text', 'text']);
  });

  it('lets a reader name the fields of a kind, and no others', () => {
    const clock = { now: 7 };
    const trace = new Trace(clock, TRACE_KINDS, { keepLines: false });
    const seen: unknown[] = [];
    trace.on({ commit: (time, { txn, lsn, latencyUs, epoch, pg }) => seen.push({ time, txn, lsn, latencyUs, epoch, pg }) });
    // @ts-expect-error: commit has no field 'lsm'
    trace.on({ commit: (_time, { lsm }) => seen.push(lsm) });
    // @ts-expect-error: there is no kind 'comit'
    expect(() => trace.on({ comit: () => {} })).toThrow("undeclared event kind 'comit'");
    trace.emit('commit', 1, 40, 650, 2, 3);
    expect(seen).toEqual([{ time: 7, txn: 1, lsn: 40, latencyUs: 650, epoch: 2, pg: 3 }, undefined]);
  });

  it('holds an emit to its kind and its number of fields', () => {
    const trace = new Trace({ now: 0 }, TRACE_KINDS, { keepLines: true });
    // @ts-expect-error: scl has three fields
    trace.emit('scl', 0, 1);
    // @ts-expect-error: there is no kind 'sc1'
    expect(() => trace.emit('sc1', 0, 1, 2)).toThrow("undeclared event kind 'sc1'");
    // @ts-expect-error: fault is a textual kind
    expect(() => trace.emit('fault', 1)).toThrow('textual kind');
    trace.emitText('fault', 'start crash writer');
    expect(trace.keptLines()).toEqual(['0 scl 0 1 0', '0 fault start crash writer']);
  });
});
