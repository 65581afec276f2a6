/**
 * The largest sizes a scenario may ask for, each with the reason a message gives for it.
 *
 * Without them a file could ask for a cluster or a load the simulator cannot hold
 * (`protectionGroups: 1e8` ran out of memory with a stack trace, exit 134) or a number the
 * clock or the random streams cannot represent (exit 70). Each limit was found by running
 * `npx aurora-sim run` on a 24 GB, 2-core machine (Node 20, its default 4 GB heap) with every
 * other field at its default unless said, the default event budget (`maxEvents`, 200 million)
 * and a 1 s run, and then set with a margin below where runs started to fail. The measurements
 * are beside each limit, as peak resident memory and wall time.
 *
 * Not bounded: combinations no single rule sees. A long stall at a high rate still queues
 * every arriving transaction (1 million/s with the writer cut off from two AZs for 2 s took
 * 2.8 GB), and a low bandwidth lets link queues grow for as long as the run lasts.
 */
import { MAX_SLOTS } from '../topology/topology.ts';

export interface Limit {
  readonly max: number;
  /** Why, completing "must be at most N (...)". */
  readonly why: string;
}

/**
 * Measured: 10,000 PGs ran in 329 MB, but their segments gossip 9.4 million events per
 * simulated second (42 s of wall time for 1 s); 100,000 PGs took 1.9 GB and 90 million events
 * per simulated second, so the default budget would last 2 s. A 64 TiB volume of 10 GB
 * segments is 6,400 PGs.
 */
export const MAX_PROTECTION_GROUPS: Limit = {
  max: 10_000,
  why: 'every segment gossips on its own timer: 10000 PGs already take 9.4 million events per simulated second',
};

/**
 * Measured: 10,000 nodes ran in 126 MB and 1 million in 3 GB, but chaos partitions list every
 * pair of hosts before the run, and validation does the same: 3,000 nodes took 583 MB there,
 * 10,000 would take about 6 GB. With 1,000 nodes and 1,000 replicas, one-way partitions took
 * 456 MB.
 */
export const MAX_STORAGE_NODES: Limit = {
  max: 1_000,
  why: 'chaos partitions list every pair of hosts: 3000 nodes already take 580MB',
};

/**
 * Measured at 5,000 transactions/s: 1,000 replicas ran in 148 MB at 3.9 million events per
 * simulated second (19 s of wall time for 1 s); 10,000 took 617 MB and 34 million events per
 * simulated second. Aurora allows 15.
 */
export const MAX_REPLICAS: Limit = {
  max: 1_000,
  why: 'every replica receives the whole log: 1000 replicas already take 4 million events per simulated second at 5000/s',
};

/**
 * Measured: 1 million/s ran in 480 MB for 1 s and 535 MB for 10 s, the writer keeping up;
 * 3 million/s fell behind and took 3.5 GB in 1 s, 10 million/s ran out of memory. Arrival gaps are whole microseconds, so above
 * one per microsecond they round together and the rate asked for is not the rate run.
 */
export const MAX_RATE: Limit = {
  max: 1_000_000,
  why: 'the clock counts whole microseconds, and faster arrivals fill memory: 3000000/s took 3.5GB in one second',
};

/**
 * Measured with no think time: 100,000 clients ran in 1.2 GB, 1 million in 2.5 GB (for 1 s).
 */
export const MAX_CLIENTS: Limit = {
  max: 100_000,
  why: 'each client keeps a transaction in flight: 100000 clients already take 1.2GB',
};

/**
 * Measured: one transaction of 100,000 records at a time ran in 198 MB, of 1 million in 1.6 GB
 * (the writer holds every record of a transaction until it commits). At the offered-load limit
 * below, 5 million records/s, transactions of 100,000 records (50/s) grew to 2.55 GB over 10 s;
 * of 10,000 records (500/s) they stayed at 845 MB.
 */
export const MAX_RECORDS_PER_TXN: Limit = {
  max: 10_000,
  why: 'the writer holds every record of a transaction: at 5 million records/s, 100000-record transactions grew to 2.5GB in 10s',
};

/**
 * Open loop, rate × recordsPerTxn. Measured: 4 and 5 million records/s (1 million/s × 4,
 * 5,000/s × 1,000) ran in 480 MB with the writer keeping up, and in 535 MB and 613 MB for
 * 10 s; at 10 million records/s it fell behind and reached 4 GB within 3 s.
 */
export const MAX_RECORDS_PER_SECOND: Limit = {
  max: 5_000_000,
  why: 'beyond it the writer falls behind and its queue fills memory: 10 million records/s reached 4GB in 3s',
};

/**
 * Closed loop, clients × recordsPerTxn. Measured: 1,000 clients × 1,000 records ran in
 * 1.3 GB, 100,000 × 4 in 1.2 GB.
 */
export const MAX_RECORDS_IN_FLIGHT: Limit = {
  max: 1_000_000,
  why: 'every record in flight is held in memory: 1000000 records took 1.3GB',
};

/** Pages are drawn with the 32-bit integer draw of `core/rng.ts` (int(n) needs n <= 2^32). */
export const MAX_PAGES: Limit = {
  max: 2 ** 32,
  why: 'pages are drawn as 32-bit numbers',
};

/**
 * The Zipf chooser builds a table of 8 bytes per page before the run. Measured: 10 million
 * pages ran in 157 MB and 4.6 s, 100 million in 843 MB and 35 s.
 */
export const MAX_ZIPF_PAGES: Limit = {
  max: 10_000_000,
  why: 'a Zipf choice builds a table of every page before the run: 100 million pages took 843MB and 35s',
};

/**
 * Expected chaos fault starts, (to − from) / meanInterval. Each drawn fault is checked
 * against every fault it overlaps. Measured: 6,700 starts drew in 18 s; 670,000 had not
 * finished after 5 minutes.
 */
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
 * A redo record describes one change to one page (16 KiB in MySQL). Measured: 1000TB records
 * overflowed the clock on their first send (a transmission time beyond 2^53 µs).
 */
export const MAX_RECORD_BYTES: Limit = {
  max: 1024 * 1024,
  why: 'a redo record describes a change to one page',
};

/**
 * A disk a thousand times slower is as good as stopped; larger factors, multiplied when
 * slowdowns overlap, carry disk latencies past the end of the clock (2^53 µs).
 */
export const MAX_SLOWDOWN: Limit = {
  max: 1_000,
  why: 'a disk that slow is as good as stopped, and overlapping slowdowns multiply',
};

/**
 * Segments per protection group. A PG has MAX_SLOTS slots for segments (`topology.ts`):
 * repair adds the replacement before the old segment leaves, so replacing one lost segment
 * needs a free slot and replacing two at once needs two.
 */
export const MAX_SEGMENTS_PER_PG = MAX_SLOTS - 2;
