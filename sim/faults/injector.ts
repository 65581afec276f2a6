/**
 * The fault injector: turns a schedule of `FaultSpec`s into calls on the world's `FaultTarget`
 * at the right simulated instants, and undoes each fault `for` µs after it began.
 *
 * Selectors are resolved through the target when a fault begins (so `writer` is whoever is the
 * writer then), and the undo acts on exactly the hosts, links and disks the begin touched.
 * What each kind does:
 * - crash: crash every host covered, restart them at the end;
 * - az-outage: the same for every host in the AZ;
 * - disk-loss: crash and wipe the disk of every host covered, restart them (empty) at the end;
 *   of `pg:N/segment:M`: wipe that segment only, at the start (repair brings it back);
 * - pause: pause, then resume;
 * - slow-disk: a disk slowdown on every host covered (a target without a disk, such as the
 *   writer inside an `az:` target, ignores it);
 * - partition: block both directions of every link between the two sides; one-way-partition:
 *   only target -> peer;
 * - latency-spike, packet-loss, packet-duplication, packet-reorder: the effect on the links
 *   between the sides (or, without a peer, on every link to or from the target).
 *
 * Each begin and end emits one `fault` trace line, before its effects: `start crash writer`, `end crash writer`;
 * the start line also carries the magnitude (`factor=10`, `extra=5000us`, `p=0.1`,
 * `jitter=2000us`). When a fault ends at the instant another begins, the end runs first.
 *
 * `outage()` and the budget queries say whether the faults active now are within the failure
 * model (`budget.ts`), for checkers that want to know what the protocol owes. Segments a disk
 * loss emptied stay in the outage after the fault ends, until a membership change takes their
 * slot out of the PG (`membershipChanged`: repair replaced them) — with no spare node, never.
 *
 * Not modelled: faults triggered by the state of the run (e.g. "crash the writer during
 * recovery"); schedules are fixed before the run starts.
 */
import { assertNever } from '../core/assert.ts';
import type { Loop } from '../core/loop.ts';
import type { Trace } from '../core/trace.ts';
import type { FaultSpec, QuorumConfig } from '../scenario/resolved.ts';
import { MAX_SLOTS, type Topology } from '../topology/topology.ts';
import { assess, mustBeFenced, type Assessment, type Outage } from './budget.ts';
import type { FaultTarget, LinkEffect } from './fault-target.ts';
import { linkPairs, touching } from './footprint.ts';

/** The cluster the injector works on, for link targets without a peer and for the budget. */
export interface InjectorWorld {
  readonly topology: Topology;
  readonly quorum: QuorumConfig;
  /** A PG's settled member slots now (repairs move segments); see FailureModel. */
  readonly members?: (pg: number) => number;
}

/** A fault that has begun and not yet ended, with what its begin touched. */
export interface ActiveFault {
  readonly spec: FaultSpec;
  /** Hosts resolved from the target when the fault began. */
  readonly hosts: readonly number[];
  /** Directed links it put an effect on. */
  readonly links: readonly (readonly [number, number])[];
  /** Handles from `addLinkEffect` or `addDiskSlowdown`. */
  readonly handles: readonly number[];
}

interface Scheduled {
  readonly spec: FaultSpec;
  active: ActiveFault | undefined;
}

export class FaultInjector {
  private readonly loop: Loop;
  private readonly trace: Trace;
  private readonly target: FaultTarget;
  private readonly faults: readonly FaultSpec[];
  private readonly world: InjectorWorld;
  private readonly active = new Set<Scheduled>();
  /** Settled segments a disk loss emptied, as `pg * MAX_SLOTS + slot`: out until replaced. */
  private readonly emptied = new Set<number>();

  constructor(loop: Loop, trace: Trace, target: FaultTarget, faults: readonly FaultSpec[], world: InjectorWorld) {
    this.loop = loop;
    this.trace = trace;
    this.target = target;
    this.faults = faults;
    this.world = world;
  }

  /** Schedules every begin and end; ends sort before begins at the same instant. */
  start(): void {
    const events = this.faults.flatMap((spec) => {
      const entry: Scheduled = { spec, active: undefined };
      return [
        { time: spec.at, order: 1, fn: this.begin, entry },
        { time: spec.at + spec.for, order: 0, fn: this.end, entry },
      ];
    });
    events.sort((a, b) => a.time - b.time || a.order - b.order);
    for (const e of events) this.loop.at(e.time, e.fn, e.entry);
  }

  /** The faults active now, in the order they began. */
  activeFaults(): ActiveFault[] {
    return [...this.active].map((s) => s.active!);
  }

  /**
   * What the active faults take away right now, as seen from the writer resolved now (or from
   * the writer process on `writerHost`: what is cut off and gray depends on where it runs).
   */
  outage(writerHost?: number): Outage {
    const hostsDown = new Set<number>();
    const cutOff = new Set<number>();
    const gray = new Set<number>();
    const writer = new Set(writerHost === undefined ? this.target.resolve({ kind: 'writer' }) : [writerHost]);
    const storageEnd = (a: number, b: number): number | undefined => (writer.has(a) ? b : writer.has(b) ? a : undefined);
    for (const { spec, hosts, links } of this.activeFaults()) {
      switch (spec.kind) {
        case 'crash': case 'disk-loss': case 'az-outage': case 'pause':
          if (spec.target.kind !== 'segment') for (const h of hosts) hostsDown.add(h);
          break;
        case 'partition': case 'one-way-partition':
          for (const [a, b] of links) add(cutOff, storageEnd(a, b));
          break;
        case 'slow-disk':
          for (const h of hosts) gray.add(h);
          break;
        case 'latency-spike': case 'packet-loss': case 'packet-duplication': case 'packet-reorder':
          for (const [a, b] of links) add(gray, storageEnd(a, b));
          break;
        default:
          assertNever(spec, 'fault kind');
      }
    }
    return { hostsDown, segmentsLost: new Set(this.emptied), cutOff, gray };
  }

  /**
   * A PG's membership changed to settled members `base`: emptied segments whose slot left it
   * were replaced, and are out of the outage for good (the slot may be reused by a new segment).
   * Call it as each change happens, before a later change can reuse the slot.
   */
  membershipChanged(pg: number, base: number): void {
    for (let slot = 0; slot < MAX_SLOTS; slot++) if ((base & (1 << slot)) === 0) this.emptied.delete(pg * MAX_SLOTS + slot);
  }

  assess(): Assessment {
    return assess(this.world, this.outage());
  }

  /** The active faults leave every PG within AZ+1 with a read quorum. */
  withinBudget(): boolean {
    return this.assess().withinFailureModel;
  }

  /**
   * The writer's host is up and every PG has a reachable write quorum free of gray failures:
   * the protocol owes acknowledgements (budget.ts, `writesOwed`).
   */
  writesShouldBeAvailable(): boolean {
    const outage = this.outage();
    const writerUp = this.target.resolve({ kind: 'writer' }).every((h) => !outage.hostsDown.has(h));
    return writerUp && assess(this.world, outage).writesOwed;
  }

  /** A superseded writer on `host` reaches enough storage that it must be fenced (budget.ts). */
  mustBeFenced(host: number): boolean {
    return mustBeFenced(this.world, this.outage(host));
  }

  private readonly begin = (entry: Scheduled): void => {
    this.trace.emitText('fault', `start ${entry.spec.kind} ${entry.spec.label}${magnitude(entry.spec)}`);
    entry.active = this.apply(entry.spec);
    this.active.add(entry);
  };

  private readonly end = (entry: Scheduled): void => {
    const active = entry.active;
    if (active === undefined) return;
    this.trace.emitText('fault', `end ${entry.spec.kind} ${entry.spec.label}`);
    this.active.delete(entry);
    entry.active = undefined;
    this.undo(active);
  };

  private apply(spec: FaultSpec): ActiveFault {
    const t = this.target;
    const hosts = t.resolve(spec.target);
    const done = (links: (readonly [number, number])[] = [], handles: number[] = []): ActiveFault => ({ spec, hosts, links, handles });
    switch (spec.kind) {
      case 'crash':
      case 'az-outage':
        for (const h of hosts) t.crashHost(h);
        return done();
      case 'disk-loss':
        if (spec.target.kind === 'segment') {
          const { pg, segment } = spec.target;
          this.empty(pg, (slot) => slot === segment);
          t.wipeSegment(pg, segment);
          return done();
        }
        for (const h of hosts) {
          t.crashHost(h);
          t.wipeDisk(h);
          for (let pg = 0; pg < this.world.topology.protectionGroups; pg++) this.empty(pg, (slot) => this.world.topology.nodeOf(pg, slot) === h);
        }
        return done();
      case 'pause':
        for (const h of hosts) t.pauseHost(h);
        return done();
      case 'slow-disk':
        return done([], hosts.map((h) => t.addDiskSlowdown(h, spec.factor)));
      case 'partition':
      case 'one-way-partition':
        return this.onLinks(spec, hosts, { block: true });
      case 'latency-spike':
        return this.onLinks(spec, hosts, { extraLatency: spec.extraLatency });
      case 'packet-loss':
        return this.onLinks(spec, hosts, { loss: spec.probability });
      case 'packet-duplication':
        return this.onLinks(spec, hosts, { duplicate: spec.probability });
      case 'packet-reorder':
        return this.onLinks(spec, hosts, { jitter: spec.jitter });
      default:
        return assertNever(spec, 'fault kind');
    }
  }

  /**
   * Records the settled segments of `pg` in the slots `which` picks as emptied. A new segment
   * of a pending replacement is left out: it asks for its copy again and refills itself.
   */
  private empty(pg: number, which: (slot: number) => boolean): void {
    const base = this.world.members?.(pg) ?? (1 << this.world.topology.segmentsPerPg) - 1;
    for (let slot = 0; slot < MAX_SLOTS; slot++) if ((base & (1 << slot)) !== 0 && which(slot)) this.emptied.add(pg * MAX_SLOTS + slot);
  }

  private onLinks(spec: FaultSpec, hosts: readonly number[], effect: LinkEffect): ActiveFault {
    const links =
      spec.peer === undefined
        ? touching(hosts, this.world.topology.hosts.length)
        : linkPairs(hosts, this.target.resolve(spec.peer), spec.kind === 'one-way-partition' || spec.oneWay === true);
    const handles = links.map(([from, to]) => this.target.addLinkEffect(from, to, effect));
    return { spec, hosts, links, handles };
  }

  private undo(active: ActiveFault): void {
    const { spec, hosts, handles } = active;
    const t = this.target;
    switch (spec.kind) {
      case 'crash':
      case 'az-outage':
        for (const h of hosts) t.restartHost(h);
        return;
      case 'disk-loss':
        if (spec.target.kind !== 'segment') for (const h of hosts) t.restartHost(h);
        return;
      case 'pause':
        for (const h of hosts) t.resumeHost(h);
        return;
      case 'slow-disk':
        for (const handle of handles) t.removeDiskSlowdown(handle);
        return;
      case 'partition':
      case 'one-way-partition':
      case 'latency-spike':
      case 'packet-loss':
      case 'packet-duplication':
      case 'packet-reorder':
        for (const handle of handles) t.removeLinkEffect(handle);
        return;
      default:
        return assertNever(spec, 'fault kind');
    }
  }
}

function add(set: Set<number>, value: number | undefined): void {
  if (value !== undefined) set.add(value);
}

/** The magnitude of a parameterised fault, for its start line. */
function magnitude(spec: FaultSpec): string {
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
