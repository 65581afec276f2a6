/**
 * The progress line of a fuzz on stderr (ARCHITECTURE.md §5.3):
 * `fuzz  412/1000  ✗3  38.1 run/s  eta 15s`, redrawn in place at most ten times a second.
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
  private readonly now: () => number;
  private drawnAtMs = -Infinity;
  private drawn = false;

  constructor(session: Session, label: string, total: number, now: () => number) {
    const shown = session.stderr.isTTY === true && !session.flags.quiet && !session.flags.json;
    this.sink = shown ? session.stderr : undefined;
    this.label = label;
    this.total = total;
    this.now = now;
    this.startMs = now();
  }

  update(done: number, bad: number): void {
    if (this.sink === undefined) return;
    const t = this.now();
    if (t - this.drawnAtMs < REDRAW_MS && done < this.total) return;
    this.drawnAtMs = t;
    const seconds = (t - this.startMs) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? `eta ${Math.ceil((this.total - done) / rate)}s` : '';
    this.sink.write(`\r\x1b[K${this.label}  ${done}/${this.total}  ✗${bad}  ${rate.toFixed(1)} run/s  ${eta}`);
    this.drawn = true;
  }

  /** Erases the line, so that what follows starts on a clean one. */
  clear(): void {
    if (this.sink !== undefined && this.drawn) this.sink.write('\r\x1b[K');
    this.drawn = false;
  }
}
