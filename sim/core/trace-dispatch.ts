/**
 * How an event reaches its handlers: one function per kind, generated from the kind's field
 * names and its handlers, that fills the kind's one fields object and calls each handler.
 *
 * Why generated code: called from a loop over the handler array, every call went through one
 * call site that had seen every checker (megamorphic: no inlining, and an `scl` event has
 * several handlers). Here each call site has one target, so V8 can inline the handler, and its
 * reads of the fields object (one shape per kind, a constant here) become plain loads.
 *
 * Why one fields object per kind, written over on every event: a run emits about a million
 * events, and a fresh object per event would be a million allocations (unless V8 happens to
 * inline every handler), for handlers that read a field or two and keep none. A handler reads
 * its fields during the call and copies what it keeps. An event emitted while handlers run
 * (nothing does today) goes through the kind's second dispatcher, which gives it an object of
 * its own, so the handlers still running read their own event (trace.ts counts the depth).
 * The handlers and their order are exactly the subscriptions: nothing about the run changes.
 */

/** Calls every handler of one kind: integer fields in `a`..`e`, or the text in `a`. */
export type Dispatch = (time: number, a: number | string, b: number, c: number, d: number, e: number) => void;

/** A handler as the dispatcher sees it: its fields object is built here. */
export type RawHandler = (time: number, fields: never) => void;

/** A kind's two dispatchers: `shared` for an event emitted outside handlers, `fresh` inside one. */
export interface Dispatchers {
  readonly shared: Dispatch;
  readonly fresh: Dispatch;
}

export const NO_HANDLERS: Dispatch = () => {};

const ARGS = ['a', 'b', 'c', 'd', 'e'] as const;

/** Makes a kind's dispatchers around its handlers: one per kind and handler count, per process. */
type Factory = (...handlers: readonly RawHandler[]) => Dispatchers;

/**
 * The factories made so far, by kind, fields and handler count. Why kept: a `new Function` is
 * new code that V8 compiles from scratch, so a fuzz worker that built each run's dispatchers
 * afresh compiled them (and re-inlined their handlers) once per seed, several hundred
 * optimizing compiles per hundred seeds, on a thread beside the run. One factory per kind lets
 * every run of a process share its dispatchers' compiled code; the kind is in the key so that
 * two kinds never share one call site (each site stays monomorphic, as above).
 */
const factories = new Map<string, Factory>();

/**
 * The dispatchers of `kind` with the given fields (`['text']` for a textual kind, whose rare
 * events always take `fresh`).
 */
export function dispatchers(kind: string, fields: readonly string[], handlers: readonly RawHandler[]): Dispatchers {
  if (fields.length > ARGS.length) throw new Error(`trace: a kind has at most ${ARGS.length} fields`);
  const key = `${kind}\n${fields.join('\n')}\n${handlers.length}`;
  let factory = factories.get(key);
  if (factory === undefined) {
    factory = compileFactory(fields, handlers.length);
    factories.set(key, factory);
  }
  return factory(...handlers);
}

function compileFactory(fields: readonly string[], count: number): Factory {
  const names = Array.from({ length: count }, (_, i) => `h${i}`);
  const keys = fields.map((field) => JSON.stringify(field));
  const literal = (value: (i: number) => string): string => `{ ${keys.map((key, i) => `${key}: ${value(i)}`).join(', ')} }`;
  const calls = (fieldsObject: string): string => names.map((h) => `${h}(time, ${fieldsObject});`).join(' ');
  const source = `
    const shared = ${literal(() => '0')};
    return {
      shared: function dispatch(time, a, b, c, d, e) {
        ${keys.map((key, i) => `shared[${key}] = ${ARGS[i]!};`).join(' ')}
        ${calls('shared')}
      },
      fresh: function dispatchFresh(time, a, b, c, d, e) {
        const fields = ${literal((i) => ARGS[i]!)};
        ${calls('fields')}
      },
    };`;
  return new Function(...names, source) as Factory;
}
