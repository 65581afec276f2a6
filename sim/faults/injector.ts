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
 * - latency-spike, packet-loss, packet-duplication, packet-reorder, bandwidth-cut: the effect on
 *   the links between the sides (or, without a peer, on every link to or from the target).
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
 * Triggered faults (`trigger.ts`) start when the run reaches a state ("crash the writer 1 ms
 * into its recovery", "lose the disk of the most advanced segment while another lags"): the
 * trigger watch reads the trace and hands a match to the injector, which starts the fault
 * `after` later — if `admission.ts` admits it then (one process fault per host; those held to
 * the failure model within it), else the trigger stays armed. A started one is an ordinary
 * fault from then on: `ran()` lists it with its real start, and written back as a timed fault
 * it replays to the same trace, because every fault event runs first in its microsecond
 * (core/start-lane.ts) and a trigger leaves nothing in the trace of its own.
 *
 * Not modelled: triggers on the state of the network or of a disk queue; a trigger on a
 * combination of states.
 */
import { assertNever } from '../core/assert.ts';
import type { Loop } from '../core/loop.ts';
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import type { QuorumConfig } from '../quorum/quorum-config.ts';
import type { FaultSpec, TriggeredFaultSpec } from './fault-spec.ts';
import { MAX_SLOTS, type Topology } from '../topology/topology.ts';
import { Admission } from './admission.ts';
import { assess, mustBeFenced, writerDownWithStandby, type Assessment, type Outage } from './budget.ts';
import type { FaultTarget, LinkEffect, Selector } from './fault-target.ts';
import { linkPairs, touching } from './footprint.ts';
import { isProcessFault, kindRow, magnitude } from './kinds.ts';
import { ArmedTrigger, startedSpec, TriggerWatch } from './trigger.ts';

/** The cluster the injector works on, for link targets without a peer and for the budget. */
export interface InjectorWorld {
  readonly topology: Topology;
  readonly quorum: QuorumConfig;
  /** A PG's settled member slots now (repairs move segments); see FailureModel. */
  readonly members?: (pg: number) => number;
  /** How long a disk loss keeps its segments out after it ends, for triggered faults' planning, µs. */
  readonly dataLossTail?: number;
  /** The end of the run, µs: a triggered fault starts before it, and lasts until it without `for`. */
  readonly end?: number;
}

export interface InjectorOptions {
  /** Faults that start on a state rather than at a time. */
  readonly triggered?: readonly TriggeredFaultSpec[];
  /** Called as each fault starts (after its effects), timed or triggered. */
  readonly onStart?: (spec: FaultSpec) => void;
  /**
   * Timed faults chaos drew: held to the failure model again when they start, with the
   * placement of that moment (a plan made before the run cannot see repairs move segments);
   * one that would take the faults beyond the model then is skipped.
   */
  readonly heldToModel?: ReadonlySet<FaultSpec>;
}

/** A fault that has begun and not yet ended, with what its begin touched. */
export interface ActiveFault {
  readonly spec: FaultSpec;
  /** Hosts resolved from the target when the fault began. */
  readonly hosts: readonly number[];
  /** Directed links it put an effect on. */
  readonly links: readonly (readonly [number, number])[];
  /** Handles from `addLinkEffect` (one per link), or from `addDiskSlowdown` (one per host). */
  readonly handles: readonly number[];
}

/** Start-lane ranks: at one instant, every end runs before any begin. */
const END = 0;
const BEGIN = 1;

interface Scheduled {
  readonly spec: FaultSpec;
  active: ActiveFault | undefined;
  /** The trigger that started it, for a triggered fault. */
  readonly armed?: ArmedTrigger;
}

export class FaultInjector {
  private readonly loop: Loop;
  private readonly trace: ModelTrace;
  private readonly target: FaultTarget;
  private readonly faults: readonly FaultSpec[];
  private readonly world: InjectorWorld;
  private readonly options: InjectorOptions;
  private readonly active = new Set<Scheduled>();
  /** Settled segments a disk loss emptied, as `pg * MAX_SLOTS + slot`: out until replaced. */
  private readonly emptied = new Set<number>();
  /** Triggered faults that started, in the order they started. */
  private readonly triggeredRan: FaultSpec[] = [];
  /** Present when there are triggered faults or drawn ones. */
  private readonly admission: Admission | undefined;
  private readonly heldToModel: ReadonlySet<FaultSpec>;
  /** Drawn faults skipped when they would have started. */
  private readonly skipped = new Set<FaultSpec>();
  private readonly armed: ArmedTrigger[];

  /** `faults`: the timed schedule, in start order. */
  constructor(loop: Loop, trace: ModelTrace, target: FaultTarget, faults: readonly FaultSpec[], world: InjectorWorld, options: InjectorOptions = {}) {
    this.loop = loop;
    this.trace = trace;
    this.target = target;
    this.faults = faults;
    this.world = world;
    this.options = options;
    this.armed = (options.triggered ?? []).map((spec) => new ArmedTrigger(spec, world.topology.protectionGroups));
    this.heldToModel = options.heldToModel ?? new Set();
    this.admission = this.armed.length === 0 && this.heldToModel.size === 0 ? undefined : new Admission({ ...world, dataLossTail: world.dataLossTail ?? 0 }, faults);
  }

  /**
   * Schedules every begin in the loop's start lane (first in its microsecond); each begin
   * schedules its end, so ends at one instant run in the order their faults began, and before
   * any begin at that instant (rank 0 against 1).
   */
  start(): void {
    for (const spec of this.faults) {
      this.loop.atStartOf(spec.at, this.heldToModel.has(spec) ? this.beginDrawn : this.begin, { spec, active: undefined }, BEGIN);
    }
    if (this.armed.length === 0) return;
    new TriggerWatch(this.loop, this.world.topology, this.armed, this.end, this.onMatch).attach(this.trace);
  }

  /**
   * Every fault that ran, is running or is still scheduled, as timed faults with their real
   * starts, in the order their begins run: by start, a timed fault before a triggered one at
   * the same instant (it was scheduled first). Written into a scenario as its `faults:`, the
   * list replays this run.
   */
  ran(): FaultSpec[] {
    const out: FaultSpec[] = [];
    let t = 0;
    for (const spec of this.triggeredRan) {
      while (t < this.faults.length && this.faults[t]!.at <= spec.at) out.push(this.faults[t++]!);
      out.push(spec);
    }
    return [...out, ...this.faults.slice(t)].filter((spec) => !this.skipped.has(spec));
  }

  /** The triggers' counts so far: matches counted and faults started, per triggered fault. */
  triggerCounts(): { readonly matches: number; readonly fired: number }[] {
    return this.armed.map((a) => ({ matches: a.matches, fired: a.fired }));
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
      const family = kindRow(spec.kind).family;
      switch (family) {
        case 'process':
          // A kind that acts on a segment itself (a disk loss of one segment) leaves its node
          // running; any other stops the host, also one named by a segment it holds.
          if (isProcessFault(spec)) for (const h of hosts) hostsDown.add(h);
          break;
        case 'link-cut':
          for (const [a, b] of links) add(cutOff, storageEnd(a, b));
          break;
        case 'disk-gray':
          for (const h of hosts) gray.add(h);
          break;
        case 'link-gray':
          for (const [a, b] of links) add(gray, storageEnd(a, b));
          break;
        default:
          assertNever(family, 'fault family');
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

  /** The writer's host is down while another compute host is up to take over (budget.ts). */
  writerDownWithStandby(): boolean {
    return writerDownWithStandby(this.world, this.outage(), this.target.resolve({ kind: 'writer' }));
  }

  /** A superseded writer on `host` reaches enough storage that it must be fenced (budget.ts). */
  mustBeFenced(host: number): boolean {
    return mustBeFenced(this.world, this.outage(host));
  }

  private get end(): number {
    return this.world.end ?? Number.MAX_SAFE_INTEGER;
  }

  /** A trigger matched: its fault, resolved, is to start at `at`. */
  private readonly onMatch = (armed: ArmedTrigger, target: Selector, at: number): void => {
    const spec = startedSpec(armed.spec, target, at, this.end);
    this.loop.atStartOf(at, this.beginTriggered, { spec, active: undefined, armed } satisfies Scheduled, BEGIN);
  };

  private readonly beginTriggered = (entry: Scheduled): void => {
    const armed = entry.armed!;
    const writerHost = this.writerHost();
    const ok = !this.holdsHost(entry.spec) && this.admission!.admits(entry.spec, writerHost, armed.spec.withinFailureModel === true, this.emptied);
    if (!ok) {
      armed.busy = false; // dropped: the trigger listens again
      return;
    }
    armed.fired++;
    this.triggeredRan.push(entry.spec);
    this.begin(entry);
  };

  private readonly beginDrawn = (entry: Scheduled): void => {
    if (this.admission!.admits(entry.spec, this.writerHost(), true, this.emptied)) return this.begin(entry);
    this.skipped.add(entry.spec);
    this.admission!.dropped(entry.spec);
  };

  private readonly begin = (entry: Scheduled): void => {
    this.trace.emitText('fault', `start ${entry.spec.kind} ${entry.spec.label}${magnitude(entry.spec)}`);
    entry.active = this.apply(entry.spec);
    this.active.add(entry);
    this.loop.atStartOf(entry.spec.at + entry.spec.for, this.finish, entry, END);
    this.admission?.started(entry.spec, this.writerHost());
    this.options.onStart?.(entry.spec);
  };

  /** Whether a process fault's hosts, resolved now, are already stopped or paused by an active fault. */
  private holdsHost(spec: FaultSpec): boolean {
    if (!isProcessFault(spec)) return false;
    const hosts = this.target.resolve(spec.target);
    return [...this.active].some((s) => isProcessFault(s.spec) && s.active!.hosts.some((h) => hosts.includes(h)));
  }

  private writerHost(): number {
    return this.target.resolve({ kind: 'writer' })[0]!;
  }

  private readonly finish = (entry: Scheduled): void => {
    if (entry.armed !== undefined) entry.armed.busy = false;
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
      case 'bandwidth-cut':
        return this.onLinks(spec, hosts, { bandwidthDivisor: spec.factor });
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
        hosts.forEach((host, i) => t.removeDiskSlowdown(host, handles[i]!));
        return;
      case 'partition':
      case 'one-way-partition':
      case 'latency-spike':
      case 'packet-loss':
      case 'packet-duplication':
      case 'packet-reorder':
      case 'bandwidth-cut':
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
