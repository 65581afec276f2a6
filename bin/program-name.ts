/**
 * How reproduce lines name this command, so that they run as printed: `aurora-sim` where the
 * user's shell finds this very package under that name (a global install, `npm link`), and
 * `npx aurora-sim` otherwise (a clone, or a project that installed the package locally, where
 * only npm's own scripts and `npx` put `node_modules/.bin` on the path).
 *
 * Decided once, in the main thread at start-up, and handed on through the environment
 * (`AURORA_SIM_PROGRAM`), which worker threads and child processes inherit; a value already
 * set there is kept, so a wrapper (a container image, a CI step) can name itself.
 */
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, join, sep } from 'node:path';

export const PROGRAM_VARIABLE = 'AURORA_SIM_PROGRAM';

/** The program words for reproduce lines, e.g. `npx aurora-sim`. */
export function detectProgram(env: NodeJS.ProcessEnv, self: string | undefined): string {
  const preset = env[PROGRAM_VARIABLE];
  if (preset !== undefined && preset.trim() !== '') return preset.trim();
  return self !== undefined && onPath(env.PATH ?? '', self) ? 'aurora-sim' : 'npx aurora-sim';
}

/** Whether a folder of `path` (npm's injected `node_modules/.bin` folders aside) holds `aurora-sim` resolving to `self`. */
function onPath(path: string, self: string): boolean {
  const target = realpath(self);
  if (target === undefined) return false;
  for (const dir of path.split(delimiter)) {
    if (dir === '' || dir.endsWith(`node_modules${sep}.bin`)) continue;
    const candidate = join(dir, 'aurora-sim');
    if (existsSync(candidate) && realpath(candidate) === target) return true;
  }
  return false;
}

function realpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
