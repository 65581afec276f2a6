/**
 * The scenario layer's public surface: parse a scenario file into the `ResolvedScenario`
 * contract (or every issue, placed at file:line:col), print issues, write the canonical form
 * back, and produce the JSON Schema for editors.
 */
export { parseScenario, type ParseOptions, type ParseResult } from './parse.ts';
export { formatIssue, type ScenarioIssue } from './issue.ts';
export { canonicalScenario, renderScenarioYaml } from './canonical.ts';
export { renderFaults, type FaultDocument } from './faults.ts';
export { renderScenarioJsonSchema, scenarioJsonSchema } from './json-schema.ts';
export type { ScenarioDocument } from './schema.ts';
export { DEFAULTS } from './defaults.ts';
export { azNames } from './cluster.ts';
export {
  formatBandwidth,
  formatDuration,
  formatRate,
  formatSize,
  parseBandwidth,
  parseDuration,
  parseRate,
  parseSize,
  type Parsed,
} from './units.ts';
