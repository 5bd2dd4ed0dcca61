// bin/code-cache.cjs: the bundled CLI is loaded through V8's code cache. Each case runs a
// real Node process on a real file: a missing cache is written when the process ends (and
// used by the next), a corrupt or foreign cache is rejected without harm and replaced, an
// unwritable folder is no error, and the cache `npm run build:ts` made is accepted.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT } from '../helpers/cli.js';

const LOADER = join(ROOT, 'bin', 'code-cache.cjs');

/** Loads `file` with requireCached in a fresh process; prints the cache state and the module's answer. */
function load(file: string, execArgv: string[] = []): { cache: string; answer: unknown } {
  const script = join(file, '..', 'load.cjs');
  writeFileSync(
    script,
    `const { requireCached } = require(${JSON.stringify(LOADER)});
const r = requireCached(${JSON.stringify(file)});
console.log(JSON.stringify({ cache: r.cache, answer: r.exports.answer() }));`,
  );
  const r = spawnSync(process.execPath, [...execArgv, script], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { cache: string; answer: unknown };
}

function moduleFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hb-cache-'));
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

  // Ensure an install folder the user cannot write is no error (the cache only saves time).
  it('runs without a cache in a folder it cannot write', () => {
    if (process.getuid?.() === 0) {
      // root writes anywhere: make the cache path a directory instead, so the rename fails.
      const file = moduleFile();
      const dir = `${file}.cache`;
      spawnSync('mkdir', [dir]);
      writeFileSync(join(dir, 'keep'), '');
      expect(load(file)).toEqual({ cache: 'missing', answer: ANSWER });
      expect(load(file)).toEqual({ cache: 'missing', answer: ANSWER });
      expect(readdirSync(join(file, '..')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      return;
    }
    const file = moduleFile();
    chmodSync(join(file, '..'), 0o555);
    expect(load(file)).toEqual({ cache: 'missing', answer: ANSWER });
    expect(existsSync(`${file}.cache`)).toBe(false);
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
