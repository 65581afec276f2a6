/**
 * Where the timeline's events go: JSON text handed to a `write` callback in chunks of about
 * 256 KiB as the run goes (nothing is held but the chunk being filled), keeping only what falls
 * in the window. A slice that overlaps the window is cut to it and says so (`args.clipped`);
 * names (`M`) are always written, since a viewer needs them whatever the window.
 */
import { DOCUMENT_HEAD, EVENT_SEPARATOR, eventJson, type Args, type TraceEvent } from './trace-event.ts';

/** The part of the run written out: simulated microseconds, both ends included. */
export interface Window {
  readonly from: number;
  readonly to: number;
}

const CHUNK_CHARS = 1 << 18;

export class EventOut {
  /** Events written so far (names included). */
  written = 0;
  private chunk = DOCUMENT_HEAD;
  /** The window ended before the run: slices still open are cut at its end. */
  private cut = false;
  private readonly write: (text: string) => void;
  readonly window: Window;

  constructor(write: (text: string) => void, window: Window) {
    this.write = write;
    this.window = window;
  }

  /** An event at one point in time (`i`, `C`, `s`, `f`), if that point is in the window. */
  point(event: TraceEvent): void {
    if (event.ts < this.window.from || event.ts > this.window.to) return;
    this.append(event);
  }

  /** A complete slice from `start` to `end`, cut to the window; nothing if it lies outside. */
  slice(name: string, pid: number, tid: number, start: number, end: number, args?: Args): void {
    const { from, to } = this.window;
    if (end < from || start > to) return;
    const ts = Math.max(start, from);
    const clipped = ts !== start || end > to || (this.cut && end === to);
    const all = clipped ? { ...args, clipped: true } : args;
    this.append({ name, ph: 'X', ts, dur: Math.min(end, to) - ts, pid, tid, ...(all === undefined ? {} : { args: all }) });
  }

  /** The run goes on past the window: what is still open from now on is cut at its end. */
  cutAtTheEnd(): void {
    this.cut = true;
  }

  /** A name or sort order (`M`): written whatever the window. */
  meta(name: 'process_name' | 'thread_name' | 'process_sort_index' | 'thread_sort_index', pid: number, tid: number, args: Args): void {
    this.append({ name, ph: 'M', ts: 0, pid, tid, args });
  }

  /** Hands on the rest, ending with `tail`. */
  end(tail: string): void {
    this.write(this.chunk + tail);
    this.chunk = '';
  }

  private append(event: TraceEvent): void {
    if (this.written > 0) this.chunk += EVENT_SEPARATOR;
    this.chunk += eventJson(event);
    this.written++;
    if (this.chunk.length >= CHUNK_CHARS) {
      this.write(this.chunk);
      this.chunk = '';
    }
  }
}
