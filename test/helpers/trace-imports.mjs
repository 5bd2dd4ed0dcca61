// Preloaded with `node --import` in tests: records every ESM module URL the process
// resolves into the file named by HANDBOOK_TRACE_IMPORTS.
import { register } from 'node:module';

register('./trace-hooks.mjs', import.meta.url);
