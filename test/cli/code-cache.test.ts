// bin/code-cache.cjs: the bundled CLI is loaded through V8's code cache. Each case runs a
// real Node process on a real file: a missing cache is written when the process ends (and
// used by the next), a corrupt or foreign cache is rejected without harm and replaced, an
// unwritable install folder keeps it in the user's cache folder (a temp folder here, never
// the real HOME), no writable folder at all is no error, and the cache `npm run build:ts`
// made is accepted.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT } from '../helpers/cli.js';
import { pathKey } from '../../src/compiled/place.js';

const LOADER = join(ROOT, 'bin', 'code-cache.cjs');

/**
 * Loads `file` with requireCached in a fresh process; prints the cache state and the module's
 * answer. The user's cache folder is `userCache` (by default one beside the file: never the real HOME).
 */
function load(file: string, execArgv: string[] = [], userCache = join(file, '..', 'user-cache')): { cache: string; answer: unknown } {
  const script = join(file, '..', 'load.cjs');
  writeFileSync(
    script,
    `const { requireCached } = require(${JSON.stringify(LOADER)});
const r = requireCached(${JSON.stringify(file)});
console.log(JSON.stringify({ cache: r.cache, answer: r.exports.answer() }));`,
  );
  const r = spawnSync(process.execPath, [...execArgv, script], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: userCache } });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { cache: string; answer: unknown };
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  }
});

function moduleFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hb-cache-'));
  made.push(dir);
  const file = join(dir, 'mod.cjs');
  writeFileSync(file, "'use strict';\nconst { join } = require('node:path');\nexports.answer = () => [join('a', 'b'), __filename.endsWith('mod.cjs'), 6 * 7];\n");
  return file;
}

const ANSWER = [join('a', 'b'), true, 42];

describe('code cache', () => {
  // Ensure a missing cache is written as the process ends, in one piece, and used next time.
  it('writes a missing cache and then uses it', () => {
    const file = moduleFile();
    expect(load(file)).toEqual({ cache: 'missing', answer: ANSWER });
    expect(existsSync(`${file}.cache`)).toBe(true);
    expect(readdirSync(join(file, '..')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(load(file)).toEqual({ cache: 'used', answer: ANSWER });
  });

  // Ensure garbage in the cache file is rejected by V8, the module still runs, and a good cache replaces it.
  it('rejects a corrupt cache and replaces it', () => {
    const file = moduleFile();
    writeFileSync(`${file}.cache`, Buffer.from('not a V8 code cache, only some bytes'));
    expect(load(file)).toEqual({ cache: 'rejected', answer: ANSWER });
    expect(load(file)).toEqual({ cache: 'used', answer: ANSWER });
  });

  // Ensure a cache made under other V8 flags is rejected, not trusted, and the module still runs.
  it('rejects a cache made with other V8 flags', () => {
    const file = moduleFile();
    expect(load(file, ['--no-lazy-feedback-allocation'])).toEqual({ cache: 'missing', answer: ANSWER });
    expect(existsSync(`${file}.cache`)).toBe(true);
    expect(load(file)).toEqual({ cache: 'rejected', answer: ANSWER });
    expect(load(file)).toEqual({ cache: 'used', answer: ANSWER });
  });

  /** A module whose cache cannot be written beside it: for root (who writes anywhere) the cache path is a directory, so the rename fails; else a read-only folder. */
  function unwritableModule(): string {
    const file = moduleFile();
    if (process.getuid?.() === 0) {
      mkdirSync(`${file}.cache`);
      writeFileSync(join(`${file}.cache`, 'keep'), '');
    } else chmodSync(join(file, '..'), 0o555);
    return file;
  }

  // Ensure a read-only install keeps its cache in the user's cache folder, and uses it next time.
  it('keeps the cache in the user\'s cache folder when the install folder cannot be written', () => {
    const file = unwritableModule();
    const userCache = mkdtempSync(join(tmpdir(), 'hb-cache-user-'));
    try {
      expect(load(file, [], userCache)).toEqual({ cache: 'missing', answer: ANSWER });
      const kept = readdirSync(join(userCache, 'handbook', 'code-cache'));
      expect(kept).toEqual([expect.stringMatching(/^mod\.cjs-[0-9a-f]{16}-v8-.*\.cache$/)]);
      expect(load(file, [], userCache)).toEqual({ cache: 'used', answer: ANSWER });
      expect(readdirSync(join(file, '..')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      rmSync(userCache, { recursive: true, force: true });
    }
  });

  // Ensure no writable folder at all is no error (the cache only saves time).
  it('runs without a cache when neither the install folder nor a user cache can be written', () => {
    const file = unwritableModule();
    const blocker = join(file, '..', 'a-file');
    writeFileSync(blocker, '');
    expect(load(file, [], join(blocker, 'cache'))).toEqual({ cache: 'missing', answer: ANSWER });
    expect(load(file, [], join(blocker, 'cache'))).toEqual({ cache: 'missing', answer: ANSWER });
    expect(readdirSync(join(file, '..')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  // Ensure a user's copy never shadows a good cache beside the file once that can be written again.
  it('a refused user copy gives way to the cache beside the file', () => {
    const file = moduleFile();
    const copy = join(file, '..', 'user-cache', 'handbook', 'code-cache', `mod.cjs-${pathKey(file)}-v8-${process.versions.v8}.cache`);
    mkdirSync(join(copy, '..'), { recursive: true });
    writeFileSync(copy, 'not a V8 code cache');
    expect(load(file)).toEqual({ cache: 'rejected', answer: ANSWER });
    expect(existsSync(copy)).toBe(false);
    expect(existsSync(`${file}.cache`)).toBe(true);
    expect(load(file)).toEqual({ cache: 'used', answer: ANSWER });
  });

  // Ensure the build left a cache for the bundled CLI that this Node accepts (else every start compiles it).
  it('the bundled CLI has a cache this Node accepts', () => {
    const bundle = join(ROOT, 'dist', 'bundle', 'cli.cjs');
    expect(readFileSync(`${bundle}.cache`).byteLength).toBeGreaterThan(10_000);
    const script = `const { requireCached } = require(${JSON.stringify(LOADER)});
const r = requireCached(${JSON.stringify(bundle)});
console.log(r.cache, typeof r.exports.run);`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('used function');
  });
});
