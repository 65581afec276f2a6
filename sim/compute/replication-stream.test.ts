/**
 * The writer's replication stream: one chunk to every current replica in the instant VDL
 * moves, carrying the records and commit notices gathered since the last chunk and the new
 * VDL; an empty chunk (a heartbeat) when a whole heartbeat interval passed without one; chunks
 * numbered in order within the writer's epoch; and nothing at all once stopped.
 */
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../protocol/log-record.ts';
import type { ReplicationChunk } from '../protocol/messages.ts';
import { FIXED_BYTES, REPLICATION_COMMIT_BYTES } from '../protocol/wire-size.ts';
import { netRig } from '../testing/net-rig.ts';
import { ReplicationStream } from './replication-stream.ts';

const HEARTBEAT = 1_000;
const WIRE = 100;
const EPOCH = 4;
const r = (lsn: number): LogRecord => ({ lsn, pg: 0, segmentPrev: 0, cpl: true });

function streamRig() {
  const rig = netRig();
  let replicas: number[] = rig.topology.replicas.map((h) => h.id);
  for (const host of replicas) rig.inbox(host);
  const stream = new ReplicationStream(rig.loop, rig.net, {
    writerHost: rig.topology.writer.id, epoch: EPOCH, replicaHosts: () => replicas, recordWireBytes: WIRE, heartbeatInterval: HEARTBEAT,
  });
  const setReplicas = (hosts: number[]) => (replicas = hosts);
  /** One line per chunk: time, sequence, LSNs, VDL, commit notices, and the hosts it went to. */
  const chunks = (): string[] => {
    const lines: string[] = [];
    let last: unknown;
    for (const send of rig.sent) {
      const c = send.message as ReplicationChunk;
      if (c !== last) lines.push(`${send.time} #${c.sequence} [${c.records.map((x) => x.lsn).join(' ')}] vdl ${c.vdl} commits [${c.commits.join(' ')}] ->`);
      lines[lines.length - 1] += ` ${send.to}`;
      last = c;
    }
    return lines;
  };
  return { ...rig, stream, setReplicas, chunks };
}

describe('replication stream: heartbeats', () => {
  it('sends an empty chunk to every replica each heartbeat interval while nothing else goes out', () => {
    const s = streamRig();
    s.run(3_500);
    expect(s.chunks()).toEqual([
      '1000 #0 [] vdl 0 commits [] -> 1 2',
      '2000 #1 [] vdl 0 commits [] -> 1 2',
      '3000 #2 [] vdl 0 commits [] -> 1 2',
    ]);
    expect(s.sent.every((x) => x.bytes === FIXED_BYTES.replication && (x.message as ReplicationChunk).epoch === EPOCH)).toBe(true);
  });

  it('weighs an empty chunk as its header: epoch, sequence and VDL, 8 bytes each', () => {
    const s = streamRig();
    s.run(1_000);
    expect(s.sent.map((x) => x.bytes)).toEqual([24, 24]);
  });

  it('skips the heartbeat when a chunk went out within the interval, and sends it at the next check after a whole interval of silence', () => {
    const s = streamRig();
    s.loop.at(1_500, () => s.stream.vdlMoved(1));
    s.run(4_500);
    expect(s.chunks().map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual(['1000 #0', '1500 #1', '3000 #2', '4000 #3']);
  });

  it('carries records added since the last chunk even when VDL has not moved', () => {
    const s = streamRig();
    s.loop.at(100, () => s.stream.addRecord(r(1)));
    s.run(1_000);
    expect(s.chunks()).toEqual(['1000 #0 [1] vdl 0 commits [] -> 1 2']);
  });
});

describe('replication stream: chunks', () => {
  it('sends a chunk in the instant VDL moves, with the records, the VDL and the commit notices (LSN, acknowledgement time)', () => {
    const s = streamRig();
    s.loop.at(500, () => {
      s.stream.addRecord(r(1));
      s.stream.addRecord(r(2));
      s.stream.commitAcknowledged(2);
      s.stream.vdlMoved(2);
    });
    s.run(999);
    expect(s.chunks()).toEqual(['500 #0 [1 2] vdl 2 commits [2 500] -> 1 2']);
    // One commit notice weighs REPLICATION_COMMIT_BYTES (its LSN): the acknowledgement time
    // beside it is the model's lag measurement and weighs nothing (wire-size.ts).
    expect(s.sent[0]!.bytes).toBe(2 * WIRE + FIXED_BYTES.replication + REPLICATION_COMMIT_BYTES);
    expect(s.stream.chunks).toBe(1);
  });

  it('sends one chunk for everything that happened in one instant, with the last VDL', () => {
    const s = streamRig();
    s.loop.at(500, () => {
      s.stream.addRecord(r(1));
      s.stream.vdlMoved(1);
      s.stream.addRecord(r(2));
      s.stream.vdlMoved(2);
    });
    s.run(999);
    expect(s.chunks()).toEqual(['500 #0 [1 2] vdl 2 commits [] -> 1 2']);
  });

  it('starts each chunk empty: a record goes in one chunk only', () => {
    const s = streamRig();
    s.loop.at(100, () => {
      s.stream.addRecord(r(1));
      s.stream.vdlMoved(1);
    });
    s.loop.at(200, () => {
      s.stream.addRecord(r(2));
      s.stream.vdlMoved(2);
    });
    s.run(999);
    expect(s.chunks()).toEqual(['100 #0 [1] vdl 1 commits [] -> 1 2', '200 #1 [2] vdl 2 commits [] -> 1 2']);
  });

  it('sends each chunk to the replicas there are when it leaves', () => {
    const s = streamRig();
    s.loop.at(1_500, () => s.setReplicas([2]));
    s.run(2_000);
    expect(s.chunks()).toEqual(['1000 #0 [] vdl 0 commits [] -> 1 2', '2000 #1 [] vdl 0 commits [] -> 2']);
  });
});

describe('replication stream: a new epoch', () => {
  it('starts over at chunk 0 in the writer\'s new epoch, and says so to a replica added then', () => {
    const s = streamRig();
    s.loop.at(2_500, () => s.stream.newEpoch(EPOCH + 1));
    s.run(3_000);
    expect(s.sent.map((x) => `${(x.message as ReplicationChunk).epoch} #${(x.message as ReplicationChunk).sequence}`))
      .toEqual([`${EPOCH} #0`, `${EPOCH} #0`, `${EPOCH} #1`, `${EPOCH} #1`, `${EPOCH + 1} #0`, `${EPOCH + 1} #0`]);
    expect(s.stream.position).toEqual({ epoch: EPOCH + 1, sequence: 1 });
  });
});

describe('replication stream: stop', () => {
  it('sends nothing once stopped, neither chunks nor heartbeats, and schedules nothing more', () => {
    const s = streamRig();
    s.loop.at(1_500, () => s.stream.stop());
    s.loop.at(1_600, () => s.stream.vdlMoved(5));
    expect(s.run()).toBe('drained');
    expect(s.chunks()).toEqual(['1000 #0 [] vdl 0 commits [] -> 1 2']);
  });

  it('drops a chunk scheduled in the instant it is stopped', () => {
    const s = streamRig();
    s.loop.at(500, () => {
      s.stream.vdlMoved(1);
      s.stream.stop();
    });
    s.run();
    expect(s.chunks()).toEqual([]);
  });
});
