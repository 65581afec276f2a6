/**
 * Command lines a user can paste into a POSIX shell: the reproduce line of a run
 * (`aurora-sim run scenarios/x.yaml --seed 8812 --set a.b=c`) and of any other invocation.
 */
import { PROGRAM_VARIABLE } from './program-name.ts';

/** Quotes one word for a POSIX shell, leaving plain words as they are. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_\-.,/:=@%+]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

export function commandLine(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

/**
 * A command line of this program: `aurora-sim ARGS...` with the program named as the user can
 * run it (program-name.ts; the words of `AURORA_SIM_PROGRAM` are a prefix, not quoted).
 */
export function programLine(args: readonly string[]): string {
  const program = process.env[PROGRAM_VARIABLE]?.trim() || 'aurora-sim';
  return [program, commandLine(args)].filter((part) => part !== '').join(' ');
}

/**
 * The one line that reproduces a run: the file as the user gave it, the resolved seed always
 * (so a seed drawn from the file is visible), and every `--set` in the user's order. Flags that
 * only change where output goes (`--json`, `--trace`) are left out.
 */
export function runReplay(file: string, seed: number, sets: readonly string[]): string {
  return programLine(['run', file, '--seed', String(seed), ...sets.flatMap((s) => ['--set', s])]);
}
