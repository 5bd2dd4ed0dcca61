#!/usr/bin/env node
// The `handbook` command: runs the compiled CLI and nothing else.
import { run } from '../dist/bundle/cli.js';

// A reader that goes away (`handbook search … | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

await run(process.argv.slice(2));
