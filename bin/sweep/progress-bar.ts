/**
 * The progress bar of a sweep on stderr (ARCHITECTURE.md §5.3), redrawn in place at most ten
 * times a second: `sweep quorum-grid  [########------------]  412/1000  ✗3  38.1 task/s  eta 15s`.
 * Only on a terminal, and never with --quiet or --json: progress is for a person watching, and
 * would otherwise end up in logs and captured output (a scheduler's job log above all).
 * `✗` counts the tasks that were not ok so far. The rate and the ETA count only this run's
 * tasks, so a resumed sweep does not look faster than it is.
 */
import type { Session, Sink } from '../session.ts';

const REDRAW_MS = 100;
const WIDTH = 24;

export class ProgressBar {
  private readonly sink: Sink | undefined;
  private readonly label: string;
  /** Tasks done before this run (a resumed sweep's), counted in the bar but not in the rate. */
  private readonly already: number;
  private readonly total: number;
  private readonly now: () => number;
  private readonly startMs: number;
  private drawnAtMs = -Infinity;
  private drawn = false;

  constructor(session: Session, label: string, counts: { already: number; total: number }, now: () => number) {
    const shown = session.stderr.isTTY === true && !session.flags.quiet && !session.flags.json;
    this.sink = shown ? session.stderr : undefined;
    this.label = label;
    this.already = counts.already;
    this.total = counts.total;
    this.now = now;
    this.startMs = now();
  }

  /** `done` tasks of this run finished, `bad` of them not ok. */
  update(done: number, bad: number): void {
    if (this.sink === undefined) return;
    const t = this.now();
    const finished = this.already + done;
    if (t - this.drawnAtMs < REDRAW_MS && finished < this.total) return;
    this.drawnAtMs = t;
    this.sink.write(`\r\x1b[K${progressLine(this.label, finished, this.total, bad, done, (t - this.startMs) / 1000)}`);
    this.drawn = true;
  }

  /** Erases the bar, so that what follows starts on a clean line. */
  clear(): void {
    if (this.sink !== undefined && this.drawn) this.sink.write('\r\x1b[K');
    this.drawn = false;
  }
}

/** The bar's text: `finished` of `total` tasks, `ranNow` of them in `seconds` of this run. */
export function progressLine(label: string, finished: number, total: number, bad: number, ranNow: number, seconds: number): string {
  const filled = total === 0 ? WIDTH : Math.floor((finished / total) * WIDTH);
  const bar = '#'.repeat(filled) + '-'.repeat(WIDTH - filled);
  const rate = seconds > 0 ? ranNow / seconds : 0;
  const eta = rate > 0 && finished < total ? `  eta ${Math.ceil((total - finished) / rate)}s` : '';
  return `${label}  [${bar}]  ${finished}/${total}  ✗${bad}  ${rate.toFixed(1)} task/s${eta}`;
}
