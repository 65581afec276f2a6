/**
 * The Chrome Trace Event format, as far as the timeline uses it: the JSON object form
 * (`{"traceEvents":[...],"displayTimeUnit":"ms","metadata":{...}}`), which Perfetto and
 * chrome://tracing both open. Times are integer microseconds, the format's own unit, so a
 * simulated microsecond is written exactly.
 *
 * Phases used: `M` (process and thread names, sort order), `X` (a complete slice: `ts` and
 * `dur`), `i` (a thread instant, `s: "t"`), `C` (a counter: its series in `args`), and the flow
 * pair `s`/`f` (same `id`, `cat` and `name`; `bp: "e"` binds the end to the slice that encloses
 * it). Left out: `B`/`E` (a slice is written once its end is known, as one `X`), async slices,
 * object and memory-dump events.
 *
 * Each event is written with its keys in one fixed order, so the same run gives the same bytes.
 */

export type Phase = 'M' | 'X' | 'i' | 'C' | 's' | 'f';

export type Args = Readonly<Record<string, number | string | boolean>>;

export interface TraceEvent {
  readonly name: string;
  readonly cat?: string;
  readonly ph: Phase;
  /** Microseconds. */
  readonly ts: number;
  /** `X` only: microseconds. */
  readonly dur?: number;
  readonly pid: number;
  readonly tid: number;
  /** `i` only: the instant's scope (`t`, this thread). */
  readonly s?: 't';
  /** `s`/`f` only: the flow's id. */
  readonly id?: number;
  /** `f` only: `e` binds to the enclosing slice. */
  readonly bp?: 'e';
  readonly args?: Args;
}

/** One event as JSON, keys in the format's usual order whatever order the object was built in. */
export function eventJson(e: TraceEvent): string {
  let text = `{"name":${JSON.stringify(e.name)}`;
  if (e.cat !== undefined) text += `,"cat":${JSON.stringify(e.cat)}`;
  text += `,"ph":"${e.ph}","ts":${e.ts}`;
  if (e.dur !== undefined) text += `,"dur":${e.dur}`;
  text += `,"pid":${e.pid},"tid":${e.tid}`;
  if (e.s !== undefined) text += `,"s":"${e.s}"`;
  if (e.id !== undefined) text += `,"id":${e.id}`;
  if (e.bp !== undefined) text += `,"bp":"${e.bp}"`;
  if (e.args !== undefined) text += `,"args":${JSON.stringify(e.args)}`;
  return `${text}}`;
}

/** What opens the document; events follow, separated by `EVENT_SEPARATOR`. */
export const DOCUMENT_HEAD = '{"traceEvents":[\n';
export const EVENT_SEPARATOR = ',\n';

/** What closes the document, with the run's own facts in `metadata` (which viewers show as is). */
export function documentTail(metadata: Readonly<Record<string, unknown>>): string {
  return `\n],"displayTimeUnit":"ms","metadata":${JSON.stringify(metadata)}}\n`;
}
