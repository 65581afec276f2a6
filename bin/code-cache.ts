/**
 * V8's code cache for the bundled CLI: the launcher (bin/aurora-sim.js) compiles
 * dist/bundle/cli.js as a script with the bytecode the build kept, so a short run does not
 * spend its start-up parsing and compiling a megabyte of JavaScript and then each function it
 * calls. Node 20 has no compile cache for ES modules (`module.enableCompileCache` came in Node
 * 22), hence a CommonJS bundle, run through node:vm the way Node's CommonJS loader runs a file.
 *
 * The cache file is a SHA-256 of the bundle it was made from and of V8's data, then the data.
 * V8 checks that the data fits its version and flags, but of the source it checks little more
 * than the length, and a release build of V8 does not checksum the data: the hash is what
 * keeps a cache from running against a bundle rebuilt since, or from a damaged file. A cache
 * that does not fit is ignored and the bundle compiles as usual: a missing, stale, damaged or
 * foreign cache costs time, never behaviour.
 *
 * `node dist/bin/code-cache.js --write BUNDLE ARGS...` (bin/bundle.mjs runs it) runs the CLI
 * with ARGS and writes BUNDLE.cache as the process exits: a cache made after a run holds the
 * functions that run compiled, not only the top level.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const HASH_BYTES = 32;

export interface LoadedBundle {
  readonly script: vm.Script;
  /** The bundle's bytes, which its cache's hash covers. */
  readonly source: Buffer;
  /** Whether V8 compiled the bundle from its cache. */
  readonly cached: boolean;
}

/** Compiles the CommonJS file `bundle`, from its cache when one fits, without running it. */
export function compileBundle(bundle: string): LoadedBundle {
  const source = readFileSync(bundle);
  const cachedData = fittingCache(`${bundle}.cache`, source);
  const script = new vm.Script(Module.wrap(source.toString('utf8')), {
    filename: bundle,
    ...(cachedData === undefined ? {} : { cachedData }),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  return { script, source, cached: cachedData !== undefined && !script.cachedDataRejected };
}

/** Compiles and runs `bundle` as Node runs a CommonJS file; returns what it compiled. */
export function runBundle(bundle: string): LoadedBundle {
  const loaded = compileBundle(bundle);
  const module = { exports: {}, filename: bundle };
  const run = loaded.script.runInThisContext() as (...args: unknown[]) => void;
  run(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return loaded;
}

/** The cache file's bytes for a compiled (and preferably run) bundle. */
export function cacheBytes(loaded: LoadedBundle): Buffer {
  const data = loaded.script.createCachedData();
  return Buffer.concat([hashOf(loaded.source, data), data]);
}

/** The V8 data of the cache file when it was made from this bundle and is whole, else undefined. */
function fittingCache(file: string, source: Buffer): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length <= HASH_BYTES) return undefined;
  const data = bytes.subarray(HASH_BYTES);
  return bytes.subarray(0, HASH_BYTES).equals(hashOf(source, data)) ? data : undefined;
}

function hashOf(source: Buffer, data: Buffer): Buffer {
  return createHash('sha256').update(source).update(data).digest();
}

/** `--write BUNDLE ARGS...`: runs the CLI in `BUNDLE` with ARGS, and writes its cache on exit. */
function writeAfterRun(bundle: string, args: readonly string[]): void {
  process.argv = [process.argv[0]!, bundle, ...args];
  const loaded = runBundle(bundle);
  // Written whole and then renamed, so no reader ever sees half a cache.
  process.on('exit', () => {
    writeFileSync(`${bundle}.cache.tmp`, cacheBytes(loaded));
    renameSync(`${bundle}.cache.tmp`, `${bundle}.cache`);
  });
}

if (process.argv[2] === '--write' && resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  writeAfterRun(resolve(process.argv[3]!), process.argv.slice(4));
}
