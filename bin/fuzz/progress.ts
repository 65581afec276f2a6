/**
 * The progress line of a fuzz on stderr (ARCHITECTURE.md §5.3):
 * `fuzz  412/1000  ✗3  38.1 run/s  eta 15s`, redrawn in place at most ten times a second. A fuzz
 * bounded by time alone has no total: `fuzz  412  ✗3  38.1 run/s  eta 95s` counts down its time.
 * Only on a terminal, and never with --quiet or --json: progress is for a person watching, and
 * would otherwise end up in logs and captured output.
 */
import type { Session, Sink } from '../session.ts';

const REDRAW_MS = 100;

export class Progress {
  private readonly sink: Sink | undefined;
  private readonly label: string;
  private readonly total: number;
  private readonly startMs: number;
  private readonly timeLeftMs: () => number;
  private readonly now: () => number;
  private drawnAtMs = -Infinity;
  private drawn = false;

  /** `total` may be Infinity; `timeLeftMs` says how long runs may still start, when that is bounded. */
  constructor(session: Session, label: string, total: number, now: () => number, timeLeftMs: () => number = () => Infinity) {
    const shown = session.stderr.isTTY === true && !session.flags.quiet && !session.flags.json;
    this.sink = shown ? session.stderr : undefined;
    this.label = label;
    this.total = total;
    this.now = now;
    this.startMs = now();
    this.timeLeftMs = timeLeftMs;
  }

  update(done: number, bad: number): void {
    if (this.sink === undefined) return;
    const t = this.now();
    if (t - this.drawnAtMs < REDRAW_MS && done < this.total) return;
    this.drawnAtMs = t;
    const seconds = (t - this.startMs) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const left = Math.min(rate > 0 ? (this.total - done) / rate : Infinity, this.timeLeftMs() / 1000);
    const eta = Number.isFinite(left) ? `eta ${Math.max(0, Math.ceil(left))}s` : '';
    const count = Number.isFinite(this.total) ? `${done}/${this.total}` : `${done}`;
    this.sink.write(`\r\x1b[K${this.label}  ${count}  ✗${bad}  ${rate.toFixed(1)} run/s  ${eta}`);
    this.drawn = true;
  }

  /** Erases the line, so that what follows starts on a clean one. */
  clear(): void {
    if (this.sink !== undefined && this.drawn) this.sink.write('\r\x1b[K');
    this.drawn = false;
  }
}
