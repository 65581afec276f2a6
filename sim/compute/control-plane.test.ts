/**
 * The control plane: who the writer is and in which epoch, the metadata service's volume
 * state, and segment repair.
 *
 * - A lost writer is replaced by the first replica that reports it (failover on), recovering
 *   in the next epoch; later reports about an epoch already superseded change nothing. With
 *   failover off, reports change nothing and a crashed writer restarts in place, recovering in
 *   the next epoch. Every new writer gets a higher epoch than every earlier one.
 * - The metadata service records a truncation only from the writer of the current epoch (the
 *   `truncation-from-stale-writer` defect records any, rolling the epoch back).
 * - A segment reported suspect, or lost, is replaced by a new segment in a free slot, on a
 *   free running node of the same AZ if there is one; with no free node the replacement is
 *   reported blocked, once. A caught-up new segment completes the change; a caught-up old one
 *   reverts it.
 * - A replica started or restarted while a writer runs is told where that writer's replication
 *   stream stands; the running replicas are told of every new writer (promotion, crash restart,
 *   renewed epoch) as it starts, so a writer that dies before its first chunk reaches them is
 *   still reported in its own epoch, and failed over.
 *
 * The writers here are stand-ins that record what the control plane asks of them (it only
 * starts, crashes, pauses and informs them); replicas are stand-ins too, except in the test
 * where real replicas notice the writer's silence themselves.
 */
import { describe, expect, it } from 'vitest';
import type { MembershipStamp, VolumeState } from '../protocol/messages.ts';
import { encodeReplacements, PgMemberships, type Membership } from '../quorum/membership.ts';
import { netRig } from '../testing/net-rig.ts';
import { ControlPlane, type ControlPlaneOptions } from './control-plane.ts';
import { Replica } from './replica.ts';
import type { StreamPosition } from './replication-stream.ts';
import type { Writer } from './writer.ts';

/** What the control plane uses of a writer, and a log of what it asked. */
class StandInWriter {
  state: 'open' | 'recovering' | 'dead' = 'open';
  readonly log: string[] = [];
  readonly host: number;
  readonly volume: VolumeState;
  /** The sequence number of its replication stream's next chunk. */
  sequence = 0;
  constructor(host: number, volume: VolumeState, mode: 'open' | 'recover') {
    this.host = host;
    this.volume = volume;
    if (mode === 'recover') this.state = 'recovering';
  }
  get streamPosition(): StreamPosition {
    return { epoch: this.volume.epoch, sequence: this.sequence };
  }
  crash(): void {
    this.state = 'dead';
  }
  setPaused(paused: boolean): void {
    this.log.push(paused ? 'paused' : 'resumed');
  }
  onSegmentLost(pg: number, slot: number): void {
    this.log.push(`lost ${pg}/${slot}`);
  }
  onMembership(pg: number, before: Membership, after: Membership): void {
    this.log.push(`membership ${pg} ${before.epoch}->${after.epoch}`);
  }
}

class StandInReplica {
  readonly log: string[] = [];
  /** Where it was told it joined the writer's stream, when started or restarted. */
  readonly joins: string[] = [];
  readonly host: number;
  down = false;
  constructor(host: number) {
    this.host = host;
  }
  retire(): void {
    this.log.push('retire');
  }
  crash(): void {
    this.log.push('crash');
    this.down = true;
  }
  restart(at: StreamPosition): void {
    this.down = false;
    this.log.push('restart');
    this.joins.push(`restart at ${at.epoch}/${at.sequence}`);
  }
  joinStream(at: StreamPosition): void {
    this.joins.push(`join at ${at.epoch}/${at.sequence}`);
  }
  pause(): void {}
  resume(): void {}
}

const asWriter = (w: StandInWriter) => w as unknown as Writer;
const standIn = (w: Writer) => w as unknown as StandInWriter;

interface PlaneSetup {
  readonly options?: Partial<ControlPlaneOptions>;
  /** Storage nodes: nine leave one free per AZ for a PG of six. */
  readonly storageNodes?: number;
  /** Real replicas on the control plane's own loop and network, instead of stand-ins. */
  readonly realReplicas?: { heartbeatInterval: number; detection: number };
}

/** A control plane over one PG of six segments in three AZs, with two replicas. */
function planeRig(setup: PlaneSetup = {}) {
  const rig = netRig({ storageNodes: setup.storageNodes ?? 9 });
  const { topology, trace } = rig;
  const memberships = new PgMemberships(1, 6, { write: 4, read: 3 });
  const log: string[] = [];
  const down = new Set<number>();
  let plane: ControlPlane | undefined;
  const createReplica = (host: number): Replica => {
    log.push(`replica ${host}`);
    const real = setup.realReplicas;
    if (real === undefined) return new StandInReplica(host) as unknown as Replica;
    return new Replica(host, host, rig, { ...real, gapWait: real.heartbeatInterval, onWriterLost: (replica, epoch) => plane!.onWriterLost(replica, epoch) });
  };
  plane = new ControlPlane(
    { trace, memberships, topology },
    {
      createWriter: (host, volume, mode) => {
        log.push(`writer ${host} epoch ${volume.epoch} ${mode}`);
        return asWriter(new StandInWriter(host, volume, mode));
      },
      createReplica,
      createSegment: (pg: number, slot: number, node: number, m: MembershipStamp, avoid: number, upPeers: number) =>
        log.push(`segment ${pg}/${slot} on ${node} stamp ${m.epoch}:${m.members.toString(2)} avoid ${avoid.toString(2)} up ${upPeers.toString(2)}`),
      isUp: (host) => !down.has(host),
      retireSegment: (pg, slot, node) => log.push(`retire ${pg}/${slot} on ${node}`),
    },
    { failover: true, membershipEpochSkip: false, staleTruncation: false, silentNewWriter: false, ...setup.options },
    topology.replicas.map((h) => h.id),
  );
  const events: string[] = [];
  trace.on({
    promote: (_, { host, epoch }) => events.push(`promote ${host} epoch ${epoch}`),
    membership: (_, { pg, epoch, base, replacements }) => events.push(`membership ${pg} epoch ${epoch} base ${base.toString(2)} repl ${replacements}`),
    'repair.blocked': (_, { pg, segment }) => events.push(`blocked ${pg}/${segment}`),
  });
  const replica = (host: number) => plane.replicas.get(host) as unknown as Replica & StandInReplica;
  /** Epochs of the writers started so far, in order. */
  const epochs = () => plane.writers.map((w) => w.volume.epoch);
  const [r1, r2] = topology.replicas.map((h) => h.id) as [number, number];
  return { ...rig, plane, memberships, log, down, events, replica, epochs, r1, r2, writerHost: topology.writer.id };
}

describe('control plane: writers and epochs', () => {
  it('starts an open writer on the writer\'s host in epoch 1, and a replica on each replica host', () => {
    const c = planeRig();
    expect(c.log).toEqual([`writer ${c.writerHost} epoch 1 open`, `replica ${c.r1}`, `replica ${c.r2}`]);
    expect(c.plane.volume).toEqual({ epoch: 1, truncations: [] });
  });

  it('with failover, promotes the replica that reports the writer lost: it recovers in the next epoch', () => {
    const c = planeRig();
    const reporter = c.replica(c.r1);
    c.plane.onWriterLost(reporter, 1);
    expect(c.events).toEqual([`promote ${c.r1} epoch 2`]);
    expect(c.log.at(-1)).toBe(`writer ${c.r1} epoch 2 recover`);
    expect([c.plane.writer.host, c.plane.volume.epoch]).toEqual([c.r1, 2]);
    expect(reporter.log).toEqual(['retire']);
    expect(c.plane.replicaHosts()).toEqual([c.r2]);
    expect(c.plane.retiredReplicas).toEqual([reporter]);
  });

  it('promotes once per epoch, however many replicas report it and however often', () => {
    const c = planeRig();
    c.plane.onWriterLost(c.replica(c.r1), 1);
    c.plane.onWriterLost(c.replica(c.r2), 1);
    c.plane.onWriterLost(c.replica(c.r2), 1);
    expect(c.events).toEqual([`promote ${c.r1} epoch 2`]);
    expect(c.epochs()).toEqual([1, 2]);
    // A report about the new writer's epoch is news: the next replica takes over in epoch 3.
    c.plane.onWriterLost(c.replica(c.r2), 2);
    expect(c.events).toEqual([`promote ${c.r1} epoch 2`, `promote ${c.r2} epoch 3`]);
  });

  it('promotes once when real replicas notice the same silence in the same instant', () => {
    const c = planeRig({ realReplicas: { heartbeatInterval: 100, detection: 300 } });
    for (const host of [c.r1, c.r2]) {
      c.loop.at(0, () => c.net.send(c.writerHost, host, 0, { type: 'replication', epoch: 1, sequence: 0, records: [], vdl: 0, commits: [] }));
    }
    // Both report at 300; the stand-in writer promoted then never sends, so r2 reports it at 600.
    c.run(500);
    expect(c.events).toEqual([`promote ${c.r1} epoch 2`]);
    expect(c.epochs()).toEqual([1, 2]);
  });

  it('without failover, ignores reports, and restarts a crashed writer in place in the next epoch', () => {
    const c = planeRig({ options: { failover: false } });
    c.plane.onWriterLost(c.replica(c.r1), 1);
    expect(c.events).toEqual([]);
    c.plane.crashHost(c.writerHost);
    expect(c.plane.writer.state).toBe('dead');
    c.plane.restartHost(c.writerHost);
    expect(c.log.at(-1)).toBe(`writer ${c.writerHost} epoch 2 recover`);
    expect(c.plane.writer.host).toBe(c.writerHost);
  });

  it('restarts no writer for a host whose writer is still alive', () => {
    const c = planeRig();
    c.plane.restartHost(c.writerHost);
    expect(c.epochs()).toEqual([1]);
  });

  it('brings a former writer\'s host back as a replica after a failover', () => {
    const c = planeRig();
    c.plane.crashHost(c.writerHost);
    c.plane.onWriterLost(c.replica(c.r1), 1);
    c.plane.restartHost(c.writerHost);
    expect(c.log.slice(-2)).toEqual([`writer ${c.r1} epoch 2 recover`, `replica ${c.writerHost}`]);
    expect(c.plane.replicaHosts().sort()).toEqual([c.writerHost, c.r2].sort());
  });

  it('hands every new writer a higher epoch than any before, across restarts and failovers', () => {
    const c = planeRig();
    c.plane.crashHost(c.writerHost);
    c.plane.restartHost(c.writerHost);
    c.plane.onWriterLost(c.replica(c.r1), 2);
    c.plane.crashHost(c.r1);
    c.plane.restartHost(c.r1);
    c.plane.onWriterLost(c.replica(c.r2), 4);
    expect(c.epochs()).toEqual([1, 2, 3, 4, 5]);
  });

  it('tells each replica it starts or restarts where the current writer\'s replication stream stands', () => {
    const c = planeRig();
    expect(c.replica(c.r1).joins).toEqual(['join at 1/0']);
    standIn(c.plane.writer).sequence = 7;
    c.plane.crashHost(c.r1);
    c.plane.restartHost(c.r1);
    expect(c.replica(c.r1).joins).toEqual(['join at 1/0', 'restart at 1/7']);
    // A former writer's host back after a failover joins the new writer's stream where it stands.
    c.plane.crashHost(c.writerHost);
    c.plane.onWriterLost(c.replica(c.r2), 1);
    standIn(c.plane.writer).sequence = 3;
    c.plane.restartHost(c.writerHost);
    expect(c.replica(c.writerHost).joins).toEqual(['join at 2/3']);
  });

  it('tells the running replicas of each new writer as it starts, where its stream starts: not one that is down', () => {
    const c = planeRig();
    c.plane.crashHost(c.writerHost);
    c.plane.restartHost(c.writerHost);
    expect(c.replica(c.r1).joins).toEqual(['join at 1/0', 'join at 2/0']);
    // The writer's recovery gives up and renews its epoch: its stream starts over at chunk 0.
    c.plane.renewEpoch(2);
    expect(c.replica(c.r2).joins).toEqual(['join at 1/0', 'join at 2/0', 'join at 3/0']);
    c.plane.crashHost(c.r2);
    c.plane.onWriterLost(c.replica(c.r1), 3);
    expect(c.replica(c.r2).joins).toEqual(['join at 1/0', 'join at 2/0', 'join at 3/0']);
    // Down at the promotion, it is told where the new writer's stream stands when it restarts.
    standIn(c.plane.writer).sequence = 5;
    c.plane.restartHost(c.r2);
    expect(c.replica(c.r2).joins.at(-1)).toBe('restart at 4/5');
  });

  it('fails over again when a promoted writer dies before the remaining replicas hear any chunk of it', () => {
    const c = planeRig({ realReplicas: { heartbeatInterval: 100, detection: 300 } });
    for (const host of [c.r1, c.r2]) {
      c.loop.at(0, () => c.net.send(c.writerHost, host, 0, { type: 'replication', epoch: 1, sequence: 0, records: [], vdl: 0, commits: [] }));
    }
    // The stand-in writers send nothing: the one promoted at 300 is silent from its start.
    c.run(1_000);
    expect(c.events).toEqual([`promote ${c.r1} epoch 2`, `promote ${c.r2} epoch 3`]);
    expect(c.epochs()).toEqual([1, 2, 3]);
  });

  it('renews the epoch only for the writer of the current one (compare-and-set)', () => {
    const c = planeRig();
    expect(c.plane.renewEpoch(1)).toEqual({ epoch: 2, truncations: [] });
    expect(c.plane.renewEpoch(1)).toBeUndefined();
    expect(c.plane.volume.epoch).toBe(2);
  });
});

describe('control plane: truncations', () => {
  /** A restart gives epoch 2 to a writer still recovering; a failover then gives epoch 3 to a replica. */
  function superseded(options: Partial<ControlPlaneOptions> = {}) {
    const c = planeRig({ options });
    c.plane.crashHost(c.writerHost);
    c.plane.restartHost(c.writerHost);
    c.plane.onWriterLost(c.replica(c.r1), 2);
    return c;
  }

  it('records the truncation of the writer of the current epoch', () => {
    const c = planeRig();
    c.plane.crashHost(c.writerHost);
    c.plane.restartHost(c.writerHost);
    expect(c.plane.onTruncation({ epoch: 2, truncations: [5, 10] })).toBe(true);
    expect(c.plane.volume).toEqual({ epoch: 2, truncations: [5, 10] });
  });

  it('refuses the truncation of a recovery a failover superseded, and keeps the newer epoch', () => {
    const c = superseded();
    expect(c.plane.onTruncation({ epoch: 2, truncations: [5, 10] })).toBe(false);
    expect(c.plane.volume).toEqual({ epoch: 3, truncations: [] });
  });

  it('with the truncation-from-stale-writer defect, records it, and the next failover reuses a live writer\'s epoch', () => {
    const c = superseded({ staleTruncation: true });
    expect(c.plane.onTruncation({ epoch: 2, truncations: [5, 10] })).toBe(true);
    expect(c.plane.volume).toEqual({ epoch: 2, truncations: [5, 10] });
    c.plane.onWriterLost(c.replica(c.r2), 3);
    expect(c.epochs()).toEqual([1, 2, 3, 3]);
  });
});

describe('control plane: repair', () => {
  const azOf = (c: ReturnType<typeof planeRig>, node: number) => c.topology.host(node).az;

  for (const slot of [0, 1, 2, 3, 4, 5]) {
    it(`replaces a suspect segment in slot ${slot} by a new one in slot 6, on a free node of its AZ`, () => {
      const c = planeRig();
      const old = c.topology.nodeOf(0, slot);
      c.plane.onSuspect(0, slot);
      const node = c.topology.nodeOf(0, 6);
      expect(azOf(c, node)).toBe(azOf(c, old));
      expect([0, 1, 2, 3, 4, 5].map((s) => c.topology.nodeOf(0, s))).not.toContain(node);
      expect(c.log.at(-1)).toBe(`segment 0/6 on ${node} stamp 2:1111111 avoid ${(1 << slot).toString(2)} up 1111111`);
      expect(c.events).toEqual([`membership 0 epoch 2 base 111111 repl ${encodeReplacements({ epoch: 2, base: 0, replacements: [[slot, 6]] })}`]);
      expect(standIn(c.plane.writer).log).toEqual(['membership 0 1->2']);
    });
  }

  it('takes a free node of another AZ when its own AZ has none running', () => {
    const c = planeRig();
    const az = azOf(c, c.topology.nodeOf(0, 2));
    for (const spare of c.topology.storageNodes) if (spare.az === az) c.down.add(spare.id);
    c.plane.onSuspect(0, 2);
    const node = c.topology.nodeOf(0, 6);
    expect(node).toBeGreaterThanOrEqual(0);
    expect(azOf(c, node)).not.toBe(az);
  });

  it('starts one replacement per segment: a second report of it, or a report of a non-member, changes nothing', () => {
    const c = planeRig();
    c.plane.onSuspect(0, 2);
    c.plane.onSuspect(0, 2);
    c.plane.onSuspect(0, 6);
    expect(c.events.length).toBe(1);
    expect(c.log.filter((line) => line.startsWith('segment')).length).toBe(1);
  });

  it('reports a replacement blocked for lack of a free node once, however often the segment is reported', () => {
    const c = planeRig({ storageNodes: 6 });
    c.plane.onSuspect(0, 2);
    c.plane.onSuspect(0, 2);
    c.plane.onSuspect(0, 3);
    expect(c.events).toEqual(['blocked 0/2', 'blocked 0/3']);
    expect(c.log.some((line) => line.startsWith('segment'))).toBe(false);
    expect(c.memberships.of(0).epoch).toBe(1);
  });

  it('starts the replacement once a node is free again, and reports a later block afresh', () => {
    const c = planeRig();
    const spares = c.topology.storageNodes.filter((h) => ![0, 1, 2, 3, 4, 5].some((s) => c.topology.nodeOf(0, s) === h.id));
    spares.forEach((h) => c.down.add(h.id));
    c.plane.onSuspect(0, 2);
    c.down.clear();
    c.plane.onSuspect(0, 2);
    expect(c.events.map((e) => e.split(' ')[0])).toEqual(['blocked', 'membership']);
    // The new segment loses its data with every spare down: the change is reverted, and slot 2,
    // needing a node again, is blocked again.
    spares.forEach((h) => c.down.add(h.id));
    c.plane.onSegmentLost(0, 6);
    expect(c.events.map((e) => e.split(' ')[0])).toEqual(['blocked', 'membership', 'membership', 'blocked']);
  });

  it('listens to the current writer only: a superseded writer\'s suspect changes nothing', () => {
    const c = planeRig();
    const old = c.plane.writer;
    c.plane.onWriterLost(c.replica(c.r1), 1);
    c.plane.reportSuspect(old, 0, 2);
    expect(c.events).toEqual([`promote ${c.r1} epoch 2`]);
    c.plane.reportSuspect(c.plane.writer, 0, 2);
    expect(c.events.length).toBe(2);
  });

  it('completes the change when the new segment catches up: it takes the old one\'s place, which is retired', () => {
    const c = planeRig();
    const old = c.topology.nodeOf(0, 2);
    c.plane.onSuspect(0, 2);
    c.plane.reportCaughtUp(c.plane.writer, 0, 6);
    expect(c.memberships.of(0)).toEqual({ epoch: 3, base: 0b1111011, replacements: [] });
    expect(c.log.at(-1)).toBe(`retire 0/2 on ${old}`);
    expect(c.topology.nodeOf(0, 2)).toBe(-1);
  });

  it('reverts the change when the old segment catches up first: the new one is retired', () => {
    const c = planeRig();
    c.plane.onSuspect(0, 2);
    const added = c.topology.nodeOf(0, 6);
    c.plane.reportCaughtUp(c.plane.writer, 0, 2);
    expect(c.memberships.of(0)).toEqual({ epoch: 3, base: 0b111111, replacements: [] });
    expect(c.log.at(-1)).toBe(`retire 0/6 on ${added}`);
    expect(c.topology.nodeOf(0, 6)).toBe(-1);
  });

  it('tells the writer of a lost segment first, then replaces it', () => {
    const c = planeRig();
    c.plane.onSegmentLost(0, 4);
    expect(standIn(c.plane.writer).log).toEqual(['lost 0/4', 'membership 0 1->2']);
  });

  it('with the membership-epoch-skip defect, raises the membership epoch by two per change', () => {
    const c = planeRig({ options: { membershipEpochSkip: true } });
    c.plane.onSuspect(0, 2);
    expect(c.memberships.of(0).epoch).toBe(3);
  });
});
