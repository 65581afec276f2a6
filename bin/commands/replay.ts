/**
 * `aurora-sim replay FILE (--to-event N | --until TIME)`: run a scenario deterministically up
 * to a point and print the last events up to it (`--last K`, default 20) and the state there,
 * folded from the trace alone (`reports/replay/`): the writer's host, epoch and recovery phase,
 * VCL and VDL, each PG's PGCL and membership, the segments, the active faults. Compact by
 * default; `-v` lists every segment; `--json` prints it all as one document.
 *
 * `aurora-sim replay --diff TRACE_A TRACE_B`: stream two `run --trace` files and print the
 * first event where they differ, from both sides, then the common events before it
 * (`--context K`, default 20) and the next few on each side (`replay/diff.ts`).
 *
 * Exit codes: replay 0, or 2 for bad input and for a point past the end of the run (which it
 * learns only by running there: the message says how many events the run has); `--diff` 0 when
 * the traces are identical, 1 when they differ, 2 for a file that is missing or not a trace.
 */
import { Option, type Command, InvalidArgumentError } from 'commander';
import { formatDuration, parseDuration, Topology, type ResolvedScenario } from '../../sim/index.ts';
import { timeLabel } from '../../reports/replay/event-line.ts';
import { replayJson } from '../../reports/replay/json.ts';
import { renderReplayText } from '../../reports/replay/text.ts';
import { CliError, ExitCode } from '../exit.ts';
import { collectSet, wholeNumber } from '../options.ts';
import { diffCommand } from '../replay/diff.ts';
import { runToPoint, type StopPoint } from '../replay/run-to-point.ts';
import { loadedOrStop, loadScenario } from '../scenario-file.ts';
import { print, printJson, type Session } from '../session.ts';
import { runReplay } from '../shell.ts';

export const REPLAY_DEFAULTS = { last: 20, context: 20 } as const;

export interface ReplayFlags {
  readonly seed?: number;
  readonly set: readonly string[];
  readonly point: StopPoint;
  readonly last: number;
}

interface ReplayOptions {
  seed?: number;
  set?: string[];
  toEvent?: number;
  until?: number;
  last?: number;
  diff?: boolean;
  context?: number;
}

export function defineReplay(
  command: Command,
  context: { readonly session: Session; readonly done: (code: ExitCode) => void },
): Command {
  return command
    .description('run a scenario to an event or a time and show the last events and the state there; --diff: where two traces part')
    .usage('<file> (--to-event <n> | --until <time>) [options]\n       aurora-sim replay --diff <trace-a> <trace-b> [--context <k>]')
    .argument('<files...>', 'scenario file (YAML or JSON); with --diff, two files written by run --trace')
    .option('--seed <n>', 'root seed (overrides the file)', wholeNumber)
    .option('--set <path=value>', 'override a field by its dotted path (repeatable)', collectSet)
    .addOption(new Option('--to-event <n>', 'stop after event N (0-based: line N+2 of a run --trace file)').argParser(wholeNumber).conflicts('until'))
    .option('--until <time>', 'stop at the last event at or before TIME, a duration such as 2.5s', untilTime)
    .option('--last <k>', `events to show up to the point (default ${REPLAY_DEFAULTS.last})`, wholeNumber)
    .option('--diff', 'compare two --trace files: the first event where they differ, then its context')
    .option('--context <k>', `with --diff: common events to show before the difference (default ${REPLAY_DEFAULTS.context})`, wholeNumber)
    .action((files: string[], opts: ReplayOptions) => {
      const { session, done } = context;
      if (opts.diff === true) {
        const [a, b] = diffFiles(files, opts);
        return done(diffCommand(session, a, b, opts.context ?? REPLAY_DEFAULTS.context));
      }
      done(replayCommand(session, replayFile(files, opts), {
        ...(opts.seed === undefined ? {} : { seed: opts.seed }),
        set: opts.set ?? [], point: stopPoint(opts), last: opts.last ?? REPLAY_DEFAULTS.last,
      }));
    });
}

export function replayCommand(session: Session, file: string, flags: ReplayFlags): ExitCode {
  const overrides = [...flags.set, ...(flags.seed === undefined ? [] : [`seed=${flags.seed}`])];
  const { scenario } = loadedOrStop(file, loadScenario(file, overrides));
  const { point } = flags;
  if ('untilUs' in point && point.untilUs > scenario.duration) {
    throw new CliError('out-of-range', `--until ${formatDuration(point.untilUs)} is past the end of the run (duration ${formatDuration(scenario.duration)})`);
  }
  const run = { source: file, replay: runReplay(file, scenario.seed, flags.set) };
  const { reached, state, events } = runToPoint(scenario, point, flags.last, run);
  if (!reached && 'toEvent' in point) {
    throw new CliError('out-of-range', `--to-event ${point.toEvent}: the run ended first, after event #${state.events - 1} at ${timeLabel(state.timeUs)} (${state.events} events)`);
  }
  const hostName = hostNames(scenario);
  if (session.flags.json) {
    printJson(session, replayJson({ scenario: scenario.name, seed: scenario.seed, file, point: pointJson(point), state, events, hostName }));
  } else {
    const asked = 'toEvent' in point ? `--to-event ${point.toEvent}` : `the last event at or before --until ${formatDuration(point.untilUs)}`;
    const view = { scenario: scenario.name, seed: scenario.seed, asked, state, events };
    print(session, renderReplayText(view, { chalk: session.color, verbose: session.flags.verbose, hostName }));
  }
  return ExitCode.ok;
}

/** `--until`: a duration as scenario files write them (`2.5s`, `1500ms`), in µs. */
function untilTime(value: string): number {
  const parsed = parseDuration(value);
  if (!parsed.ok) throw new InvalidArgumentError(parsed.message);
  return parsed.value;
}

function stopPoint(opts: ReplayOptions): StopPoint {
  if (opts.toEvent !== undefined) return { toEvent: opts.toEvent };
  if (opts.until !== undefined) return { untilUs: opts.until };
  throw usage('replay needs the point to stop at: --to-event N or --until TIME');
}

function replayFile(files: readonly string[], opts: ReplayOptions): string {
  if (opts.context !== undefined) throw usage('--context goes with --diff');
  if (files.length !== 1) throw usage(`replay takes one scenario file, got ${files.length} (to compare two traces, add --diff)`);
  return files[0]!;
}

function diffFiles(files: readonly string[], opts: ReplayOptions): [string, string] {
  const runFlags = (['seed', 'set', 'toEvent', 'until', 'last'] as const).filter((name) => opts[name] !== undefined);
  if (runFlags.length > 0) throw usage(`--diff compares two trace files; ${runFlags.map(flagName).join(', ')} ${runFlags.length === 1 ? 'does' : 'do'} not apply`);
  if (files.length !== 2) throw usage(`--diff takes two trace files, got ${files.length}`);
  return [files[0]!, files[1]!];
}

function flagName(name: string): string {
  return `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function usage(message: string): CliError {
  return new CliError('usage', message);
}

function pointJson(point: StopPoint) {
  return 'toEvent' in point ? { toEvent: point.toEvent } : { untilUs: point.untilUs };
}

/** Host ids as the trace gives them, with the names the model gives the hosts (`writer`, `replica-1`, `node-3`). */
function hostNames(scenario: ResolvedScenario): (host: number) => string | undefined {
  const c = scenario.cluster;
  const topology = new Topology({ ...c, writerAz: c.writerAz.charCodeAt(0) - 97 });
  return (host) => topology.hosts[host]?.name;
}
