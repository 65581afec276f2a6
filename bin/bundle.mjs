// Bundles the compiled CLI and its worker entry points into dist/bundle/ (run by `npm run
// build` after tsc). One file per entry point, because loading the compiled tree module by
// module made start-up several times slower than the run of a short scenario.
//
// What keeps the bundle small, since V8 scans every byte of it before the first line runs:
// - zod's classic API exports every locale it ships (40-odd message catalogues) under
//   `z.locales`; the simulator writes its own messages and zod's default is English, so the
//   catalogue index is replaced by English alone.
// - whitespace and syntax are minified, identifiers are not: an internal error's stack
//   (printed with --verbose) still names its functions.
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
  format: 'esm',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  // Bundled CommonJS dependencies call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  plugins: [englishOnly],
});
