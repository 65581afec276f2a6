/**
 * A client transaction as the writer sees it: the pages it changes, in order, and where its
 * commit record goes. The writer cuts it into mini-transactions (MTRs) of `recordsPerMtr`
 * records; the commit record closes the last MTR (A17 §4.1, §5).
 *
 * Which PG a commit record belongs to is left open by the papers
 * (PROTOCOL.md §14.3 item 4); the workload puts it on a transaction-system
 * page, spread over PGs by transaction id.
 */
export interface Transaction {
  readonly id: number;
  /** Simulated time the client submitted it, µs. */
  readonly submittedAt: number;
  /** Pages changed by the data records, one record each. */
  readonly pages: readonly number[];
  /** Page of the commit record. */
  readonly commitPage: number;
  /** LSN of the commit record, once the writer allocated it (0 before). */
  commitLsn: number;
  /** Volume epoch of the writer that allocated the commit record (0 before). */
  epoch: number;
}

/** Called when the writer acknowledges a commit to its client. */
export type CommitListener = (txn: Transaction, commitLsn: number) => void;
