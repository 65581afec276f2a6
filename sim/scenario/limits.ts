/**
 * The largest sizes a scenario may ask for, each with the reason a message gives for it.
 *
 * Without them a file could ask for a cluster or a load the simulator cannot hold
 * (`protectionGroups: 1e8` ran out of memory with a stack trace, exit 134) or a number the
 * clock or the random streams cannot represent (exit 70). Each limit was found by running
 * `npx aurora-sim run` on a 24 GB, 2-core machine (Node 20, its default 4 GB heap) with every
 * other field at its default unless said, the default event budget (`maxEvents`, 200 million)
 * and a 1 s run, and then set with a margin below where runs started to fail. The measurements
 * (peak resident memory and wall time) are in bin/bench/README.md, "Input limits"; they go
 * stale as the model changes, the reasons here do not.
 *
 * Not bounded: combinations no single rule sees. A long stall at a high rate still queues
 * every arriving transaction, and a low bandwidth lets link queues grow for as long as the
 * run lasts.
 */
import { MAX_SLOTS } from '../topology/topology.ts';

export interface Limit {
  readonly max: number;
  /** Why, completing "must be at most N (...)". */
  readonly why: string;
}

/**
 * Every segment gossips on its own timer, so events per simulated second grow with the PGs;
 * past this the default event budget lasts seconds. A 64 TiB volume of 10 GB segments is
 * 6,400 PGs. The measurements behind each limit: bin/bench/README.md, "Input limits".
 */
export const MAX_PROTECTION_GROUPS: Limit = {
  max: 10_000,
  why: 'every segment gossips on its own timer: 10000 PGs already take 9.4 million events per simulated second',
};

/** Chaos partitions and validation list every pair of hosts before the run: memory grows with the square. */
export const MAX_STORAGE_NODES: Limit = {
  max: 1_000,
  why: 'chaos partitions list every pair of hosts: 3000 nodes already take 580MB',
};

/** Every replica receives the whole log. Aurora allows 15. */
export const MAX_REPLICAS: Limit = {
  max: 1_000,
  why: 'every replica receives the whole log: 1000 replicas already take 4 million events per simulated second at 5000/s',
};

/**
 * Past this the writer falls behind and memory fills. Arrival gaps are whole microseconds, so
 * above one per microsecond they round together and the rate asked for is not the rate run.
 */
export const MAX_RATE: Limit = {
  max: 1_000_000,
  why: 'the clock counts whole microseconds, and faster arrivals fill memory: 3000000/s took 3.5GB in one second',
};

/** Each client keeps a transaction in flight (with no think time). */
export const MAX_CLIENTS: Limit = {
  max: 100_000,
  why: 'each client keeps a transaction in flight: 100000 clients already take 1.2GB',
};

/** The writer holds every record of a transaction until it commits. */
export const MAX_RECORDS_PER_TXN: Limit = {
  max: 10_000,
  why: 'the writer holds every record of a transaction: at 5 million records/s, 100000-record transactions grew to 2.5GB in 10s',
};

/** Open loop, rate × recordsPerTxn: beyond it the writer falls behind and its queue fills memory. */
export const MAX_RECORDS_PER_SECOND: Limit = {
  max: 5_000_000,
  why: 'beyond it the writer falls behind and its queue fills memory: 10 million records/s reached 4GB in 3s',
};

/** Closed loop, clients × recordsPerTxn: every record in flight is held in memory. */
export const MAX_RECORDS_IN_FLIGHT: Limit = {
  max: 1_000_000,
  why: 'every record in flight is held in memory: 1000000 records took 1.3GB',
};

/** Pages are drawn with the 32-bit integer draw of `core/rng.ts` (int(n) needs n <= 2^32). */
export const MAX_PAGES: Limit = {
  max: 2 ** 32,
  why: 'pages are drawn as 32-bit numbers',
};

/** The Zipf chooser builds a table of 8 bytes per page before the run. */
export const MAX_ZIPF_PAGES: Limit = {
  max: 10_000_000,
  why: 'a Zipf choice builds a table of every page before the run: 100 million pages took 843MB and 35s',
};

/** Expected chaos fault starts, (to − from) / meanInterval. Each drawn fault is checked against every fault it overlaps. */
export const MAX_CHAOS_FAULTS: Limit = {
  max: 10_000,
  why: 'each drawn fault is checked against the faults it overlaps: 6700 took 18s to draw',
};

/**
 * Durations drawn uniformly with the 32-bit integer draw: a segment's first gossip within one
 * interval, a reordered message's delay within its jitter, a uniform distribution's value
 * within [min, max]. 2^32 µs is 71.6 minutes; one hour keeps a round number below it.
 */
export const MAX_DRAWN_SPAN: Limit = {
  max: 3_600_000_000,
  why: 'it is drawn as a 32-bit number of microseconds',
};

/**
 * A redo record describes one change to one page (16 KiB in MySQL); far larger ones overflow
 * the clock on their first send (a transmission time beyond 2^53 µs).
 */
export const MAX_RECORD_BYTES: Limit = {
  max: 1024 * 1024,
  why: 'a redo record describes a change to one page',
};

/**
 * A disk or link a thousand times slower is as good as stopped; larger factors, multiplied when
 * slowdowns overlap, carry disk latencies past the end of the clock (2^53 µs).
 */
export const MAX_SLOWDOWN: Limit = {
  max: 1_000,
  why: 'a disk or link that slow is as good as stopped, and overlapping slowdowns multiply',
};

/**
 * Segments per protection group. A PG has MAX_SLOTS slots for segments (`topology.ts`):
 * repair adds the replacement before the old segment leaves, so replacing one lost segment
 * needs a free slot and replacing two at once needs two.
 */
export const MAX_SEGMENTS_PER_PG = MAX_SLOTS - 2;
