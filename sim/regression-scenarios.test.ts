/**
 * Regression scenarios: each file in scenarios/regressions/ reproduces a defect that was
 * fixed, and states in its `expect:` block (and by holding every invariant) the behaviour the
 * fix restored; its `description:` says what it guards.
 */
import { describe } from 'vitest';
import { itBehavesAsExpected, scenarioFiles } from './testing/shipped-scenarios.ts';

describe('regression scenarios', () => {
  for (const file of scenarioFiles('regressions')) itBehavesAsExpected(file);
});
