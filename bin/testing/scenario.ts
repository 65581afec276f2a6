/**
 * A scenario for the commands' tests, from its text: the parsed scenario, or an error with the
 * parser's messages when the text is not valid (a mistake in the test, not a case it checks).
 */
import { parseScenario, type ResolvedScenario } from '../../sim/index.ts';

export function scenarioFromText(text: string, file = 'test.yaml'): ResolvedScenario {
  const parsed = parseScenario(text, { file });
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('; '));
  return parsed.scenario;
}
