/**
 * The writer's log path, wired as the world wires it (a real storage driver and replication
 * stream on a small real network), with the test playing the segments' acknowledgements:
 * LSNs MTR by MTR under the LAL bound, PGCL from a write quorum of each PG's SCLs, VCL and
 * VDL from the PGCLs, a commit acknowledged once VDL reaches it; retransmission of records
 * left uncovered; and on a fence or a crash, every unacknowledged transaction aborted.
 */
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../protocol/log-record.ts';
import type { WriteAck, WriteBatch } from '../protocol/messages.ts';
import { PgMemberships } from '../quorum/membership.ts';
import { netRig } from '../testing/net-rig.ts';
import { ReplicationStream } from './replication-stream.ts';
import { StorageDriver } from './storage-driver.ts';
import type { Transaction } from './transaction.ts';
import { RETRANSMIT_AFTER } from './uncovered-records.ts';
import { Writer, type WriterBug } from './writer.ts';

/** Pages 0-49 are PG 0's, 50-99 PG 1's. */
const PAGES = 100;

function writerRig(options: { lal?: number; bugs?: WriterBug[]; recover?: boolean; renewEpoch?: boolean } = {}) {
  const rig = netRig({ protectionGroups: 2, replicas: 0 });
  const { loop, trace, net, topology } = rig;
  for (const node of topology.storageNodes) rig.inbox(node.id);
  const host = topology.writer.id;
  const memberships = new PgMemberships(2, 6, { write: 4, read: 3 });
  const volume = { epoch: options.recover ? 2 : 1, truncations: [] };
  const driver = new StorageDriver(loop, net, topology, { host, sendCost: 0, recordWireBytes: 100, memberships });
  const replication = new ReplicationStream(loop, net, { writerHost: host, epoch: volume.epoch, replicaHosts: () => [], recordWireBytes: 100, heartbeatInterval: 1_000_000 });
  const log: string[] = [];
  const writer = new Writer(
    {
      loop, trace, net, topology, memberships, driver, replication,
      onCommit: (txn) => log.push(`commit ${txn.id}`), onAbort: (txn) => log.push(`abort ${txn.id}`),
      onTruncation: () => true, onSuspect: () => {}, onCaughtUp: () => {},
      renewEpoch: (epoch) => (options.renewEpoch ? { epoch: epoch + 1, truncations: [] } : undefined),
    },
    {
      host, volume, lal: options.lal ?? 1_000, recordsPerMtr: 2, pages: PAGES, recoveryRetry: 100_000, repairStall: 500_000,
      repairDetection: 10_000_000, bugs: options.bugs ?? [],
    },
    options.recover ? 'recover' : 'open',
  );
  const events: string[] = [];
  trace.on({
    alloc: (_, { lsn, pg, cpl }) => events.push(`alloc ${lsn} pg${pg}${cpl ? ' cpl' : ''}`),
    pgcl: (_, { pg, lsn }) => events.push(`pgcl ${pg} ${lsn}`),
    vdl: (_, { lsn }) => events.push(`vdl ${lsn}`),
    commit: (_, { txn, lsn }) => events.push(`commit ${txn} at ${lsn}`),
    'lal.stall': (_, { lsn, vdl }) => events.push(`stall ${lsn} vdl ${vdl}`),
    'lal.resume': (_, { lsn, vdl }) => events.push(`resume ${lsn} vdl ${vdl}`),
    'writer.fenced': (_, { epoch }) => events.push(`fenced ${epoch}`),
    retransmit: (_, { pg, records }) => events.push(`retransmit ${pg} ${records}`),
    'writer.open': (_, { epoch }) => events.push(`open ${epoch}`),
    truncate: (_, { from, to }) => events.push(`truncate (${from}, ${to}]`),
  });
  let nextId = 1;
  const submit = (pages: number[], commitPage: number): Transaction => {
    const txn: Transaction = { id: nextId++, submittedAt: loop.now, pages, commitPage, commitLsn: 0, epoch: 0 };
    writer.submit(txn);
    return txn;
  };
  /** Segments `slots` of `pg` report SCL `scl` (delivered in the next event). */
  const ack = (pg: number, slots: number[], scl: number, epoch = 1) => {
    for (const segment of slots) {
      const message: WriteAck = { type: 'ack', pg, segment, scl, epoch, membershipEpoch: 1 };
      net.send(topology.nodeOf(pg, segment), host, 0, message);
    }
    rig.run(loop.now);
  };
  /** Records shipped to slot 0 of each PG, in order. */
  const shipped = (): LogRecord[] =>
    rig.sent.filter((s) => s.message.type === 'write' && s.to === topology.nodeOf((s.message as WriteBatch).pg, 0))
      .flatMap((s) => (s.message as WriteBatch).records);
  return { ...rig, writer, log, events, submit, ack, shipped };
}

describe('writer: allocation', () => {
  it('gives each record an LSN MTR by MTR, closes each MTR with a CPL, and backlinks each record to its PG\'s previous one', () => {
    const w = writerRig();
    const txn = w.submit([0, 60, 1], 70);
    w.run(0);
    expect(w.events).toEqual(['alloc 1 pg0', 'alloc 2 pg1 cpl', 'alloc 3 pg0', 'alloc 4 pg1 cpl']);
    // PG 0's boxcar [1 3] leaves before PG 1's [2 4]: the driver serves PGs, not LSNs.
    expect(w.shipped().map((r) => `${r.lsn}<-${r.segmentPrev}`)).toEqual(['1<-0', '3<-1', '2<-0', '4<-2']);
    expect([txn.commitLsn, txn.epoch]).toEqual([4, 1]);
  });

  it('allocates an MTR ending at the LAL bound over VDL, stops at one ending past it, and resumes when VDL moves', () => {
    // MTRs of two records end at 2, 4, 6: with LAL 4 the one ending at 4 is at the bound, with
    // LAL 5 the one ending at 6 is one past it.
    for (const lal of [4, 5]) {
      const w = writerRig({ lal });
      w.submit([0, 1, 2, 3, 4], 5);
      w.run(0);
      expect(w.events).toEqual(['alloc 1 pg0', 'alloc 2 pg0 cpl', 'alloc 3 pg0', 'alloc 4 pg0 cpl', 'stall 6 vdl 0']);
      w.ack(0, [0, 1, 2, 3], 4);
      expect(w.events.slice(-5)).toEqual(['pgcl 0 4', 'vdl 4', 'resume 6 vdl 4', 'alloc 5 pg0', 'alloc 6 pg0 cpl']);
    }
  });
});

describe('writer: consistency points and commits', () => {
  it('moves a PG\'s PGCL once a write quorum of its segments holds a record, and VDL to the last CPL every PG has reached', () => {
    const w = writerRig();
    w.submit([0, 60, 1], 70);
    w.run(0);
    w.ack(0, [0, 1, 2], 3);
    expect(w.events.filter((e) => e.startsWith('pgcl'))).toEqual([]);
    w.ack(0, [3], 3);
    expect(w.events.slice(-1)).toEqual(['pgcl 0 3']);
    expect([w.writer.vcl, w.writer.vdl]).toEqual([1, 0]);
    w.ack(1, [0, 1, 2, 3], 4);
    expect(w.events.slice(-3)).toEqual(['pgcl 1 4', 'vdl 4', 'commit 1 at 4']);
    expect(w.log).toEqual(['commit 1']);
  });

  it('ignores acknowledgements of another epoch', () => {
    const w = writerRig();
    w.submit([0], 1);
    w.run(0);
    w.ack(0, [0, 1, 2, 3], 2, 2);
    expect(w.writer.pgcl[0]).toBe(0);
  });

  it('with the pgcl-needs-all defect, waits for every segment', () => {
    const w = writerRig({ bugs: ['pgcl-needs-all'] });
    w.submit([0], 1);
    w.run(0);
    w.ack(0, [0, 1, 2, 3, 4], 2);
    expect(w.writer.pgcl[0]).toBe(0);
    w.ack(0, [5], 2);
    expect(w.writer.pgcl[0]).toBe(2);
  });
});

describe('writer: recovery', () => {
  it('started to recover, refuses transactions until its recovery is done, then allocates above the truncation range', () => {
    const w = writerRig({ recover: true, lal: 50 });
    expect(w.writer.state).toBe('recovering');
    expect(w.writer.submit({ id: 9, submittedAt: 0, pages: [0], commitPage: 0, commitLsn: 0, epoch: 0 })).toBe(false);
    for (const pg of [0, 1]) {
      for (const segment of [0, 1, 2, 3]) {
        w.net.send(w.topology.nodeOf(pg, segment), w.topology.writer.id, 0, {
          type: 'recovery-info', pg, segment, epoch: 2, intact: true, membershipEpoch: 1, scl: 0, vdlHint: 0, lastAtOrBelowHint: 0, records: [],
        });
      }
    }
    w.run(0);
    expect(w.events).toEqual(['truncate (0, 50]']);
    w.ack(0, [0, 1, 2, 3], 0, 2);
    w.ack(1, [0, 1, 2, 3], 0, 2);
    expect(w.events.slice(-2)).toEqual(['open 2', 'vdl 0']);
    w.submit([0], 1);
    w.run(w.loop.now);
    expect(w.events.slice(-2)).toEqual(['alloc 51 pg0', 'alloc 52 pg0 cpl']);
  });

  it('when its recovery gives up, recovers again in the next epoch and streams to the replicas in it, from chunk 0', () => {
    // The stream used to keep the epoch the writer started in: once this writer died, the
    // replicas reported that older epoch as lost, and the control plane, which ignores reports
    // below the writer's epoch, promoted none of them.
    const w = writerRig({ recover: true, renewEpoch: true });
    const recoveries: number[] = [];
    w.trace.on({ 'recovery.start': (_, { epoch }) => recoveries.push(epoch) });
    for (const pg of [0, 1]) {
      for (const segment of [0, 1, 2, 3]) {
        w.net.send(w.topology.nodeOf(pg, segment), w.topology.writer.id, 0, {
          type: 'recovery-info', pg, segment, epoch: 2, intact: true, membershipEpoch: 1, scl: 0, vdlHint: 0, lastAtOrBelowHint: 0, records: [],
        });
      }
    }
    // No segment acknowledges the truncation: the repair step stalls and gives up.
    w.run(600_000);
    expect(recoveries).toEqual([3]);
    expect(w.writer.volume.epoch).toBe(3);
    expect(w.writer.streamPosition).toEqual({ epoch: 3, sequence: 0 });
  });
});

describe('writer: retransmission', () => {
  it('ships a PG\'s uncovered records again once they waited RETRANSMIT_AFTER, and not those its PGCL covers', () => {
    const w = writerRig();
    w.submit([0, 60], 1);
    w.run(0);
    w.ack(1, [0, 1, 2, 3], 2);
    w.run(RETRANSMIT_AFTER);
    expect(w.events.filter((e) => e.startsWith('retransmit'))).toEqual(['retransmit 0 2']);
    const lsnsOf = (pg: number) => w.shipped().filter((r) => r.pg === pg).map((r) => r.lsn);
    expect([lsnsOf(0), lsnsOf(1)]).toEqual([[1, 3, 1, 3], [2]]);
  });
});

describe('writer: fenced or crashed', () => {
  it('stops for good on a refusal of a newer epoch, aborting every unacknowledged transaction', () => {
    const w = writerRig();
    w.submit([0], 1);
    w.submit([60], 61);
    w.run(0);
    w.net.send(w.topology.nodeOf(0, 0), w.topology.writer.id, 0, { type: 'reject', pg: 0, segment: 0, epoch: 2 });
    w.run(0);
    expect(w.events.slice(-1)).toEqual(['fenced 1']);
    expect([w.writer.state, w.log]).toEqual(['fenced', ['abort 1', 'abort 2']]);
    expect(w.writer.submit({ id: 9, submittedAt: 0, pages: [0], commitPage: 0, commitLsn: 0, epoch: 0 })).toBe(false);
  });

  it('ignores a refusal of its own or an older epoch', () => {
    const w = writerRig();
    w.net.send(w.topology.nodeOf(0, 0), w.topology.writer.id, 0, { type: 'reject', pg: 0, segment: 0, epoch: 1 });
    w.run(0);
    expect(w.writer.state).toBe('open');
  });

  it('on a crash, aborts what it had not acknowledged and takes no more acknowledgements', () => {
    const w = writerRig();
    w.submit([0], 1);
    w.submit([60], 61);
    w.run(0);
    w.ack(0, [0, 1, 2, 3], 2);
    w.writer.crash();
    w.ack(1, [0, 1, 2, 3], 4);
    expect(w.log).toEqual(['commit 1', 'abort 2']);
    expect(w.writer.state).toBe('dead');
  });
});
