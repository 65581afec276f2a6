/**
 * `run --perfetto FILE [--from TIME] [--to TIME]`: the run's timeline (reports/perfetto/) in
 * the Chrome Trace Event format, written to FILE as the run goes (its folder created if
 * missing), so a long run's timeline never sits in memory. Opened before the run, so a bad path
 * fails at once; removed again if the run crashes. The timeline draws the run's I/O detail,
 * which the run is asked for (`detail`): it changes nothing else of the run.
 */
import { closeSync, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { parseDuration, type ModelTrace, type ResolvedScenario, type TraceDetail } from '../sim/index.ts';
import { PerfettoTimeline, TIMELINE_DETAIL, type RunSummary } from '../reports/perfetto/perfetto.ts';
import { CliError, errorReason } from './exit.ts';

export interface PerfettoFlags {
  readonly perfetto?: string;
  /** Simulated µs. */
  readonly from?: number;
  readonly to?: number;
}

/** `--from`/`--to`: a simulated time as a scenario file writes one (`1.5s`, `250ms`). */
export function simulatedTime(value: string): number {
  const parsed = parseDuration(value);
  if (!parsed.ok) throw new InvalidArgumentError(parsed.message);
  return parsed.value;
}

export interface PerfettoFile {
  /** The detail level to ask the run for (`runScenario`'s `detail`): the timeline draws it. */
  readonly detail: TraceDetail;
  /** For `runScenario`'s `watch`. */
  attach(trace: ModelTrace): void;
  /** Writes the end of the document and closes the file. */
  close(run: RunSummary): void;
  /** The run crashed: close and remove the file. */
  discard(): void;
}

/** Nothing to do without --perfetto; a usage error for --from or --to without it, or an empty window. */
export function openPerfetto(flags: PerfettoFlags, scenario: ResolvedScenario): PerfettoFile | undefined {
  const { perfetto: path, from, to } = flags;
  if (path === undefined) {
    if (from !== undefined || to !== undefined) throw new CliError('usage', '--from and --to bound the timeline of --perfetto FILE');
    return undefined;
  }
  if (from !== undefined && to !== undefined && to <= from) throw new CliError('usage', `--to must come after --from`);
  const fd = open(path);
  const write = (text: string): void => {
    try {
      writeSync(fd, text);
    } catch (error) {
      throw unwritable(path, error); // a full disk, not a simulator bug
    }
  };
  const timeline = new PerfettoTimeline(scenario, write, { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
  return {
    detail: TIMELINE_DETAIL,
    attach: (trace) => timeline.attach(trace),
    close: (run) => {
      try {
        timeline.close(run);
      } finally {
        closeSync(fd);
      }
    },
    discard: () => {
      closeSync(fd);
      unlinkSync(path);
    },
  };
}

function open(path: string): number {
  try {
    mkdirSync(dirname(path), { recursive: true });
    return openSync(path, 'w');
  } catch (error) {
    throw unwritable(path, error);
  }
}

function unwritable(path: string, error: unknown): CliError {
  return new CliError('unwritable', `${path}: cannot write (${errorReason(error)})`);
}
