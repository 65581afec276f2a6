/** A threshold quorum's sizes, as a scenario sets them (`cluster.quorum`). */
export interface QuorumConfig {
  /** Vw: acknowledgements needed to make a record durable. */
  readonly write: number;
  /** Vr: segments needed to read the durable state during recovery. */
  readonly read: number;
}
