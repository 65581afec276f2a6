/**
 * The composition root's run: resolved scenario -> world -> phases -> RunResult.
 *
 * Phases (after TigerBeetle's VOPR): warm-up (left out of latency statistics),
 * faults (the scenario's list plus the chaos schedule expanded from the seed, all within the
 * run, and the faults triggers start on the way), heal (the end of the last fault that ran:
 * a triggered fault moves it), converge (the cluster must be whole again within
 * `convergeWithin`, else the run is inconclusive), final checks (the checkers' verdicts and
 * the scenario's expectations).
 */
import { evaluateExpectations, type ReplicaLag } from './check/expectations.ts';
import { AvailabilityLog } from './check/availability.ts';
import { UNAVAILABLE_AFTER } from './check/checkers.ts';
import { ConvergenceWatch } from './check/convergence.ts';
import { RecoveryLog } from './check/recovery-log.ts';
import { MembershipMirror } from './check/membership-mirror.ts';
import { SclMirror } from './check/scl-mirror.ts';
import { hasSpareNodes } from './faults/budget.ts';
import { dataLossTail, expandChaos, type ChaosPlan } from './faults/chaos.ts';
import { FaultInjector } from './faults/injector.ts';
import type { RunResult } from './result.ts';
import { judge } from './check/verdict.ts';
import { renderFaults } from './scenario/faults.ts';
import type { FaultSpec, ResolvedScenario, TriggeredFaultSpec } from './scenario/resolved.ts';
import { buildWorld, type World } from './world.ts';
import type { StopReason } from './core/loop.ts';
import type { ModelTrace } from './protocol/trace-kinds.ts';
import { faultTargetOf } from './world-faults.ts';

export interface RunOptions {
  /** Path of the scenario file as the user gave it (for messages and the replay command). */
  readonly source: string;
  /** The one-line command that reproduces this run, e.g. `aurora-sim run x.yaml --seed 7`. */
  readonly replay: string;
  /** Keep every canonical trace line in `RunResult.traceLines` (for `--trace` of short runs). */
  readonly keepTrace: boolean;
  /** Each canonical trace line as it is emitted: a long run's trace, streamed without holding it. */
  readonly onTraceLine?: (line: string) => void;
  /**
   * A detail level to emit besides the trace: `io`, disk writes and queues, the storage
   * driver's batches and their acknowledgements (IO_DETAIL_KINDS). Its events reach `watch`'s
   * handlers but never the traceHash, the event count or the lines (unless `detailLines`): the
   * run, its hash and its verdict are the same with or without it.
   */
  readonly detail?: TraceDetail;
  /** Also keep or hand on the detail events as lines (`--trace-detail`); still never hashed. */
  readonly detailLines?: boolean;
  /**
   * Called as soon as the trace exists, before anything emits (the world's first writer opens
   * while it is built): a reader of the run (a report, a replay) subscribes to the trace with
   * `trace.on`, reading only, and may end the run early with `control.stop()`, which takes
   * effect once the current event is done (at once, if asked before the run starts).
   */
  readonly watch?: (trace: ModelTrace, control: RunControl) => void;
}

/** The detail levels a run can be asked for. */
export type TraceDetail = 'io';

/** What a watcher of a run may do to it: nothing but end it early. */
export interface RunControl {
  /** Ends the run after the current event; the result is then inconclusive, saying so. */
  stop(): void;
}


export function runScenario(scenario: ResolvedScenario, options: RunOptions): RunResult {
  const watch = options.watch;
  const world = buildWorld(scenario, {
    keepLines: options.keepTrace, ...(options.onTraceLine === undefined ? {} : { onLine: options.onTraceLine }),
    detail: options.detail === 'io', detailLines: options.detailLines === true,
  }, watch === undefined ? undefined : (trace, loop) => watch(trace, { stop: () => loop.stop() }));
  const plan = schedule(scenario, world);
  const observers = observe(scenario, world, plan);
  const injector = new FaultInjector(world.loop, world.trace, faultTargetOf(world), plan.faults, {
    topology: world.topology, quorum: scenario.cluster.quorum, members: (pg) => world.memberships.of(pg).base, end: scenario.duration,
    dataLossTail: plan.dataLossTail,
  }, {
    triggered: plan.triggered, heldToModel: plan.drawn, onStart: (spec) => observers.convergence?.healLater(spec.at + spec.for),
  });
  injector.start();
  reportBudget(world, injector, scenario.failover.enabled);
  world.workload.start();
  world.trace.emitText('phase', 'run');
  const stop = world.loop.run({ until: scenario.duration, maxEvents: scenario.maxEvents });
  world.trace.emitText('phase', 'end');
  return collect(scenario, options, world, { faults: injector.ran(), swarm: plan.swarm, observers, stop });
}

interface Schedule {
  /** Timed faults, the scenario's and chaos', in start order. */
  readonly faults: FaultSpec[];
  /** Faults that start on a state: the scenario's, then those chaos armed. */
  readonly triggered: TriggeredFaultSpec[];
  readonly swarm: ChaosPlan['swarm'];
  /** The timed faults chaos drew (held to the failure model when they start, unless it may exceed it). */
  readonly drawn: ReadonlySet<FaultSpec>;
  /** How long a data loss counts against the budget after it ends (for ever without a spare node), µs. */
  readonly dataLossTail: number;
}

/** The scenario's faults and what chaos drew for this seed. */
function schedule(scenario: ResolvedScenario, world: World): Schedule {
  // Without a spare node, lost data is never rebuilt: a data loss stays in the budget for good.
  const tail = hasSpareNodes(world.topology) ? dataLossTail(scenario.repair, scenario.storage.segmentSizeBytes) : Infinity;
  const chaos: ChaosPlan = scenario.chaos === undefined ? { faults: [], triggered: [] } : expandChaos(scenario.chaos, world.rng, {
    topology: world.topology, quorum: scenario.cluster.quorum,
    dataLossTail: tail,
  }, scenario.faults);
  return {
    faults: [...scenario.faults, ...chaos.faults].sort((a, b) => a.at - b.at),
    triggered: [...(scenario.triggered ?? []), ...chaos.triggered],
    swarm: chaos.swarm,
    drawn: new Set(scenario.chaos?.exceedFailureModel === true ? [] : chaos.faults),
    dataLossTail: tail,
  };
}

/**
 * Tells the trace whether the failure state owes clients write availability (`budget`) and a
 * failover (`failover-owed`), each
 * time a fault begins or ends, the writer changes or is fenced, or a membership change settles
 * (a repair that replaced emptied segments gives their PG its quorum back): checkers cannot
 * ask the injector. Evaluated one step after the triggering event, once its effects are in
 * place; the injector hears of a membership change at once, before a later one can reuse a
 * freed slot.
 *
 * Nothing is owed while clients are still connected to a superseded writer (one alive after
 * a failover) that is cut off from so much storage that it need not meet the new epoch: it
 * can never commit again (the new epoch holds a write quorum of every PG), the model's
 * clients leave it only once it is fenced, dies or freezes (client timeouts are not
 * modelled), and fencing must wait for the partition to heal, so that wait is no failure of
 * the protocol. A superseded writer that reaches enough storage owes fencing, and writes.
 */
function reportBudget(world: World, injector: FaultInjector, failoverOn: boolean): void {
  const { loop, trace, controlPlane } = world;
  let owed = 1;
  let within = 1;
  let failover = 0;
  let pending = false;
  const evaluate = (): void => {
    pending = false;
    const clients = controlPlane.clientWriter;
    const stranded = clients !== controlPlane.writer && !injector.mustBeFenced(clients.host);
    const now = injector.writesShouldBeAvailable() && !stranded ? 1 : 0;
    if (now !== owed) trace.emit('budget', (owed = now));
    const inside = injector.withinBudget() ? 1 : 0;
    if (inside !== within) trace.emit('failure-model', (within = inside));
    const standby = failoverOn && injector.writerDownWithStandby() ? 1 : 0;
    if (standby !== failover) trace.emit('failover-owed', (failover = standby));
  };
  const changed = (): void => {
    if (pending) return;
    pending = true;
    loop.after(0, evaluate);
  };
  trace.on({
    fault: changed,
    promote: changed,
    'writer.open': changed,
    'writer.fenced': changed,
    membership: (_time, { pg, base }) => {
      injector.membershipChanged(pg, base);
      changed();
    },
  });
}

function observe(scenario: ResolvedScenario, world: World, plan: Schedule) {
  const { faults, triggered } = plan;
  const { trace, topology } = world;
  const recoveries = new RecoveryLog(scenario.failover.detection);
  recoveries.attach(trace);
  const availability = new AvailabilityLog(UNAVAILABLE_AFTER);
  availability.attach(trace);
  const membership = { changes: 0 };
  trace.on({ membership: () => void membership.changes++ });
  let convergence: ConvergenceWatch | undefined;
  if (faults.length > 0 || triggered.length > 0) {
    const memberships = new MembershipMirror(topology.protectionGroups, topology.segmentsPerPg, scenario.cluster.quorum);
    memberships.attach(trace);
    const mirror = new SclMirror(topology.protectionGroups);
    mirror.attach(trace);
    // Triggered faults move the heal as they start (`healLater`).
    const healAt = Math.max(0, ...faults.map((f) => f.at + f.for));
    convergence = new ConvergenceWatch({
      healAt, within: scenario.convergeWithin, protectionGroups: topology.protectionGroups, members: (pg) => memberships.mask(pg),
      rebuildable: hasSpareNodes(topology),
    }, mirror.live);
    convergence.attach(trace);
  }
  return { recoveries, availability, convergence, membership };
}

interface Outcome {
  /** Every fault that ran or was scheduled, triggered ones with their real starts. */
  readonly faults: readonly FaultSpec[];
  readonly swarm: ChaosPlan['swarm'];
  readonly observers: ReturnType<typeof observe>;
  /** Why the loop stopped. */
  readonly stop: StopReason;
}

/** Each replica's largest lag, and how long the oldest commit a running replica has not made visible has waited. */
function replicaLags(world: World): ReplicaLag[] {
  const running = new Map([...world.controlPlane.replicas.values()].filter((r) => !r.down).map((r) => [r.id, r]));
  return [...world.lagByReplica.entries()].sort((a, b) => a[0] - b[0]).map(([id, lag]) => {
    const oldest = running.get(id)?.oldestInvisibleAck();
    return { id, maxUs: lag.summarize().max, invisibleUs: oldest === undefined ? 0 : world.loop.now - oldest };
  });
}

function collect(scenario: ResolvedScenario, options: RunOptions, world: World, outcome: Outcome): RunResult {
  const { loop, trace, net, nodes, controlPlane, workload, checkers, lagByReplica } = world;
  const { observers } = outcome;
  const invariants = checkers.all.map((checker) => checker.finish());
  const latency = workload.latencyUs.summarize();
  const acknowledged = workload.acknowledged;
  const sends = controlPlane.writers.reduce((sum, writer) => sum + writer.driverSends, 0);
  const ioPerCommit = acknowledged === 0 ? 0 : sends / acknowledged;
  const recoveries = observers.recoveries.results(loop.now);
  const availability = observers.availability.result(loop.now);
  const convergence = observers.convergence?.result(loop.now);
  const expectations = evaluateExpectations(scenario.expect, {
    ackedCommitsLost: checkers.survival.lost, commitsAcknowledged: acknowledged,
    commitLatencyP50: latency.p50, commitLatencyP99: latency.p99, ioPerCommit, invariants, recoveries, availability,
    membershipChanges: observers.membership.changes, replicas: replicaLags(world),
  });
  net.summarize();
  // A negative scenario proves its violations; whether a broken protocol converges is moot.
  const negative = (scenario.expect.violations ?? []).length > 0;
  const verdict = judge({ stop: outcome.stop, now: loop.now, convergence: negative ? undefined : convergence, expectations });
  const lines = trace.keptLines();
  const traceEvents = trace.count;
  const writer = controlPlane.writer;
  return {
    scenario, source: options.source, seed: scenario.seed, verdict: verdict.verdict,
    ...(verdict.inconclusive !== undefined ? { inconclusive: verdict.inconclusive } : {}),
    traceHash: trace.finish(),
    simulated: { durationUs: loop.now, events: loop.events, traceEvents },
    commits: {
      submitted: workload.submitted, acknowledged, lost: checkers.survival.lost, refused: workload.refused, aborted: workload.aborted,
      latencyUs: latency, latencyHistogram: workload.latencyUs.snapshot(),
    },
    vdl: { final: writer.vdl, vcl: writer.vcl, monotonic: invariants.find((i) => i.name === 'monotonic-points')!.ok },
    availability,
    faults: renderFaults(outcome.faults),
    ...(outcome.swarm === undefined ? {} : { swarm: outcome.swarm }),
    ...(convergence !== undefined ? { convergence: {
      healedAtUs: convergence.healedAt, ok: convergence.ok, detail: convergence.detail,
      ...(convergence.convergedAt !== undefined ? { convergedAtUs: convergence.convergedAt } : {}),
    } } : {}),
    recoveries,
    replicas: [...lagByReplica.entries()].sort((a, b) => a[0] - b[0]).map(([id, lag]) => {
      const summary = lag.summarize();
      return { id, lagUs: { p50: summary.p50, p99: summary.p99, max: summary.max } };
    }),
    network: {
      bytes: { ...net.bytes }, messages: { ...net.messages }, dropped: net.dropped, ioPerCommit,
      writeBatches: controlPlane.writers.reduce((sum, writer) => sum + writer.driverBatches, 0),
      redoBytes: controlPlane.writers.reduce((sum, w) => sum + w.recordsAllocated, 0) * scenario.workload.recordBytes,
    },
    storage: {
      diskWrites: [...nodes.values()].reduce((sum, node) => sum + node.disk.writes, 0),
      gossipRecordsFilled: [...nodes.values()].reduce((sum, node) => sum + node.gossipRecordsFilled, 0),
      recordsCoalesced: [...nodes.values()].reduce((sum, node) => sum + node.allSegments().reduce((n, s) => n + s.coalesced, 0), 0),
      membershipChanges: observers.membership.changes,
    },
    invariants, expectations, replay: options.replay,
    ...(lines !== undefined ? { traceLines: lines } : {}),
  };
}
