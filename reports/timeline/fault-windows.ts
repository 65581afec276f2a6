/**
 * When each injected fault was active, read off the trace's `fault` lines
 * (`start <kind> <target> [params]`, `end <kind> <target>`; ARCHITECTURE.md §4.4): the trace
 * says what really ran, triggered faults at their real start and chaos faults the failure model
 * turned away left out. One entry per fault, so the list grows with the schedule, not with the
 * events. A fault still active when the run ends runs to the end.
 */

export interface FaultWindow {
  readonly startUs: number;
  readonly endUs: number;
  /** `<kind> <target> [params]`, as the start line has it. */
  readonly label: string;
  /** `<kind> <target>`: what the end line names, and the lane the fault is drawn in. */
  readonly key: string;
}

interface Open {
  readonly startUs: number;
  readonly label: string;
  readonly key: string;
}

/** Parameters trail the target as `name=value` words; a target has no `=`. */
const PARAMS = /(?: [^ =]+=[^ ]*)+$/;

export class FaultWindows {
  private readonly done: FaultWindow[] = [];
  /** Faults started and not ended, by the text after `start `, oldest first. */
  private readonly open: Open[] = [];

  /** A `fault` trace line's text at time t. */
  see(t: number, text: string): void {
    if (text.startsWith('start ')) {
      const label = text.slice('start '.length);
      this.open.push({ startUs: t, label, key: label.replace(PARAMS, '') });
    } else if (text.startsWith('end ')) this.end(t, text.slice('end '.length));
  }

  private end(t: number, key: string): void {
    const i = this.open.findIndex((o) => o.key === key);
    if (i < 0) return;
    const [open] = this.open.splice(i, 1);
    this.done.push({ startUs: open!.startUs, endUs: t, label: open!.label, key });
  }

  /** Every fault in start order, those still active ending at `endUs`. */
  windows(endUs: number): FaultWindow[] {
    const all = [...this.done, ...this.open.map((o) => ({ startUs: o.startUs, endUs, label: o.label, key: o.key }))];
    return all.sort((a, b) => a.startUs - b.startUs || compare(a.label, b.label));
  }
}

/** The union of windows as sorted, disjoint [start, end] spans: what a chart shades. */
export function union(windows: readonly { readonly startUs: number; readonly endUs: number }[]): [number, number][] {
  const sorted = [...windows].sort((a, b) => a.startUs - b.startUs || a.endUs - b.endUs);
  const spans: [number, number][] = [];
  for (const w of sorted) {
    const last = spans[spans.length - 1];
    if (last !== undefined && w.startUs <= last[1]) last[1] = Math.max(last[1], w.endUs);
    else spans.push([w.startUs, w.endUs]);
  }
  return spans;
}

/** Code-unit order: the same on every machine, unlike a locale's. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
