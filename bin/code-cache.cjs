'use strict';
// Loads the bundled CLI (one CommonJS file) through V8's code cache, so a command starts
// without parsing and compiling ~550 KB of JavaScript again. Node 20 has no
// module.enableCompileCache (that is Node 22), so this does what it does, for one file:
// compile with vm.Script and the cached data beside the file, run it as a CommonJS module.
//
// The cache is made by `npm run build:ts` (scripts/bundle-cli.mjs warms it on the fast
// commands). V8 rejects a cache made by another V8 version or with other V8 flags; the
// file is then compiled as usual and the cache written again (to a temporary file, then
// renamed) as the process exits. A cache that cannot be read or written is never an
// error: it only costs time.

const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

/**
 * Requires `file` (a CommonJS bundle) with its code cache at `file + '.cache'`.
 * Returns the module's exports; `cache`: 'used', 'rejected' (made by another V8 or with
 * other flags), 'missing' or 'off'; and, for the build's warm-up, `save()`: writes the cache
 * from what has been compiled so far.
 * @param {string} file absolute path
 * @param {{ useCache?: boolean }} [options]
 */
function requireCached(file, options = {}) {
  const cacheFile = `${file}.cache`;
  const source = fs.readFileSync(file, 'utf8');
  let cachedData;
  if (options.useCache !== false) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const save = () => {
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
    } catch {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        // An unwritable install folder: run without a cache.
      }
    }
  };
  const cache = options.useCache === false ? 'off' : cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used';
  if (cache === 'missing' || cache === 'rejected') process.once('exit', save);
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  return { exports: mod.exports, cache, save };
}

module.exports = { requireCached };
