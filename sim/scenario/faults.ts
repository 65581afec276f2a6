/**
 * The `faults:` section: a list of `{at, kind, target, for, ...magnitude}` entries, each one
 * fault that begins at `at` and is undone `for` later (the rest of the run when `for` is
 * omitted). Targets are spelt as in `faults/selector.ts`; link faults take `A <-> B` or
 * `A -> B`. An entry with `when:` instead of `at:` is a triggered fault: it begins when the run
 * reaches a state (`triggers.ts`), and may name a target relative to that state.
 *
 * Checked per entry: the kind (with a did-you-mean), the target's spelling and its shape for
 * the kind, the magnitude. Checked against the cluster and the run (`faultsRule`): the numbers
 * in the target, `at` before the end of the run, and faults that cannot both hold — two of
 * crash, disk-loss (of a host), az-outage and pause on one host at overlapping times, reported
 * at the later of the two (hosts as placed at the start: `writer` is the initial writer).
 *
 * Triggered faults are checked for their `when` and target only: when they start is not known
 * before the run (the injector drops one that would stop a host another fault holds).
 *
 * Not checked: whether the schedule stays within the failure model (a scenario may exceed it
 * on purpose; chaos stays within it unless told otherwise).
 */
import { z } from 'zod';
import { footprintOf, linksOf, sharedProcessHost, windowsOverlap } from '../faults/footprint.ts';
import { FAULT_KINDS, type FaultKind } from '../faults/kinds.ts';
import {
  boundsOf,
  checkSelector,
  FORMS_TEXT,
  formatTarget,
  parseTarget,
  RELATIVE_TARGETS,
  SELECTOR_PREFIXES,
  type Selector,
  type TargetText,
} from '../faults/selector.ts';
import { namesSegment } from '../faults/trigger.ts';
import { Topology } from '../topology/topology.ts';
import { segmentsPerAzOf } from './cluster.ts';
import { duration, positiveDuration } from './fields.ts';
import { MAX_DRAWN_SPAN, MAX_SLOWDOWN } from './limits.ts';
import type { FaultKindSpec, FaultSpec, TriggeredFaultSpec } from './resolved.ts';
import { checkWhen, toTriggerSpec, whenDocument, whenSchema } from './triggers.ts';
import type { Report, Rule } from './rule.ts';
import { closest } from './suggestion.ts';
import { formatDuration } from './units.ts';
import { describeValue } from './value-description.ts';

type Shape = 'host' | 'storage' | 'az' | 'partition' | 'one-way' | 'link';

/** What each kind does and which target shape it takes. */
const KINDS: Readonly<Record<FaultKind, { readonly shape: Shape; readonly description: string }>> = {
  crash: { shape: 'host', description: 'The process crashes (disk kept) and restarts after `for`; the writer recovers or fails over.' },
  'disk-loss': { shape: 'storage', description: 'Like crash, but the node comes back empty; of pg:N/segment:M, only that segment is lost.' },
  'az-outage': { shape: 'az', description: 'Every host in the AZ crashes and restarts after `for`.' },
  pause: { shape: 'host', description: 'The process stops handling messages and timers for `for` (GC, VM freeze); nothing is lost.' },
  'slow-disk': { shape: 'storage', description: 'Disk latency multiplied by `factor` (a gray failure); of a segment, its node’s disk.' },
  partition: { shape: 'partition', description: 'No messages either way between the two sides of "A <-> B".' },
  'one-way-partition': { shape: 'one-way', description: 'No messages from A to B in "A -> B"; the other direction works.' },
  'latency-spike': { shape: 'link', description: 'Every message on the links gets `extra` one-way latency.' },
  'packet-loss': { shape: 'link', description: 'Each message on the links is lost with `probability`.' },
  'packet-duplication': { shape: 'link', description: 'Each message on the links is delivered twice with `probability`.' },
  'packet-reorder': { shape: 'link', description: 'Each message on the links waits an extra uniform [0, `jitter`], so messages overtake each other.' },
};

const SELECTORS = 'writer, replica:N (from 1), node:N (from 0), az:NAME, pg:N/segment:M (from 0)';

/** What editors show for each target shape. */
const TARGET_HELP: Readonly<Record<Shape, string>> = {
  host: `One host selector: ${SELECTORS}; a segment means the node holding it.`,
  storage: 'A storage node, segment or AZ: node:N (from 0), pg:N/segment:M (from 0) or az:NAME.',
  az: 'An AZ: az:a, az:b, ...',
  partition: `A link "A <-> B" between two selectors (${SELECTORS}).`,
  'one-way': `A directed link "A -> B" between two selectors (${SELECTORS}).`,
  link: `"A <-> B", "A -> B", or one selector for every link to and from it (${SELECTORS}).`,
};

/** Why the target does not fit the kind, or undefined. */
function shapeProblem(kind: FaultKind, t: TargetText): string | undefined {
  const shape = KINDS[kind].shape;
  if (t.shape === 'relative') {
    return shape === 'host' || shape === 'storage' || shape === 'link' ? undefined : `${kind} cannot take ${t.relative}, a segment or its node`;
  }
  const sel = t.shape === 'single' ? t.target.kind : undefined;
  switch (shape) {
    case 'host':
      return sel === undefined ? `${kind} takes one host selector (${FORMS_TEXT}), not a link` : undefined;
    case 'storage':
      if (sel === 'node' || sel === 'segment' || sel === 'az') return undefined;
      return `${kind} takes a storage node, segment or AZ (node:N, pg:N/segment:M or az:NAME)${sel === undefined ? ', not a link' : `; ${sel === 'writer' ? 'the writer' : 'a replica'} has no storage disk`}`;
    case 'az':
      return sel === 'az' ? undefined : `${kind} takes an AZ, e.g. az:a`;
    case 'partition':
      if (t.shape === 'link' && !t.oneWay) return undefined;
      return t.shape === 'link' ? 'partition cuts both directions: write "A <-> B" (for one direction use one-way-partition)' : 'partition takes a link, "A <-> B"';
    case 'one-way':
      if (t.shape === 'link' && t.oneWay) return undefined;
      return t.shape === 'link' ? 'one-way-partition cuts one direction: write "A -> B" (for both use partition)' : 'one-way-partition takes a directed link, "A -> B"';
    case 'link':
      return undefined;
  }
}

function targetLeaf(kind: FaultKind) {
  return z
    .string()
    .transform((text, ctx): TargetText => {
      const parsed = parseTarget(text);
      const problem = parsed.ok ? shapeProblem(kind, parsed.value) : `${parsed.message}${suggestion(parsed.text)}${relativeHint(text)}`;
      if (parsed.ok && problem === undefined) return parsed.value;
      ctx.issues.push({ code: 'custom', message: problem ?? '', input: text });
      return z.NEVER;
    })
    .meta({ description: TARGET_HELP[KINDS[kind].shape] });
}

/** For a misspelt relative target: what the relative targets are. */
function relativeHint(text: string): string {
  const match = closest(text.trim(), RELATIVE_TARGETS);
  return match === undefined ? '' : ` (or, in a triggered fault, a relative target: did you mean '${match}'?)`;
}

/** " (did you mean 'node:1'?)" for a misspelt selector word. */
function suggestion(text: string | undefined): string {
  if (text === undefined) return '';
  const [word = '', ...rest] = text.split(':');
  const match = closest(word, SELECTOR_PREFIXES);
  if (match === undefined || match === word) return '';
  return ` (did you mean '${match === 'writer' ? match : [match, ...rest].join(':')}'?)`;
}

function entry<K extends FaultKind, P extends z.core.$ZodLooseShape>(kind: K, params: P) {
  return z
    .strictObject({
      at: duration('When the fault begins, from the start of the run (or give `when`).').optional(),
      when: whenSchema.optional(),
      kind: z.literal(kind),
      target: targetLeaf(kind),
      for: positiveDuration('How long the fault lasts before it is undone (from when it began); the rest of the run when omitted.').optional(),
      ...params,
    })
    .meta({ description: `${kind}: ${KINDS[kind].description}` });
}

const probability = (what: string) => z.number().gt(0).max(1).meta({ description: `Probability that a message is ${what}, in (0, 1].` });

const faultEntry = z.discriminatedUnion('kind', [
  entry('crash', {}),
  entry('disk-loss', {}),
  entry('az-outage', {}),
  entry('pause', {}),
  entry('slow-disk', {
    factor: z
      .number()
      .gt(1)
      .max(MAX_SLOWDOWN.max, { error: (issue) => `must be at most ${MAX_SLOWDOWN.max} (${MAX_SLOWDOWN.why}), got ${describeValue(issue.input)}` })
      .meta({ description: `Disk latency multiplier, greater than 1 and at most ${MAX_SLOWDOWN.max}.` }),
  }),
  entry('partition', {}),
  entry('one-way-partition', {}),
  entry('latency-spike', { extra: positiveDuration('Added one-way latency, e.g. "5ms".') }),
  entry('packet-loss', { probability: probability('lost') }),
  entry('packet-duplication', { probability: probability('delivered twice') }),
  entry('packet-reorder', { jitter: positiveDuration('Most extra delay per message, e.g. "2ms".', MAX_DRAWN_SPAN) }),
]);

export const faultsSchema = z
  .array(faultEntry)
  .meta({
    description: `Faults injected at fixed times (\`at\`) or when the run reaches a state (\`when\`); each is undone after \`for\`. Kinds: ${FAULT_KINDS.join(', ')}.`,
  });

export type FaultEntry = z.output<typeof faultEntry>;

/** The fields of the scenario the fault rule reads. */
interface FaultContext {
  readonly duration: number;
  readonly cluster: {
    readonly azs: number;
    readonly segmentsPerAz?: number | undefined;
    readonly protectionGroups: number;
    readonly storageNodes: number;
    readonly replicas: number;
    readonly writerAz: string;
  };
  readonly faults: readonly FaultEntry[];
}

export function topologyOf(cluster: FaultContext['cluster']): Topology {
  return new Topology({ ...cluster, segmentsPerAz: segmentsPerAzOf(cluster), writerAz: cluster.writerAz.charCodeAt(0) - 97 });
}

export const faultsRule: Rule<FaultContext> = {
  reads: ['azs', 'segmentsPerAz', 'protectionGroups', 'storageNodes', 'replicas', 'writerAz'].map((k) => ['cluster', k]).concat([['duration']]),
  items: ['faults'],
  check: (s, report, skipped) => {
    if (skipped.has(-1) || !Array.isArray(s.faults)) return;
    const topology = topologyOf(s.cluster);
    const valid: { index: number; spec: FaultSpec }[] = [];
    s.faults.forEach((e, index) => {
      if (skipped.has(index) || !checkEntry(e, index, s.duration, topology, report) || e.at === undefined) return;
      valid.push({ index, spec: toFaultSpec(e, s.duration) });
    });
    reportConflicts(valid, topology, report);
  },
};

/** Target numbers and start (time or state); true when the entry is usable. */
function checkEntry(e: FaultEntry, index: number, runDuration: number, topology: Topology, report: Report): boolean {
  const startOk = e.at === undefined ? checkTriggered(e, index, runDuration, report) : checkTimed(e, index, runDuration, report);
  if (e.target.shape === 'relative') return startOk;
  const bounds = { ...boundsOf(topology), repairSlots: e.kind === 'disk-loss' };
  const selectors: Selector[] = e.target.shape === 'link' ? [e.target.target, e.target.peer] : [e.target.target];
  const problem = selectors.map((s) => checkSelector(s, bounds)).find((p) => p !== undefined);
  if (problem !== undefined) report(['faults', index, 'target'], problem);
  else if (e.target.shape === 'link' && linksOf({ ...e, target: e.target.target, peer: e.target.peer, oneWay: e.target.oneWay }, topology).length === 0) {
    report(['faults', index, 'target'], `${formatTarget(e.target)} names no link: both sides are the same host`);
  }
  return startOk && problem === undefined;
}

function checkTimed(e: FaultEntry, index: number, runDuration: number, report: Report): boolean {
  if (e.when !== undefined) {
    report(['faults', index, 'when'], 'give `at` (a time) or `when` (a state), not both');
    return false;
  }
  if (e.target.shape === 'relative') {
    report(['faults', index, 'target'], `${e.target.relative} is relative to the segment a trigger names: give \`when\`, or name the segment (pg:N/segment:M)`);
    return false;
  }
  if (e.at! >= runDuration) {
    report(['faults', index, 'at'], `the fault starts at ${formatDuration(e.at!)}, after the scenario ends (duration ${formatDuration(runDuration)})`);
    return false;
  }
  return true;
}

function checkTriggered(e: FaultEntry, index: number, runDuration: number, report: Report): boolean {
  if (e.when === undefined) {
    report(['faults', index], 'a fault needs `at` (when it begins) or `when` (the state that begins it)');
    return false;
  }
  if (!checkWhen(e.when, ['faults', index, 'when'], runDuration, report)) return false;
  if (e.target.shape !== 'relative' || namesSegment(toTriggerSpec(e.when, runDuration).on)) return true;
  report(
    ['faults', index, 'target'],
    `${e.target.relative} is relative to the segment a trigger names, and \`on: ${e.when.on}\` names none: use lag, membership, segment.wipe, segment.new or segment.hydrated, or a plain target`,
  );
  return false;
}

/** Two process faults on one host at overlapping times, reported at the later one. */
function reportConflicts(valid: readonly { index: number; spec: FaultSpec }[], topology: Topology, report: Report): void {
  const footprints = valid.map((v) => footprintOf(v.spec, topology));
  const order = valid.map((_, i) => i).sort((a, b) => valid[a]!.spec.at - valid[b]!.spec.at || valid[a]!.index - valid[b]!.index);
  for (let j = 0; j < order.length; j++) {
    const later = valid[order[j]!]!;
    for (let i = 0; i < j; i++) {
      const earlier = valid[order[i]!]!;
      const host = sharedProcessHost(footprints[order[i]!]!, footprints[order[j]!]!);
      if (host === undefined || !windowsOverlap(earlier.spec, later.spec)) continue;
      const e = earlier.spec;
      report(
        ['faults', later.index],
        `${later.spec.kind} of ${later.spec.label} overlaps faults.${earlier.index} (${e.kind} of ${e.label}, ${formatDuration(e.at)} to ${formatDuration(e.at + e.for)}) on host ${topology.host(host).name}: a host takes one of crash, disk-loss, az-outage and pause at a time`,
      );
      break;
    }
  }
}

/** A validated timed entry as the contract's FaultSpec; `for` defaults to the rest of the run. */
export function toFaultSpec(e: FaultEntry, runDuration: number): FaultSpec {
  const t = e.target;
  if (t.shape === 'relative' || e.at === undefined) throw new Error('toFaultSpec: not a timed fault');
  const where = t.shape === 'single' ? { target: t.target } : { target: t.target, peer: t.peer, oneWay: t.oneWay };
  return { ...kindOf(e), at: e.at, for: e.for ?? runDuration - e.at, ...where, label: formatTarget(t) } as FaultSpec;
}

/** A validated entry with `when` as the contract's TriggeredFaultSpec. */
export function toTriggeredFaultSpec(e: FaultEntry, runDuration: number): TriggeredFaultSpec {
  const t = e.target;
  if (e.when === undefined) throw new Error('toTriggeredFaultSpec: not a triggered fault');
  const where =
    t.shape === 'relative'
      ? { target: { kind: 'relative', relative: t.relative } as const }
      : t.shape === 'single' ? { target: t.target } : { target: t.target, peer: t.peer, oneWay: t.oneWay };
  const duration = e.for === undefined ? {} : { for: e.for };
  const model = e.when.withinFailureModel ? { withinFailureModel: true } : {};
  return { ...kindOf(e), when: toTriggerSpec(e.when, runDuration), ...duration, ...where, label: formatTarget(t), ...model } as TriggeredFaultSpec;
}

/** The kind and its magnitude, as the contract names them. */
function kindOf(e: FaultEntry): FaultKindSpec {
  switch (e.kind) {
    case 'slow-disk':
      return { kind: e.kind, factor: e.factor };
    case 'latency-spike':
      return { kind: e.kind, extraLatency: e.extra };
    case 'packet-loss':
    case 'packet-duplication':
      return { kind: e.kind, probability: e.probability };
    case 'packet-reorder':
      return { kind: e.kind, jitter: e.jitter };
    default:
      return { kind: e.kind };
  }
}

export type FaultDocument = z.input<typeof faultEntry>;

/** A fault as a scenario file spells it; a list of these replays the schedule exactly. */
export function faultDocument(f: FaultSpec): FaultDocument {
  return { at: formatDuration(f.at), ...body(f, f.label, f.for) } as FaultDocument;
}

/** A triggered fault as a scenario file spells it: `when` first, every field explicit. */
export function triggeredDocument(f: TriggeredFaultSpec): FaultDocument {
  const when = { ...whenDocument(f.when), withinFailureModel: f.withinFailureModel === true };
  return { when, ...body(f, f.label, f.for) } as FaultDocument;
}

/** `{kind, target, for, ...magnitude}` in the order files use. */
function body(f: FaultKindSpec, label: string, duration: number | undefined) {
  const base = { kind: f.kind, target: label, ...(duration === undefined ? {} : { for: formatDuration(duration) }) };
  switch (f.kind) {
    case 'slow-disk':
      return { ...base, factor: f.factor };
    case 'latency-spike':
      return { ...base, extra: formatDuration(f.extraLatency) };
    case 'packet-loss':
    case 'packet-duplication':
      return { ...base, probability: f.probability };
    case 'packet-reorder':
      return { ...base, jitter: formatDuration(f.jitter) };
    default:
      return base;
  }
}

/** The user-facing YAML objects of a schedule (e.g. chaos expanded), for results and replay files. */
export function renderFaults(faults: readonly FaultSpec[]): FaultDocument[] {
  return faults.map(faultDocument);
}
