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
 * events, and a fresh object per event would be a million allocations, for handlers that read
 * a field or two and keep none. A handler reads its fields during the call and copies what it
 * keeps. If a handler emits an event of the same kind (nothing does today), that nested event
 * gets an object of its own, so the outer handlers still read their own event; after a handler
 * throws, every later event of the kind gets one too (the run is over by then anyway).
 * The handlers and their order are exactly the subscriptions: nothing about the run changes.
 */

/** Calls every handler of one kind: integer fields in `a`..`e`, or the text in `a`. */
export type Dispatch = (time: number, a: number | string, b: number, c: number, d: number, e: number) => void;

/** A handler as the dispatcher sees it: its fields object is built here. */
export type RawHandler = (time: number, fields: never) => void;

export const NO_HANDLERS: Dispatch = () => {};

const ARGS = ['a', 'b', 'c', 'd', 'e'] as const;

/**
 * The dispatcher of a kind with the given fields (`['text']` for a textual kind, whose value
 * starts as a string so the object keeps one shape).
 */
export function dispatcher(fields: readonly string[], text: boolean, handlers: readonly RawHandler[]): Dispatch {
  if (fields.length > ARGS.length) throw new Error(`trace: a kind has at most ${ARGS.length} fields`);
  const names = handlers.map((_, i) => `h${i}`);
  const keys = fields.map((field) => JSON.stringify(field));
  const literal = (value: (i: number) => string): string => `{ ${keys.map((key, i) => `${key}: ${value(i)}`).join(', ')} }`;
  const calls = (fieldsObject: string): string => names.map((h) => `${h}(time, ${fieldsObject});`).join(' ');
  const source = `
    const shared = ${literal(() => (text ? "''" : '0'))};
    let busy = false;
    return function dispatch(time, a, b, c, d, e) {
      if (busy) {
        const fields = ${literal((i) => ARGS[i]!)};
        ${calls('fields')}
        return;
      }
      ${keys.map((key, i) => `shared[${key}] = ${ARGS[i]!};`).join(' ')}
      busy = true;
      ${calls('shared')}
      busy = false;
    };`;
  return new Function(...names, source)(...handlers) as Dispatch;
}
