/**
 * Client load on the cluster: open loop (Poisson arrivals at a rate; arrivals do not wait for
 * commits, so queues grow when the system falls behind) or closed loop (N clients that each
 * submit, wait for their commit, think, and submit again).
 *
 * A transaction changes `recordsPerTxn - 1` pages and then commits; its commit record goes to
 * the transaction-system page of PG (id mod PGs), the first page of that PG's range.
 * When no writer can take a transaction it is refused; when its writer dies or is fenced it
 * is aborted. A closed-loop client then retries with a new transaction after CLIENT_RETRY
 * (an open-loop arrival is simply lost). Arrivals stop at the end of the scenario; commits
 * still in flight then are neither acknowledged nor lost. Latency statistics leave out
 * transactions submitted during warm-up.
 *
 * Not modelled: reads, lock waits, client-side timeouts, think-time correlation.
 */
import { makeSampler } from '../core/distribution.ts';
import type { Loop } from '../core/loop.ts';
import type { Rng } from '../core/rng.ts';
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import type { Transaction } from '../compute/transaction.ts';
import { Histogram } from '../metrics/histogram.ts';
import type { WorkloadConfig } from './workload-config.ts';
import { makePageChooser, type PageChooser } from './page-chooser.ts';

/** How long a closed-loop client waits before retrying a refused or aborted transaction, µs. */
export const CLIENT_RETRY = 100_000;

/** Where transactions go (the cluster endpoint); false means refused. */
export interface TransactionSink {
  submit(txn: Transaction): boolean;
}

export interface WorkloadOptions {
  readonly config: WorkloadConfig;
  readonly protectionGroups: number;
  /** No transaction is submitted at or after this time, µs. */
  readonly endAt: number;
  readonly warmup: number;
}

/**
 * The clients' history of acknowledgements (for the durability checkers: what clients were
 * told, not what the writer believes it did), kept until read.
 */
class AckHistory {
  private commitLsns: number[] = [];
  private records: number[] = [];
  private epochs: number[] = [];

  add(txn: Transaction): void {
    this.commitLsns.push(txn.commitLsn);
    this.records.push(txn.pages.length + 1);
    this.epochs.push(txn.epoch);
  }

  drainAcknowledged(into: (commitLsn: number, records: number, epoch: number) => void): void {
    const { commitLsns, records, epochs } = this;
    for (let i = 0; i < commitLsns.length; i++) into(commitLsns[i]!, records[i]!, epochs[i]!);
    commitLsns.length = 0;
    records.length = 0;
    epochs.length = 0;
  }
}

export class Workload {
  submitted = 0;
  acknowledged = 0;
  refused = 0;
  aborted = 0;
  readonly latencyUs = new Histogram();
  /** Every acknowledgement a client received, for the checkers to read. */
  readonly history = new AckHistory();
  private readonly loop: Loop;
  private readonly trace: ModelTrace;
  private readonly sink: TransactionSink;
  private readonly options: WorkloadOptions;
  private readonly choosePage: PageChooser;
  private readonly nextGap: () => number;
  private readonly closed: boolean;

  constructor(ports: { loop: Loop; rng: Rng; trace: ModelTrace; sink: TransactionSink }, options: WorkloadOptions) {
    this.loop = ports.loop;
    this.trace = ports.trace;
    this.sink = ports.sink;
    this.options = options;
    const rng = ports.rng;
    this.choosePage = makePageChooser(options.config.pageChoice, options.config.pages, rng.fork('pages'));
    const arrivals = options.config.arrivals;
    this.closed = arrivals.kind === 'closed';
    this.nextGap = arrivals.kind === 'open'
      ? makeSampler({ dist: 'exponential', mean: 1_000_000 / arrivals.ratePerSecond }, rng, 'arrivals')
      : makeSampler(arrivals.thinkTime, rng, 'think');
  }

  start(): void {
    const arrivals = this.options.config.arrivals;
    if (arrivals.kind === 'open') this.loop.after(this.nextGap(), this.onArrival);
    else for (let c = 0; c < arrivals.clients; c++) this.loop.after(0, this.onClientReady);
  }

  /** The writer acknowledged a commit. */
  readonly onCommit = (txn: Transaction): void => {
    this.acknowledged++;
    this.history.add(txn);
    if (txn.submittedAt >= this.options.warmup) this.latencyUs.add(this.loop.now - txn.submittedAt);
    if (this.closed) this.loop.after(this.nextGap(), this.onClientReady);
  };

  /** The transaction's writer is gone; it will never be acknowledged. */
  readonly onAbort = (txn: Transaction): void => {
    this.aborted++;
    this.trace.emit('txn.abort', txn.id);
    if (this.closed) this.loop.after(CLIENT_RETRY, this.onClientReady);
  };

  private readonly onArrival = (): void => {
    if (this.loop.now >= this.options.endAt) return;
    this.submitNew();
    this.loop.after(this.nextGap(), this.onArrival);
  };

  private readonly onClientReady = (): void => {
    if (this.loop.now < this.options.endAt && !this.submitNew() && this.closed) this.loop.after(CLIENT_RETRY, this.onClientReady);
  };

  private submitNew(): boolean {
    const { recordsPerTxn, pages } = this.options.config;
    const pagesChanged: number[] = new Array(recordsPerTxn - 1);
    for (let i = 0; i < recordsPerTxn - 1; i++) pagesChanged[i] = this.choosePage();
    const id = this.submitted++;
    const pgs = this.options.protectionGroups;
    const commitPage = Math.ceil(((id % pgs) * pages) / pgs);
    if (this.sink.submit({ id, submittedAt: this.loop.now, pages: pagesChanged, commitPage, commitLsn: 0, epoch: 0 })) return true;
    this.refused++;
    this.trace.emit('txn.refused', id);
    return false;
  }
}
