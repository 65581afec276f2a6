/**
 * Faults that are one fault of a whole AZ written out host by host: the same kind, start,
 * duration and magnitude on several hosts (or segments, or links to them) of one AZ. Each
 * such group is offered as one fault on `az:X`, which acts on every host of the AZ; whether
 * the wider fault still gives the same failure, and is valid for the kind, is for the run and
 * the parser to say. Link faults merge on either side, the other side staying as it was.
 *
 * Which AZ a host or segment is in comes from the simulator's own topology. Relative targets
 * of triggered faults (`leading`, ...) name no AZ and are left alone.
 */
import { Topology, type FaultSpec, type ResolvedScenario } from '../../sim/index.ts';
import { faultItems, faultName, withFaultItems, type Candidate, type FaultItem } from './edits.ts';

type Selector = FaultSpec['target'];

/** A merge offered: the scenario with the faults merged, and `merged 2 faults into crash of az:c`. */
export type Merge = Candidate;

/** Every merge of two or more faults into one on their AZ, in the order of their first fault. */
export function azMerges(s: ResolvedScenario): Merge[] {
  const items = faultItems(s);
  const azOf = azLookup(s);
  const groups = new Map<string, { az: string; side: Side; members: number[] }>();
  items.forEach((item, index) => {
    for (const side of sidesOf(item)) {
      const az = azOf(side.varying);
      if (az === undefined) continue;
      const key = `${groupKey(item)}|${side.name}|${side.fixed}|${az}`;
      const group = groups.get(key) ?? { az, side, members: [] };
      group.members.push(index);
      groups.set(key, group);
    }
  });
  return [...groups.values()]
    .filter((g) => g.members.length >= 2)
    .sort((a, b) => a.members[0]! - b.members[0]!)
    .map((g) => {
      const merged = widen(items[g.members[0]!]!, g.side, g.az);
      const next = items.flatMap((item, i) => (i === g.members[0] ? [merged] : g.members.includes(i) ? [] : [item]));
      return { scenario: withFaultItems(s, next), what: `merged ${g.members.length} faults into ${faultName(merged)}` };
    });
}

/**
 * Every merge of two timed faults of one kind and magnitude at different times into one fault
 * over both windows (from the first start to the last end): on their common target, or, for
 * single targets in one AZ, on that AZ. ddmin leaves a case where no one fault can go; two
 * faults that are one longer or wider fault written twice can still become one. Pairs in the
 * order of their first fault, then their second; only single-target faults and links as
 * written (the same label) are merged.
 */
export function spanMerges(s: ResolvedScenario): Merge[] {
  const items = faultItems(s);
  const azOf = azLookup(s);
  const merges: Merge[] = [];
  items.forEach((a, i) => {
    items.forEach((b, j) => {
      if (j <= i || a.kind !== 'timed' || b.kind !== 'timed' || spanKey(a.spec) !== spanKey(b.spec)) return;
      const at = Math.min(a.spec.at, b.spec.at);
      const end = Math.max(a.spec.at + a.spec.for, b.spec.at + b.spec.for);
      const window = { at, for: end - at };
      let merged: FaultSpec | undefined;
      if (a.spec.label === b.spec.label) merged = { ...a.spec, ...window };
      else if (a.spec.peer === undefined && b.spec.peer === undefined) {
        const az = azOf(a.spec.target);
        if (az !== undefined && az === azOf(b.spec.target)) merged = { ...a.spec, ...window, target: { kind: 'az', name: az }, label: `az:${az}` } as FaultSpec;
      }
      if (merged === undefined) return;
      const item: FaultItem = { kind: 'timed', spec: merged };
      const next = items.flatMap((x, k) => (k === i ? [item] : k === j ? [] : [x]));
      merges.push({ scenario: withFaultItems(s, next), what: `merged ${faultName(a)} and ${faultName(b)} into ${faultName(item)} over both windows` });
    });
  });
  return merges;
}

/** Everything but the target and the window: faults that agree on it could be one fault. */
function spanKey(spec: FaultSpec): string {
  const { target: _t, peer: _p, label: _l, at: _a, for: _f, ...rest } = spec;
  return JSON.stringify(rest);
}

/** The side of a fault's target that a merge may widen to an AZ, and what stays fixed. */
interface Side {
  readonly name: 'target' | 'peer';
  readonly varying: Selector;
  /** The other end of a link, as written; empty for a single target. */
  readonly fixed: string;
}

function sidesOf(item: FaultItem): Side[] {
  const { target, peer } = item.spec;
  if (target.kind === 'relative') return [];
  if (peer === undefined) return [{ name: 'target', varying: target, fixed: '' }];
  const [left = '', right = ''] = splitLink(item.spec.label);
  return [
    { name: 'peer', varying: peer, fixed: left },
    { name: 'target', varying: target, fixed: right },
  ];
}

/** Everything but the target: faults that agree on it could be one fault. */
function groupKey(item: FaultItem): string {
  const { target: _t, peer: _p, label: _l, ...rest } = item.spec;
  return `${item.kind}|${JSON.stringify(rest)}`;
}

function widen(item: FaultItem, side: Side, az: string): FaultItem {
  const selector: Selector = { kind: 'az', name: az };
  const spec = item.spec;
  if (spec.peer === undefined) return { ...item, spec: { ...spec, target: selector, label: `az:${az}` } } as FaultItem;
  const [left = '', right = ''] = splitLink(spec.label);
  const arrow = spec.label.includes(' <-> ') ? '<->' : '->';
  const label = side.name === 'peer' ? `${left} ${arrow} az:${az}` : `az:${az} ${arrow} ${right}`;
  const ends = side.name === 'peer' ? { peer: selector } : { target: selector };
  return { ...item, spec: { ...spec, ...ends, label } } as FaultItem;
}

/** `A <-> B` and `A -> B` into their two ends, as the scenario spells them. */
function splitLink(label: string): [string, string] {
  const [left = '', right = ''] = label.split(/ <-> | -> /);
  return [left, right];
}

/** The AZ name of a selector in the scenario's cluster, as first placed. */
function azLookup(s: ResolvedScenario): (selector: Selector) => string | undefined {
  const c = s.cluster;
  const topology = new Topology({ ...c, writerAz: c.writerAz.charCodeAt(0) - 97 });
  const name = (az: number | undefined) => (az === undefined ? undefined : String.fromCharCode(97 + az));
  return (selector) => {
    switch (selector.kind) {
      case 'writer':
        return name(topology.writer.az);
      case 'replica':
        return name(topology.replicas[selector.index - 1]?.az);
      case 'node':
        return name(topology.storageNodes[selector.index]?.az);
      case 'segment':
        return name(topology.azOfSegment(selector.segment));
      case 'az':
        return selector.name;
    }
  };
}
