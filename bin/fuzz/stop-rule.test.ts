/**
 * How a fuzz campaign decides to stop starting seeds, and what it says about how it ended.
 */
import { describe, expect, it } from 'vitest';
import { StopRule } from './stop-rule.ts';

/** A clock the test moves by hand. */
function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1000;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe('a campaign stop rule', () => {
  it('without --time or Ctrl-C never stops: the campaign ends when its seeds are all run', () => {
    const rule = new StopRule(undefined, clock().now);
    expect(rule.shouldStop()).toBe(false);
    expect([rule.cut, rule.end]).toEqual([false, 'all-seeds']);
  });

  it('with --time stops starting seeds once the time from the first seed is spent, and ends by time', () => {
    const c = clock();
    const rule = new StopRule(500, c.now);
    c.advance(3000); // the workers starting: not counted
    expect(rule.shouldStop()).toBe(false);
    c.advance(499);
    expect(rule.shouldStop()).toBe(false);
    expect(rule.timeLeftMs()).toBe(1);
    c.advance(1);
    expect(rule.shouldStop()).toBe(true);
    expect(rule.timeLeftMs()).toBe(0);
    expect([rule.cut, rule.end]).toEqual([true, 'time']);
  });

  it('ends by time only if the time ran out before the seeds did', () => {
    const c = clock();
    const rule = new StopRule(500, c.now);
    expect(rule.shouldStop()).toBe(false);
    c.advance(1000);
    expect(rule.end).toBe('all-seeds');
  });

  it('stops at once on Ctrl-C and ends interrupted, even after the time had stopped it', () => {
    const c = clock();
    const rule = new StopRule(500, c.now);
    expect(rule.shouldStop()).toBe(false);
    c.advance(600);
    expect(rule.shouldStop()).toBe(true);
    rule.interrupt();
    expect([rule.interrupted, rule.end]).toEqual([true, 'interrupted']);
  });

  it('after Ctrl-C stays stopped, and counts as cut only if the seed pass was asked afterwards', () => {
    const rule = new StopRule(undefined, clock().now);
    rule.interrupt();
    expect(rule.cut).toBe(false);
    expect(rule.shouldStop()).toBe(true);
    expect(rule.shouldStop()).toBe(true);
    expect(rule.cut).toBe(true);
  });
});
