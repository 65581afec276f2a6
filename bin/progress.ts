/**
 * Progress on stderr (ARCHITECTURE.md §5.3), one module for every command that shows it:
 *
 *   run chaos  [#########---------------]  4.2 s of 15 s simulated  812k events/s  eta 11s
 *   sweep g    [######------------------]  30/120  ✗2  2.0 task/s  eta 45s
 *   fuzz chaos  412  ✗3  38.1 run/s  eta 95s          (bounded by --time alone: no total, no bar)
 *
 * Shown only on a terminal, never with --quiet or --json, and only once the work has taken a
 * second (what is over sooner needs none); redrawn in place at most ten times a second, and
 * erased before anything else is printed and at the end. Progress is for a person watching:
 * anywhere else it would end up in logs and captured output.
 *
 * The clock is the caller's (wall time, in ms), so tests drive it.
 */
import { HASHED_KINDS, type ModelTrace } from '../sim/index.ts';
import type { Session, Sink } from './session.ts';

const REDRAW_MS = 100;
const QUIET_MS = 1000;
const BAR_WIDTH = 24;

/** The mechanics shared by every progress line: where, when, how often, and erasing it. */
export class ProgressLine {
  private readonly sink: Sink | undefined;
  private readonly now: () => number;
  readonly startMs: number;
  private drawnAtMs = -Infinity;
  private drawn = false;

  constructor(session: Session, now: () => number) {
    const shown = session.stderr.isTTY === true && !session.flags.quiet && !session.flags.json;
    this.sink = shown ? session.stderr : undefined;
    this.now = now;
    this.startMs = now();
  }

  /** Whether anything will ever be drawn (off a terminal, callers can skip their bookkeeping). */
  get shown(): boolean {
    return this.sink !== undefined;
  }

  /** Draws `text(seconds since the start)`, unless it is too early or too soon after the last. */
  draw(text: (seconds: number) => string, last = false): void {
    if (this.sink === undefined) return;
    const t = this.now();
    if (t - this.startMs < QUIET_MS || (t - this.drawnAtMs < REDRAW_MS && !last)) return;
    this.drawnAtMs = t;
    this.sink.write(`\r\x1b[K${text((t - this.startMs) / 1000)}`);
    this.drawn = true;
  }

  /** Erases the line, so that what follows starts on a clean one. */
  clear(): void {
    if (this.sink !== undefined && this.drawn) this.sink.write('\r\x1b[K');
    this.drawn = false;
  }
}

export interface CountOptions {
  /** `fuzz chaos`, `sweep grid`. */
  readonly label: string;
  /** What is counted, per second: `run`, `task`. */
  readonly unit: string;
  /** May be Infinity (a fuzz bounded by time alone). */
  readonly total: number;
  /** Done before this session (a resumed sweep's), counted in the total but not in the rate. */
  readonly already?: number;
  /** How long work may still start, when that is bounded (fuzz --time), in ms. */
  readonly timeLeftMs?: () => number;
}

/** Progress of counted work: runs, seeds, tasks; `bad` counts those that were not ok. */
export class Progress {
  private readonly line: ProgressLine;
  private readonly options: CountOptions;

  constructor(session: Session, now: () => number, options: CountOptions) {
    this.line = new ProgressLine(session, now);
    this.options = options;
  }

  /** `done` of this session's work is finished, `bad` of it not ok. */
  update(done: number, bad: number): void {
    const { already = 0, total, timeLeftMs } = this.options;
    const last = already + done >= total;
    this.line.draw((seconds) => countText(this.options, { done, bad, seconds, timeLeftS: (timeLeftMs?.() ?? Infinity) / 1000 }), last);
  }

  clear(): void {
    this.line.clear();
  }
}

/** The text of counted progress, `seconds` into this session. */
export function countText(
  options: CountOptions,
  { done, bad, seconds, timeLeftS = Infinity }: { done: number; bad: number; seconds: number; timeLeftS?: number },
): string {
  const { label, unit, total, already = 0 } = options;
  const finished = already + done;
  const rate = seconds > 0 ? done / seconds : 0;
  const left = Math.min(rate > 0 ? (total - finished) / rate : Infinity, timeLeftS);
  const count = Number.isFinite(total) ? `${bar(finished / total)}  ${finished}/${total}` : `${finished}`;
  return `${label}  ${count}  ✗${bad}  ${rate.toFixed(1)} ${unit}/s${eta(left, finished < total)}`;
}

export interface RunProgressOptions {
  /** `run chaos`. */
  readonly label: string;
  /** The simulated time the run goes to, µs. */
  readonly durationUs: number;
}

/** Trace events between two looks at the wall clock: reading it costs more than an event. */
const EVENTS_PER_LOOK = 1024;

/**
 * Progress of one run in simulated time, read from the run's trace (`runScenario`'s `watch`):
 * how far it got, how many trace events it handles per second of wall time, and when it ends.
 */
export class RunProgress {
  private readonly line: ProgressLine;
  private readonly options: RunProgressOptions;
  private events = 0;

  constructor(session: Session, now: () => number, options: RunProgressOptions) {
    this.line = new ProgressLine(session, now);
    this.options = options;
  }

  /** Listens to every kind of event, when there is a terminal to draw on. */
  attach(trace: ModelTrace): void {
    if (!this.line.shown) return;
    const look = (time: number): void => {
      if (++this.events % EVENTS_PER_LOOK !== 0) return;
      this.line.draw((seconds) => runText(this.options, { simulatedUs: time, events: this.events, seconds }));
    };
    // Detail events (a timeline asks for them) would make a run look longer than it is.
    trace.on(Object.fromEntries(Object.keys(HASHED_KINDS).map((kind) => [kind, look])) as Parameters<ModelTrace['on']>[0]);
  }

  clear(): void {
    this.line.clear();
  }
}

/** The text of a run's progress, `seconds` into it. */
export function runText(
  { label, durationUs }: RunProgressOptions,
  { simulatedUs, events, seconds }: { simulatedUs: number; events: number; seconds: number },
): string {
  const speed = seconds > 0 ? simulatedUs / seconds : 0;
  const left = speed > 0 ? (durationUs - simulatedUs) / speed : Infinity;
  const rate = seconds > 0 ? events / seconds : 0;
  const reached = `${simulatedSeconds(simulatedUs)} of ${simulatedSeconds(durationUs)} simulated`;
  return `${label}  ${bar(simulatedUs / durationUs)}  ${reached}  ${thousands(rate)} events/s${eta(left, simulatedUs < durationUs)}`;
}

function bar(fraction: number): string {
  const filled = Math.max(0, Math.min(BAR_WIDTH, Math.floor(fraction * BAR_WIDTH)));
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
}

function eta(seconds: number, going: boolean): string {
  return going && Number.isFinite(seconds) ? `  eta ${Math.max(0, Math.ceil(seconds))}s` : '';
}

/** `4.2 s`, `15 s`: a tenth of a second is enough to watch. */
function simulatedSeconds(us: number): string {
  return `${Number((us / 1_000_000).toFixed(1))} s`;
}

/** `812k`, `1.2M`: a rate to read at a glance. */
function thousands(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${Math.round(n / 1e3)}k`;
  return `${Math.round(n)}`;
}
