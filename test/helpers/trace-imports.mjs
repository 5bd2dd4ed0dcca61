// Preloaded with `node --import` in tests: records every module the process loads into the
// file named by HANDBOOK_TRACE_IMPORTS, as file URLs (node: built-ins as they are): ES
// modules through a resolve hook, CommonJS require() (the bundled CLI is CommonJS) by
// wrapping the CommonJS resolver.
import Module, { register } from 'node:module';
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

register('./trace-hooks.mjs', import.meta.url);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const resolved = resolveFilename.call(this, request, ...rest);
  if (process.env.HANDBOOK_TRACE_IMPORTS) {
    const url = resolved.startsWith('/') ? pathToFileURL(resolved).href : resolved;
    appendFileSync(process.env.HANDBOOK_TRACE_IMPORTS, url + '\n');
  }
  return resolved;
};
