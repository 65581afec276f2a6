/**
 * The JSON Schema of scenario files, generated from the zod schema, for editors: with
 * `# yaml-language-server: $schema=./scenario.schema.json` at the top of a scenario, VS Code
 * completes keys, shows each field's description and default on hover and flags type errors.
 * Draft-07 for the widest editor support; the input side, so defaulted fields stay optional.
 * Cross-field rules cannot be expressed in it; `aurora-sim validate` checks those.
 *
 * `scenarios/scenario.schema.json` is this output, committed; a test fails when it is stale.
 */
import { z } from 'zod';
import { scenarioSchema } from './schema.ts';

export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, { target: 'draft-07', io: 'input' });
}

/** The committed file's exact text: 2-space indented, ending in a newline. */
export function renderScenarioJsonSchema(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
