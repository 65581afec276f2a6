/**
 * The `workload:` section: how transactions arrive and what they write. Open loop (`rate`,
 * Poisson arrivals) or closed loop (`clients`, each waiting for its commit and a `thinkTime`),
 * never both; open loop at the default rate when neither is given.
 */
import { z } from 'zod';
import { DEFAULTS } from './defaults.ts';
import { distribution } from './distribution.ts';
import { count, positiveNumber, positiveSize, rate } from './fields.ts';
import { withRules } from './rule.ts';
import { describeValue } from './value-description.ts';

const D = DEFAULTS.workload;

const pageChoice = z
  .union([z.literal('uniform'), z.strictObject({ zipf: positiveNumber('Zipf exponent s: the k-th page has weight 1/k^s.') })], {
    error: (issue) => `expected "uniform" or {zipf: <exponent>}, got ${describeValue(issue.input)}`,
  })
  .meta({ description: 'How pages are chosen: "uniform", or {zipf: 0.99} for a skewed hot set.' });

const shape = z.strictObject({
  rate: rate(`Open loop: transactions arrive as a Poisson process at this rate (${D.rate} when clients is not given).`).optional(),
  clients: count('Closed loop: clients that each submit a transaction, wait for its commit, think, and repeat.', 1).optional(),
  thinkTime: distribution(`Closed loop only: a client's pause between a commit and its next transaction (default ${D.thinkTime}).`).optional(),
  recordsPerTxn: count('Redo records per transaction, the commit record included.', 1).prefault(D.recordsPerTxn),
  recordsPerMtr: count('Records per mini-transaction; the last record of each is a consistency point.', 1).prefault(D.recordsPerMtr),
  recordBytes: positiveSize('Size of one redo record.').prefault(D.recordBytes),
  pages: count('Distinct pages the workload writes.', 1).prefault(D.pages),
  pageChoice: pageChoice.prefault(D.pageChoice),
});

export const workloadSchema = withRules(shape, [
  {
    reads: [['rate'], ['clients']],
    check: (w, report) => {
      if (w.rate !== undefined && w.clients !== undefined) report(['clients'], 'give either rate (open loop) or clients (closed loop), not both');
    },
  },
  {
    reads: [['clients'], ['thinkTime']],
    check: (w, report) => {
      if (w.thinkTime !== undefined && w.clients === undefined) report(['thinkTime'], 'thinkTime applies only with clients (closed loop)');
    },
  },
  {
    reads: [['recordsPerTxn'], ['recordsPerMtr']],
    check: (w, report) => {
      if (w.recordsPerMtr <= w.recordsPerTxn) return;
      report(['recordsPerMtr'], `a mini-transaction (${w.recordsPerMtr} records) cannot be longer than its transaction (${w.recordsPerTxn} records)`);
    },
  },
]).meta({ description: 'The transactions the writer is asked to commit.' });

/** The defaults applied when the workload is resolved (see `defaults.ts`). */
export const DEFAULT_RATE = rate('').parse(D.rate);
export const DEFAULT_THINK_TIME = distribution('').parse(D.thinkTime);
