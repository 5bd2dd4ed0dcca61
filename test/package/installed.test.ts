// The npm package is complete: packed from a copy of this working tree (its pack step builds
// dist/ and the compiled bundled handbook), installed into a temporary prefix, it answers
// from any folder exactly as the repository does, reading the compiled handbook it ships,
// also installed read-only and run by another user. Slow (a real pack and install): one file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT, runCli } from '../helpers/cli.js';
import { letIn, makeReadOnly, makeTheirs, makeWritable, runUnprivileged } from '../helpers/unprivileged.js';

const SLOW = 300_000;
let work: string;
let tarball: string;
let prefix: string;
let installed: string;
let bin: string;
let elsewhere: string;

/** Every file under `dir` with its size and mtime: what a read-only run must leave as it was. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const st = statSync(p);
        out.push(`${p} ${st.size} ${st.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out.sort();
}

/** npm with its cache, logs and config writes kept inside the test's folder (never the real HOME). */
function npm(args: string[], cwd: string): string {
  const env = {
    ...process.env,
    npm_config_cache: join(work, 'npm-cache'),
    npm_config_logs_dir: join(work, 'npm-logs'),
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
  return execFileSync('npm', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'hb-pkg-'));
  letIn(work);
  // A copy of the working tree as git would clone it (tracked and new files, nothing ignored:
  // no dist/, no .handbook/), with this checkout's node_modules; its pack step builds the rest.
  const tree = join(work, 'tree');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of files) {
    if (!existsSync(join(ROOT, f))) continue; // deleted in the working tree
    mkdirSync(dirname(join(tree, f)), { recursive: true });
    cpSync(join(ROOT, f), join(tree, f));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], tree)) as { filename: string }[];
  tarball = join(work, packed[0]!.filename);
  prefix = join(work, 'prefix');
  npm(['install', '--global', '--prefix', prefix, tarball], work);
  installed = join(prefix, 'lib', 'node_modules', 'policy-handbook');
  bin = join(prefix, 'bin', 'handbook');
  elsewhere = join(work, 'elsewhere');
  mkdirSync(elsewhere);
}, SLOW);

afterAll(() => {
  if (!work) return;
  // The link to this checkout's node_modules goes first: nothing below may walk into it.
  rmSync(join(work, 'tree', 'node_modules'), { force: true });
  if (prefix && existsSync(prefix)) makeWritable(prefix);
  rmSync(work, { recursive: true, force: true });
});

/** The installed command, run from another folder with a clean environment. */
function runInstalled(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(bin, args, { cwd: elsewhere, encoding: 'utf8', input: '', env: { PATH: process.env.PATH!, NO_COLOR: '1', HOME: join(work, 'home'), ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const partial = join(ROOT, 'examples', 'partial.yaml');
const COMMANDS: string[][] = [
  ['search', '用地指标', '--json'],
  ['search', '用地指标'],
  ['search', '小微企业贷款', '--json'],
  ['check', partial, '--json', '--on', '2026-11-30'],
  ['check', partial, '--on', '2026-11-30'],
  ['list', '--json'],
  ['show', 'land.2.1'],
];

describe('the npm package', () => {
  it('ships the compiled bundled handbook, the licence, and no source maps or stat cache', () => {
    // Ensure the pack step built policies/.handbook/handbook.json and nothing dangles.
    const list = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(list).toContain('package/policies/.handbook/handbook.json');
    expect(list).toContain('package/LICENSE');
    expect(list).toContain('package/dist/bundle/cli.cjs');
    expect(list.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(list.filter((f) => /sources\.stat\.json|handbook-tmp-/.test(f))).toEqual([]);
    expect(list.filter((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toEqual([]);
    const js = list.filter((f) => /\.(c|m)?js$/.test(f)).map((f) => join(installed, f.slice('package/'.length)));
    expect(js.filter((f) => readFileSync(f, 'utf8').includes('sourceMappingURL'))).toEqual([]);
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toContain('MIT License');
  });

  it('answers search, check, list and show from another folder exactly as the repository does', () => {
    // Ensure the installed package is the same tool, not a degraded copy.
    for (const args of COMMANDS) {
      const mine = runInstalled(args);
      const repo = runCli(args, { cwd: ROOT });
      expect(repo.code, repo.stderr).toBe(0);
      expect({ args, code: mine.code, stdout: mine.stdout, stderr: mine.stderr }).toEqual({ args, code: 0, stdout: repo.stdout, stderr: '' });
    }
  });

  it('installed read-only and run by another user: same answers, reading the compiled handbook it ships', () => {
    // Ensure a system-wide install (root's, read-only to its users) is complete and fast: the
    // shipped compiled file is fresh, so nothing is compiled and nothing is written back.
    makeReadOnly(prefix);
    try {
      const before = snapshot(prefix);
      const cache = join(work, 'user-cache');
      mkdirSync(cache);
      makeTheirs(cache);
      const cwd = join(work, 'user-cwd');
      mkdirSync(cwd);
      letIn(cwd);
      for (const args of COMMANDS) {
        const r = runUnprivileged([bin, ...args], { cwd, env: { XDG_CACHE_HOME: cache } });
        const repo = runCli(args, { cwd: ROOT });
        expect({ args, code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ args, code: 0, stdout: repo.stdout, stderr: '' });
      }
      // The V8 code cache it ships is accepted: nothing to compile at start-up either.
      const loader = `const { requireCached } = require(${JSON.stringify(join(installed, 'bin', 'code-cache.cjs'))});
console.log(requireCached(${JSON.stringify(join(installed, 'dist', 'bundle', 'cli.cjs'))}).cache);`;
      expect(runUnprivileged([process.execPath, '-e', loader], { cwd, env: { XDG_CACHE_HOME: cache } }).stdout.trim()).toBe('used');
      expect(snapshot(prefix)).toEqual(before);
      // A recompile would have been written back to the user's cache: there is none.
      const written = existsSync(join(cache, 'handbook')) ? readdirSync(join(cache, 'handbook'), { recursive: true }).map(String) : [];
      expect(written.filter((f) => f.endsWith('handbook.json'))).toEqual([]);
      // Without any writable cache (HOME=/nonexistent as for nobody) it still answers, silently.
      const bare = runUnprivileged([bin, 'search', '用地指标', '--json'], { cwd });
      expect(bare.code, bare.stderr).toBe(0);
      expect(bare.stderr).toBe('');
      expect(bare.stdout).toBe(runCli(['search', '用地指标', '--json']).stdout);
    } finally {
      makeWritable(prefix);
    }
  });
});
