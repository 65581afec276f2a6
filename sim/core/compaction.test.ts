import { describe, expect, it } from 'vitest';
import { shouldCompact } from './compaction.ts';

describe('shouldCompact: a FIFO array is compacted once its head is past half of it and past a small minimum', () => {
  it('waits while the head is in the first half, however long the array', () => {
    expect(shouldCompact(500, 1000)).toBe(false);
    expect(shouldCompact(501, 1000)).toBe(true);
  });

  it('leaves short queues alone: a head of a few entries is not worth a copy', () => {
    expect(shouldCompact(8, 9)).toBe(false);
    expect(shouldCompact(32, 33)).toBe(false);
    expect(shouldCompact(33, 34)).toBe(true);
  });

  it('copies at most one element per pop: a queue holding 50 through 100,000 push-pop pairs', () => {
    let length = 50;
    let head = 0;
    let copied = 0;
    for (let i = 0; i < 100_000; i++) {
      length++;
      head++;
      if (shouldCompact(head, length)) {
        copied += length - head;
        length -= head;
        head = 0;
      }
    }
    expect(copied).toBeGreaterThan(0);
    expect(copied).toBeLessThanOrEqual(100_000);
  });
});
