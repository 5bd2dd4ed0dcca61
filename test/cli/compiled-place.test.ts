// Compiled output belongs to its handbook: beside it (X/.handbook/), else in the user's cache
// keyed by the folder, or --out; a build of one handbook never touches another's output; a
// stale or mismatched compiled file is rebuilt and written back, and when it cannot be, one
// dim line says so and what to run.
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { BIN, POLICIES, ROOT, runCli } from '../helpers/cli.js';
import { letIn, makeReadOnly, makeTheirs, makeWritable, runUnprivileged } from '../helpers/unprivileged.js';
import { cacheFolderName } from '../../src/compiled/place.js';
import { SCHEMA_VERSION } from '../../src/compiled/format.js';
import { readCompiled } from '../../src/compiled/index.js';
import { tempDir } from '../helpers/temp.js';

const temps: string[] = [];
const tmp = (prefix: string) => {
  const dir = tempDir(prefix);
  temps.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temps) {
    makeWritable(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A copy of the bundled handbook (sources only) whose files are older than the stat cache's racy window. */
function copyOfBundled(): string {
  const dir = tmp('hb-place-');
  cpSync(POLICIES, dir, { recursive: true, filter: (src) => !src.includes('.handbook') });
  const old = new Date(Date.now() - 60_000);
  for (const f of readdirSync(dir)) utimesSync(join(dir, f), old, old);
  return dir;
}

const land = (dir: string) => join(dir, '01-land.md');
/** Renames the word 用地指标 in one clause to 鲲鹏指标 (same byte length). */
const editLand = (dir: string) => writeFileSync(land(dir), readFileSync(land(dir), 'utf8').replace('用地指标倾斜。对重大回归项目', '用地鲲鹏倾斜。对重大回归项目'));
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const recordedHash = (compiled: string, path: string) =>
  readCompiled(compiled).sources.find((s) => s.path === path)?.sha256;
const identity = (path: string) => {
  const st = statSync(path);
  return { ino: st.ino, mtimeMs: st.mtimeMs, bytes: sha(readFileSync(path, 'latin1')) };
};

describe('where compiled output lives', () => {
  it('build --dir X run from the repository writes X/.handbook and leaves the repository\'s output as it was', () => {
    // Ensure building your own handbook from inside the repository never overwrites the bundled one's output.
    const bundledOut = join(POLICIES, '.handbook', 'handbook.json');
    expect(runCli(['build'], { cwd: tmp('hb-cwd-') }).code).toBe(0);
    const before = identity(bundledOut);
    const hadRootOut = existsSync(join(ROOT, '.handbook'));
    const x = copyOfBundled();
    editLand(x);
    const r = runCli(['build', '--dir', x], { cwd: ROOT });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(join(x, '.handbook', 'handbook.json'));
    expect(recordedHash(join(x, '.handbook', 'handbook.json'), '01-land.md')).toBe(sha(readFileSync(land(x), 'utf8')));
    expect(identity(bundledOut)).toEqual(before);
    expect(existsSync(join(ROOT, '.handbook'))).toBe(hadRootOut);
    // And each handbook's commands read their own output, from any folder.
    const mine = JSON.parse(runCli(['search', '鲲鹏', '--json', '--dir', x], { cwd: ROOT }).stdout);
    expect(mine.results[0]?.clause).toBe('land.2.1');
    const bundled = JSON.parse(runCli(['search', '鲲鹏', '--json'], { cwd: x }).stdout);
    expect(bundled.results).toEqual([]);
    expect(identity(bundledOut)).toEqual(before);
  });

  it('a stale compiled file is rebuilt and written back, so the next command reads it', () => {
    // Ensure an edit after a build costs one recompile, not one per command.
    const x = copyOfBundled();
    expect(runCli(['build', '--dir', x]).code).toBe(0);
    const compiled = join(x, '.handbook', 'handbook.json');
    editLand(x);
    const r = runCli(['search', '鲲鹏', '--json', '--dir', x], { cwd: tmp('hb-cwd-') });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).results[0]?.clause).toBe('land.2.1');
    expect(recordedHash(compiled, '01-land.md')).toBe(sha(readFileSync(land(x), 'utf8')));
    // Written whole, with its search index: the next search finds it fresh and leaves it be.
    const after = identity(compiled);
    expect(JSON.parse(runCli(['search', '鲲鹏', '--json', '--dir', x]).stdout).results[0]?.clause).toBe('land.2.1');
    expect(identity(compiled)).toEqual(after);
  });

  it('a compiled file of another schema version is rebuilt and written back', () => {
    // Ensure a mismatched version is not silently recompiled on every call.
    const x = copyOfBundled();
    expect(runCli(['build', '--dir', x]).code).toBe(0);
    const compiled = join(x, '.handbook', 'handbook.json');
    const old = readCompiled(compiled) as unknown as Record<string, unknown>;
    old['schemaVersion'] = 999;
    writeFileSync(compiled, JSON.stringify(old));
    const r = runCli(['list', '--json', '--dir', x]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).policies.length).toBe(14);
    expect(readCompiled(compiled).schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('an unwritable handbook folder keeps its output in $XDG_CACHE_HOME/handbook/<key>', () => {
    // Ensure a read-only handbook (another user's, a system one) is compiled once, into the user's cache.
    const x = copyOfBundled();
    makeReadOnly(x);
    const cache = tmp('hb-xdg-');
    makeTheirs(cache);
    const env = { XDG_CACHE_HOME: cache };
    const cwd = tmp('hb-cwd-');
    letIn(cwd);
    const place = join(cache, 'handbook', cacheFolderName(x));
    // A reading command compiles once and writes its output there, silently.
    const first = runUnprivileged([process.execPath, BIN, 'search', '用地指标', '--json', '--dir', x], { cwd, env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout).results[0]?.clause).toBe('land.2.1');
    expect(existsSync(join(x, '.handbook'))).toBe(false);
    const compiled = join(place, 'handbook.json');
    expect(recordedHash(compiled, '01-land.md')).toBe(sha(readFileSync(land(x), 'utf8')));
    const kept = identity(compiled);
    const second = runUnprivileged([process.execPath, BIN, 'search', '用地指标', '--json', '--dir', x], { cwd, env });
    expect(second.stdout).toBe(first.stdout);
    expect(identity(compiled)).toEqual(kept);
    // build says where it wrote.
    const built = runUnprivileged([process.execPath, BIN, 'build', '--dir', x], { cwd, env });
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toContain(place);
  });

  it('when nothing can be written, the command still answers and one dim line says what to run', () => {
    // Ensure a read-only handbook with no writable cache is usable and says how to make it fast.
    const x = copyOfBundled();
    makeReadOnly(x);
    const cache = tmp('hb-xdg-ro-');
    makeReadOnly(cache);
    const cwd = tmp('hb-cwd-');
    letIn(cwd);
    const r = runUnprivileged([process.execPath, BIN, 'check', '--set', 'size=小型', '--json', '--dir', x], { cwd, env: { XDG_CACHE_HOME: cache } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).results.length).toBeGreaterThan(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('无法写回');
    expect(lines[0]).toContain(`handbook build --dir ${x} --out`);
    const b = runUnprivileged([process.execPath, BIN, 'build', '--dir', x], { cwd, env: { XDG_CACHE_HOME: cache } });
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('--out');
  });

  it('--out still overrides: build and read there, nowhere else', () => {
    // Ensure an explicit output folder is the only one used.
    const x = copyOfBundled();
    const out = join(tmp('hb-out-'), 'o');
    expect(runCli(['build', '--dir', x, '--out', out]).code).toBe(0);
    expect(existsSync(join(out, 'handbook.json'))).toBe(true);
    expect(existsSync(join(x, '.handbook'))).toBe(false);
    const r = runCli(['list', '--json', '--dir', x, '--out', out]);
    expect(r.code).toBe(0);
    expect(existsSync(join(x, '.handbook'))).toBe(false);
  });
});
