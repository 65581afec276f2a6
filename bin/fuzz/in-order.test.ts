/**
 * Fuzz output follows the seed list, whatever order the worker threads finish in.
 */
import { describe, expect, it } from 'vitest';
import { InOrder } from './in-order.ts';

describe('InOrder', () => {
  it('holds early results back and emits each once every earlier one has been emitted', () => {
    const emitted: string[] = [];
    const inOrder = new InOrder<string>((index, value) => emitted.push(`${index}:${value}`));
    inOrder.add(2, 'c');
    inOrder.add(1, 'b');
    expect(emitted).toEqual([]);
    inOrder.add(0, 'a');
    expect(emitted).toEqual(['0:a', '1:b', '2:c']);
    inOrder.add(4, 'e');
    inOrder.add(3, 'd');
    expect(emitted).toEqual(['0:a', '1:b', '2:c', '3:d', '4:e']);
    expect(inOrder.emitted).toBe(5);
  });
});
