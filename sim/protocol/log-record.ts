/**
 * A redo log record: the only thing the writer ships to storage (A17 §3.2).
 *
 * LSNs are allocated by the writer, one per record, contiguous within a mini-transaction
 * (MTR), increasing across the whole volume (A18 §2.1). LSN units are records, not bytes
 * (PROTOCOL.md §14.2 leaves this open; counting records keeps LAL readable).
 *
 * Of the three backlinks of A18 §2.2 the model carries the one storage uses, `segmentPrev`
 * (previous record of the same PG), which lets a segment find holes. The volume backlink is
 * implied by LSN order (every LSN is allocated) and the block backlink is not needed because
 * page versions are counted, not materialised.
 *
 * Records are immutable values: the same object travels to all six segments, and an LSN
 * names one record (storage keeps records as their fields and shares chains between segments
 * on that, see storage/chain.ts). What a
 * record does not carry: its page (page contents are not modelled; the writer uses the page
 * only to pick the PG) and its size (every record of a run has the scenario's
 * `workload.recordBytes`; the links charge that plus `RECORD_HEADER_BYTES`).
 */
export interface LogRecord {
  readonly lsn: number;
  readonly pg: number;
  /** LSN of the previous record of the same PG; 0 for the PG's first record. */
  readonly segmentPrev: number;
  /** True on the last record of an MTR: a consistency point LSN (A17 §4.1). */
  readonly cpl: boolean;
}

/**
 * Wire bytes of a record besides its payload: LSN, the three backlinks of A18 §2.2, page id,
 * epochs and flags, 8 bytes each. A model constant of the wire format, not a tunable.
 */
export const RECORD_HEADER_BYTES = 48;
