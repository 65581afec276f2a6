/** The ring keeps the last K items of a stream, oldest first, in slots it makes once. */
import { describe, expect, it } from 'vitest';
import { Ring } from './ring.ts';

function pushAll(ring: Ring<{ n: number }>, values: readonly number[]): void {
  for (const n of values) {
    const slot = ring.next();
    if (slot !== undefined) slot.n = n;
  }
}

describe('Ring', () => {
  it('holds everything, in order, until it is full', () => {
    const ring = new Ring(4, () => ({ n: 0 }));
    pushAll(ring, [1, 2, 3]);
    expect(ring.items().map((s) => s.n)).toEqual([1, 2, 3]);
  });

  it('then keeps only the last K, oldest first, reusing the slots it made', () => {
    let made = 0;
    const ring = new Ring(3, () => ({ n: made++ }));
    pushAll(ring, [1, 2, 3, 4, 5, 6, 7]);
    expect(ring.items().map((s) => s.n)).toEqual([5, 6, 7]);
    expect(made).toBe(3);
  });

  it('holds nothing with room for nothing', () => {
    const ring = new Ring(0, () => ({ n: 0 }));
    expect(ring.next()).toBeUndefined();
    expect(ring.items()).toEqual([]);
  });
});
