// Bundles the compiled CLI and its worker entry points into dist/bundle/ (run by `npm run
// build` after tsc). One file per entry point, because loading the compiled tree module by
// module made start-up several times slower than the run of a short scenario.
//
// The bundles are CommonJS scripts (dist/bundle/package.json says so), because only a script
// can be compiled from V8's code cache on Node 20: bin/aurora-sim.js compiles cli.js with
// dist/bundle/cli.js.cache, which this build writes after a warm-up run (bin/code-cache.ts).
// Compiling a megabyte of JavaScript, and then each function the first time it runs, was the
// largest part of a short run's start-up. `import.meta.url` has no CommonJS form, so it is
// defined as the bundle file's URL.
//
// What keeps the bundle small, since V8 scans every byte of it before the first line runs:
// - zod's classic API exports every locale it ships (40-odd message catalogues) under
//   `z.locales`; the simulator writes its own messages and zod's default is English, so the
//   catalogue index is replaced by English alone.
// - whitespace and syntax are minified, identifiers are not: an internal error's stack
//   (printed with --verbose) still names its functions.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const englishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer)
        ? { path: 'en', namespace: 'zod-locales', pluginData: args.resolveDir }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: 'export { default as en } from "../locales/en.js";',
      resolveDir: args.pluginData,
    }));
  },
};

await build({
  entryPoints: [
    'dist/bin/cli.js',
    'dist/bin/fuzz/worker.js',
    'dist/bin/golden/worker.js',
    'dist/bin/sweep/worker.js',
    'dist/bin/compare/worker.js',
    'dist/bin/shrink/worker.js',
  ],
  outdir: 'dist/bundle',
  outbase: 'dist/bin',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  define: { 'import.meta.url': '__bundleUrl' },
  // The one other use of import.meta, import.meta.resolve in fuzz/pool.ts, serves a worker
  // written in TypeScript (under tsx) and never runs in a bundle.
  logOverride: { 'empty-import-meta': 'silent' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [englishOnly],
});
writeFileSync('dist/bundle/package.json', `${JSON.stringify({ type: 'commonjs' })}\n`);

// The warm-up is the start-up that matters most, a short `run`; its output is dropped.
const warmUp = ['run', 'scenarios/steady-state.yaml', '--set', 'duration=1ms', '--set', 'measure.warmup=0us', '--set', 'expect={}', '-q'];
const cache = spawnSync(process.execPath, ['dist/bin/code-cache.js', '--write', 'dist/bundle/cli.js', ...warmUp], { encoding: 'utf8' });
if (cache.status !== 0) throw new Error(`code cache: the warm-up run exited ${cache.status}: ${cache.stderr}`);
