/**
 * The fault kinds and the families they fall into: process faults (one at a time per host),
 * link faults (act on links between hosts) and the rest. The kinds and their parameters are
 * declared in the scenario contract (`FaultKindSpec` in `scenario/resolved.ts`).
 *
 * Not here: clock faults, data corruption, misdirected writes (no kind models them yet).
 */
import type { FaultKind, FaultSpec } from '../scenario/resolved.ts';

export type { FaultKind };

const EVERY_KIND: Readonly<Record<FaultKind, true>> = {
  crash: true,
  'disk-loss': true,
  'az-outage': true,
  pause: true,
  'slow-disk': true,
  partition: true,
  'one-way-partition': true,
  'latency-spike': true,
  'packet-loss': true,
  'packet-duplication': true,
  'packet-reorder': true,
};

/** Every kind, in the order documentation lists them. */
export const FAULT_KINDS = Object.keys(EVERY_KIND) as [FaultKind, ...FaultKind[]];

/** Kinds that stop or pause a host's process: a host takes one of them at a time. */
export const PROCESS_KINDS: ReadonlySet<FaultKind> = new Set(['crash', 'disk-loss', 'az-outage', 'pause']);

/** Kinds that act on links. */
export const LINK_KINDS: ReadonlySet<FaultKind> = new Set([
  'partition', 'one-way-partition', 'latency-spike', 'packet-loss', 'packet-duplication', 'packet-reorder',
]);

/**
 * Gray failures: kinds that slow or garble a host's service without stopping it (a slow disk,
 * or a link that delays, drops, duplicates or reorders). They owe no availability (budget.ts).
 */
export const GRAY_KINDS: ReadonlySet<FaultKind> = new Set([
  'slow-disk', 'latency-spike', 'packet-loss', 'packet-duplication', 'packet-reorder',
]);

/** Link kinds that cut a link (and so need a link target with an arrow). */
export const PARTITION_KINDS: ReadonlySet<FaultKind> = new Set(['partition', 'one-way-partition']);

/** Whether the fault stops or pauses its hosts (a segment's disk loss stops nothing). */
export function isProcessFault(spec: FaultSpec): boolean {
  return PROCESS_KINDS.has(spec.kind) && !(spec.kind === 'disk-loss' && spec.target.kind === 'segment');
}


/** The magnitude of a parameterised fault, for its start line. */
export function magnitude(spec: FaultSpec): string {
  switch (spec.kind) {
    case 'slow-disk':
      return ` factor=${spec.factor}`;
    case 'latency-spike':
      return ` extra=${spec.extraLatency}us`;
    case 'packet-loss':
    case 'packet-duplication':
      return ` p=${spec.probability}`;
    case 'packet-reorder':
      return ` jitter=${spec.jitter}us`;
    default:
      return '';
  }
}
