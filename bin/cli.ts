/**
 * The aurora-sim command line: the only code that touches process, the file system, the
 * console, commander and chalk. This file is the entry point and the single exit: every
 * outcome becomes an exit code here (ARCHITECTURE.md §4.2). Expected failures print a short
 * message; anything else that escapes is an internal error, printed without its stack unless
 * --verbose, with the line that reproduces it, and exits 70 rather than Node's default 1.
 * The exit code is set, never forced with process.exit(), so piped output is not cut off.
 */
import { CommanderError } from 'commander';
import { githubAnnotation } from './ci/issue-annotation.ts';
import { CliError, ExitCode } from './exit.ts';
import { packageInfo } from './package-root.ts';
import { detectProgram, PROGRAM_VARIABLE } from './program-name.ts';
import { openSession, printJson, report, type Session } from './session.ts';

/**
 * The commands, and through them the simulator, are imported only once the error handling is
 * in place: a module that fails to load is then an internal error too, not a raw stack trace.
 */
function main(args: readonly string[]): void {
  // Reproduce lines name the program as the user can run it; workers and children inherit it.
  process.env[PROGRAM_VARIABLE] = detectProgram(process.env, process.argv[1]);
  const session = openSession(args, { stdout: process.stdout, stderr: process.stderr, env: process.env });
  let failed = false;
  const fail = (error: unknown): void => {
    // Report once: an error while reporting (a closed stderr) must not start a loop.
    if (failed) return;
    failed = true;
    process.exitCode = handleError(session, error);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  // A reader that stops early (`| head`) closes the pipe; that is not an error of ours.
  const ignoreClosedPipe = (error: NodeJS.ErrnoException): void => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') fail(error);
  };
  process.stdout.on('error', ignoreClosedPipe);
  process.stderr.on('error', ignoreClosedPipe);
  import('./program.ts')
    .then(({ buildProgram }) => {
      const done = (code: ExitCode): void => {
        process.exitCode = code;
      };
      const columns = process.stdout.isTTY ? process.stdout.columns : undefined;
      const program = buildProgram({ session, pkg: packageInfo(), cwd: process.cwd(), columns, done });
      program.parse([...args], { from: 'user' });
    })
    .catch(fail);
}

/** Prints what went wrong, in the form the flags ask for, and returns the exit code. */
function handleError(session: Session, error: unknown): ExitCode {
  if (error instanceof CommanderError) return usageError(session, error);
  if (error instanceof CliError) return expectedError(session, error);
  return internalError(session, error);
}

/** Commander has already printed its message; help and version are not errors. */
function usageError(session: Session, error: CommanderError): ExitCode {
  if (error.exitCode === 0) return ExitCode.ok;
  if (session.flags.json) {
    const message = error.message.replace(/^error: /, '').split('\n')[0] ?? error.message;
    printJson(session, { ok: false, error: { code: 'usage', message } });
  }
  return ExitCode.badInput;
}

function expectedError(session: Session, error: CliError): ExitCode {
  const issues = error.issues ?? [];
  if (error.details.length > 0) for (const line of error.details) report(session, line);
  else report(session, `aurora-sim: ${error.message}`);
  // On GitHub Actions each issue also becomes an annotation at its line (stderr: stdout is data).
  if (session.env.GITHUB_ACTIONS === 'true') for (const issue of issues) report(session, githubAnnotation(issue));
  if (session.flags.json) {
    printJson(session, { ok: false, error: { code: error.code, message: error.message, ...(issues.length > 0 ? { issues } : {}) } });
  }
  return error.exitCode;
}

function internalError(session: Session, error: unknown): ExitCode {
  const c = session.errColor;
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  report(session, `${c.red.bold('aurora-sim: internal error')} ${what}`);
  if (session.flags.verbose && error instanceof Error && error.stack !== undefined) report(session, c.dim(error.stack));
  else report(session, c.dim('(run with --verbose for the stack trace; please report this as a bug)'));
  report(session, `reproduce: ${session.reproduce}`);
  if (session.flags.json) {
    printJson(session, { ok: false, error: { code: 'internal', message: what, replay: session.reproduce } });
  }
  return ExitCode.internal;
}

main(process.argv.slice(2));
