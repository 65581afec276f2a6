/**
 * A read replica: applies the writer's redo in chunk order, never past the VDL it has learnt,
 * and records each commit's lag (from the writer's acknowledgement to the commit becoming
 * visible here). A writer's stream starts at its chunk 0, or, for a replica added or restarted
 * while it runs, at the chunk the writer says it was added at; chunks that arrive ahead of a
 * missing one wait for it, for the gap wait at most: then the missing one counts as lost, the
 * replica takes what it holds, and the records it never received count as read from storage.
 * A chunk of a newer epoch starts a new stream and drops the old writer's unconfirmed records. It reports the writer lost when it has heard no chunk for the detection
 * time, checked every heartbeat interval, and again after each further detection time of
 * silence (the control plane decides what a repeated report means); not while it is paused,
 * down or retired, and not before it has heard of any writer. The writer it watches is the
 * newest it heard a chunk from or was told of (joining its stream), from then on.
 */
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../protocol/log-record.ts';
import type { ReplicationChunk } from '../protocol/messages.ts';
import { Histogram } from '../metrics/histogram.ts';
import { netRig } from '../testing/net-rig.ts';
import { Replica } from './replica.ts';
import { ReplicationStream } from './replication-stream.ts';

const HEARTBEAT = 100;
const DETECTION = 300;
const GAP_WAIT = 50;
const ID = 7;

/** Records `from..to` of PG 0, every second one closing an MTR. */
function records(from: number, to: number): LogRecord[] {
  return Array.from({ length: to - from + 1 }, (_, i) => ({ lsn: from + i, pg: 0, segmentPrev: 0, cpl: (from + i) % 2 === 0 }));
}

function chunk(epoch: number, sequence: number, vdl: number, recs: LogRecord[] = [], commits: number[] = []): ReplicationChunk {
  return { type: 'replication', epoch, sequence, records: recs, vdl, commits };
}

function replicaRig(detection = DETECTION) {
  const rig = netRig();
  const writer = rig.topology.writer.id;
  const host = rig.topology.replicas[0]!.id;
  const reports: string[] = [];
  const lag = new Histogram();
  const replica = new Replica(ID, host, rig, {
    heartbeatInterval: HEARTBEAT, gapWait: GAP_WAIT, detection, onWriterLost: (from, epoch) => reports.push(`${rig.loop.now} lost ${from.id} epoch ${epoch}`),
  }, lag);
  const vdls: string[] = [];
  rig.trace.on({ 'replica.vdl': (t, { replica: id, lsn }) => vdls.push(`${t} ${id} ${lsn}`) });
  /** The writer's chunk arrives at `time` (no payload: it arrives in the instant it is sent). */
  const deliver = (time: number, c: ReplicationChunk) => rig.loop.at(time, () => rig.net.send(writer, host, 0, c));
  const at = (time: number, fn: () => void) => rig.loop.at(time, fn);
  return { ...rig, writer, host, replica, reports, lag, vdls, deliver, at };
}

describe('replica: applying redo', () => {
  it('applies records up to the VDL it learns and no further, and traces each new VDL', () => {
    const r = replicaRig();
    r.deliver(10, chunk(2, 0, 2, records(1, 4)));
    r.run(10);
    expect([r.replica.vdl, r.replica.applied]).toEqual([2, 2]);
    r.deliver(20, chunk(2, 1, 4));
    r.run(20);
    expect([r.replica.vdl, r.replica.applied]).toEqual([4, 4]);
    expect(r.vdls).toEqual([`10 ${ID} 2`, `20 ${ID} 4`]);
  });

  it('never takes its VDL back: a chunk with a lower VDL applies nothing and traces nothing', () => {
    const r = replicaRig();
    r.deliver(10, chunk(2, 0, 4, records(1, 4)));
    r.deliver(20, chunk(2, 1, 2));
    r.run(20);
    expect([r.replica.vdl, r.replica.applied]).toEqual([4, 4]);
    expect(r.vdls).toEqual([`10 ${ID} 4`]);
  });

  it('applies chunks in sequence order: one that arrives early waits for those before it', () => {
    const r = replicaRig();
    r.deliver(5, chunk(2, 0, 2, records(1, 2)));
    r.deliver(10, chunk(2, 2, 6, records(5, 6)));
    r.deliver(20, chunk(2, 1, 4, records(3, 4)));
    r.run(15);
    expect([r.replica.vdl, r.replica.applied]).toEqual([2, 2]);
    r.run(20);
    expect([r.replica.vdl, r.replica.applied]).toEqual([6, 6]);
    expect(r.vdls).toEqual([`5 ${ID} 2`, `20 ${ID} 4`, `20 ${ID} 6`]);
  });

  it('starts a writer\'s stream at its chunk 0: a later chunk that overtakes it waits for it, and no record or commit of it is lost', () => {
    // A replica used to take the first chunk it heard as the start of the stream, so chunk 0
    // arriving second was never applied (its records uncounted, its commits' lag unrecorded).
    const r = replicaRig();
    r.deliver(10, chunk(2, 1, 4, records(3, 4), [4, 5]));
    r.deliver(20, chunk(2, 0, 2, records(1, 2), [2, 0]));
    r.run(10);
    expect([r.replica.vdl, r.replica.applied]).toEqual([0, 0]);
    r.run(20);
    expect([r.replica.vdl, r.replica.applied]).toEqual([4, 4]);
    expect(r.lag.snapshot().buckets).toEqual([[15, 1], [20, 1]]);
  });

  it('starts a newer writer\'s stream at its chunk 0 too', () => {
    const r = replicaRig();
    r.deliver(10, chunk(2, 0, 2, records(1, 2)));
    r.deliver(20, chunk(3, 1, 6, records(5, 6)));
    r.deliver(30, chunk(3, 0, 4, records(3, 4)));
    r.run(20);
    expect([r.replica.vdl, r.replica.applied]).toEqual([2, 2]);
    r.run(30);
    expect([r.replica.vdl, r.replica.applied]).toEqual([6, 6]);
  });

  it('applies a chunk once, however often it arrives', () => {
    const r = replicaRig();
    r.deliver(10, chunk(2, 0, 2, records(1, 2)));
    r.deliver(20, chunk(2, 0, 2, records(1, 2)));
    r.run(20);
    expect(r.replica.applied).toBe(2);
  });

  it('joins a stream where the writer says it was added: earlier chunks are ignored, later ones applied in order however they arrive', () => {
    const r = replicaRig();
    r.replica.joinStream({ epoch: 2, sequence: 5 });
    r.deliver(10, chunk(2, 6, 4, records(3, 4)));
    r.deliver(20, chunk(2, 4, 1, records(1, 1)));
    r.deliver(30, chunk(2, 5, 2, records(2, 2)));
    r.run(20);
    expect([r.replica.vdl, r.replica.applied]).toEqual([0, 0]);
    r.run(30);
    expect([r.replica.vdl, r.replica.applied]).toEqual([4, 3]);
  });

  it('after a restart, takes the stream from where it rejoined: nothing from before, nothing skipped after', () => {
    const r = replicaRig();
    r.deliver(10, chunk(2, 0, 2, records(1, 2)));
    r.at(20, () => r.replica.crash());
    r.at(30, () => r.replica.restart({ epoch: 2, sequence: 3 }));
    r.deliver(40, chunk(2, 4, 8, records(7, 8)));
    r.deliver(50, chunk(2, 3, 6, records(5, 6)));
    r.run(40);
    expect([r.replica.vdl, r.replica.applied]).toEqual([2, 2]);
    r.run(50);
    expect([r.replica.vdl, r.replica.applied]).toEqual([8, 6]);
  });

  it('records a commit\'s lag from the writer\'s acknowledgement to the VDL that makes it visible here', () => {
    const r = replicaRig();
    r.deliver(1_000, chunk(2, 0, 1, records(1, 4), [2, 1_000, 4, 1_100]));
    r.deliver(1_700, chunk(2, 1, 2));
    r.run(1_700);
    expect(r.lag.snapshot().buckets).toEqual([[700, 1]]);
    r.deliver(2_000, chunk(2, 2, 4));
    r.run(2_000);
    expect(r.lag.snapshot().buckets).toEqual([[700, 1], [900, 1]]);
  });

  it('starts over with a newer writer: drops the old one\'s records above VDL, keeps its commits pending until the new VDL', () => {
    const r = replicaRig();
    r.deliver(10, chunk(2, 0, 1, records(1, 4), [2, 10]));
    r.deliver(500, chunk(3, 0, 4));
    r.run(500);
    expect([r.replica.vdl, r.replica.applied]).toEqual([4, 1]);
    expect(r.lag.snapshot().buckets).toEqual([[490, 1]]);
  });

  it('tells when the oldest commit it received but has not made visible was acknowledged, held ahead of a gap or above its VDL', () => {
    const r = replicaRig();
    r.deliver(10, chunk(2, 0, 1, records(1, 2), [2, 5]));
    r.deliver(20, chunk(2, 2, 4, records(5, 6), [6, 15]));
    r.run(20);
    expect(r.replica.oldestInvisibleAck()).toBe(5);
    r.deliver(30, chunk(2, 1, 4, records(3, 4)));
    r.run(30);
    expect(r.replica.oldestInvisibleAck()).toBe(15);
    r.deliver(40, chunk(2, 3, 6));
    r.run(40);
    expect(r.replica.oldestInvisibleAck()).toBeUndefined();
  });

  it('ignores chunks of an older writer once it heard a newer one', () => {
    const r = replicaRig();
    r.deliver(10, chunk(3, 0, 2, records(1, 2)));
    r.deliver(20, chunk(2, 1, 4, records(3, 4)));
    r.run(20);
    expect([r.replica.vdl, r.replica.applied]).toEqual([2, 2]);
  });
});

describe('replica: a chunk that never comes', () => {
  it('moves past a missing chunk once a later one has waited the gap wait, and counts the records it never received as read from storage', () => {
    // A lost chunk used to stop the replica for good: it held every later chunk in memory,
    // waiting for one the stream never resends.
    const r = replicaRig();
    r.deliver(10, chunk(2, 0, 2, records(1, 2)));
    r.deliver(20, chunk(2, 2, 6, records(5, 6)));
    r.deliver(30, chunk(2, 3, 8, records(7, 8)));
    r.run(69);
    expect([r.replica.vdl, r.replica.applied, r.replica.fetched]).toEqual([2, 2, 0]);
    r.run(70);
    expect([r.replica.vdl, r.replica.applied, r.replica.fetched, r.replica.chunksMissed]).toEqual([8, 6, 2, 1]);
    expect(r.vdls).toEqual([`10 ${ID} 2`, `70 ${ID} 6`, `70 ${ID} 8`]);
    r.deliver(80, chunk(2, 4, 10, records(9, 10)));
    r.run(80);
    expect([r.replica.vdl, r.replica.applied, r.replica.fetched]).toEqual([10, 8, 2]);
  });

  it('makes visible the commits it was told of past the gap, and loses the notices the missing chunk carried', () => {
    const r = replicaRig();
    r.deliver(10, chunk(2, 0, 2, records(1, 2)));
    r.deliver(20, chunk(2, 2, 6, records(5, 6), [6, 15]));
    r.run(100);
    expect(r.lag.snapshot().buckets).toEqual([[55, 1]]);
    expect(r.replica.oldestInvisibleAck()).toBeUndefined();
  });

  it('ignores the missing chunk if it turns up after the replica moved past it', () => {
    const r = replicaRig();
    r.deliver(10, chunk(2, 0, 2, records(1, 2)));
    r.deliver(20, chunk(2, 2, 6, records(5, 6)));
    r.deliver(90, chunk(2, 1, 4, records(3, 4), [4, 5]));
    r.run(100);
    expect([r.replica.vdl, r.replica.applied, r.replica.fetched]).toEqual([6, 4, 2]);
    expect(r.lag.snapshot().buckets).toEqual([]);
  });

  it('dates each gap from the first chunk that arrived past it, so a second gap behind the first waits no longer than its own wait', () => {
    const r = replicaRig();
    r.deliver(0, chunk(2, 0, 1, records(1, 1)));
    r.deliver(10, chunk(2, 2, 3, records(3, 3)));
    r.deliver(30, chunk(2, 4, 5, records(5, 5)));
    r.run(60);
    expect(r.replica.vdl).toBe(3);
    r.run(79);
    expect(r.replica.vdl).toBe(3);
    r.run(80);
    expect([r.replica.vdl, r.replica.applied, r.replica.fetched, r.replica.chunksMissed]).toEqual([5, 3, 2, 2]);
  });

  it('moves past a lost first chunk of a stream too', () => {
    const r = replicaRig();
    r.deliver(10, chunk(2, 1, 4, records(3, 4)));
    r.run(60);
    expect([r.replica.vdl, r.replica.applied, r.replica.fetched]).toEqual([4, 2, 0]);
  });

  it('does not give up on a chunk while paused: the network holds what was sent to it meanwhile', () => {
    const r = replicaRig();
    r.deliver(10, chunk(2, 0, 2, records(1, 2)));
    r.deliver(20, chunk(2, 2, 6, records(5, 6)));
    r.at(30, () => r.replica.pause());
    r.run(200);
    expect(r.replica.vdl).toBe(2);
    r.at(200, () => r.replica.resume());
    r.deliver(200, chunk(2, 1, 4, records(3, 4)));
    r.run(200);
    expect([r.replica.vdl, r.replica.applied, r.replica.fetched]).toEqual([6, 6, 0]);
  });
});

describe('replica: watching the writer', () => {
  it('reports the writer lost, with the epoch it heard, at the first check a detection time after the last chunk', () => {
    const r = replicaRig();
    r.deliver(50, chunk(2, 0, 0));
    r.run(399);
    expect(r.reports).toEqual([]);
    r.run(400);
    expect(r.reports).toEqual([`400 lost ${ID} epoch 2`]);
  });

  it('reports again after each further detection time of silence, with the same epoch', () => {
    const r = replicaRig();
    r.deliver(50, chunk(2, 0, 0));
    r.run(1_000);
    expect(r.reports).toEqual([`400 lost ${ID} epoch 2`, `700 lost ${ID} epoch 2`, `1000 lost ${ID} epoch 2`]);
  });

  it('reports nothing while chunks keep arriving within the detection time', () => {
    const r = replicaRig();
    for (let t = 0; t <= 2_000; t += DETECTION - 1) r.deliver(t, chunk(2, t / (DETECTION - 1), 0));
    r.run(2_000);
    expect(r.reports).toEqual([]);
  });

  it('reports nothing before it has heard of any writer', () => {
    const r = replicaRig();
    r.run(5_000);
    expect(r.reports).toEqual([]);
  });

  it('watches a writer it is told of from then on, and reports it in its epoch though no chunk of it ever came', () => {
    const r = replicaRig();
    r.deliver(0, chunk(2, 0, 0));
    r.at(250, () => r.replica.joinStream({ epoch: 3, sequence: 0 }));
    r.run(500);
    expect(r.reports).toEqual([]);
    r.run(600);
    expect(r.reports).toEqual([`600 lost ${ID} epoch 3`]);
  });

  it('after a restart, watches the writer whose stream it rejoined, not the one it heard before', () => {
    const r = replicaRig();
    r.deliver(0, chunk(2, 0, 0));
    r.at(150, () => r.replica.crash());
    r.at(1_000, () => r.replica.restart({ epoch: 4, sequence: 9 }));
    r.run(1_300);
    expect(r.reports).toEqual([`1300 lost ${ID} epoch 4`]);
  });

  it('reports the newest epoch it heard; an older writer\'s chunks do not count as hearing the writer', () => {
    const r = replicaRig();
    r.deliver(0, chunk(3, 0, 0));
    for (let t = 100; t <= 400; t += 100) r.deliver(t, chunk(2, t / 100, 0));
    r.run(400);
    expect(r.reports).toEqual([`300 lost ${ID} epoch 3`]);
  });

  it('reports nothing while paused, and counts the silence afresh from the resume', () => {
    const r = replicaRig();
    r.deliver(0, chunk(2, 0, 0));
    r.at(150, () => r.replica.pause());
    r.at(1_000, () => r.replica.resume());
    r.run(1_299);
    expect(r.reports).toEqual([]);
    r.run(1_300);
    expect(r.reports).toEqual([`1300 lost ${ID} epoch 2`]);
  });

  it('reports nothing while down, and after a restart counts the silence from the restart', () => {
    const r = replicaRig();
    r.deliver(0, chunk(2, 0, 0));
    r.at(150, () => r.replica.crash());
    r.at(1_000, () => r.replica.restart({ epoch: 2, sequence: 1 }));
    r.run(1_300);
    expect(r.reports).toEqual([`1300 lost ${ID} epoch 2`]);
  });

  it('stops watching once retired, and with a detection time of 0 never watches', () => {
    const retired = replicaRig();
    retired.deliver(0, chunk(2, 0, 0));
    retired.at(150, () => retired.replica.retire());
    expect(retired.run()).toBe('drained');
    expect(retired.reports).toEqual([]);
    const unwatched = replicaRig(0);
    unwatched.deliver(0, chunk(2, 0, 0));
    expect(unwatched.run()).toBe('drained');
    expect(unwatched.reports).toEqual([]);
  });

  it('stays quiet on a live writer\'s heartbeats, and reports it once the stream stops', () => {
    const r = replicaRig();
    const stream = new ReplicationStream(r.loop, r.net, {
      writerHost: r.writer, epoch: 2, replicaHosts: () => [r.host], recordWireBytes: 100, heartbeatInterval: HEARTBEAT,
    });
    r.at(950, () => stream.stop());
    r.run(1_299);
    expect(r.reports).toEqual([]);
    // The last heartbeat left at 900 (its payload arrives a microsecond later): silent for the detection time at the 1300 check.
    r.run(1_500);
    expect(r.reports).toEqual([`1300 lost ${ID} epoch 2`]);
  });
});
