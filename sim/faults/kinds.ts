/**
 * The fault kinds: one table, `FAULT_KIND_TABLE`, says per kind what it does, which targets it
 * takes, its parameters and its family. Everything else reads the kind vocabulary from here:
 * `FaultKindSpec` (its type is derived from the table; `fault-spec.ts`), the scenario parser
 * (its schema, its messages and the JSON Schema for editors), chaos (targets and magnitudes),
 * the trace's `fault start` line, written-back faults (capsules, the canonical form) and the
 * fault-kind list in README.md (a test compares it with the table). Only what a kind does to
 * the world is elsewhere: the injector's apply and undo (`injector.ts`).
 *
 * Families: process faults stop or pause a host's process (a host takes one at a time); a
 * slowed disk and degraded links are gray failures (slow, never unavailable: they owe no
 * availability, `budget.ts`); cut links cut storage off from the compute side.
 *
 * Not here: clock faults, data corruption, misdirected writes (no kind models them yet).
 */
import type { FaultSpec } from './fault-spec.ts';
import type { RelativeTarget } from './fault-target.ts';

export type FaultFamily = 'process' | 'disk-gray' | 'link-cut' | 'link-gray';

/**
 * The targets a kind takes, as a scenario spells them (`selector.ts`):
 * - host: one selector (a segment means the node holding it);
 * - storage: a storage node, segment or AZ;
 * - az: an AZ;
 * - two-way: a link "A <-> B"; one-way: a directed link "A -> B";
 * - link: either link form, or one selector for every link to and from it.
 */
export type TargetShape = 'host' | 'storage' | 'az' | 'two-way' | 'one-way' | 'link';

/**
 * How a parameter is written and bounded (the scenario layer holds the bounds):
 * - factor: a plain number greater than 1, up to the slowdown limit;
 * - probability: a plain number in (0, 1];
 * - duration: a positive duration, µs in the spec;
 * - span: a positive duration drawn from anew per message (as wide as a draw can be).
 */
export type ParamUnit = 'factor' | 'probability' | 'duration' | 'span';

export interface ParamRow {
  /** Its key in a scenario file's fault entry. */
  readonly yaml: string;
  readonly unit: ParamUnit;
  /** Its name on the `fault start` trace line (durations get `us`). */
  readonly trace: string;
  /** The value every fault chaos draws gets (µs for durations): chaos draws no magnitudes. */
  readonly chaos: number;
  /** What it means; the scenario layer adds the bounds of its unit. */
  readonly description: string;
}

export interface KindRow {
  readonly family: FaultFamily;
  readonly target: TargetShape;
  /** Of `pg:N/segment:M`, the kind acts on that segment alone, not on its node. */
  readonly segmentItself?: boolean;
  readonly description: string;
  /** Keyed by the parameter's field in FaultSpec (`fault-spec.ts`), in the order files write them. */
  readonly params: Readonly<Record<string, ParamRow>>;
}

/** Every kind, in the order documentation and messages list them. */
export const FAULT_KIND_TABLE = {
  crash: {
    family: 'process',
    target: 'host',
    description: 'The process crashes (disk kept) and restarts after `for`; the writer recovers or fails over.',
    params: {},
  },
  'disk-loss': {
    family: 'process',
    target: 'storage',
    segmentItself: true,
    description: 'Like crash, but the node comes back empty; of pg:N/segment:M, only that segment is lost.',
    params: {},
  },
  'az-outage': {
    family: 'process',
    target: 'az',
    description: 'Every host in the AZ crashes and restarts after `for`.',
    params: {},
  },
  pause: {
    family: 'process',
    target: 'host',
    description: 'The process stops handling messages and timers for `for` (GC, VM freeze); nothing is lost.',
    params: {},
  },
  'slow-disk': {
    family: 'disk-gray',
    target: 'storage',
    description: 'Disk latency multiplied by `factor` (a gray failure); of a segment, its node’s disk.',
    params: { factor: { yaml: 'factor', unit: 'factor', trace: 'factor', chaos: 10, description: 'Disk latency multiplier' } },
  },
  partition: {
    family: 'link-cut',
    target: 'two-way',
    description: 'No messages either way between the two sides of "A <-> B".',
    params: {},
  },
  'one-way-partition': {
    family: 'link-cut',
    target: 'one-way',
    description: 'No messages from A to B in "A -> B"; the other direction works.',
    params: {},
  },
  'latency-spike': {
    family: 'link-gray',
    target: 'link',
    description: 'Every message on the links gets `extra` one-way latency.',
    params: { extraLatency: { yaml: 'extra', unit: 'duration', trace: 'extra', chaos: 5_000, description: 'Added one-way latency, e.g. "5ms".' } },
  },
  'packet-loss': {
    family: 'link-gray',
    target: 'link',
    description: 'Each message on the links is lost with `probability`.',
    params: { probability: { yaml: 'probability', unit: 'probability', trace: 'p', chaos: 0.1, description: 'Probability that a message is lost' } },
  },
  'packet-duplication': {
    family: 'link-gray',
    target: 'link',
    description: 'Each message on the links is delivered twice with `probability`.',
    params: {
      probability: { yaml: 'probability', unit: 'probability', trace: 'p', chaos: 0.1, description: 'Probability that a message is delivered twice' },
    },
  },
  'packet-reorder': {
    family: 'link-gray',
    target: 'link',
    description: 'Each message on the links waits an extra uniform [0, `jitter`], so messages overtake each other.',
    params: { jitter: { yaml: 'jitter', unit: 'span', trace: 'jitter', chaos: 2_000, description: 'Most extra delay per message, e.g. "2ms".' } },
  },
  'bandwidth-cut': {
    family: 'link-gray',
    target: 'link',
    description: 'The bandwidth of the links is divided by `factor`: each message occupies its link that much longer, and later ones queue behind it.',
    params: { factor: { yaml: 'factor', unit: 'factor', trace: 'factor', chaos: 10, description: 'Bandwidth divisor' } },
  },
} as const satisfies Readonly<Record<string, KindRow>>;

type Table = typeof FAULT_KIND_TABLE;

export type FaultKind = keyof Table;

/** The parameter fields of `K`, as FaultSpec names them. */
export type ParamField<K extends FaultKind> = keyof Table[K]['params'] & string;

/** A fault kind and the parameters it takes (`fault-spec.ts` adds its target and window). */
export type FaultKindSpec = { [K in FaultKind]: { readonly kind: K } & { readonly [P in ParamField<K>]: number } }[FaultKind];

/** Every kind, in table order. */
export const FAULT_KINDS = Object.keys(FAULT_KIND_TABLE) as [FaultKind, ...FaultKind[]];

export function kindRow(kind: FaultKind): KindRow {
  return FAULT_KIND_TABLE[kind];
}

/** A kind's parameters as [field, row] pairs, in the order files write them. */
export function paramsOf(kind: FaultKind): [string, ParamRow][] {
  return Object.entries(kindRow(kind).params);
}

/** Whether a parameter's value is a number of µs. */
export function isDurationUnit(unit: ParamUnit): boolean {
  return unit === 'duration' || unit === 'span';
}

function ofFamily(...families: FaultFamily[]): ReadonlySet<FaultKind> {
  return new Set(FAULT_KINDS.filter((kind) => families.includes(kindRow(kind).family)));
}

/** Kinds that stop or pause a host's process: a host takes one of them at a time. */
export const PROCESS_KINDS = ofFamily('process');

/** Gray failures: kinds that slow or garble a host's service without stopping it (`budget.ts`). */
export const GRAY_KINDS = ofFamily('disk-gray', 'link-gray');

/** Link kinds that cut a link (and so need a link target with an arrow). */
export const PARTITION_KINDS = ofFamily('link-cut');

/** Whether the fault stops or pauses its hosts (a kind that acts on a segment itself stops nothing). */
export function isProcessFault(spec: FaultSpec): boolean {
  return PROCESS_KINDS.has(spec.kind) && !(kindRow(spec.kind).segmentItself === true && spec.target.kind === 'segment');
}

/** The magnitude of a parameterised fault, for its start line: ` factor=10`, ` extra=5000us`. */
export function magnitude(spec: FaultKindSpec): string {
  const values = paramValues(spec);
  return paramsOf(spec.kind).map(([field, p]) => ` ${p.trace}=${values[field]}${isDurationUnit(p.unit) ? 'us' : ''}`).join('');
}

/** `kind` with the value chaos gives each of its parameters. */
export function chaosKindSpec(kind: FaultKind): FaultKindSpec {
  return withParams(kind, (p) => p.chaos);
}

/** `kind` with each parameter's value from `value`. */
export function withParams(kind: FaultKind, value: (p: ParamRow) => number): FaultKindSpec {
  const spec: Record<string, unknown> = { kind };
  for (const [field, p] of paramsOf(kind)) spec[field] = value(p);
  return spec as FaultKindSpec;
}

/**
 * The targets relative to a trigger's segment that `kind` takes: none for the AZ and link
 * shapes with two sides; the segment itself only for a kind that acts on it, else its node.
 */
export function relativeTargetsOf(kind: FaultKind): readonly RelativeTarget[] {
  const row = kindRow(kind);
  if (row.target === 'az' || row.target === 'two-way' || row.target === 'one-way') return [];
  return row.segmentItself === true ? ['lagging', 'lagging-node', 'leading', 'leading-node'] : ['lagging-node', 'leading-node'];
}

/** A spec's parameter values, by field. */
export function paramValues(spec: FaultKindSpec): Readonly<Record<string, number>> {
  return spec as unknown as Record<string, number>;
}
