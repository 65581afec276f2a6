/**
 * The storage driver: a boxcar per PG that every record of the PG joins until it leaves; one
 * network send of the boxcar to each slot of the PG's membership as it stands when the boxcar
 * leaves; the driver busy `sendCost` per send, serving PGs in the order their boxcars started;
 * and on stop, buffered records dropped and nothing sent again, while what the network
 * already carries still arrives.
 */
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../protocol/log-record.ts';
import type { VolumeState, WriteBatch } from '../protocol/messages.ts';
import { PgMemberships } from '../quorum/membership.ts';
import { MAX_SLOTS } from '../topology/topology.ts';
import { netRig, type Sent } from '../testing/net-rig.ts';
import { StorageDriver } from './storage-driver.ts';

const SEND_COST = 10;
const WIRE = 100;
const r = (lsn: number, pg: number): LogRecord => ({ lsn, pg, segmentPrev: 0, cpl: true });

/** A driver for two PGs of six segments, on nine storage nodes (one spare per AZ). */
function driverRig() {
  const rig = netRig({ protectionGroups: 2, storageNodes: 9, replicas: 0 });
  const { loop, topology, sent } = rig;
  const memberships = new PgMemberships(2, 6, { write: 4, read: 3 });
  const driver = new StorageDriver(loop, rig.net, topology, { host: topology.writer.id, sendCost: SEND_COST, recordWireBytes: WIRE, memberships });
  const inboxes = new Map(topology.storageNodes.map((h) => [h.id, rig.inbox(h.id)]));
  const enqueueAt = (time: number, ...records: LogRecord[]) => loop.at(time, () => records.forEach((rec) => driver.enqueue(rec)));
  const slotOf = (pg: number, node: number) => Array.from({ length: MAX_SLOTS }, (_, s) => s).find((s) => topology.nodeOf(pg, s) === node);
  /** One line per batch: when it left, its PG and LSNs, and the slots it went to. */
  const shipped = (): string[] => {
    const lines: string[] = [];
    let last: Sent | undefined;
    for (const send of sent) {
      const batch = send.message as WriteBatch;
      if (last?.message !== batch) lines.push(`${send.time} pg${batch.pg} [${batch.records.map((x) => x.lsn).join(' ')}] ->`);
      lines[lines.length - 1] += ` ${slotOf(batch.pg, send.to)}`;
      last = send;
    }
    return lines;
  };
  return { ...rig, memberships, driver, inboxes, enqueueAt, shipped };
}

const SIX = '0 1 2 3 4 5';

describe('storage driver: boxcars', () => {
  it('ships a record that finds the driver idle at once, to each of its PG\'s six segments', () => {
    const d = driverRig();
    d.enqueueAt(1_000, r(1, 0));
    d.run();
    expect(d.shipped()).toEqual([`1000 pg0 [1] -> ${SIX}`]);
    expect(d.sent.every((s) => s.bytes === WIRE && s.time === 1_000 && s.from === d.topology.writer.id)).toBe(true);
    expect([d.driver.sends, d.driver.batches, d.driver.recordsSent]).toEqual([6, 1, 1]);
  });

  it('delivers one message per member: each node of the PG gets the batch once, the other nodes nothing', () => {
    const d = driverRig();
    d.enqueueAt(0, r(1, 0));
    d.run();
    for (const [node, got] of d.inboxes) {
      const member = Array.from({ length: 6 }, (_, s) => d.topology.nodeOf(0, s)).includes(node);
      expect(got.map((m) => (m.message as WriteBatch).records.map((x) => x.lsn))).toEqual(member ? [[1]] : []);
    }
  });

  it('stays busy sendCost per send: the next PG\'s boxcar leaves six sends later', () => {
    const d = driverRig();
    d.enqueueAt(0, r(1, 0), r(2, 1));
    d.run();
    expect(d.shipped()).toEqual([`0 pg0 [1] -> ${SIX}`, `${6 * SEND_COST} pg1 [2] -> ${SIX}`]);
  });

  it('lets records join their PG\'s waiting boxcar, while a PG already shipped starts a new one at the back', () => {
    const d = driverRig();
    d.enqueueAt(0, r(1, 0), r(2, 1));
    d.enqueueAt(10, r(3, 0), r(4, 1));
    d.enqueueAt(20, r(5, 0));
    d.run();
    expect(d.shipped()).toEqual([`0 pg0 [1] -> ${SIX}`, `60 pg1 [2 4] -> ${SIX}`, `120 pg0 [3 5] -> ${SIX}`]);
    expect(d.sent.filter((s) => s.time === 60).every((s) => s.bytes === 2 * WIRE)).toBe(true);
    expect([d.driver.sends, d.driver.batches, d.driver.recordsSent]).toEqual([18, 3, 5]);
  });

  it('serves PGs in the order their boxcars started, not by PG number', () => {
    const d = driverRig();
    d.enqueueAt(0, r(1, 1), r(2, 0));
    d.run();
    expect(d.shipped()).toEqual([`0 pg1 [1] -> ${SIX}`, `60 pg0 [2] -> ${SIX}`]);
  });

  it('is idle again once its queue is empty: a later record leaves when it arrives', () => {
    const d = driverRig();
    d.enqueueAt(0, r(1, 0));
    d.enqueueAt(100, r(2, 0));
    d.run();
    expect(d.shipped()).toEqual([`0 pg0 [1] -> ${SIX}`, `100 pg0 [2] -> ${SIX}`]);
  });
});

describe('storage driver: what a batch carries', () => {
  it('carries the volume and VDL of the stamp as it is when the batch leaves', () => {
    const d = driverRig();
    let stamp: { volume: VolumeState; vdl: number } = { volume: { epoch: 2, truncations: [] }, vdl: 0 };
    d.driver.stamp = () => stamp;
    d.enqueueAt(0, r(1, 0), r(2, 1));
    d.loop.at(30, () => (stamp = { volume: { epoch: 3, truncations: [5, 10] }, vdl: 9 }));
    d.run();
    const batches = [d.sent[0]!.message, d.sent[6]!.message] as WriteBatch[];
    expect(batches.map((b) => [b.pg, b.volume.epoch, b.vdl])).toEqual([[0, 2, 0], [1, 3, 9]]);
    expect(batches[1]!.volume.truncations).toEqual([5, 10]);
  });

  it('before the writer sets a stamp, stamps epoch 1, no truncations and VDL 0', () => {
    const d = driverRig();
    d.enqueueAt(0, r(1, 0));
    d.run();
    const batch = d.sent[0]!.message as WriteBatch;
    expect([batch.type, batch.volume, batch.vdl]).toEqual(['write', { epoch: 1, truncations: [] }, 0]);
  });
});

describe('storage driver: membership', () => {
  it('during a replacement, also ships to the new segment, and stays busy for seven sends', () => {
    const d = driverRig();
    const spare = d.topology.spareNodeFor(0, 1);
    d.topology.place(0, 6, spare);
    d.memberships.set(0, { epoch: 2, base: 0b111111, replacements: [[1, 6]] });
    d.enqueueAt(0, r(1, 0), r(2, 1));
    d.run();
    expect(d.shipped()).toEqual([`0 pg0 [1] -> ${SIX} 6`, `${7 * SEND_COST} pg1 [2] -> ${SIX}`]);
    expect((d.sent[0]!.message as WriteBatch).membership).toEqual({ epoch: 2, members: 0b1111111 });
    // The spare may hold a segment of PG 1 too (PGs share nodes): it gets PG 0's batch once.
    expect(d.inboxes.get(spare)!.filter((m) => (m.message as WriteBatch).pg === 0).length).toBe(1);
  });

  it('reads the membership when the batch leaves: a member that left by then gets nothing', () => {
    const d = driverRig();
    d.topology.place(0, 6, d.topology.spareNodeFor(0, 1));
    d.enqueueAt(0, r(1, 1), r(2, 0));
    d.loop.at(30, () => d.memberships.set(0, { epoch: 3, base: 0b1111101, replacements: [] }));
    d.run();
    expect(d.shipped()).toEqual([`0 pg1 [1] -> ${SIX}`, '60 pg0 [2] -> 0 2 3 4 5 6']);
  });
});

describe('storage driver: stop', () => {
  it('drops the buffered boxcars and ships nothing more, while the batch already sent still arrives', () => {
    const d = driverRig();
    d.enqueueAt(0, r(1, 0), r(2, 1));
    d.loop.at(30, () => d.driver.stop());
    d.enqueueAt(100, r(3, 0));
    expect(d.run()).toBe('drained');
    expect(d.shipped()).toEqual([`0 pg0 [1] -> ${SIX}`]);
    expect([d.driver.sends, d.driver.batches, d.driver.recordsSent]).toEqual([6, 1, 1]);
    const arrived = [...d.inboxes.values()].flat().map((m) => (m.message as WriteBatch).records.map((x) => x.lsn));
    expect(arrived).toEqual(Array.from({ length: 6 }, () => [1]));
  });

  it('stopped in the instant a record arrived, before its send ran, ships nothing', () => {
    const d = driverRig();
    d.loop.at(0, () => {
      d.driver.enqueue(r(1, 0));
      d.driver.stop();
    });
    d.run();
    expect(d.sent).toEqual([]);
  });
});
