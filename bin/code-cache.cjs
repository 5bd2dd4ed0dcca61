'use strict';
// Loads the bundled CLI (one CommonJS file) through V8's code cache, so a command starts
// without parsing and compiling ~550 KB of JavaScript again. Node 20 has no
// module.enableCompileCache (that is Node 22), so this does what it does, for one file:
// compile with vm.Script and the cached data beside the file, run it as a CommonJS module.
//
// The cache is made by `npm run build:ts` (scripts/bundle-cli.mjs warms it on the fast
// commands). V8 rejects a cache made by another V8 version or with other V8 flags; the
// file is then compiled as usual and the cache written again (to a temporary file, then
// renamed) as the process exits. When the folder beside the file cannot be written (a
// read-only or system-wide install run by a user), the cache goes to the user's cache folder
// instead ($XDG_CACHE_HOME/handbook/code-cache/, by default ~/.cache/…), named by the file's
// path and this V8's version, and is read from there first. A cache that cannot be read or
// written is never an error: it only costs time.

const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

/** FNV-1a 64 of a string's UTF-8 bytes, 16 hex digits (as src/compiled/place.ts's pathKey). */
function pathKey(text) {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) h = BigInt.asUintN(64, (h ^ BigInt(byte)) * 0x100000001b3n);
  return h.toString(16).padStart(16, '0');
}

/** The user's cache file for `file`'s code cache, or undefined without an absolute XDG_CACHE_HOME or HOME. */
function userCacheFile(file) {
  const { XDG_CACHE_HOME: xdg, HOME: home } = process.env;
  const root = xdg && path.isAbsolute(xdg) ? xdg : home && path.isAbsolute(home) ? path.join(home, '.cache') : undefined;
  return root && path.join(root, 'handbook', 'code-cache', `${path.basename(file)}-${pathKey(file)}-v8-${process.versions.v8}.cache`);
}

/** Writes `bytes` to `target` through a temp file and a rename; false when that fails (nothing left behind). */
function writeAtomically(target, bytes) {
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, target);
    return true;
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // An unwritable folder: nothing was made there.
    }
    return false;
  }
}

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
  const userFile = options.useCache === false ? undefined : userCacheFile(file);
  const source = fs.readFileSync(file, 'utf8');
  let cachedData;
  if (options.useCache !== false) {
    // The user's copy exists only because the one beside the file was refused and could not be replaced.
    for (const candidate of [userFile, cacheFile]) {
      if (candidate === undefined) continue;
      try {
        cachedData = fs.readFileSync(candidate);
        break;
      } catch {
        cachedData = undefined;
      }
    }
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const save = () => {
    const bytes = script.createCachedData();
    if (writeAtomically(cacheFile, bytes)) {
      // Beside the file again: a user's copy (refused, or older) must not shadow it.
      try {
        if (userFile !== undefined) fs.rmSync(userFile, { force: true });
      } catch {
        // Not ours to remove: it is read first, refused, and this repeats; only time is lost.
      }
      return;
    }
    if (userFile === undefined) return;
    try {
      fs.mkdirSync(path.dirname(userFile), { recursive: true });
    } catch {
      return; // no writable cache folder either: run without a cache
    }
    writeAtomically(userFile, bytes);
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
