/**
 * The colour decision, made once per process for each output stream (ARCHITECTURE.md §5.2):
 * an explicit `--color always|never` wins; otherwise a non-empty NO_COLOR turns colour
 * off (no-color.org); otherwise FORCE_COLOR decides; otherwise colour only on a terminal that
 * is not `TERM=dumb`. We never use chalk's default export, which reads process.argv and keeps
 * colour under NO_COLOR on a TTY.
 */
import type { ColorSupportLevel } from 'chalk';

export type ColorFlag = 'auto' | 'always' | 'never';

export const COLOR_FLAGS: readonly ColorFlag[] = ['auto', 'always', 'never'];

export interface ColorContext {
  readonly flag: ColorFlag;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTTY: boolean;
}

export function colorLevel({ flag, env, isTTY }: ColorContext): ColorSupportLevel {
  if (flag === 'never') return 0;
  if (flag === 'always') return Math.max(1, forcedLevel(env.FORCE_COLOR) ?? depth(env)) as ColorSupportLevel;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const forced = forcedLevel(env.FORCE_COLOR);
  if (forced !== undefined) return forced;
  if (!isTTY || env.TERM === 'dumb') return 0;
  return depth(env);
}

/** FORCE_COLOR as chalk reads it: '' or 'true' -> 1, 'false' -> 0, '0'..'3' -> that level. */
function forcedLevel(value: string | undefined): ColorSupportLevel | undefined {
  if (value === undefined) return undefined;
  if (value === '' || value === 'true') return 1;
  if (value === 'false') return 0;
  const n = Number.parseInt(value, 10);
  return Number.isNaN(n) ? undefined : (Math.min(Math.max(n, 0), 3) as ColorSupportLevel);
}

/** How many colours the terminal shows, from the usual environment hints. */
function depth(env: Readonly<Record<string, string | undefined>>): ColorSupportLevel {
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  if (env.TERM?.includes('256') === true) return 2;
  return 1;
}

/** The `--color` value the user gave, read from raw arguments before commander parses them. */
export function colorFlagFromArgs(args: readonly string[]): ColorFlag {
  let flag: ColorFlag = 'auto';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') break;
    const value = arg === '--color' ? args[i + 1] : arg?.startsWith('--color=') ? arg.slice(8) : undefined;
    if (COLOR_FLAGS.includes(value as ColorFlag)) flag = value as ColorFlag;
  }
  return flag;
}
