/**
 * The changes a shrink tries on a scenario, as pure functions of the resolved scenario: the
 * fault list as one list of items (timed and triggered faults alike, for ddmin), and the
 * numbers that are shrunk one at a time ("knobs"): each fault's duration and start, the start
 * of all timed faults together, the workload's rate, the run's duration, the cluster's size.
 *
 * A knob only proposes values; whether one is a valid scenario (a fault target that names a
 * node the smaller cluster no longer has, a run that ends before a fault starts) is the
 * scenario parser's call when the candidate is rendered, and an invalid candidate is skipped.
 */
import {
  formatDuration,
  formatRate,
  type FaultSpec,
  type ResolvedScenario,
  type TriggeredFaultSpec,
} from '../../sim/index.ts';

export type FaultItem =
  | { readonly kind: 'timed'; readonly spec: FaultSpec }
  | { readonly kind: 'triggered'; readonly spec: TriggeredFaultSpec };

/** Timed faults first, then triggered ones, in the scenario's order. */
export function faultItems(s: ResolvedScenario): FaultItem[] {
  return [
    ...s.faults.map((spec): FaultItem => ({ kind: 'timed', spec })),
    ...(s.triggered ?? []).map((spec): FaultItem => ({ kind: 'triggered', spec })),
  ];
}

export function withFaultItems(s: ResolvedScenario, items: readonly FaultItem[]): ResolvedScenario {
  const timed = items.flatMap((i) => (i.kind === 'timed' ? [i.spec] : []));
  const triggered = items.flatMap((i) => (i.kind === 'triggered' ? [i.spec] : []));
  const { triggered: _old, ...rest } = s;
  return { ...rest, faults: timed, ...(triggered.length === 0 ? {} : { triggered }) };
}

export function faultCount(s: ResolvedScenario): number {
  return s.faults.length + (s.triggered?.length ?? 0);
}

/** `crash of writer at 5s for 10ms`, `disk-loss of leading on lag for 300ms`. */
export function describeFault(item: FaultItem): string {
  const f = item.spec;
  const start = item.kind === 'timed' ? `at ${formatDuration(item.spec.at)}` : `on ${triggerName(item.spec)}`;
  return `${faultName(item)} ${start}${f.for === undefined ? '' : ` for ${formatDuration(f.for)}`}`;
}

/** `crash of writer`. */
export function faultName(item: FaultItem): string {
  return `${item.spec.kind} of ${item.spec.label}`;
}

function triggerName(f: TriggeredFaultSpec): string {
  return f.when.on.kind === 'event' ? f.when.on.event : 'lag';
}

/** A changed scenario a shrink may keep, and what changed, for its step line. */
export interface Candidate {
  readonly scenario: ResolvedScenario;
  /** `merged 2 faults into crash of az:c`, `removed the 5 faults before 900ms, with seed 3 -> 43`. */
  readonly what: string;
}

/** One number of the scenario that a shrink makes smaller. */
export interface Knob {
  /** What the number is, for the step lines: `duration`, `faults.2.for`. */
  readonly name: string;
  get(s: ResolvedScenario): number;
  /** The smallest value worth trying. */
  low(s: ResolvedScenario): number;
  set(s: ResolvedScenario, value: number): ResolvedScenario;
  /** Values are multiples of this: whole milliseconds or microseconds, whole nodes. */
  step(value: number): number;
  format(value: number): string;
}

/** Whole milliseconds for anything from 10 ms on, else microseconds. */
const timeStep = (value: number): number => (value >= 10_000 ? 1000 : 1);
const one = (): number => 1;
/** Two significant digits: a rate of 5000/s shrinks through 2500/s, 1300/s, not 2658/s. */
const twoDigits = (value: number): number => 10 ** Math.max(0, Math.floor(Math.log10(value)) - 1);
const count = (value: number): string => String(value);

/**
 * The duration of fault `index` (of `faultItems`), toward 1 µs; triggered faults that last the
 * rest of the run have none. `name` says which fault it is in the step lines.
 */
export function faultFor(index: number, name: string): Knob {
  return {
    name: `${name}: for`,
    get: (s) => faultItems(s)[index]?.spec.for ?? 0,
    low: () => 1,
    set: (s, value) => replaceFault(s, index, (item) => ({ ...item, spec: { ...item.spec, for: value } }) as FaultItem),
    step: timeStep,
    format: formatDuration,
  };
}

/**
 * The start of the timed faults at `indices`, which start together, toward the start of the
 * run. They move as one: faults that began at the same instant are usually one story (an AZ's
 * nodes and the writer crashing at once), and kept together they can still merge. Triggered
 * faults whose window opens at that instant (attached to an event those faults cause,
 * `attach.ts`) move their window with them.
 */
export function faultsAt(indices: readonly number[], name: string): Knob {
  return {
    name: `${name}: at`,
    get: (s) => s.faults[indices[0]!]?.at ?? 0,
    low: () => 0,
    set: (s, value) => {
      const old = s.faults[indices[0]!]?.at ?? 0;
      const faults = s.faults.map((f, i) => (indices.includes(i) ? { ...f, at: value } : f));
      return withWindows({ ...s, faults }, (from) => (from === old ? value : from));
    },
    step: timeStep,
    format: formatDuration,
  };
}

/** The timed faults of `s` by start, each group's indices in order, groups in order of their first fault. */
export function startGroups(s: ResolvedScenario): number[][] {
  const groups = new Map<number, number[]>();
  s.faults.forEach((f, i) => groups.set(f.at, [...(groups.get(f.at) ?? []), i]));
  return [...groups.values()];
}

/** Every timed fault moved earlier by the same amount, and the windows of triggered faults with them: the knob is the first start. */
export const allFaultsAt: Knob = {
  name: 'start of all timed faults',
  get: (s) => Math.min(...s.faults.map((f) => f.at)),
  low: () => 0,
  set: (s, value) => {
    const shift = Math.min(...s.faults.map((f) => f.at)) - value;
    const faults = s.faults.map((f) => ({ ...f, at: f.at - shift }));
    return withWindows({ ...s, faults }, (from) => Math.max(0, from - shift), (to) => to - shift);
  },
  step: timeStep,
  format: formatDuration,
};

/** `s` with each triggered fault's window `[from, to)` moved to `[open(from), close(to))`. */
function withWindows(s: ResolvedScenario, open: (from: number) => number, close = (to: number): number => to): ResolvedScenario {
  if (s.triggered === undefined) return s;
  return { ...s, triggered: s.triggered.map((f) => ({ ...f, when: { ...f.when, from: open(f.when.from), to: close(f.when.to) } })) };
}

function replaceFault(s: ResolvedScenario, index: number, change: (item: FaultItem) => FaultItem): ResolvedScenario {
  return withFaultItems(s, faultItems(s).map((item, i) => (i === index ? change(item) : item)));
}

/** The open loop's rate, or the closed loop's clients. */
export function workloadKnob(s: ResolvedScenario): Knob {
  if (s.workload.arrivals.kind === 'open') {
    return {
      name: 'workload.rate',
      get: (x) => (x.workload.arrivals.kind === 'open' ? x.workload.arrivals.ratePerSecond : 0),
      low: () => 1,
      set: (x, ratePerSecond) => ({ ...x, workload: { ...x.workload, arrivals: { kind: 'open', ratePerSecond } } }),
      step: twoDigits,
      format: formatRate,
    };
  }
  return {
    name: 'workload.clients',
    get: (x) => (x.workload.arrivals.kind === 'closed' ? x.workload.arrivals.clients : 0),
    low: () => 1,
    set: (x, clients) => {
      const a = x.workload.arrivals;
      return a.kind === 'closed' ? { ...x, workload: { ...x.workload, arrivals: { ...a, clients } } } : x;
    },
    step: one,
    format: count,
  };
}

/** The run's duration, never ending before a timed fault starts. */
export const runDuration: Knob = {
  name: 'duration',
  get: (s) => s.duration,
  low: (s) => Math.max(1, ...s.faults.map((f) => f.at + 1)),
  set: withDuration,
  step: timeStep,
  format: formatDuration,
};

/**
 * `s` run for `value`, shorter or longer. What followed the old end follows the new one: a
 * warm-up past it is dropped, and a trigger window that ran to the end still does.
 */
export function withDuration(s: ResolvedScenario, value: number): ResolvedScenario {
  return withWindows(
    { ...s, duration: value, measure: s.measure.warmup < value ? s.measure : { ...s.measure, warmup: 0 } },
    (from) => from,
    (to) => (to >= s.duration ? value : Math.min(to, value)),
  );
}

/**
 * `s` run for at least `duration` (the duration a shrink started from): a candidate under
 * another seed or with a merged fault may violate the invariant a little after the end the
 * duration knob cut the run to, right after this schedule's violation.
 */
export function lengthened(s: ResolvedScenario, duration: number): ResolvedScenario {
  return duration > s.duration ? withDuration(s, duration) : s;
}

export const protectionGroups: Knob = clusterKnob('protectionGroups', 1);
export const storageNodes: Knob = clusterKnob('storageNodes', 1);
export const replicas: Knob = clusterKnob('replicas', 0);

function clusterKnob(field: 'protectionGroups' | 'storageNodes' | 'replicas', low: number): Knob {
  return {
    name: `cluster.${field}`,
    get: (s) => s.cluster[field],
    low: () => low,
    set: (s, value) => ({ ...s, cluster: { ...s.cluster, [field]: value } }),
    step: one,
    format: count,
  };
}
