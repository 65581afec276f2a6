/**
 * A checker of the Chrome Trace Event format's rules, as its specification states them, for
 * the phases a document uses; each broken rule is one message (event index, phase, rule):
 *
 * - the JSON object form: `traceEvents` an array; `displayTimeUnit`, if present, `ms` or `ns`;
 * - every event: `name` and `ph` strings, `pid` and `tid` integers, `ts` a number (µs), except
 *   that metadata (`M`) may leave `ts` out;
 * - `X`: a `dur` of at least 0; complete slices on one thread nest or are disjoint, never
 *   overlap in part (a viewer drops or truncates such slices);
 * - `B`/`E`: an `E` closes the open `B` of its thread, and every `B` is closed;
 * - `i`/`I`: a scope `s`, if present, of `g`, `p` or `t`;
 * - `C`: `args` with at least one series, every value a number;
 * - `s`/`t`/`f`: an `id`, and `cat` and `name` that together with it name the flow; a step or
 *   an end has a start with the same id, cat and name no later than itself; `bp`, if present, `e`;
 *   a flow event binds to a slice on its thread that encloses its time;
 * - `M`: one of the metadata names, with its argument (`args.name` a string, or
 *   `args.sort_index` an integer).
 */

const PHASES = new Set(['B', 'E', 'X', 'i', 'I', 'C', 'b', 'n', 'e', 's', 't', 'f', 'P', 'O', 'N', 'D', 'M', 'R', 'c']);
const METADATA = new Set(['process_name', 'process_labels', 'process_sort_index', 'thread_name', 'thread_sort_index']);

type Event = Readonly<Record<string, unknown>>;

export function traceEventProblems(document: unknown): string[] {
  const problems: string[] = [];
  if (typeof document !== 'object' || document === null || !Array.isArray((document as Event).traceEvents)) {
    return ['document: not an object with a traceEvents array'];
  }
  const unit = (document as Event).displayTimeUnit;
  if (unit !== undefined && unit !== 'ms' && unit !== 'ns') problems.push(`document: displayTimeUnit ${String(unit)}`);
  const events = (document as { traceEvents: Event[] }).traceEvents;
  events.forEach((event, i) => problems.push(...eventProblems(event).map((p) => `event ${i} (${String(event.ph)}): ${p}`)));
  if (problems.length === 0) problems.push(...nestingProblems(events), ...flowProblems(events));
  return problems;
}

function eventProblems(e: Event): string[] {
  const problems: string[] = [];
  if (typeof e.name !== 'string') problems.push('name is not a string');
  if (typeof e.ph !== 'string' || !PHASES.has(e.ph)) return [...problems, `unknown phase ${String(e.ph)}`];
  if (!Number.isInteger(e.pid)) problems.push('pid is not an integer');
  if (!Number.isInteger(e.tid)) problems.push('tid is not an integer');
  if (!(typeof e.ts === 'number' && Number.isFinite(e.ts)) && !(e.ph === 'M' && e.ts === undefined)) problems.push('ts is not a number');
  const args = e.args as Event | undefined;
  switch (e.ph) {
    case 'X':
      if (!(typeof e.dur === 'number' && e.dur >= 0)) problems.push('dur is not a number of at least 0');
      break;
    case 'i':
    case 'I':
      if (e.s !== undefined && e.s !== 'g' && e.s !== 'p' && e.s !== 't') problems.push(`scope ${String(e.s)}`);
      break;
    case 'C': {
      const values = typeof args === 'object' && args !== null ? Object.values(args) : [];
      if (values.length === 0 || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) problems.push('args are not numeric series');
      break;
    }
    case 's':
    case 't':
    case 'f':
      if (typeof e.id !== 'number' && typeof e.id !== 'string') problems.push('flow event without an id');
      if (typeof e.cat !== 'string') problems.push('flow event without a cat');
      if (e.bp !== undefined && e.bp !== 'e') problems.push(`bp ${String(e.bp)}`);
      break;
    case 'M':
      if (!METADATA.has(String(e.name))) problems.push(`unknown metadata ${String(e.name)}`);
      else if (String(e.name).endsWith('_sort_index') ? !Number.isInteger(args?.sort_index) : typeof args?.name !== 'string' && e.name !== 'process_labels') {
        problems.push('metadata without its argument');
      }
      break;
  }
  return problems;
}

const thread = (e: Event): string => `${String(e.pid)}/${String(e.tid)}`;

/** Complete slices of each thread nest or are disjoint; B/E pair up. */
function nestingProblems(events: readonly Event[]): string[] {
  const problems: string[] = [];
  const slices = new Map<string, { start: number; end: number }[]>();
  const open = new Map<string, number>();
  for (const e of events) {
    if (e.ph === 'X') {
      const list = slices.get(thread(e)) ?? [];
      list.push({ start: e.ts as number, end: (e.ts as number) + (e.dur as number) });
      slices.set(thread(e), list);
    } else if (e.ph === 'B') open.set(thread(e), (open.get(thread(e)) ?? 0) + 1);
    else if (e.ph === 'E') {
      const depth = open.get(thread(e)) ?? 0;
      if (depth === 0) problems.push(`thread ${thread(e)}: an E with no open B at ${String(e.ts)}`);
      open.set(thread(e), depth - 1);
    }
  }
  for (const [key, depth] of open) if (depth > 0) problems.push(`thread ${key}: ${depth} B never closed`);
  for (const [key, list] of slices) {
    list.sort((a, b) => a.start - b.start || b.end - a.end);
    const stack: { start: number; end: number }[] = [];
    for (const slice of list) {
      while (stack.length > 0 && stack.at(-1)!.end <= slice.start) stack.pop();
      const parent = stack.at(-1);
      if (parent !== undefined && slice.end > parent.end) {
        problems.push(`thread ${key}: slice ${slice.start}..${slice.end} overlaps ${parent.start}..${parent.end} in part`);
      }
      stack.push(slice);
    }
  }
  return problems;
}

/** Flows start before they step or end, and each flow event sits inside a slice of its thread. */
function flowProblems(events: readonly Event[]): string[] {
  const problems: string[] = [];
  const starts = new Map<string, number>();
  const slices = new Map<string, { start: number; end: number }[]>();
  for (const e of events) {
    if (e.ph === 'X') {
      const list = slices.get(thread(e)) ?? [];
      list.push({ start: e.ts as number, end: (e.ts as number) + (e.dur as number) });
      slices.set(thread(e), list);
    }
    if (e.ph === 's') starts.set(`${String(e.cat)}/${String(e.name)}/${String(e.id)}`, e.ts as number);
  }
  for (const e of events) {
    if (e.ph !== 's' && e.ph !== 't' && e.ph !== 'f') continue;
    const start = starts.get(`${String(e.cat)}/${String(e.name)}/${String(e.id)}`);
    if (start === undefined || start > (e.ts as number)) problems.push(`flow ${String(e.id)}: a ${e.ph} at ${String(e.ts)} with no start before it`);
    const ts = e.ts as number;
    if (!(slices.get(thread(e)) ?? []).some((s) => s.start <= ts && ts <= s.end)) {
      problems.push(`flow ${String(e.id)}: the ${e.ph} at ${ts} on thread ${thread(e)} is in no slice`);
    }
  }
  return problems;
}
