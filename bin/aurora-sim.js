#!/usr/bin/env node
// The installed command: runs the CLI bundled into one file (`npm run build` compiles dist/
// and bundles dist/bundle/), because loading the compiled tree module by module made start-up
// several times slower than the run of a short scenario. The bundle compiles from the V8 code
// cache the build made for it (bin/code-cache.ts). During development use `npm run sim -- ...`,
// which runs bin/cli.ts through tsx.
import { fileURLToPath } from 'node:url';
import { runBundle } from '../dist/bin/code-cache.js';

runBundle(fileURLToPath(new URL('../dist/bundle/cli.js', import.meta.url)));
