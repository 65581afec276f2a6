/**
 * The `faults:` section: a list of `{at, kind, target, for, ...parameters}` entries, each one
 * fault that begins at `at` and is undone `for` later (the rest of the run when `for` is
 * omitted). Targets are spelt as in `faults/selector.ts`; link faults take `A <-> B` or
 * `A -> B`. An entry with `when:` instead of `at:` is a triggered fault: it begins when the run
 * reaches a state (`triggers.ts`), and may name a target relative to that state.
 *
 * Checked per entry (`fault-entry.ts`, from the kind table): the kind (with a did-you-mean), the
 * target's spelling and its shape for the kind, the parameters. Checked against the cluster and
 * the run (`faultsRule`): the numbers in the target, `at` before the end of the run, and faults
 * that cannot both hold — two process faults (a disk loss of one segment is none) on
 * one host at overlapping times, reported at the later of the two (hosts as placed at the
 * start: `writer` is the initial writer).
 *
 * Triggered faults are checked for their `when` and target only: when they start is not known
 * before the run (the injector drops one that would stop a host another fault holds).
 *
 * Not checked: whether the schedule stays within the failure model (a scenario may exceed it
 * on purpose; chaos stays within it unless told otherwise).
 */
import { z } from 'zod';
import { footprintOf, linksOf, sharedProcessHost, windowsOverlap } from '../faults/footprint.ts';
import { FAULT_KINDS, kindRow, PROCESS_KINDS } from '../faults/kinds.ts';
import { boundsOf, checkSelector, formatTarget, type Selector } from '../faults/selector.ts';
import { namesSegment } from '../faults/trigger.ts';
import { Topology } from '../topology/topology.ts';
import { segmentsPerAzOf } from './cluster.ts';
import { faultEntrySchema, kindOf, paramsDocument, type FaultDocument, type FaultEntry } from './fault-entry.ts';
import type { FaultKindSpec, FaultSpec, TriggeredFaultSpec } from './resolved.ts';
import { checkWhen, toTriggerSpec, whenDocument } from './triggers.ts';
import type { Report, Rule } from './rule.ts';
import { formatDuration } from './units.ts';

export type { FaultDocument, FaultEntry };

/** "crash, disk-loss, az-outage and pause": the kinds a host takes one of at a time. */
const PROCESS_KINDS_TEXT = [...PROCESS_KINDS].join(', ').replace(/, ([^,]*)$/, ' and $1');

export const faultsSchema = z
  .array(faultEntrySchema)
  .meta({
    description: `Faults injected at fixed times (\`at\`) or when the run reaches a state (\`when\`); each is undone after \`for\`. Kinds: ${FAULT_KINDS.join(', ')}.`,
  });

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
  const bounds = { ...boundsOf(topology), repairSlots: kindRow(e.kind).segmentItself === true };
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
        `${later.spec.kind} of ${later.spec.label} overlaps faults.${earlier.index} (${e.kind} of ${e.label}, ${formatDuration(e.at)} to ${formatDuration(e.at + e.for)}) on host ${topology.host(host).name}: a host takes one of ${PROCESS_KINDS_TEXT} at a time`,
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

/** A fault as a scenario file spells it; a list of these replays the schedule exactly. */
export function faultDocument(f: FaultSpec): FaultDocument {
  return { at: formatDuration(f.at), ...body(f, f.label, f.for) } as FaultDocument;
}

/** A triggered fault as a scenario file spells it: `when` first, every field explicit. */
export function triggeredDocument(f: TriggeredFaultSpec): FaultDocument {
  const when = { ...whenDocument(f.when), withinFailureModel: f.withinFailureModel === true };
  return { when, ...body(f, f.label, f.for) } as FaultDocument;
}

/** `{kind, target, for, ...parameters}` in the order files use. */
function body(f: FaultKindSpec, label: string, duration: number | undefined) {
  return { kind: f.kind, target: label, ...(duration === undefined ? {} : { for: formatDuration(duration) }), ...paramsDocument(f) };
}

/** The user-facing YAML objects of a schedule (e.g. chaos expanded), for results and replay files. */
export function renderFaults(faults: readonly FaultSpec[]): FaultDocument[] {
  return faults.map(faultDocument);
}
