/**
 * What a fault takes away, as planning sees it: a process fault stops its hosts, a data loss
 * stays in the budget for the repair tail after it ends (for good when the caller says no
 * spare node can rebuild it), a partition cuts off the storage ends of links with compute
 * hosts, and a gray failure makes gray the storage nodes whose disk it slows or whose links
 * with compute hosts it degrades — never those only on storage-to-storage links.
 */
import { describe, expect, it } from 'vitest';
import type { FaultSpec } from './fault-spec.ts';
import { Topology } from '../topology/topology.ts';
import { footprintOf, occupancy, outageOf } from './footprint.ts';
import type { Selector } from './selector.ts';

const topology = new Topology({ azs: 3, segmentsPerAz: 2, protectionGroups: 2, storageNodes: 6, replicas: 2, writerAz: 0 });
const node = (index: number): Selector => ({ kind: 'node', index });
const id = (index: number) => topology.storageNodes[index]!.id;

function shape(kind: FaultSpec['kind'], target: Selector, peer?: Selector): Pick<FaultSpec, 'kind' | 'target' | 'peer' | 'oneWay'> {
  return { kind, target, ...(peer === undefined ? {} : { peer }) } as Pick<FaultSpec, 'kind' | 'target' | 'peer' | 'oneWay'>;
}

describe('footprints', () => {
  it('keeps a disk loss in the budget for the tail after it ends, and for good with an infinite tail', () => {
    const f = footprintOf(shape('disk-loss', node(0)), topology);
    expect(f).toMatchObject({ processHosts: [id(0)], dataLoss: true });
    expect(occupancy({ at: 10, for: 5 }, f, 100)).toEqual([10, 115]);
    expect(occupancy({ at: 10, for: 5 }, f, Infinity)).toEqual([10, Infinity]);
    expect(occupancy({ at: 10, for: 5 }, footprintOf(shape('crash', node(0)), topology), 100)).toEqual([10, 15]);
  });

  it('makes gray a node with a slow disk, but not the writer an az: target also covers', () => {
    expect(footprintOf(shape('slow-disk', { kind: 'az', name: 'a' }), topology).gray).toEqual([id(0), id(3)]);
  });

  it('makes gray the storage end of a degraded link with the writer, and cuts nothing off', () => {
    const f = footprintOf(shape('packet-loss', { kind: 'writer' }, node(2)), topology);
    expect(f).toMatchObject({ gray: [id(2)], cutOff: [], processHosts: [] });
    expect(outageOf([f]).gray).toEqual(new Set([id(2)]));
  });

  it('leaves a slow link between two storage nodes out: it carries only gossip and repair', () => {
    expect(footprintOf(shape('latency-spike', node(0), node(1)), topology).gray).toEqual([]);
  });
});
