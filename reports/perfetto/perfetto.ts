/**
 * A run as a timeline in the Chrome Trace Event format (`run --perfetto FILE`), built from the
 * run's trace as it happens and streamed out as it goes: attach it to the run through
 * `runScenario`'s `watch`, then `close` it with the result. What it holds stays the same size
 * however long the run: per PG, per host, per counter, per open fault or recovery.
 *
 * What each kind becomes (ARCHITECTURE.md §4.10 has the table): faults and recoveries are
 * slices; a record per PG is followed from `alloc` to quorum, with arrows to the segments that
 * persisted it (flights.ts); consistency points, queue depths and cumulative counts are
 * counters; state changes of writers, segments and memberships are instants. From the run's
 * I/O detail (`TIMELINE_DETAIL`, which the run must be asked for): disk writes as slices on
 * their segments' threads and disk queues as counters (disks.ts), the storage driver's batches
 * as slices with arrows to each acknowledgement and on to its arrival (batches.ts). Only what
 * the trace says: it does not place rebuilt segments, so their own events go to a cluster
 * thread (their disk writes, which name their node, do not).
 *
 * The same run gives the same bytes: everything here is a function of the trace events.
 */
import type { ModelTrace, ResolvedScenario, TraceDetail } from '../../sim/index.ts';
import { Batches } from './batches.ts';
import { Counters, type Counter } from './counters.ts';
import { DiskWrites } from './disks.ts';
import { Flights } from './flights.ts';
import { EventOut, type Window } from './out.ts';
import { Faults, Recoveries } from './spans.ts';
import { documentTail } from './trace-event.ts';
import { CLUSTER_PID, CLUSTER_THREAD, hostPid, THREAD, Tracks } from './tracks.ts';

/** About this many samples per counter over the window, whatever its length. */
const COUNTER_SAMPLES = 10_000;
/** About this many records followed per PG over the window. */
const FLIGHTS_PER_PG = 500;
/** About this many batches followed per PG, and disk writes drawn per segment, over the window. */
const BATCHES_PER_PG = 500;
const DISK_WRITES_PER_SEGMENT = 500;

export const PERFETTO_FORMAT = 'aurora-sim-perfetto';
/** 2: disk writes, disk queues and batches, from the I/O detail. */
export const PERFETTO_VERSION = 2;
/** The detail level a timeline draws from: ask `runScenario` for it (`detail`). */
export const TIMELINE_DETAIL: TraceDetail = 'io';

/** What the timeline says of the run once it is over. */
export interface RunSummary {
  readonly traceHash: string;
  readonly verdict: string;
}

export class PerfettoTimeline {
  private readonly out: EventOut;
  private readonly scenario: ResolvedScenario;
  private readonly tracks: Tracks;
  private readonly counters: Counters;
  private readonly flights: Flights;
  private readonly faults: Faults;
  private readonly recoveries: Recoveries;
  private readonly disks: DiskWrites;
  private readonly batches: Batches;
  private readonly resolution: number;
  private readonly gap: number;
  private readonly batchGap: number;
  private readonly diskGap: number;
  /** Counters by process, then name (constant names: no string is built per event). */
  private readonly named: Map<string, Counter>[] = [];
  /** PGCL counters by process, then PG. */
  private readonly pgcl: Counter[][] = [];
  /** The newest epoch seen, whose writer takes the events that name no epoch. */
  private epoch = 1;
  private entered = false;
  private done = false;
  private last = 0;
  private readonly clients = { waiting: 0, acknowledged: 0, refused: 0 };
  private readonly vcl = new Map<number, number>();

  /** `window` defaults to the whole run; `write` receives the JSON text in order. */
  constructor(scenario: ResolvedScenario, write: (text: string) => void, window: Partial<Window> = {}) {
    const span = { from: window.from ?? 0, to: window.to ?? scenario.duration };
    this.out = new EventOut(write, span);
    this.scenario = scenario;
    const length = Math.max(0, Math.min(span.to, scenario.duration) - span.from);
    this.resolution = Math.max(1, Math.floor(length / COUNTER_SAMPLES));
    this.gap = Math.floor(length / FLIGHTS_PER_PG);
    this.batchGap = Math.floor(length / BATCHES_PER_PG);
    this.diskGap = Math.floor(length / DISK_WRITES_PER_SEGMENT);
    this.tracks = new Tracks(scenario, this.out);
    this.counters = new Counters(this.out, this.resolution);
    this.flights = new Flights(this.out, this.tracks, this.gap);
    this.faults = new Faults(this.out, this.tracks);
    this.recoveries = new Recoveries(this.out, this.tracks);
    this.disks = new DiskWrites(this.out, this.tracks, this.diskGap);
    this.batches = new Batches(this.out, this.tracks, this.batchGap, scenario.writer.sendCost);
    this.tracks.open();
  }

  /** Subscribes to the run's trace; call from `runScenario`'s `watch`, before the run starts. */
  attach(trace: ModelTrace): void {
    const writer = (): number => this.tracks.writerPid(this.epoch);
    trace.on({
      'txn.submit': (t) => this.live(t) && this.clientsChanged(t, 1, 0, 0),
      'txn.refused': (t) => this.live(t) && this.clientsChanged(t, 0, 0, 1),
      'txn.abort': (t) => this.live(t) && this.clientsChanged(t, -1, 0, 0),
      commit: (t) => this.live(t) && this.clientsChanged(t, -1, 1, 0),
      alloc: (t, { lsn, pg, epoch }) => {
        if (!this.live(t)) return;
        const pid = this.tracks.writerPid(epoch);
        this.set(pid, 'LSN allocated', 'lsn', t, lsn);
        this.set(pid, 'records above VCL', 'records', t, lsn - (this.vcl.get(pid) ?? 0));
        if (this.entered) this.flights.alloc(t, lsn, pg, epoch);
      },
      'lal.stall': (t) => this.live(t) && this.set(writer(), 'allocation stalled at LAL', 'stalled', t, 1),
      'lal.resume': (t) => this.live(t) && this.set(writer(), 'allocation stalled at LAL', 'stalled', t, 0),
      pgcl: (t, { pg, lsn, epoch }) => {
        if (!this.live(t)) return;
        const pid = this.tracks.writerPid(epoch);
        const pgcl = (this.pgcl[pid] ??= []);
        this.counters.set((pgcl[pg] ??= this.counter(pid, `PGCL pg ${pg}`, 'lsn')), t, lsn);
        this.flights.pgcl(t, pg, lsn, epoch);
      },
      vcl: (t, { lsn, epoch }) => {
        if (!this.live(t)) return;
        const pid = this.tracks.writerPid(epoch);
        this.vcl.set(pid, lsn);
        this.set(pid, 'VCL', 'lsn', t, lsn);
        const allocated = this.counter(pid, 'LSN allocated', 'lsn').value;
        if (allocated !== undefined) this.set(pid, 'records above VCL', 'records', t, Math.max(0, allocated - lsn));
      },
      vdl: (t, { lsn, epoch }) => this.live(t) && this.set(this.tracks.writerPid(epoch), 'VDL', 'lsn', t, lsn),
      'writer.open': (t, { host, epoch }) => this.writerEvent(t, host, epoch, `writer open (epoch ${epoch})`),
      'writer.fenced': (t, { host, epoch }) => this.live(t) && this.hostInstant(t, host, `fenced (epoch ${epoch})`),
      'recovery.start': (t, { host, epoch }) => {
        if (!this.writerEvent(t, host, epoch)) return;
        this.flights.superseded(t, epoch);
        this.recoveries.start(t, host, epoch);
      },
      'recovery.read': (t, { epoch, vcl, vdl }) => this.live(t) && this.recoveries.read(t, epoch, vcl, vdl),
      truncate: (t, { epoch, from, to }) => this.live(t) && this.recoveries.truncate(t, epoch, from, to),
      'recovery.done': (t, { epoch }) => this.live(t) && this.recoveries.end(t, epoch, 'completed'),
      'recovery.superseded': (t, { epoch }) => this.live(t) && this.recoveries.end(t, epoch, 'superseded'),
      'recovery.lost-edge': (t, { epoch }) => this.live(t) && this.recoveries.end(t, epoch, 'gave up: lost its edge'),
      'recovery.stalled': (t, { epoch }) => this.live(t) && this.recoveries.end(t, epoch, 'gave up: repair stalled'),
      promote: (t, { host, epoch }) => {
        if (this.writerEvent(t, host, epoch, `promoted (epoch ${epoch})`)) this.flights.superseded(t, epoch);
      },
      scl: (t, { pg, segment, lsn }) => this.live(t) && this.flights.scl(t, pg, segment, lsn),
      'segment.epoch': (t, { pg, segment, epoch }) => this.live(t) && this.segmentInstant(t, pg, segment, `epoch ${epoch}`),
      'segment.volume': (t, { pg, segment, scl, truncations }) =>
        this.live(t) && this.segmentInstant(t, pg, segment, 'volume state', { scl, truncations }),
      'segment.wipe': (t, { pg, segment }) => this.live(t) && this.segmentInstant(t, pg, segment, 'data lost'),
      'segment.new': (t, { pg, segment }) => {
        if (!this.live(t)) return;
        this.tracks.segmentRebuilt(pg, segment);
        this.segmentInstant(t, pg, segment, 'new segment');
      },
      'segment.hydrated': (t, { pg, segment, scl }) => this.live(t) && this.segmentInstant(t, pg, segment, 'hydrated', { scl }),
      'reject.membership': (t, { pg, segment }) => this.live(t) && this.count(this.nodePid(pg, segment), 'requests refused', t, 1),
      reject: (t, { pg, segment }) => this.live(t) && this.count(this.nodePid(pg, segment), 'requests refused', t, 1),
      membership: (t, { pg, epoch, base, replacements }) => {
        this.batches.membership(pg, base, replacements);
        if (this.live(t)) this.clusterInstant(t, CLUSTER_THREAD.membership, `pg ${pg} membership (epoch ${epoch})`, { base, replacements });
      },
      'repair.blocked': (t, { pg, segment }) =>
        this.live(t) && this.clusterInstant(t, CLUSTER_THREAD.membership, `pg ${pg} segment ${segment}: repair blocked`),
      'gossip.fill': (t, { pg, segment, records }) => this.live(t) && this.count(this.nodePid(pg, segment), 'records filled by gossip', t, records),
      'net.drop': (t, { from }) => this.live(t) && this.count(hostPid(from), 'messages dropped', t, 1),
      retransmit: (t, { records }) => this.live(t) && this.count(writer(), 'records retransmitted', t, records),
      'replica.vdl': (t, { replica, lsn }) => this.live(t) && this.set(this.tracks.replicaPid(replica), 'applied VDL', 'lsn', t, lsn),
      budget: (t, { writesOwed }) => this.live(t) && this.set(CLUSTER_PID, 'writes owed', 'owed', t, writesOwed),
      'failure-model': (t, { within }) => this.live(t) && this.set(CLUSTER_PID, 'within the failure model', 'within', t, within),
      phase: (t, { text }) => {
        if (!this.live(t)) return;
        this.clusterInstant(t, CLUSTER_THREAD.run, text);
        if (text === 'end') this.finish(t);
      },
      fault: (t, { text }) => this.live(t) && this.faults.text(t, text),
      'disk.start': (t, { node, write, pg, segment, records }) => this.live(t) && this.entered && this.disks.start(t, node, write, pg, segment, records),
      'disk.done': (t, { node, write }) => this.live(t) && this.disks.done(t, node, write),
      'disk.lost': (t, { node }) => this.live(t) && this.disks.lost(t, node),
      'disk.queue': (t, { node, waiting, inService }) => {
        if (!this.live(t)) return;
        this.set(hostPid(node), 'disk writes waiting', 'writes', t, waiting);
        this.set(hostPid(node), 'disk writes in service', 'writes', t, inService);
      },
      'batch.send': (t, { host, batch, pg, records, lsn }) => this.live(t) && this.entered && this.batches.send(t, host, batch, pg, records, lsn),
      'ack.send': (t, { node, pg, segment, lsn, scl }) => this.live(t) && this.batches.ackSent(t, node, pg, segment, lsn, scl),
      'ack.arrive': (t, { host, pg, segment, scl, epoch }) => this.live(t) && this.batches.ackArrived(t, host, pg, segment, scl, epoch),
    });
  }

  /** Ends the timeline (if the run's end has not already) and writes the document's tail. */
  close(run: RunSummary): void {
    this.finish(Math.min(this.last, this.out.window.to));
    this.out.end(documentTail({
      format: PERFETTO_FORMAT, version: PERFETTO_VERSION, scenario: this.scenario.name, seed: this.scenario.seed,
      traceHash: run.traceHash, verdict: run.verdict, fromUs: this.out.window.from, toUs: this.out.window.to,
      counterResolutionUs: this.resolution, flightGapUs: this.gap, batchGapUs: this.batchGap, diskWriteGapUs: this.diskGap,
    }));
  }

  /** Whether to handle an event at `time`: not once the window is over (which ends it). */
  private live(time: number): boolean {
    if (this.done) return false;
    if (time > this.out.window.to) {
      this.out.cutAtTheEnd();
      this.finish(this.out.window.to);
      return false;
    }
    this.last = time;
    if (!this.entered && time >= this.out.window.from) {
      this.entered = true;
      this.counters.enter(this.out.window.from);
    }
    this.counters.tick(time);
    return true;
  }

  private finish(time: number): void {
    if (this.done) return;
    this.done = true;
    this.flights.finish(time);
    this.disks.finish(time);
    this.faults.finish(time);
    this.recoveries.finish(time);
    this.counters.finish(time);
  }

  /** An event that names an epoch's writer host; returns whether it was handled. */
  private writerEvent(time: number, host: number, epoch: number, label?: string): boolean {
    if (!this.live(time)) return false;
    this.tracks.writerOf(epoch, host);
    this.epoch = Math.max(this.epoch, epoch);
    if (label !== undefined) this.hostInstant(time, host, label);
    return true;
  }

  private clientsChanged(time: number, waiting: number, acknowledged: number, refused: number): void {
    const c = this.clients;
    c.waiting += waiting;
    c.acknowledged += acknowledged;
    c.refused += refused;
    this.set(CLUSTER_PID, 'transactions waiting', 'txns', time, c.waiting);
    if (acknowledged !== 0) this.set(CLUSTER_PID, 'commits acknowledged', 'commits', time, c.acknowledged);
    if (refused !== 0) this.set(CLUSTER_PID, 'transactions refused', 'txns', time, c.refused);
  }

  private nodePid(pg: number, segment: number): number {
    return this.tracks.segment(pg, segment)[0];
  }

  private counter(pid: number, name: string, key: string): Counter {
    const named = (this.named[pid] ??= new Map());
    let counter = named.get(name);
    if (counter === undefined) {
      const tid = pid === CLUSTER_PID ? CLUSTER_THREAD.run : THREAD.host;
      this.tracks.thread(pid, tid, pid === CLUSTER_PID ? 'run' : 'host');
      counter = this.counters.counter(pid, tid, name, key);
      named.set(name, counter);
    }
    return counter;
  }

  private set(pid: number, name: string, key: string, time: number, value: number): void {
    this.counters.set(this.counter(pid, name, key), time, value);
  }

  /** A cumulative count, up by `by`. */
  private count(pid: number, name: string, time: number, by: number): void {
    const counter = this.counter(pid, name, 'count');
    this.counters.set(counter, time, (counter.value ?? 0) + by);
  }

  private hostInstant(time: number, host: number, name: string): void {
    const [pid, tid] = this.tracks.thread(hostPid(host), THREAD.host, 'host');
    this.out.point({ name, ph: 'i', s: 't', ts: time, pid, tid });
  }

  private segmentInstant(time: number, pg: number, segment: number, name: string, args?: Readonly<Record<string, number>>): void {
    const [pid, tid] = this.tracks.segment(pg, segment);
    this.out.point({ name, ph: 'i', s: 't', ts: time, pid, tid, ...(args === undefined ? {} : { args }) });
  }

  private clusterInstant(time: number, tid: number, name: string, args?: Readonly<Record<string, number>>): void {
    const [pid] = this.tracks.thread(CLUSTER_PID, tid, tid === CLUSTER_THREAD.run ? 'run' : 'membership');
    this.out.point({ name, ph: 'i', s: 't', ts: time, pid, tid, ...(args === undefined ? {} : { args }) });
  }
}
