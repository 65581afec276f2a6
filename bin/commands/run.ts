/**
 * `aurora-sim run FILE`: parse the scenario (with --seed and --set applied), run it, and show
 * the result as the text report or the `--json` document; optionally write the trace as JSON
 * Lines (`--trace FILE`, its folder created if missing; `--trace -` to stdout, which then carries
 * the trace alone: the report or the document goes to stderr), and the HTML report (`--report
 * FILE`, its folder created if missing; its timeline is recorded while the run goes).
 * `--trace-detail io` adds the run's I/O detail to that trace (lines outside the trace hash).
 * `--perfetto FILE` writes the run as a Perfetto timeline as it goes (bin/perfetto-file.ts), and
 * asks the run for the detail it draws (which changes nothing else of the run). With
 * --verbose the fully resolved scenario (every default filled in) goes to stderr first. The exit code is the verdict's: 0 ok, 1 failed, 3 inconclusive. Every run that does
 * not pass prints the one line that reproduces it, which is also what an internal error prints.
 */
import { closeSync, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { renderScenarioYaml, runScenario, type RunResult, type TraceDetail } from '../../sim/index.ts';
import { runJson } from '../../reports/json.ts';
import { renderText, summaryLine } from '../../reports/text.ts';
import { traceJsonLines } from '../../reports/trace-jsonl.ts';
import { TimelineRecorder } from '../../reports/timeline/timeline.ts';
import type { CiFlags } from '../ci/options.ts';
import { prepareCiOutputs, writeCiOutputs, writeCiOutputsAfterCrash } from '../ci/outputs.ts';
import { runCrashReport, runReport } from '../ci/run-report.ts';
import { CliError, errorReason, ExitCode, VERDICT_EXIT } from '../exit.ts';
import { prepareReportPath, writeRunReport } from '../report-file.ts';
import { loadedOrStop, loadScenario } from '../scenario-file.ts';
import { info, print, printJson, report, type Session } from '../session.ts';
import { runReplay } from '../shell.ts';
import { RunProgress } from '../progress.ts';
import { openPerfetto, type PerfettoFlags } from '../perfetto-file.ts';

export interface RunFlags extends CiFlags, PerfettoFlags {
  readonly seed?: number;
  readonly set: readonly string[];
  readonly trace?: string;
  /** A detail level to add to the --trace file. */
  readonly traceDetail?: TraceDetail;
  /** Where to write the HTML report. */
  readonly report?: string;
}

/** The detail levels `--trace-detail` takes. */
export const TRACE_DETAILS: readonly TraceDetail[] = ['io'];

export function runCommand(session: Session, file: string, flags: RunFlags, tool: { version: string }): ExitCode {
  if (flags.traceDetail !== undefined && flags.trace === undefined) throw new CliError('usage', '--trace-detail adds to the trace of --trace FILE');
  const overrides = [...flags.set, ...(flags.seed === undefined ? [] : [`seed=${flags.seed}`])];
  const loaded = loadedOrStop(file, loadScenario(file, overrides));

  const replay = runReplay(file, loaded.scenario.seed, flags.set);
  session.reproduce = replay;
  if (session.flags.verbose) info(session, `# resolved scenario\n${renderScenarioYaml(loaded.canonical).trimEnd()}\n`);
  const timeline = openPerfetto(flags, loaded.scenario);
  const toStdout = flags.trace === STDOUT;
  const trace = flags.trace === undefined || toStdout ? undefined : { path: flags.trace, fd: openForWriting(flags.trace) };
  prepareCiOutputs(flags);
  const html = flags.report === undefined ? undefined : { path: prepareReportPath(flags.report), recorder: new TimelineRecorder(loaded.scenario) };
  const ci = { file, sets: flags.set, text: loaded.text };
  const started = performance.now();
  const progress = new RunProgress(session, () => performance.now(), { label: `run ${loaded.scenario.name}`, durationUs: loaded.scenario.duration });
  let result: RunResult;
  try {
    const detail = flags.traceDetail ?? timeline?.detail;
    result = runScenario(loaded.scenario, {
      source: file, replay, keepTrace: flags.trace !== undefined,
      ...(detail === undefined ? {} : { detail }), detailLines: flags.traceDetail !== undefined,
      watch: (trace) => {
        html?.recorder.watch(trace);
        timeline?.attach(trace);
        progress.attach(trace);
      },
    });
  } catch (error) {
    progress.clear();
    if (trace !== undefined) discard(trace.fd, trace.path);
    timeline?.discard();
    const run = { name: loaded.scenario.name, seed: loaded.scenario.seed, replay };
    writeCiOutputsAfterCrash(session, flags, runCrashReport(ci, run, error, performance.now() - started));
    throw error;
  }
  progress.clear();
  timeline?.close(result);
  const detailed = flags.traceDetail !== undefined;
  if (trace !== undefined) writeTrace((chunk) => writeSync(trace.fd, chunk), trace.path, result, detailed, () => closeSync(trace.fd));
  if (toStdout) writeTrace((chunk) => session.stdout.write(chunk), 'stdout', result, detailed, () => {});
  if (html !== undefined) {
    writeRunReport(html.path, { result, timeline: html.recorder.timeline(result), scenarioYaml: renderScenarioYaml(loaded.canonical), tool });
  }

  show(toStdout ? reportingOnStderr(session) : session, result, tool);
  writeCiOutputs(session, flags, runReport(ci, result, performance.now() - started));
  return VERDICT_EXIT[result.verdict];
}

/** `--trace -`: the trace goes to stdout. */
const STDOUT = '-';

/** The session with stdout, and its colour, replaced by stderr's: stdout is the trace's. */
function reportingOnStderr(session: Session): Session {
  return { ...session, stdout: session.stderr, color: session.errColor };
}

function show(session: Session, result: RunResult, tool: { version: string }): void {
  const { json, quiet } = session.flags;
  if (json) printJson(session, runJson(result, tool));
  else if (!quiet) print(session, renderText(result, { chalk: session.color }));
  if (result.verdict === 'ok' || (!json && !quiet)) return;
  // The report already ends with the reproduce line; JSON and --quiet still need it on stderr.
  report(session, summaryLine(result));
  report(session, `reproduce: ${result.replay}`);
}

/**
 * Opened before the run, so a bad output path fails in a moment rather than after the run; a
 * missing folder is created (`--trace out/x.jsonl` in a fresh checkout).
 */
function openForWriting(path: string): number {
  try {
    mkdirSync(dirname(path), { recursive: true });
    return openSync(path, 'w');
  } catch (error) {
    throw unwritable(path, error);
  }
}

const CHUNK_CHARS = 1 << 20;

function writeTrace(write: (chunk: string) => unknown, path: string, result: RunResult, detail: boolean, close: () => void): void {
  try {
    let chunk = '';
    for (const line of traceJsonLines(result, { detail })) {
      chunk += line;
      if (chunk.length >= CHUNK_CHARS) {
        write(chunk);
        chunk = '';
      }
    }
    if (chunk !== '') write(chunk);
  } catch (error) {
    throw unwritable(path, error); // a full disk or a closed pipe, not a simulator bug
  } finally {
    close();
  }
}

function unwritable(path: string, error: unknown): CliError {
  return new CliError('unwritable', `${path}: cannot write (${errorReason(error)})`);
}

function discard(fd: number, path: string): void {
  closeSync(fd);
  unlinkSync(path);
}
