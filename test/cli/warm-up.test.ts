// The toolchain does not depend on the content (#16): `npm run build:ts` warms V8's code cache on
// a fixture of its own (scripts/warm-fixture/), so a typo in policies/ cannot fail `npm ci`, and a
// warm-up that fails anyway is a warning, not a failed build. Each case runs the real
// scripts/bundle-cli.mjs in a temporary copy of the built project (dist/, bin/, scripts/, with the
// real node_modules linked), so nothing in the repository is touched.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT } from '../helpers/cli.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A copy of the built project whose policies/ has a broken facts.yaml. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hb-warm-test-'));
  made.push(dir);
  for (const part of ['dist', 'bin', 'scripts', 'policies', 'templates', 'package.json']) {
    cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  }
  rmSync(join(dir, 'dist', 'bundle'), { recursive: true, force: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'policies', 'facts.yaml'), 'facts:\n  size: [unclosed\n');
  return dir;
}

function bundle(dir: string) {
  return spawnSync(process.execPath, ['scripts/bundle-cli.mjs'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

describe('code-cache warm-up', () => {
  // Ensure a broken policies/ neither fails the build nor stops the cache being warmed.
  it('warms the cache on its own fixture when policies/ is broken', () => {
    const dir = project();
    const lint = spawnSync(process.execPath, [join(dir, 'bin', 'handbook.js'), 'lint', '--dir', join(dir, 'policies')], { encoding: 'utf8' });
    expect(lint.status).toBe(1); // the content really is broken
    const r = bundle(dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/warning/);
    expect(existsSync(join(dir, 'dist', 'bundle', 'cli.cjs.cache'))).toBe(true);
  }, 120_000);

  // Ensure a warm-up that fails is reported as a warning, the bundle is still written and works
  // (bin/code-cache.cjs then writes the cache on first use).
  it('reports a failed warm-up as a warning and still writes a working bundle', () => {
    const dir = project();
    writeFileSync(join(dir, 'scripts', 'warm-fixture', 'facts.yaml'), 'facts: [\n');
    const r = bundle(dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/bundle-cli: warning: warming the code cache failed/);
    expect(existsSync(join(dir, 'dist', 'bundle', 'cli.cjs'))).toBe(true);
    const help = spawnSync(process.execPath, [join(dir, 'bin', 'handbook.js'), '--version'], { encoding: 'utf8' });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  }, 120_000);
});
