/**
 * A shipped scenario run with the timeline recorder watching, for the timeline and report
 * tests: the scenario file with `--set`-style overrides, as `run` would run it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseScenario, renderScenarioYaml, runScenario, type RunResult } from '../../../sim/index.ts';
import { TimelineRecorder, type Timeline } from '../timeline.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface RecordedRun {
  readonly result: RunResult;
  readonly timeline: Timeline;
  readonly scenarioYaml: string;
}

export function recordedRun(file: string, overrides: readonly string[] = []): RecordedRun {
  const parsed = parseScenario(readFileSync(`${ROOT}${file}`, 'utf8'), { file, overrides });
  if (!parsed.ok) throw new Error(`${file}: ${parsed.issues.map((i) => i.message).join('; ')}`);
  const recorder = new TimelineRecorder(parsed.scenario);
  const replay = ['npx aurora-sim run', file, ...overrides.map((o) => `--set '${o}'`)].join(' ');
  const result = runScenario(parsed.scenario, { source: file, replay, keepTrace: false, watch: recorder.watch });
  return { result, timeline: recorder.timeline(result), scenarioYaml: renderScenarioYaml(parsed.canonical) };
}

/** az-outage.yaml cut down: AZ b dark from 2 s to 4 s of a 5 s run at 1,000 commits/s. */
export const SHORT_AZ_OUTAGE = ['duration=5s', 'workload.rate=1000/s', 'faults=[{at: 2s, kind: az-outage, target: "az:b", for: 2s}]', 'expect={}'];
