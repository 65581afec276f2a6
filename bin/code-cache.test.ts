import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheBytes, compileBundle, runBundle } from './code-cache.ts';

/** A CommonJS "bundle" that leaves its result where the test can read it. */
function bundleIn(dir: string, value: number): string {
  const file = join(dir, 'bundle.js');
  writeFileSync(file, `globalThis.codeCacheResult = ${value} + require('node:path').sep.length;\n`);
  return file;
}

const result = (): unknown => (globalThis as { codeCacheResult?: unknown }).codeCacheResult;

describe('the code cache of the bundled CLI', () => {
  it('runs a bundle as CommonJS, with require, and compiles it from a cache made after a run', () => {
    const bundle = bundleIn(mkdtempSync(join(tmpdir(), 'code-cache-')), 41);
    const first = runBundle(bundle);
    expect(first.cached).toBe(false);
    expect(result()).toBe(42);
    writeFileSync(`${bundle}.cache`, cacheBytes(first));
    expect(runBundle(bundle).cached).toBe(true);
    expect(result()).toBe(42);
  });

  it('ignores the cache of a bundle rebuilt since, even one of the same length', () => {
    const dir = mkdtempSync(join(tmpdir(), 'code-cache-'));
    const bundle = bundleIn(dir, 41);
    writeFileSync(`${bundle}.cache`, cacheBytes(runBundle(bundle)));
    bundleIn(dir, 68);
    expect(runBundle(bundle).cached).toBe(false);
    expect(result()).toBe(69);
  });

  it('compiles as usual when the cache is damaged or missing', () => {
    const bundle = bundleIn(mkdtempSync(join(tmpdir(), 'code-cache-')), 7);
    const good = cacheBytes(runBundle(bundle));
    const damaged = Buffer.from(good);
    damaged.fill(0x5a, 40);
    writeFileSync(`${bundle}.cache`, damaged);
    expect(compileBundle(bundle).cached).toBe(false);
    writeFileSync(`${bundle}.cache`, good.subarray(0, 10));
    expect(runBundle(bundle).cached).toBe(false);
    expect(result()).toBe(8);
  });
});
