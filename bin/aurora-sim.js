#!/usr/bin/env node
// The installed command: runs the CLI bundled into one file (`npm run build` compiles dist/
// and bundles dist/bundle/), because loading the compiled tree module by module made start-up
// several times slower than the run of a short scenario. During development use
// `npm run sim -- ...`, which runs bin/cli.ts through tsx.
import '../dist/bundle/cli.js';
