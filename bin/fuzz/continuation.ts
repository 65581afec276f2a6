/**
 * The two commands that continue a fuzz campaign cut short by `--time` or Ctrl-C: `--resume`,
 * which adds to the campaign's state file, and the same seeds as a new campaign from
 * `--first-seed`. Both carry what decides which runs happen (the file, the `--set`s, `--out`,
 * the budget, `--verify-determinism`), not where reports go. A budget of seeds continues with
 * the seeds it has left; a budget of time is given again whole.
 */
import { formatDuration } from '../options.ts';
import { programLine } from '../shell.ts';

export interface ContinueCommands {
  readonly resume: string;
  readonly firstSeed: string;
}

export interface Continuation {
  readonly file: string;
  readonly sets: readonly string[];
  /** Only when not the default folder. */
  readonly out: string | undefined;
  readonly nextSeed: number;
  /** Seeds of this session's budget that did not run; undefined without a seed budget. */
  readonly seedsLeft: number | undefined;
  readonly timeMs: number | undefined;
  readonly verifyDeterminism: number;
}

export function continueCommands(c: Continuation): ContinueCommands {
  const words = [
    'fuzz',
    c.file,
    ...c.sets.flatMap((s) => ['--set', s]),
    ...(c.out === undefined ? [] : ['--out', c.out]),
    ...(c.seedsLeft === undefined ? [] : ['--seeds', String(c.seedsLeft)]),
    ...(c.timeMs === undefined ? [] : ['--time', formatDuration(c.timeMs)]),
    ...(c.verifyDeterminism === 0 ? [] : ['--verify-determinism', String(c.verifyDeterminism)]),
  ];
  return { resume: programLine([...words, '--resume']), firstSeed: programLine([...words, '--first-seed', String(c.nextSeed)]) };
}
