/**
 * Client load on the writer: open loop (Poisson arrivals at a rate; arrivals do not wait for
 * commits, so queues grow when the system falls behind) or closed loop (N clients that each
 * submit, wait for their commit, think, and submit again).
 *
 * A transaction changes `recordsPerTxn - 1` pages and then commits; its commit record goes to
 * the transaction-system page of PG (id mod PGs), the first page of that PG's range.
 * Arrivals stop at the end of the scenario; commits still in flight then are neither
 * acknowledged nor lost. Latency statistics leave out transactions submitted during warm-up.
 *
 * Not modelled: reads, aborts, lock waits, think-time correlation between clients.
 */
import { makeSampler } from '../core/distribution.ts';
import type { Loop } from '../core/loop.ts';
import type { Rng } from '../core/rng.ts';
import type { Transaction } from '../compute/transaction.ts';
import { Samples } from '../metrics/samples.ts';
import type { WorkloadConfig } from '../scenario/resolved.ts';
import { makePageChooser, type PageChooser } from './page-chooser.ts';

/** The writer's client API, as the workload needs it. */
export interface TransactionSink {
  submit(txn: Transaction): void;
}

export interface WorkloadOptions {
  readonly config: WorkloadConfig;
  readonly protectionGroups: number;
  /** No transaction is submitted at or after this time, µs. */
  readonly endAt: number;
  readonly warmup: number;
}

export class Workload {
  submitted = 0;
  acknowledged = 0;
  readonly latencyUs = new Samples();
  private readonly loop: Loop;
  private readonly sink: TransactionSink;
  private readonly options: WorkloadOptions;
  private readonly choosePage: PageChooser;
  private readonly nextGap: () => number;

  constructor(loop: Loop, rng: Rng, sink: TransactionSink, options: WorkloadOptions) {
    this.loop = loop;
    this.sink = sink;
    this.options = options;
    this.choosePage = makePageChooser(options.config.pageChoice, options.config.pages, rng.fork('pages'));
    const arrivals = options.config.arrivals;
    this.nextGap = arrivals.kind === 'open'
      ? makeSampler({ dist: 'exponential', mean: 1_000_000 / arrivals.ratePerSecond }, rng.fork('arrivals'))
      : makeSampler(arrivals.thinkTime, rng.fork('think'));
  }

  start(): void {
    const arrivals = this.options.config.arrivals;
    if (arrivals.kind === 'open') this.loop.after(this.nextGap(), this.onArrival);
    else for (let c = 0; c < arrivals.clients; c++) this.loop.after(0, this.onClientReady);
  }

  /** Called by the writer when it acknowledges a commit. */
  readonly onCommit = (txn: Transaction): void => {
    this.acknowledged++;
    if (txn.submittedAt >= this.options.warmup) this.latencyUs.add(this.loop.now - txn.submittedAt);
    if (this.options.config.arrivals.kind === 'closed') this.loop.after(this.nextGap(), this.onClientReady);
  };

  private readonly onArrival = (): void => {
    if (this.loop.now >= this.options.endAt) return;
    this.submitNew();
    this.loop.after(this.nextGap(), this.onArrival);
  };

  private readonly onClientReady = (): void => {
    if (this.loop.now < this.options.endAt) this.submitNew();
  };

  private submitNew(): void {
    const { recordsPerTxn, pages } = this.options.config;
    const pagesChanged: number[] = new Array(recordsPerTxn - 1);
    for (let i = 0; i < recordsPerTxn - 1; i++) pagesChanged[i] = this.choosePage();
    const id = this.submitted++;
    const pgs = this.options.protectionGroups;
    const commitPage = Math.ceil(((id % pgs) * pages) / pgs);
    this.sink.submit({ id, submittedAt: this.loop.now, pages: pagesChanged, commitPage });
  }
}
