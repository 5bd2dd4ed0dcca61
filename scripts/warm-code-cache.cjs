'use strict';
// Writes dist/bundle/cli.cjs.cache: V8's code cache for the bundled CLI, taken after the
// fast commands (search, show, check, list) have run once in this process, so the
// functions they call are in it already compiled. Run by scripts/bundle-cli.mjs in a fresh
// process; the commands' output is discarded.
// The commands run on a small fixture handbook of its own (scripts/warm-fixture/), never on
// policies/: the toolchain must not depend on the content, so a typo in policies/ cannot fail
// `npm ci`. A failed warm-up only costs start-up time: bundle-cli reports it as a warning.
// A cache taken right after loading, before any command, saves ~6 ms less a start
// (measured: search 88 against 82 ms, `node -e 0` 55 ms).

const { spawnSync } = require('node:child_process');
const { cpSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { requireCached } = require('../bin/code-cache.cjs');

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'handbook.js');
const FIXTURE = join(__dirname, 'warm-fixture');
// Run from the temporary folder, on its copy of the fixture (`handbook/`).
const HB = ['--dir', 'handbook'];
const COMMANDS = [
  ['search', '用地', ...HB],
  ['search', '小微企业 用地', '--json', ...HB],
  ['search', '没有这个词语', ...HB],
  ['show', 'child.land', ...HB],
  ['check', join('handbook', 'profile.yaml'), '--on', '2026-11-30', ...HB],
  ['check', join('handbook', 'profile.yaml'), '--json', ...HB],
  ['check', '--set', 'size=小型', '--json', ...HB],
  ['list', ...HB],
  ['list', '--json', ...HB],
];

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'hb-warm-'));
  try {
    // The compiled handbook the commands read, built by another process so that the
    // compiler's functions stay out of this cache.
    cpSync(FIXTURE, join(dir, 'handbook'), { recursive: true });
    const built = spawnSync(process.execPath, [BIN, 'build', ...HB], { cwd: dir, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`handbook build failed:\n${built.stderr}`);

    const { exports, save } = requireCached(join(ROOT, 'dist', 'bundle', 'cli.cjs'), { useCache: false });
    const cwd = process.cwd();
    const writes = [process.stdout.write, process.stderr.write];
    process.chdir(dir);
    process.stdout.write = process.stderr.write = () => true;
    const failed = [];
    try {
      for (const args of COMMANDS) {
        if ((await exports.run(args)) !== 0) failed.push(args.join(' '));
      }
    } finally {
      [process.stdout.write, process.stderr.write] = writes;
      process.chdir(cwd);
      process.exitCode = 0;
    }
    if (failed.length) throw new Error(`a warm-up command failed: ${failed.join('; ')}`);
    save();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`warm-code-cache: ${e.message}`);
  process.exitCode = 1;
});
