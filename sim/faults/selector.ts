/**
 * Fault targets as scenario files spell them, parsed to `Selector`s and printed back:
 *
 *   writer              the writer (a role: whoever is the writer when the fault starts)
 *   replica:N           read replica N, 1-based as in its host name `replica-N`
 *   node:N              storage node N, 0-based as in `node-N`
 *   az:NAME             every host in availability zone NAME (a, b, ...)
 *   pg:N/segment:M      segment M of protection group N, both 0-based as in the trace
 *
 * A triggered fault may also name a target relative to the segment its trigger matched on
 * (`fault-target.ts` RelativeTarget): lagging, lagging-node, leading, leading-node.
 *
 * A link target is `A <-> B` (both directions) or `A -> B` (from A to B only). Parsing is
 * syntax only; `checkSelector` checks the numbers against a cluster, and `hostsOf` names the
 * hosts a selector covers on the initial placement (before any failover).
 *
 * Not modelled: sets or ranges of hosts (`node:1,2`), random picks (chaos does those).
 */
import { azName, MAX_SLOTS, type Topology } from '../topology/topology.ts';
import type { RelativeTarget, Selector } from './fault-target.ts';

export type { RelativeTarget, Selector };

/** A parsed fault target: one selector, a link between two, or a target relative to a trigger. */
export type TargetText =
  | { readonly shape: 'single'; readonly target: Selector }
  | { readonly shape: 'link'; readonly target: Selector; readonly peer: Selector; readonly oneWay: boolean }
  | { readonly shape: 'relative'; readonly relative: RelativeTarget };

/** Every relative target, as spelt. */
export const RELATIVE_TARGETS: readonly RelativeTarget[] = ['lagging', 'lagging-node', 'leading', 'leading-node'];

export type ParsedText<T> =
  | { readonly ok: true; readonly value: T }
  /** `text`: the selector that could not be read, for a did-you-mean. */
  | { readonly ok: false; readonly message: string; readonly text?: string };

/** The spellings, for messages. */
export const FORMS_TEXT = 'writer, replica:N, node:N, az:NAME or pg:N/segment:M';
/** The word before the first colon of each form (for did-you-mean). */
export const SELECTOR_PREFIXES = ['writer', 'replica', 'node', 'az', 'pg'] as const;

export function formatSelector(selector: Selector): string {
  switch (selector.kind) {
    case 'writer':
      return 'writer';
    case 'replica':
      return `replica:${selector.index}`;
    case 'node':
      return `node:${selector.index}`;
    case 'az':
      return `az:${selector.name}`;
    case 'segment':
      return `pg:${selector.pg}/segment:${selector.segment}`;
  }
}

export function formatTarget(target: TargetText): string {
  if (target.shape === 'relative') return target.relative;
  if (target.shape === 'single') return formatSelector(target.target);
  return `${formatSelector(target.target)} ${target.oneWay ? '->' : '<->'} ${formatSelector(target.peer)}`;
}

export function parseSelector(text: string): ParsedText<Selector> {
  const t = text.trim();
  if (t === 'writer') return ok({ kind: 'writer' });
  let m = /^(replica|node):(\d+)$/.exec(t);
  if (m) return ok(m[1] === 'replica' ? { kind: 'replica', index: Number(m[2]) } : { kind: 'node', index: Number(m[2]) });
  m = /^az:([A-Za-z]+)$/.exec(t);
  if (m) return ok({ kind: 'az', name: m[1]! });
  m = /^pg:(\d+)\/segment:(\d+)$/.exec(t);
  if (m) return ok({ kind: 'segment', pg: Number(m[1]), segment: Number(m[2]) });
  return { ok: false, message: `${JSON.stringify(t)} is not a target: expected ${FORMS_TEXT}`, text: t };
}

/** `A`, `A <-> B`, `A -> B`, or a relative target. */
export function parseTarget(text: string): ParsedText<TargetText> {
  const relative = RELATIVE_TARGETS.find((r) => r === text.trim());
  if (relative !== undefined) return ok({ shape: 'relative', relative });
  const m = /^(.*?)\s*(<->|->|<-)\s*(.*)$/.exec(text.trim());
  if (!m) {
    const single = parseSelector(text);
    return single.ok ? ok({ shape: 'single', target: single.value }) : single;
  }
  if (m[2] === '<-') return { ok: false, message: `write a one-way link from left to right: "${m[3]} -> ${m[1]}"` };
  const target = parseSelector(m[1]!);
  if (!target.ok) return target;
  const peer = parseSelector(m[3]!);
  if (!peer.ok) return peer;
  return ok({ shape: 'link', target: target.value, peer: peer.value, oneWay: m[2] === '->' });
}

/** The cluster dimensions a selector's numbers must fit. */
export interface SelectorBounds {
  readonly azs: number;
  readonly replicas: number;
  readonly storageNodes: number;
  readonly protectionGroups: number;
  /** V: segments per protection group. */
  readonly segmentsPerPg: number;
  /**
   * Also the slots V .. MAX_SLOTS − 1 that repairs fill (a disk loss a trigger aimed at a
   * repaired segment, written back as a timed fault).
   */
  readonly repairSlots?: boolean;
}

/** Why the selector names nothing in this cluster, or undefined when it is fine. */
export function checkSelector(selector: Selector, bounds: SelectorBounds): string | undefined {
  const text = formatSelector(selector);
  switch (selector.kind) {
    case 'writer':
      return undefined;
    case 'replica':
      if (bounds.replicas === 0) return `${text}: the cluster has no read replicas`;
      return within(selector.index, 1, bounds.replicas, `${text}: replicas are numbered 1 to ${bounds.replicas}`);
    case 'node':
      return within(selector.index, 0, bounds.storageNodes - 1, `${text}: storage nodes are numbered 0 to ${bounds.storageNodes - 1}`);
    case 'az': {
      const names = Array.from({ length: bounds.azs }, (_, i) => azName(i));
      return names.includes(selector.name) ? undefined : `${text}: the AZs are ${names.join(', ')}`;
    }
    case 'segment': {
      const last = bounds.repairSlots === true ? MAX_SLOTS - 1 : bounds.segmentsPerPg - 1;
      const slots = bounds.repairSlots === true ? ` (and a disk loss may name a repair's slot, up to ${last})` : '';
      return (
        within(selector.pg, 0, bounds.protectionGroups - 1, `${text}: protection groups are numbered 0 to ${bounds.protectionGroups - 1}`) ??
        within(selector.segment, 0, last, `${text}: segments are numbered 0 to ${bounds.segmentsPerPg - 1}${slots}`)
      );
    }
  }
}

export function boundsOf(topology: Topology): SelectorBounds {
  return {
    azs: topology.azs,
    replicas: topology.replicas.length,
    storageNodes: topology.storageNodes.length,
    protectionGroups: topology.protectionGroups,
    segmentsPerPg: topology.segmentsPerPg,
  };
}

/**
 * Host ids the selector covers, in id order. `writer` is the host holding the writer role
 * (`writerHost`, the initial writer unless given); the other selectors name fixed hosts.
 */
export function hostsOf(selector: Selector, topology: Topology, writerHost = topology.writer.id): number[] {
  switch (selector.kind) {
    case 'writer':
      return [writerHost];
    case 'replica':
      return [topology.replicas[selector.index - 1]!.id];
    case 'node':
      return [topology.storageNodes[selector.index]!.id];
    case 'az':
      return topology.hosts.filter((h) => azName(h.az) === selector.name).map((h) => h.id);
    case 'segment':
      return [topology.nodeOf(selector.pg, selector.segment)];
  }
}

function within(value: number, min: number, max: number, message: string): string | undefined {
  return value >= min && value <= max ? undefined : message;
}

function ok<T>(value: T): ParsedText<T> {
  return { ok: true, value };
}
