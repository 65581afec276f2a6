/**
 * The command tree (commander 14). Parsing only: each action hands its arguments to a
 * command in `commands/` and records the exit code that command returns. `exitOverride` makes
 * commander throw instead of exiting, so `cli.ts` maps its errors to exit 2 (help and version
 * to 0) and everything leaves through one place.
 */
import { Command, Option } from 'commander';
import { junitOption, summaryOption } from './ci/options.ts';
import { COLOR_FLAGS } from './color.ts';
import { defineCheck } from './commands/check.ts';
import { defineCompareConfigs } from './commands/compare-configs.ts';
import { defineDurability } from './commands/durability.ts';
import { defineFuzz } from './commands/fuzz.ts';
import { listCommand } from './commands/list.ts';
import { defineMerge } from './commands/merge.ts';
import { defineReplay } from './commands/replay.ts';
import { runCommand, TRACE_DETAILS } from './commands/run.ts';
import { schemaCommand } from './commands/schema.ts';
import { defineShrink } from './commands/shrink.ts';
import { defineSweep } from './commands/sweep.ts';
import { VALIDATE_FORMATS, validateCommand, type ValidateFormat } from './commands/validate.ts';
import { ExitCode } from './exit.ts';
import { collectSet, wholeNumber } from './options.ts';
import { simulatedTime, type PerfettoFlags } from './perfetto-file.ts';
import type { PackageInfo } from './package-root.ts';
import type { TraceDetail } from '../sim/index.ts';
import type { Flags, Session } from './session.ts';

const EXIT_CODES_HELP = `
Exit codes:
  0   ok
  1   an invariant or expectation failed (or schema --check found a stale schema, check a drift,
      replay --diff two traces that differ)
  2   bad input or usage
  3   inconclusive (a budget ran out)
  70  internal error (a simulator bug); the reproduce line is printed
  130 interrupted by Ctrl-C (fuzz: after reporting the seeds that ran)`;

export interface ProgramContext {
  readonly session: Session;
  readonly pkg: PackageInfo;
  readonly cwd: string;
  /** The terminal's width when stdout is one. */
  readonly columns: number | undefined;
  /** Receives the exit code of the command that ran. */
  readonly done: (code: ExitCode) => void;
}

export function buildProgram({ session, pkg, cwd, columns, done }: ProgramContext): Command {
  const program = new Command('aurora-sim')
    .description('Deterministic simulator of an Aurora-style "the log is the database" storage system.')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError()
    .configureHelp({ showGlobalOptions: true })
    .version(pkg.version, '-V, --version')
    .option('--json', 'print one JSON document on stdout; messages go to stderr')
    .addOption(new Option('-q, --quiet', 'print only errors and failures').conflicts('verbose'))
    .option('-v, --verbose', 'print the resolved scenario before a run, every segment in replay, and stack traces of internal errors')
    .addOption(new Option('--color <when>', 'colour output').choices(COLOR_FLAGS).default('auto'))
    .addHelpText('after', EXIT_CODES_HELP)
    .hook('preAction', (_program, action) => {
      session.flags = globalFlags(action.optsWithGlobals());
    });

  program
    .command('run')
    .description('run a scenario and report what happened')
    .argument('<file>', 'scenario file (YAML or JSON)')
    .option('--seed <n>', 'root seed (overrides the file)', wholeNumber)
    .option('--set <path=value>', 'override a field by its dotted path (repeatable)', collectSet)
    .option('--trace <out.jsonl>', 'write the full event trace as JSON Lines (fields by name); - for stdout, the report then on stderr')
    .addOption(new Option('--trace-detail <level>', 'add a detail level to --trace, outside the trace hash (io: disk writes and queues, batches, acks)').choices(TRACE_DETAILS))
    .option('--report <out.html>', 'write a single-file HTML report: verdict, charts over time, tables')
    .option('--perfetto <out.json>', 'write the run as a timeline for Perfetto or chrome://tracing (Chrome Trace Event JSON)')
    .option('--from <time>', 'start the --perfetto timeline at this simulated time (e.g. 4s)', simulatedTime)
    .option('--to <time>', 'end the --perfetto timeline at this simulated time (e.g. 6.5s)', simulatedTime)
    .addOption(junitOption())
    .addOption(summaryOption())
    .action((file: string, opts: { seed?: number; set?: string[]; trace?: string; traceDetail?: TraceDetail; report?: string; junit?: string; summary?: string } & PerfettoFlags) => {
      done(runCommand(session, file, { ...opts, set: opts.set ?? [] }, pkg));
    });

  defineFuzz(program.command('fuzz'), { session, pkg, done });
  defineShrink(program.command('shrink'), { session, done });
  defineCheck(program.command('check'), { session, cwd, done });
  defineSweep(program.command('sweep'), { session, pkg, done });
  defineMerge(program.command('merge'), { session, pkg, done });
  defineCompareConfigs(program.command('compare-configs'), { session, done });
  defineReplay(program.command('replay'), { session, done });
  defineDurability(program.command('durability'), { session, pkg, done });

  program
    .command('validate')
    .description('check scenario files and report every issue')
    .argument('<files...>', 'scenario files')
    .addOption(new Option('--format <format>', 'output format (default: json with --json, else text)').choices(VALIDATE_FORMATS))
    .action((files: string[], opts: { format?: ValidateFormat }) => {
      done(validateCommand(session, files, opts.format ?? (session.flags.json ? 'json' : 'text')));
    });

  program
    .command('list')
    .description('list the scenarios bundled with the package')
    .action(() => done(listCommand(session, { scenariosDir: pkg.scenariosDir, cwd, columns })));

  program
    .command('schema')
    .description('print the scenario JSON Schema')
    .option('--check', 'exit 1 if scenarios/scenario.schema.json is not up to date')
    .action((opts: { check?: boolean }) => done(schemaCommand(session, opts.check === true, pkg.schemaFile, cwd)));

  return program;
}

function globalFlags(opts: Record<string, unknown>): Flags {
  return { json: opts.json === true, quiet: opts.quiet === true, verbose: opts.verbose === true };
}
