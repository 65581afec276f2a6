/**
 * Every default of the scenario format, in one place and in the form a user would write it.
 * The schema applies them through the same validation as user input (zod `prefault`), the
 * JSON Schema shows them to editors, and the model has no defaults of its own: it receives a
 * `ResolvedScenario` with every field present.
 *
 * `workload.rate` applies only when `workload.clients` is absent, and `workload.thinkTime`
 * only with clients, so those two are applied when the workload is resolved. Likewise a
 * fault's `for` defaults to the rest of the run and `chaos.to` to two thirds of the duration
 * (`CHAOS_TO_FRACTION`), both applied when the scenario is resolved. The `chaos:` values apply
 * only when a `chaos:` section is present; without one there are no random faults.
 *
 * A default that a cross-field rule reads is applied by the rule's section instead, after the
 * rule has seen whether the file gives the value, so that the message can name a default and
 * the default can follow what the file gives: `cluster.segmentsPerAz` (fewer where V would be
 * too large) and `cluster.quorum` (V where V is smaller), `workload.recordsPerTxn`,
 * `workload.recordsPerMtr` (no longer than recordsPerTxn or lal), `failover` timing, and
 * `chaos.meanInterval` and `chaos.kinds` (those the cluster can take). The values here are the
 * ones used wherever they fit.
 */
export const DEFAULTS = {
  description: '',
  seed: 1,
  cluster: {
    azs: 3,
    segmentsPerAz: 2,
    quorum: { write: 4, read: 3 },
    allowUnsafeQuorum: false,
    protectionGroups: 4,
    storageNodes: 6,
    replicas: 2,
    lal: 10_000_000,
    writerAz: 'a',
  },
  network: {
    sameAz: { dist: 'exponential', mean: '100us', min: '40us' },
    crossAz: { dist: 'lognormal', median: '500us', p99: '2ms' },
    bandwidth: '10Gbps',
    loss: 0,
    headerBytes: '64B',
  },
  storage: {
    diskWrite: { dist: 'lognormal', median: '150us', p99: '1ms' },
    diskQueueDepth: 32,
    segmentSize: '10GB',
    gossipInterval: '20ms',
    gossipMaxRecords: 1000,
  },
  writer: {
    sendCost: '2us',
  },
  workload: {
    rate: '1000/s',
    thinkTime: '0us',
    recordsPerTxn: 4,
    recordsPerMtr: 2,
    recordBytes: '200B',
    pages: 100_000,
    pageChoice: 'uniform',
  },
  measure: {
    warmup: '0s',
  },
  faults: [],
  chaos: {
    from: '0s',
    meanInterval: '10s',
    kinds: ['crash', 'pause', 'disk-loss', 'az-outage', 'slow-disk', 'partition', 'packet-loss', 'latency-spike'],
    faultDuration: { dist: 'uniform', min: '1s', max: '10s' },
    exceedFailureModel: false,
    triggers: [],
    triggerDelay: { dist: 'uniform', min: '0us', max: '2ms' },
    swarm: false,
  },
  failover: {
    enabled: true,
    heartbeatInterval: '500ms',
    detection: '5s',
  },
  repair: {
    detection: '10s',
    bandwidth: '10Gbps',
  },
  convergeWithin: '30s',
  expect: {},
  bugs: [],
  maxEvents: 200_000_000,
} as const;

/** `chaos.to` when omitted: this fraction of the duration (numerator, denominator). */
export const CHAOS_TO_FRACTION = [2, 3] as const;
