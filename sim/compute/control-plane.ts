/**
 * The control plane: the storage metadata service (the durable volume epoch and truncation
 * ranges, A18 §2.4), who the writer is, failover, and where clients' transactions go.
 *
 * - A writer that restarts after a crash runs recovery in a new epoch (crash restart, §8.4).
 * - With failover enabled, a replica that stops hearing the writer reports it lost; the first
 *   report about the current writer's epoch promotes that replica (§8.4-8.5: detection, then
 *   promotion; the papers' host manager and priority tiers are reduced to "first replica to
 *   notice"). The promoted replica recovers the volume in a new epoch, whose fence shuts out
 *   the old writer if it is still alive behind a partition.
 * - A former writer's host that comes back after a failover rejoins as a replica.
 * - Clients reach whichever writer is current (the cluster endpoint flips instantly; DNS
 *   delays are not modelled). A writer that is not open refuses transactions.
 */
import type { Trace } from '../core/trace.ts';
import type { VolumeState } from '../protocol/messages.ts';
import type { Replica } from './replica.ts';
import type { Transaction } from './transaction.ts';
import type { Writer } from './writer.ts';

export interface ControlPlaneHooks {
  /** Starts a writer process on `host` working in `volume`. */
  readonly createWriter: (host: number, volume: VolumeState, mode: 'open' | 'recover') => Writer;
  /** Starts a replica process on `host`. */
  readonly createReplica: (host: number) => Replica;
}

export interface ControlPlaneOptions {
  readonly failover: boolean;
}

export class ControlPlane {
  /** The storage metadata service's durable state. */
  volume: VolumeState = { epoch: 1, truncations: [] };
  writer: Writer;
  /** Every writer incarnation, in order (for the run summary). */
  readonly writers: Writer[] = [];
  /** Every replica process ever started, by host. */
  readonly replicas = new Map<number, Replica>();
  /** Replica processes that became writers or were replaced, kept for their statistics. */
  readonly retiredReplicas: Replica[] = [];
  private readonly formerWriterHosts = new Set<number>();
  private readonly trace: Trace;
  private readonly hooks: ControlPlaneHooks;
  private readonly options: ControlPlaneOptions;

  constructor(trace: Trace, hooks: ControlPlaneHooks, options: ControlPlaneOptions, writerHost: number, replicaHosts: readonly number[]) {
    this.trace = trace;
    this.hooks = hooks;
    this.options = options;
    this.writer = this.start(writerHost, 'open');
    for (const host of replicaHosts) this.replicas.set(host, hooks.createReplica(host));
  }

  /** Routes a client transaction to the current writer; false if it cannot take it. */
  submit(txn: Transaction): boolean {
    return this.writer.submit(txn);
  }

  /** Hosts of live replica processes. */
  replicaHosts(): number[] {
    return [...this.replicas.keys()];
  }

  readonly onTruncation = (volume: VolumeState): void => {
    this.volume = volume;
  };

  crashHost(host: number): void {
    for (const writer of this.writers) if (writer.host === host) writer.crash();
    this.replicas.get(host)?.crash();
  }

  pauseHost(host: number): void {
    this.replicas.get(host)?.pause();
  }

  resumeHost(host: number): void {
    this.replicas.get(host)?.resume();
  }

  restartHost(host: number): void {
    if (host === this.writer.host && this.writer.state === 'dead') {
      this.writer = this.start(host, 'recover');
    } else if (this.formerWriterHosts.has(host) && host !== this.writer.host) {
      this.formerWriterHosts.delete(host);
      this.replicas.set(host, this.hooks.createReplica(host));
    } else {
      this.replicas.get(host)?.restart();
    }
  }

  /** A replica stopped hearing the writer of `epoch`. */
  readonly onWriterLost = (replica: Replica, epoch: number): void => {
    if (!this.options.failover || epoch < this.writer.volume.epoch) return;
    replica.retire();
    this.replicas.delete(replica.host);
    this.retiredReplicas.push(replica);
    this.formerWriterHosts.add(this.writer.host);
    this.trace.emit('promote', replica.host, this.volume.epoch + 1);
    this.writer = this.start(replica.host, 'recover');
  };

  private start(host: number, mode: 'open' | 'recover'): Writer {
    if (mode === 'recover') this.volume = { epoch: this.volume.epoch + 1, truncations: this.volume.truncations };
    const writer = this.hooks.createWriter(host, this.volume, mode);
    this.writers.push(writer);
    return writer;
  }
}
