/**
 * The faults of the long run with faults (`hour-with-faults.yaml`): one fault every few
 * minutes, turn by turn a crash of the writer, an AZ outage and a disk loss that segment
 * repair must mend (the scenario has three storage nodes per AZ, each PG on two of them, so
 * every PG has a spare node in every AZ). Generated here
 * so that a shorter run (`--long-duration`, `--quick`) gets the same mix, squeezed: the period
 * is five minutes, or a quarter of the run when that is shorter, and no fault lasts more than a
 * quarter of the period, so each one has healed and been repaired well before the next.
 *
 * The AZ outages alternate between b and c (the writer lives in a; its crash is the compute
 * fault), and the disk losses walk over the storage nodes 0, 1, 2, ... (nodes are dealt to the
 * AZs round-robin, so consecutive losses hit different AZs). The one-hour schedule is written
 * out in the scenario file too; a test keeps the two the same.
 */
import { formatDuration } from '../../sim/index.ts';

export interface BenchFault {
  readonly at: number;
  readonly kind: 'crash' | 'az-outage' | 'disk-loss';
  readonly target: string;
  readonly for: number;
}

const SECOND = 1_000_000;
const PERIOD = 300 * SECOND;

/** How long each kind lasts at full length: a restart in place, an AZ's outage, a disk lost for a minute. */
const NOMINAL_FOR = { crash: 2 * SECOND, 'az-outage': 10 * SECOND, 'disk-loss': 60 * SECOND } as const;
const TURN = ['crash', 'az-outage', 'disk-loss'] as const;

/** The faults of a run of `durationUs`: at the middle of every period, the kinds in turn. */
export function faultSchedule(durationUs: number): BenchFault[] {
  const period = Math.min(PERIOD, Math.floor(durationUs / 4));
  const count = Math.floor(durationUs / period);
  const faults: BenchFault[] = [];
  const seen = { 'az-outage': 0, 'disk-loss': 0 };
  for (let k = 0; k < count; k++) {
    const kind = TURN[k % TURN.length]!;
    const target = kind === 'crash' ? 'writer' : kind === 'az-outage' ? `az:${seen[kind]++ % 2 === 0 ? 'b' : 'c'}` : `node:${seen[kind]++}`;
    faults.push({ at: k * period + Math.floor(period / 2), kind, target, for: Math.min(NOMINAL_FOR[kind], Math.floor(period / 4)) });
  }
  return faults;
}

/** The schedule as a YAML flow sequence, the value of `--set faults=...`. */
export function faultsFlow(faults: readonly BenchFault[]): string {
  const entry = (f: BenchFault): string =>
    `{at: ${formatDuration(f.at)}, kind: ${f.kind}, target: "${f.target}", for: ${formatDuration(f.for)}}`;
  return `[${faults.map(entry).join(', ')}]`;
}
