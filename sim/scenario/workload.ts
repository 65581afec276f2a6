/**
 * The `workload:` section: how transactions arrive and what they write. Open loop (`rate`,
 * Poisson arrivals) or closed loop (`clients`, each waiting for its commit and a `thinkTime`),
 * never both; open loop at the default rate when neither is given.
 *
 * Defaults that depend on what the file gives are applied where they are decided: `rate` and
 * `thinkTime` when the workload is resolved (`resolve.ts`), and `recordsPerMtr` there too, as
 * the smallest of 2, recordsPerTxn and the cluster's lal, so that no default breaks the rules
 * that an MTR fits in its transaction and under the LAL. A rule broken by a value the file
 * gives together with a default says which value is the default. `recordsPerTxn` is applied in
 * the section's output.
 *
 * Load limits (`limits.ts`): the offered records per second (rate × recordsPerTxn) and the
 * records in flight (clients × recordsPerTxn); a Zipf page choice bounds the page count.
 */
import { z } from 'zod';
import { DEFAULTS } from './defaults.ts';
import { distribution } from './distribution.ts';
import { count, positiveNumber, positiveSize, rate } from './fields.ts';
import {
  MAX_CLIENTS,
  MAX_PAGES,
  MAX_RATE,
  MAX_RECORD_BYTES,
  MAX_RECORDS_IN_FLIGHT,
  MAX_RECORDS_PER_SECOND,
  MAX_RECORDS_PER_TXN,
  MAX_ZIPF_PAGES,
  type Limit,
} from './limits.ts';
import { withRules, type Report } from './rule.ts';
import { formatRate } from './units.ts';
import { describeValue } from './value-description.ts';

const D = DEFAULTS.workload;

const pageChoice = z
  .union([z.literal('uniform'), z.strictObject({ zipf: positiveNumber('Zipf exponent s: the k-th page has weight 1/k^s.') })], {
    error: (issue) => `expected "uniform" or {zipf: <exponent>}, got ${describeValue(issue.input)}`,
  })
  .meta({ description: `How pages are chosen: "uniform", or {zipf: 0.99} for a skewed hot set (at most ${MAX_ZIPF_PAGES.max} pages).` });

const shape = z.strictObject({
  rate: rate(`Open loop: transactions arrive as a Poisson process at this rate (${D.rate} when clients is not given).`, MAX_RATE).optional(),
  clients: count('Closed loop: clients that each submit a transaction, wait for its commit, think, and repeat.', 1, MAX_CLIENTS).optional(),
  thinkTime: distribution(`Closed loop only: a client's pause between a commit and its next transaction (default ${D.thinkTime}).`).optional(),
  recordsPerTxn: count('Redo records per transaction, the commit record included.', 1, MAX_RECORDS_PER_TXN)
    .optional()
    .meta({ default: D.recordsPerTxn }),
  recordsPerMtr: count(
    `Records per mini-transaction; the last record of each is a consistency point (default ${D.recordsPerMtr}, or recordsPerTxn or the cluster's lal if smaller).`,
    1,
  ).optional(),
  recordBytes: positiveSize('Size of one redo record.', MAX_RECORD_BYTES).prefault(D.recordBytes),
  pages: count('Distinct pages the workload writes.', 1, MAX_PAGES).prefault(D.pages),
  pageChoice: pageChoice.prefault(D.pageChoice),
});

type Written = z.output<typeof shape>;

/** " (recordsPerTxn, 4, is the default)" for the values in a message the file does not give. */
function defaultsNote(values: readonly { name: string; given: boolean; shown: string }[]): string {
  const defaults = values.filter((v) => !v.given).map((v) => `${v.name}, ${v.shown}, is the default`);
  return defaults.length === 0 ? '' : ` (${defaults.join('; ')})`;
}

const txnNote = (w: Written) => ({ name: 'recordsPerTxn', given: w.recordsPerTxn !== undefined, shown: String(D.recordsPerTxn) });

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
      const txn = w.recordsPerTxn ?? D.recordsPerTxn;
      if (w.recordsPerMtr === undefined || w.recordsPerMtr <= txn) return;
      report(
        ['recordsPerMtr'],
        `a mini-transaction (${w.recordsPerMtr} records) cannot be longer than its transaction (${txn} records${w.recordsPerTxn === undefined ? ', the default recordsPerTxn' : ''})`,
      );
    },
  },
  {
    reads: [['pages'], ['pageChoice']],
    check: (w, report) => {
      if (w.pageChoice === 'uniform' || w.pages <= MAX_ZIPF_PAGES.max) return;
      report(['pages'], `with a Zipf page choice, must be at most ${MAX_ZIPF_PAGES.max} (${MAX_ZIPF_PAGES.why}), got ${w.pages}`);
    },
  },
  {
    reads: [['rate'], ['clients'], ['recordsPerTxn']],
    check: (w, report) => load(w, report),
  },
])
  .transform((w) => ({ ...w, recordsPerTxn: w.recordsPerTxn ?? D.recordsPerTxn }))
  .meta({ description: 'The transactions the writer is asked to commit.' });

/**
 * The load the simulator must hold: offered records per second in open loop, records in
 * flight in closed loop. Reported at the field the file gives (recordsPerTxn when both are).
 */
function load(w: Written, report: Report): void {
  const txn = w.recordsPerTxn ?? D.recordsPerTxn;
  const at = (other: 'rate' | 'clients') => (w.recordsPerTxn === undefined ? [other] : ['recordsPerTxn']);
  if (w.clients !== undefined) {
    const records = w.clients * txn;
    if (records <= MAX_RECORDS_IN_FLIGHT.max) return;
    const what = `clients × recordsPerTxn = ${w.clients} × ${txn} = ${records} records in flight${defaultsNote([txnNote(w)])}`;
    report(at('clients'), tooMuch(what, MAX_RECORDS_IN_FLIGHT, ''));
    return;
  }
  const rate = w.rate ?? DEFAULT_RATE;
  const perSecond = rate * txn;
  if (perSecond <= MAX_RECORDS_PER_SECOND.max) return;
  const notes = defaultsNote([{ name: 'rate', given: w.rate !== undefined, shown: formatRate(rate) }, txnNote(w)]);
  const what = `rate × recordsPerTxn = ${formatRate(rate)} × ${txn} = ${perSecond} records/s${notes}`;
  report(w.rate === undefined ? ['recordsPerTxn'] : at('rate'), tooMuch(what, MAX_RECORDS_PER_SECOND, ' records/s'));
}

function tooMuch(what: string, limit: Limit, unit: string): string {
  return `${what}; the simulator holds at most ${limit.max}${unit} (${limit.why})`;
}

/** The defaults applied when the workload is resolved (see `defaults.ts`). */
export const DEFAULT_RATE = rate('').parse(D.rate);
export const DEFAULT_THINK_TIME = distribution('').parse(D.thinkTime);
