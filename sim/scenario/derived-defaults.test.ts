/**
 * A default never breaks a rule on its own. Where a default would conflict with what the file
 * gives, it is derived from it (recordsPerTxn: 1 gives one-record mini-transactions); where a
 * rule is still broken by a given value against a default, the message is about the given
 * field and says which value is the default. Values the file gives are never changed, and the
 * defaults stay what they were wherever they fit.
 */
import { describe, expect, it } from 'vitest';
import { issuesOf, MINIMAL_YAML, minimalWith, scenarioOf } from './testing/fixtures.ts';

describe('records per mini-transaction', () => {
  const mtr = (yaml: string) => scenarioOf(minimalWith(yaml)).workload.recordsPerMtr;

  it('is 2 by default, or the transaction length or the LAL when smaller', () => {
    expect(mtr('')).toBe(2);
    expect(mtr('workload: { recordsPerTxn: 1 }\n')).toBe(1);
    expect(mtr('workload: { recordsPerTxn: 3 }\n')).toBe(2);
    expect(mtr('cluster: { lal: 1 }\n')).toBe(1);
  });

  it('is as given, and a given one longer than the default transaction names that default', () => {
    expect(mtr('workload: { recordsPerTxn: 8, recordsPerMtr: 4 }\n')).toBe(4);
    expect(issuesOf(minimalWith('workload: { recordsPerMtr: 5 }\n'))).toEqual([
      'test.yaml:4:28  workload.recordsPerMtr: a mini-transaction (5 records) cannot be longer than its transaction (4 records, the default recordsPerTxn)',
    ]);
  });
});

describe('segments per AZ and quorums', () => {
  const cluster = (yaml: string) => scenarioOf(minimalWith(`cluster: ${yaml}\n`)).cluster;

  it('keep 2 segments per AZ and 4/6 writes, 3/6 reads on three AZs', () => {
    expect(cluster('{}')).toMatchObject({ azs: 3, segmentsPerAz: 2, quorum: { write: 4, read: 3 } });
  });

  it('take one segment per AZ when two would give more than repair supports', () => {
    expect(cluster('{ azs: 4 }')).toMatchObject({ segmentsPerAz: 1, quorum: { write: 4, read: 3 } });
    expect(cluster('{ azs: 6 }')).toMatchObject({ segmentsPerAz: 1, quorum: { write: 4, read: 3 } });
  });

  it('take quorums of V when V is smaller than 4 or 3', () => {
    expect(cluster('{ segmentsPerAz: 1 }')).toMatchObject({ quorum: { write: 3, read: 3 } });
    expect(cluster('{ azs: 1 }')).toMatchObject({ segmentsPerAz: 2, quorum: { write: 2, read: 2 } });
  });

  it('leave the other quorum at its default when one is given, and name that default when they do not overlap', () => {
    expect(cluster('{ quorum: { write: 5 } }')).toMatchObject({ quorum: { write: 5, read: 3 } });
    expect(issuesOf(minimalWith('cluster: { quorum: { read: 2 } }\n'))).toEqual([
      'test.yaml:4:28  cluster.quorum.read: write + read quorum (4 + 2) must exceed V = 6 (3 AZs × 2 segments) so every read meets every write (the write quorum, 4, is the default); set allowUnsafeQuorum: true to study quorums that do not overlap',
    ]);
  });
});

describe('failover timing', () => {
  it('reports a heartbeat interval longer than the default detection at the interval, naming the default', () => {
    expect(issuesOf(minimalWith('failover: { heartbeatInterval: 10s }\n'))).toEqual([
      'test.yaml:4:32  failover.heartbeatInterval: the heartbeat interval (10s) must be shorter than detection (5s, the default), or every gap between heartbeats would look like a lost writer; set detection too',
    ]);
  });

  it('reports a detection shorter than the default heartbeat interval at the detection, naming the default', () => {
    expect(issuesOf(minimalWith('failover: { detection: 100ms }\n'))).toEqual([
      'test.yaml:4:24  failover.detection: detection (100ms) must be longer than the heartbeat interval (500ms, the default), or every gap between heartbeats would look like a lost writer',
    ]);
  });

  it('applies both defaults when neither is given', () => {
    expect(scenarioOf(MINIMAL_YAML).failover).toStrictEqual({ enabled: true, heartbeatInterval: 500_000, detection: 5_000_000 });
  });
});

describe('chaos', () => {
  it('draws only the default kinds this cluster can take within the failure model', () => {
    const chaos = scenarioOf(minimalWith('cluster: { azs: 1 }\nchaos: {}\n')).chaos;
    expect(chaos?.kinds).toEqual(['crash', 'pause', 'slow-disk', 'partition', 'packet-loss', 'latency-spike']);
    expect(scenarioOf(minimalWith('chaos: {}\n')).chaos?.kinds).toHaveLength(8);
  });

  it('still refuses a kind the file lists that the cluster cannot take', () => {
    expect(issuesOf(minimalWith('cluster: { azs: 1 }\nchaos: { kinds: [crash, az-outage] }\n'))).toEqual([
      'test.yaml:5:25  chaos.kinds.1: budget cannot be met: every az-outage on this cluster would take a protection group beyond the failure model (AZ+1 with a read quorum of 2 left); remove it or set exceedFailureModel: true',
    ]);
  });

  it('names the default end of the window when a start is after it', () => {
    expect(issuesOf(minimalWith('chaos: { from: 900ms }\n'))).toEqual([
      'test.yaml:4:16  chaos.from: from (900ms) must be before to (666.666ms, two thirds of the duration by default)',
    ]);
  });
});
