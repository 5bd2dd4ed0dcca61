#!/usr/bin/env node
'use strict';
// The `handbook` command: runs the bundled CLI (dist/bundle/cli.cjs) and nothing else.
// CommonJS (see bin/package.json): an ES module entry costs every start a few ms more.
const { join } = require('node:path');
const { requireCached } = require('./code-cache.cjs');

// A reader that goes away (`handbook search … | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const { run } = requireCached(join(__dirname, '..', 'dist', 'bundle', 'cli.cjs')).exports;
run(process.argv.slice(2)).catch((e) => {
  process.exitCode = 1;
  throw e;
});
