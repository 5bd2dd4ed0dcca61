#!/usr/bin/env node
'use strict';
// The `handbook` command: runs the bundled CLI (dist/bundle/cli.cjs) and nothing else.
// CommonJS (see bin/package.json): an ES module entry costs every start a few ms more.
// main() guards stdout, stderr and unexpected errors (src/cli/fatal.ts): a user never sees
// a stack trace; a reader that goes away (`handbook search … | head`) is not an error.
const { join } = require('node:path');
const { requireCached } = require('./code-cache.cjs');

const { main } = requireCached(join(__dirname, '..', 'dist', 'bundle', 'cli.cjs')).exports;
main(process.argv.slice(2));
