/**
 * Where the CLI's own modules are, for what must be found by path rather than imported:
 * worker-thread entry points. This module sits at the root of `bin/`, so its URL's folder is
 * that root however the CLI runs: `bin/` under tsx, `dist/bin/` from the compiled tree, and
 * the bundle's folder when the CLI is bundled into one file (there every module shares the
 * bundle's `import.meta.url`, and the workers are bundled beside it under the same names).
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = import.meta.url;

/** The URL of the CLI module at `path` (from the root of `bin/`, no extension), with this module's extension. */
export function binModule(path: string): URL {
  return new URL(`./${path}${extname(fileURLToPath(HERE))}`, HERE);
}
