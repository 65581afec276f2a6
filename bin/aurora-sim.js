#!/usr/bin/env node
// The installed command: runs the compiled CLI (`npm run build` writes dist/). During
// development use `npm run sim -- ...`, which runs bin/cli.ts through tsx.
import '../dist/bin/cli.js';
