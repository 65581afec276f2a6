import { describe, expect, it } from 'vitest';
import { Envelopes } from './envelopes.ts';

describe('Envelopes', () => {
  it('keeps each message and its addressing under its own slot', () => {
    const envelopes = new Envelopes(2);
    const a = envelopes.take(1, 2, 300, 'a', 7);
    const b = envelopes.take(3, 4, 5e10, 'b', 0);
    expect([envelopes.from[a], envelopes.to[a], envelopes.bytes[a], envelopes.message[a], envelopes.incarnation[a]]).toEqual([1, 2, 300, 'a', 7]);
    expect([envelopes.from[b], envelopes.to[b], envelopes.bytes[b], envelopes.message[b]]).toEqual([3, 4, 5e10, 'b']);
  });

  it('grows past its initial capacity without losing messages in flight', () => {
    const envelopes = new Envelopes(2);
    const slots = Array.from({ length: 100 }, (_, i) => envelopes.take(i, i + 1, i, `m${i}`, i));
    expect(new Set(slots).size).toBe(100);
    slots.forEach((slot, i) => expect([envelopes.from[slot], envelopes.message[slot]]).toEqual([i, `m${i}`]));
    expect(envelopes.inFlight).toBe(100);
  });

  it('reuses released slots and lets go of their messages', () => {
    const envelopes = new Envelopes(4);
    const first = envelopes.take(0, 1, 10, { big: true }, 0);
    envelopes.release(first);
    expect(envelopes.message[first]).toBeUndefined();
    expect(envelopes.take(0, 1, 10, 'again', 0)).toBe(first);
    expect(envelopes.inFlight).toBe(1);
  });
});
