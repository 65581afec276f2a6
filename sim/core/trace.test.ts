/**
 * Trace: the hash is the SHA-256 of the canonical lines, byte for byte what the template
 * literals `${time} ${kind} ${a} ...\n` and `${time} ${kind} ${text}\n` give, UTF-8 encoded.
 * That holds for zero to five fields, for integers of any size and sign, for numbers that are
 * not safe integers (which print as `String(n)`: -0 as 0, 2**60 rounded, 1e21 in exponent form,
 * fractions, NaN, Infinity), for text events in any script, and across the chunks in which the
 * lines are hashed (a 200k-event run against a reference that builds the strings). Kept lines,
 * the count, handlers (named fields, order, the shared fields object, re-entry) and the errors
 * (undeclared kind, the wrong emit for a kind, emit after finish, multi-line text; and at compile
 * time, kinds and fields the table does not declare) behave as documented. Detail events reach
 * their handlers only when asked, and never the hash or the count (nor the lines, unless asked).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Trace, type TraceKinds } from './trace.ts';

/** Typed loosely: these tests emit every kind with up to five numbers, as the line writer sees them. */
const KINDS: TraceKinds = {
  tick: [],
  one: ['a'],
  two: ['a', 'b'],
  three: ['a', 'b', 'c'],
  four: ['a', 'b', 'c', 'd'],
  five: ['a', 'b', 'c', 'd', 'e'],
  'ünï.kind': ['a'],
  fault: 'text',
  'ünï.text': 'text',
};
const NAMES = ['tick', 'one', 'two', 'three', 'four', 'five'] as const;

/** Typed: handlers read these by name. */
const NAMED = { pair: ['x', 'y'], none: [], other: ['v'], note: 'text' } as const satisfies TraceKinds;

type Fields = readonly [number?, number?, number?, number?, number?];

/** The line as the original template-literal implementation printed it (with its newline). */
function referenceLine(time: number, kind: string, fields: Fields): string {
  const [a = 0, b = 0, c = 0, d = 0, e = 0] = fields;
  switch (KINDS[kind]?.length) {
    case 0: return `${time} ${kind}\n`;
    case 1: return `${time} ${kind} ${a}\n`;
    case 2: return `${time} ${kind} ${a} ${b}\n`;
    case 3: return `${time} ${kind} ${a} ${b} ${c}\n`;
    case 4: return `${time} ${kind} ${a} ${b} ${c} ${d}\n`;
    default: return `${time} ${kind} ${a} ${b} ${c} ${d} ${e}\n`;
  }
}

function sha256(lines: readonly string[]): string {
  return createHash('sha256').update(lines.join('')).digest('hex');
}

/** A trace, its clock, and the reference lines of everything emitted through `emit`/`text`. */
function recorder(keepLines = false) {
  const clock = { now: 0 };
  const trace = new Trace(clock, KINDS, { keepLines });
  const expected: string[] = [];
  return {
    clock, trace, expected,
    emit(time: number, kind: string, ...fields: Fields): void {
      clock.now = time;
      trace.emit(kind, ...fields);
      expected.push(referenceLine(time, kind, fields));
    },
    text(time: number, kind: string, text: string): void {
      clock.now = time;
      trace.emitText(kind, text);
      expected.push(`${time} ${kind} ${text}\n`);
    },
  };
}

/** Emits each value as the time and as every field of a five-field event; checks the hash. */
function expectPrintedAsString(values: readonly number[]): void {
  const r = recorder(true);
  for (const v of values) {
    r.emit(v, 'one', v);
    r.emit(7, 'five', v, -v, v, 0, v);
  }
  expect(r.trace.finish()).toBe(sha256(r.expected));
  expect(r.trace.keptLines()).toEqual(r.expected.map((line) => line.slice(0, -1)));
}

describe('Trace canonical lines', () => {
  it('prints zero, one and five fields', () => {
    const r = recorder();
    r.emit(5, 'tick');
    r.emit(6, 'one', 42);
    r.emit(7, 'five', 1, 22, 333, 4444, 55555);
    expect(r.expected).toEqual(['5 tick\n', '6 one 42\n', '7 five 1 22 333 4444 55555\n']);
    expect(r.trace.finish()).toBe(sha256(r.expected));
  });

  it('prints every arity, with unused fields ignored and missing ones as 0', () => {
    const r = recorder();
    for (const kind of NAMES) r.emit(1, kind, 9, 8, 7, 6, 5);
    r.emit(2, 'three', 1);
    r.emit(3, 'ünï.kind', 4);
    expect(r.expected.slice(-2)).toEqual(['2 three 1 0 0\n', '3 ünï.kind 4\n']);
    expect(r.trace.finish()).toBe(sha256(r.expected));
  });

  it('prints integers of every length, up to Number.MAX_SAFE_INTEGER', () => {
    const values: number[] = [0, 9, 10, 99, 100, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 1e15 - 1, 1e15];
    for (let power = 1; power <= 1e15; power *= 10) values.push(power - 1, power, power + 1);
    values.push(Number.MAX_SAFE_INTEGER - 10, Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER);
    expectPrintedAsString(values);
  });

  it('prints every digit pair in every position, below and above 2^31', () => {
    // Digits go out two per division: a fixed LCG walks mantissas of every length, so each
    // pair 00-99 lands in each position of both the 32-bit and the large-number path.
    const values: number[] = [];
    let x = 12_345;
    for (let i = 0; i < 20_000; i++) {
      x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0;
      const digits = 1 + (i % 16);
      values.push(Math.floor((x / 4_294_967_296) * 10 ** digits));
    }
    expectPrintedAsString(values);
  });

  it('prints integers beyond the safe range as String does (rounded, or in exponent form)', () => {
    expect([String(2 ** 60), String(1e21)]).toEqual(['1152921504606847000', '1e+21']);
    expectPrintedAsString([2 ** 53, 2 ** 53 + 2, 2 ** 60, 2 ** 64, 1e20, 1e21, 1.5e300, Number.MAX_VALUE]);
  });

  it('prints negative numbers with a minus sign', () => {
    expectPrintedAsString([-1, -9, -10, -12345, -(2 ** 31), -(2 ** 31) - 1, -Number.MAX_SAFE_INTEGER, -(2 ** 60), -1e21]);
  });

  it('prints -0 as 0, like String(-0)', () => {
    const r = recorder();
    r.emit(-0, 'two', -0, 0);
    expect(r.expected).toEqual(['0 two 0 0\n']);
    expect(r.trace.finish()).toBe(sha256(r.expected));
  });

  it('prints fractions, NaN and the infinities as String does', () => {
    expectPrintedAsString([0.5, -0.25, 1 / 3, 123.456, 1e-6, 1.234e-7, 5e-324, -1e-300, 2 ** 31 + 0.5]);
    expectPrintedAsString([NaN, Infinity, -Infinity]);
  });

  it('hashes text events as UTF-8, including non-ASCII and unpaired surrogates', () => {
    const r = recorder(true);
    r.emit(1, 'two', 3, 4);
    r.text(2, 'fault', 'start crash ünïcødé 日本語 🙂');
    r.text(3, 'fault', 'odd \ud800 surrogate');
    r.text(4, 'ünï.text', 'end');
    r.emit(5, 'tick');
    expect(r.trace.finish()).toBe(sha256(r.expected));
    expect(r.trace.keptLines()).toEqual(r.expected.map((line) => line.slice(0, -1)));
  });

  it('hashes lines longer than a chunk: text events and kind names', () => {
    const r = recorder();
    r.emit(1, 'one', 1);
    r.text(2, 'fault', 'é'.repeat(70_000));
    r.emit(3, 'one', 3);
    const kind = `k${'x'.repeat(70_000)}`;
    const clock = { now: 4 };
    const long = new Trace(clock, { ...KINDS, [kind]: ['a'] }, { keepLines: false });
    long.emit('one', 1);
    long.emit(kind, 5);
    long.emit('one', 2);
    expect(r.trace.finish()).toBe(sha256(r.expected));
    expect(long.finish()).toBe(sha256(['4 one 1\n', `4 ${kind} 5\n`, '4 one 2\n']));
  });

  it('matches the reference over 200k mixed events (many chunk boundaries)', () => {
    const r = recorder(true);
    let seed = 12345;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const value = (): number => {
      const x = next();
      switch (x % 8) {
        case 0: return x % 10;
        case 1: return -(x % 100_000);
        case 2: return x * 4096 + (x % 4096);
        case 3: return x / 7;
        default: return x;
      }
    };
    let time = 0;
    for (let i = 0; i < 200_000; i++) {
      time += next() % 50;
      if (i % 9973 === 0) r.text(time, 'fault', `event ${i} ü`);
      else r.emit(time, NAMES[i % NAMES.length]!, value(), value(), value(), value(), value());
    }
    expect(r.expected.join('').length).toBeGreaterThan(20 * 65_536);
    expect(r.trace.count).toBe(200_000);
    expect(r.trace.finish()).toBe(sha256(r.expected));
    expect(r.trace.keptLines()).toEqual(r.expected.map((line) => line.slice(0, -1)));
  });

  it('hashes nothing to the SHA-256 of the empty string', () => {
    expect(recorder().trace.finish()).toBe(sha256([]));
  });
});

describe('Trace behaviour', () => {
  it('counts events, keeps lines only on request, and finish() is idempotent', () => {
    const r = recorder();
    r.emit(1, 'one', 1);
    r.text(2, 'fault', 'x');
    expect(r.trace.count).toBe(2);
    expect(r.trace.keptLines()).toBeUndefined();
    const digest = r.trace.finish();
    expect(r.trace.finish()).toBe(digest);
  });

  it('hands each handler its fields by name, and a textual kind its text', () => {
    const trace = new Trace({ now: 5 }, NAMED, { keepLines: false });
    const seen: string[] = [];
    trace.on({
      pair: (time, { x, y }) => seen.push(`${time} pair x=${x} y=${y}`),
      none: (time) => seen.push(`${time} none`),
      note: (time, { text }) => seen.push(`${time} note ${text}`),
    });
    trace.emit('pair', 1.5, -0);
    trace.emit('none');
    trace.emit('other', 3);
    trace.emitText('note', 'hello');
    expect(seen).toEqual(['5 pair x=1.5 y=0', '5 none', '5 note hello']);
  });

  it('calls many handlers in subscription order, also ones added between emits', () => {
    const clock = { now: 1 };
    const trace = new Trace(clock, NAMED, { keepLines: false });
    const calls: string[] = [];
    for (let i = 0; i < 12; i++) trace.on({ other: (time, { v }) => calls.push(`${i}:${time}:${v}`) });
    trace.emit('other', 7);
    trace.on({ other: (time, { v }) => calls.push(`late:${time}:${v}`) });
    clock.now = 2;
    trace.emit('other', 8);
    expect(calls).toEqual([
      ...Array.from({ length: 12 }, (_, i) => `${i}:1:7`),
      ...Array.from({ length: 12 }, (_, i) => `${i}:2:8`),
      'late:2:8',
    ]);
  });

  it('keeps the handlers of two traces in one process apart, though their dispatchers share code', () => {
    const make = (tag: string, calls: string[]) => {
      const trace = new Trace({ now: 0 }, NAMED, { keepLines: false });
      trace.on({ pair: (_t, { x }) => calls.push(`${tag}${x}`), other: (_t, { v }) => calls.push(`${tag}v${v}`) });
      trace.on({ pair: (_t, { y }) => calls.push(`${tag}y${y}`) });
      return trace;
    };
    const first: string[] = [];
    const second: string[] = [];
    const a = make('a', first);
    const b = make('b', second);
    a.emit('pair', 1, 2);
    b.emit('pair', 3, 4);
    b.emit('other', 5);
    a.emit('pair', 6, 7);
    expect(first).toEqual(['a1', 'ay2', 'a6', 'ay7']);
    expect(second).toEqual(['b3', 'by4', 'bv5']);
  });

  it('hands the handlers of a kind one fields object, written over by its next event: copy what you keep', () => {
    const trace = new Trace({ now: 0 }, NAMED, { keepLines: false });
    const objects: object[] = [];
    trace.on({ pair: (_time, fields) => void objects.push(fields) });
    trace.emit('pair', 1, 2);
    trace.emit('pair', 3, 4);
    expect(objects[0]).toBe(objects[1]);
    expect(objects[0]).toEqual({ x: 3, y: 4 });
  });

  it('gives an event emitted by a handler of its own kind its own fields, so later handlers still read theirs', () => {
    const trace = new Trace({ now: 0 }, NAMED, { keepLines: false });
    const seen: string[] = [];
    trace.on({
      pair: (_time, { x }) => {
        if (x === 1) trace.emit('pair', 2, 20);
      },
    });
    trace.on({ pair: (_time, { x, y }) => seen.push(`${x},${y}`) });
    trace.emit('pair', 1, 10);
    trace.emit('pair', 3, 30);
    expect(seen).toEqual(['2,20', '1,10', '3,30']);
  });

  it('names fields exactly, whatever characters they have', () => {
    const odd = 'quote" back\\slash \' new\nline ${x}';
    const trace = new Trace({ now: 5 }, { [odd]: [odd, 'b'] } as const, { keepLines: false });
    const seen: unknown[] = [];
    trace.on({ [odd]: (_time: number, fields: object) => seen.push({ ...fields }) } as never);
    trace.emit(odd, 1, 2);
    expect(seen).toEqual([{ [odd]: 1, b: 2 }]);
  });

  it('rejects undeclared kinds, the wrong emit for a kind, emits after finish and multi-line text', () => {
    const r = recorder();
    const named = new Trace({ now: 0 }, NAMED, { keepLines: false });
    expect(() => r.trace.emit('nope', 1)).toThrow("trace: undeclared event kind 'nope'");
    expect(() => r.trace.emitText('nope', 'x')).toThrow("trace: undeclared event kind 'nope'");
    expect(() => named.on({ nope: () => {} } as never)).toThrow("trace: undeclared event kind 'nope'");
    expect(() => r.trace.emit('fault', 1)).toThrow("trace: 'fault' is a textual kind: emit cannot emit it");
    expect(() => r.trace.emitText('one', 'x')).toThrow("trace: 'one' is an integer kind: emitText cannot emit it");
    expect(() => r.trace.emitText('fault', 'a\nb')).toThrow('trace: text events are one line');
    expect(r.trace.count).toBe(0);
    r.trace.finish();
    expect(() => r.trace.emit('one', 1)).toThrow('trace: emit after finish');
    expect(() => r.trace.emitText('fault', 'x')).toThrow('trace: emit after finish');
    expect(() => r.trace.emit('nope')).toThrow("trace: undeclared event kind 'nope'");
    expect(r.trace.count).toBe(0);
  });

  it('rejects a table with more than five fields to a kind, or a field named t or kind', () => {
    const clock = { now: 0 };
    expect(() => new Trace(clock, { six: ['a', 'b', 'c', 'd', 'e', 'f'] }, { keepLines: false }))
      .toThrow("trace: kind 'six' declares more than 5 fields");
    expect(() => new Trace(clock, { x: ['a', 't'] }, { keepLines: false })).toThrow("trace: kind 'x' declares the reserved field name 't'");
    expect(() => new Trace(clock, { x: ['kind'] }, { keepLines: false })).toThrow("trace: kind 'x' declares the reserved field name 'kind'");
  });

  it('rejects at compile time what the table does not declare (each line below must not type-check)', () => {
    const trace = new Trace({ now: 0 }, NAMED, { keepLines: false });
    // @ts-expect-error: no kind 'pear'
    expect(() => trace.on({ pear: () => {} })).toThrow("undeclared event kind 'pear'");
    // @ts-expect-error: 'pair' has no field 'z'
    trace.on({ pair: (_time, { z }) => void z });
    // @ts-expect-error: 'pair' has two fields
    trace.emit('pair', 1);
    // @ts-expect-error: 'pair' has two fields
    trace.emit('pair', 1, 2, 3);
    // @ts-expect-error: 'note' is textual
    expect(() => trace.emit('note', 1)).toThrow('textual kind');
    // @ts-expect-error: 'pair' is not
    expect(() => trace.emitText('pair', 'x')).toThrow('integer kind');
    const loose: Trace = new Trace({ now: 0 }, KINDS, { keepLines: false });
    // @ts-expect-error: a trace whose table is not known has no handlers
    loose.on({ one: () => {} });
  });
});

/** A table with one detail kind, `probe`. */
const DETAILED = { pair: ['x', 'y'], probe: ['node', 'depth'], note: 'text' } as const satisfies TraceKinds;
const PROBE: ReadonlySet<string> = new Set(['probe']);

function detailed(options: { detail: boolean; detailLines?: boolean; keepLines?: boolean; onLine?: (line: string) => void }) {
  const clock = { now: 0 };
  const trace = new Trace<typeof DETAILED, 'probe'>(clock, DETAILED, { keepLines: false, ...options, detailKinds: PROBE });
  const seen: string[] = [];
  trace.on({ probe: (time, { node, depth }) => seen.push(`${time} probe ${node} ${depth}`), pair: (time, { x }) => seen.push(`${time} pair ${x}`) });
  const run = (): void => {
    trace.emit('pair', 1, 2);
    clock.now = 3;
    if (trace.detailed) trace.emitDetail('probe', 4, 5);
    trace.emitDetail('probe', 6, 7);
    trace.emit('pair', 8, 9);
  };
  return { trace, seen, run };
}

describe('Trace detail', () => {
  it('hands detail events to their handlers, in order with the others, but never to the hash, the count or the lines', () => {
    const plain = detailed({ detail: false, keepLines: true });
    const rich = detailed({ detail: true, keepLines: true });
    plain.run();
    rich.run();
    expect(rich.seen).toEqual(['0 pair 1', '3 probe 4 5', '3 probe 6 7', '3 pair 8']);
    expect(plain.seen).toEqual(['0 pair 1', '3 pair 8']);
    expect(rich.trace.count).toBe(2);
    expect(rich.trace.keptLines()).toEqual(['0 pair 1 2', '3 pair 8 9']);
    expect(rich.trace.finish()).toBe(plain.trace.finish());
  });

  it('makes detail events lines too when asked, still outside the hash', () => {
    const streamed: string[] = [];
    const withLines = detailed({ detail: true, detailLines: true, keepLines: true, onLine: (line) => streamed.push(line) });
    const without = detailed({ detail: true });
    withLines.run();
    without.run();
    expect(withLines.trace.keptLines()).toEqual(['0 pair 1 2', '3 probe 4 5', '3 probe 6 7', '3 pair 8 9']);
    expect(streamed).toEqual(withLines.trace.keptLines());
    expect(withLines.trace.finish()).toBe(without.trace.finish());
  });

  it('keeps detail kinds and the others to their own emits, and no emit after finish', () => {
    const { trace } = detailed({ detail: true });
    // @ts-expect-error: 'probe' is a detail kind
    expect(() => trace.emit('probe', 1, 2)).toThrow("trace: 'probe' is a detail kind: emit cannot emit it");
    // @ts-expect-error: 'pair' is not
    expect(() => trace.emitDetail('pair', 1, 2)).toThrow("trace: 'pair' is not a detail kind: emitDetail cannot emit it");
    // @ts-expect-error: no kind 'prob'
    expect(() => trace.emitDetail('prob', 1, 2)).toThrow("trace: undeclared event kind 'prob'");
    trace.finish();
    expect(() => trace.emitDetail('probe', 1, 2)).toThrow('trace: emit after finish');
  });
});
