/**
 * What each message weighs on the wire, in bytes, before the network adds its per-message
 * header (`network.headerBytes`): the one place the model says so. A message's size is its
 * fixed fields plus what it carries. Fixed fields are 8-byte integers (LSNs, epochs, a
 * membership stamp) and small ids (PG, slot, type), rounded up to 8; a record costs its
 * payload plus `RECORD_HEADER_BYTES` (log-record.ts). The sizes matter through bandwidth
 * (a hydration snapshot or a gossip fill of thousands of records takes time to send); the
 * small ones are there so that a flood of acknowledgements is not free. A write batch (the
 * storage driver's) and a replica's records weigh their records; a batch has no fixed part of
 * its own beyond the network's header.
 */

/** Fixed part of each message, bytes. */
export const FIXED_BYTES = {
  /** PG, slot, SCL, epoch, membership epoch. */
  ack: 16,
  /** PG, slot, the newer epoch. */
  reject: 16,
  /** PG, slot, attempt. */
  'hydrate-request': 16,
  'hydrate-refused': 16,
  /** PG, slot, SCL, max records, volume and membership stamps; a push adds its records. */
  'gossip-pull': 24,
  'gossip-push': 24,
  /** PG, volume state, membership stamp (and the recovered VDL for a truncate). */
  'recovery-query': 32,
  truncate: 32,
  /** PG, slot, SCL, VDL hint, epoch, flags; then one `RECOVERY_HEADER_BYTES` per record header. */
  'recovery-info': 32,
  /** PG, slot, SCL, coalesce point, VDL hint, volume and membership stamps; then its records. */
  'hydrate-snapshot': 64,
  /** Epoch, sequence, VDL, 8 bytes each; then its records and `REPLICATION_COMMIT_BYTES` per commit. */
  replication: 24,
} as const;

/** A record header in a recovery answer: its LSN and whether it ends an MTR. */
export const RECOVERY_HEADER_BYTES = 9;

/**
 * A commit notice in a replication chunk: the commit's LSN. The chunk also carries the time the
 * writer acknowledged the commit, but only as the model's instrument for replica lag (a replica
 * needs no clock reading of the writer's): it weighs nothing.
 */
export const REPLICATION_COMMIT_BYTES = 8;
