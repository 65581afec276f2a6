/**
 * Fault targets as text: every selector form parses and prints back to the same text, link
 * targets keep their direction, bad spellings are refused with the forms that are accepted,
 * numbers are checked against the cluster, and each selector names the hosts it should.
 */
import { describe, expect, it } from 'vitest';
import { Topology } from '../topology/topology.ts';
import { boundsOf, checkSelector, formatSelector, formatTarget, hostsOf, parseSelector, parseTarget } from './selector.ts';

const topology = new Topology({ azs: 3, segmentsPerAz: 2, protectionGroups: 4, storageNodes: 6, replicas: 2, writerAz: 0 });
const bounds = boundsOf(topology);

function selector(text: string) {
  const parsed = parseSelector(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

describe('selector text', () => {
  it.each(['writer', 'replica:1', 'node:0', 'az:b', 'pg:3/segment:5'])('%s round-trips', (text) => {
    expect(formatSelector(selector(text))).toBe(text);
  });

  it('parses each form into its selector', () => {
    expect(selector(' replica:2 ')).toEqual({ kind: 'replica', index: 2 });
    expect(selector('pg:1/segment:4')).toEqual({ kind: 'segment', pg: 1, segment: 4 });
    expect(selector('az:c')).toEqual({ kind: 'az', name: 'c' });
  });

  it('refuses anything else, naming the accepted forms and the text to fix', () => {
    for (const bad of ['nod:1', 'node:-1', 'node:x', 'pg:1', 'writer:1', '']) {
      const parsed = parseSelector(bad);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.message).toContain('expected writer, replica:N, node:N, az:NAME or pg:N/segment:M');
    }
  });

  it('reads link targets in both directions, or one', () => {
    for (const text of ['writer <-> az:b', 'node:1 -> pg:0/segment:2', 'writer']) {
      const parsed = parseTarget(text);
      expect(parsed.ok && formatTarget(parsed.value)).toBe(text);
    }
    const tight = parseTarget('writer->node:1');
    expect(tight.ok && tight.value).toEqual({ shape: 'link', target: { kind: 'writer' }, peer: { kind: 'node', index: 1 }, oneWay: true });
  });

  it('asks for a left-to-right arrow', () => {
    const parsed = parseTarget('writer <- node:1');
    expect(!parsed.ok && parsed.message).toBe('write a one-way link from left to right: "node:1 -> writer"');
  });
});

describe('selectors against a cluster', () => {
  it('accepts the numbers the cluster has', () => {
    for (const text of ['writer', 'replica:1', 'replica:2', 'node:0', 'node:5', 'az:a', 'az:c', 'pg:0/segment:0', 'pg:3/segment:5']) {
      expect(checkSelector(selector(text), bounds), text).toBeUndefined();
    }
  });

  it('names the valid range of whatever is out of range', () => {
    expect(checkSelector(selector('replica:0'), bounds)).toBe('replica:0: replicas are numbered 1 to 2');
    expect(checkSelector(selector('replica:3'), bounds)).toBe('replica:3: replicas are numbered 1 to 2');
    expect(checkSelector(selector('node:6'), bounds)).toBe('node:6: storage nodes are numbered 0 to 5');
    expect(checkSelector(selector('az:d'), bounds)).toBe('az:d: the AZs are a, b, c');
    expect(checkSelector(selector('pg:4/segment:0'), bounds)).toBe('pg:4/segment:0: protection groups are numbered 0 to 3');
    expect(checkSelector(selector('pg:0/segment:6'), bounds)).toBe('pg:0/segment:6: segments are numbered 0 to 5');
    expect(checkSelector(selector('replica:1'), { ...bounds, replicas: 0 })).toBe('replica:1: the cluster has no read replicas');
  });

  it('names the hosts each selector covers', () => {
    expect(hostsOf(selector('writer'), topology)).toEqual([topology.writer.id]);
    expect(hostsOf(selector('writer'), topology, 2)).toEqual([2]);
    expect(hostsOf(selector('replica:1'), topology)).toEqual([topology.replicas[0]!.id]);
    expect(hostsOf(selector('node:4'), topology)).toEqual([topology.storageNodes[4]!.id]);
    expect(hostsOf(selector('pg:2/segment:3'), topology)).toEqual([topology.nodeOf(2, 3)]);
    const azA = hostsOf(selector('az:a'), topology);
    expect(azA.map((h) => topology.host(h).name)).toEqual(['writer', 'node-0', 'node-3']);
  });
});
