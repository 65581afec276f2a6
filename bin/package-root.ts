/**
 * Where the installed package lives, found by walking up from this file to the package.json
 * named aurora-sim. It works the same from bin/cli.ts under tsx and from dist/bin/cli.js, and
 * gives the tool's version and the bundled `scenarios/` folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  readonly root: string;
  readonly version: string;
  readonly scenariosDir: string;
  readonly schemaFile: string;
}

export function packageInfo(from: string = fileURLToPath(import.meta.url)): PackageInfo {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = readManifest(join(dir, 'package.json'));
    if (manifest?.name === 'aurora-sim') {
      const scenariosDir = join(dir, 'scenarios');
      return {
        root: dir,
        version: typeof manifest.version === 'string' ? manifest.version : '0.0.0',
        scenariosDir,
        schemaFile: join(scenariosDir, 'scenario.schema.json'),
      };
    }
    if (dirname(dir) === dir) throw new Error(`aurora-sim package.json not found above ${from}`);
  }
}

function readManifest(file: string): { name?: unknown; version?: unknown } | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
}
