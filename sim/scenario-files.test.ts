/**
 * Golden behaviour of the shipped scenarios: every file in scenarios/ parses, its run meets its
 * own `expect:` block, no invariant breaks that it does not name, and its verdict, trace hash
 * and key figures are those scenarios/golden.json pins. This is the regression net over the
 * scenarios users start from. (Negative ones: negative-scenarios.test.ts.)
 */
import { describe } from 'vitest';
import { itBehavesAsExpected, scenarioFiles } from './testing/shipped-scenarios.ts';

describe('shipped scenarios', () => {
  for (const file of scenarioFiles('scenarios')) itBehavesAsExpected(file);
});
