/**
 * One CLI invocation's view of the outside world: where data and messages go, the colour
 * decided once per stream, the global flags, and the command line that would reproduce what is
 * being done (a run replaces it with its own replay line). Commands write through here and
 * never to `console`, so stdout carries only data (exactly one document under --json) and
 * everything else goes to stderr.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { colorFlagFromArgs, colorLevel } from './color.ts';
import { programLine } from './shell.ts';

export interface Flags {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
}

export interface Sink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface Session {
  readonly stdout: Sink;
  readonly stderr: Sink;
  /** Colour for stdout and for stderr, each by its own TTY. */
  readonly color: ChalkInstance;
  readonly errColor: ChalkInstance;
  /** Known from the raw arguments at first, exact once commander has parsed them. */
  flags: Flags;
  /** The command line that reproduces this invocation. */
  reproduce: string;
  /** The environment, for what CI asks through it (`GITHUB_ACTIONS`, `GITHUB_STEP_SUMMARY`). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function openSession(
  args: readonly string[],
  io: { stdout: Sink; stderr: Sink; env: Readonly<Record<string, string | undefined>> },
): Session {
  const flag = colorFlagFromArgs(args);
  const options = args.slice(0, args.includes('--') ? args.indexOf('--') : undefined);
  return {
    stdout: io.stdout,
    stderr: io.stderr,
    color: new Chalk({ level: colorLevel({ flag, env: io.env, isTTY: io.stdout.isTTY === true }) }),
    errColor: new Chalk({ level: colorLevel({ flag, env: io.env, isTTY: io.stderr.isTTY === true }) }),
    flags: {
      json: options.includes('--json'),
      quiet: options.includes('--quiet') || options.includes('-q'),
      verbose: options.includes('--verbose') || options.includes('-v'),
    },
    reproduce: programLine(args),
    env: io.env,
  };
}

/** Data: a report, a list, the JSON document. */
export function print(session: Session, text: string): void {
  session.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Exactly one JSON document on stdout. */
export function printJson(session: Session, document: unknown): void {
  print(session, JSON.stringify(document, null, 2));
}

/** A message for the user; --quiet silences it. */
export function info(session: Session, text: string): void {
  if (!session.flags.quiet) session.stderr.write(`${text}\n`);
}

/** An error, a failure or a reproduce line; shown even with --quiet. */
export function report(session: Session, text: string): void {
  session.stderr.write(`${text}\n`);
}
