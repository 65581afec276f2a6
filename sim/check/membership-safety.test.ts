/**
 * The membership-safety rule itself, on synthetic transitions: the paper's two-step changes
 * pass; skipping an epoch, or swapping two members in one step, fails.
 */
import { describe, expect, it } from 'vitest';
import { beginReplacement, completeReplacement, initialMembership } from '../quorum/membership.ts';
import { transitionProblem } from './membership-safety.ts';

const q = { write: 4, read: 3 };

describe('membership transitions', () => {
  const steady = initialMembership(6);
  const replacing = beginReplacement(steady, 5, 6);

  it('accepts beginning and completing a replacement', () => {
    expect(transitionProblem(steady, replacing, q)).toBeUndefined();
    expect(transitionProblem(replacing, completeReplacement(replacing, 5), q)).toBeUndefined();
  });

  it('rejects a step that raises the epoch by two', () => {
    expect(transitionProblem(steady, { ...replacing, epoch: 3 }, q)).toMatch(/went from 1 to 3/);
  });

  it('rejects swapping two members at once: old and new write sets can miss each other', () => {
    const swapped = { epoch: 2, base: 0b11001111, replacements: [] };
    expect(transitionProblem(steady, swapped, q)).toMatch(/misses/);
  });
});
