/** What a scenario sets of the compute tier: the writer's send cost, failover and repair. */

export interface WriterConfig {
  /** CPU time the storage driver spends per network send (one batch to one segment). */
  readonly sendCost: number;
}

export interface FailoverConfig {
  /** Promote a read replica when the writer is lost (otherwise the writer restarts in place). */
  readonly enabled: boolean;
  /** Writer heartbeat period to the replicas, µs. */
  readonly heartbeatInterval: number;
  /** Missed-heartbeat time after which the first replica that notices starts promotion, µs. */
  readonly detection: number;
}

export interface RepairConfig {
  /** A segment unreachable this long is replaced by a new one on another node, µs. */
  readonly detection: number;
  /** Bandwidth a new segment is hydrated from its peers at, bits per second. */
  readonly bandwidthBitsPerSecond: number;
}
