// The compiled store's fast paths (stat cache, reading parts by the directory) never serve
// a stale or different handbook, and give the same answers as a full compile.
import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { POLICIES, runCli } from '../helpers/cli.js';
import { readCompiled } from '../../src/compiled/index.js';
import { tempDir } from '../helpers/temp.js';

const tmp = (p: string) => tempDir(p);
/** Search with the compiled output in `cwd`/.handbook (given as --out: these tests are about reading it, not where it lives). */
const searchJson = (args: string[], cwd: string, out = join(cwd, '.handbook')) => {
  const r = runCli(['search', ...args, '--json', '--out', out], { cwd });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { results: { policy: string; clause: string; score: number; snippet: string }[] };
};

/** A copy of the bundled handbook whose files are older than the stat cache's racy window. */
function agedCopy(): string {
  const dir = tmp('hb-aged-');
  cpSync(POLICIES, dir, { recursive: true });
  const old = new Date(Date.now() - 60_000);
  for (const f of readdirSync(dir)) utimesSync(join(dir, f), old, old);
  return dir;
}

describe('compiled store', () => {
  it('search results from the compiled file equal those of a fresh in-memory compile', () => {
    // Ensure reading only some shards and policies changes no score, snippet or order.
    const cwd = tmp('hb-store-');
    expect(runCli(['build', '--out', join(cwd, '.handbook')], { cwd }).code).toBe(0);
    const queries = ['用地指标', '小微企业贷款', '去国外参展有没有补贴', '浙委〔2011〕119号', '高层次人才 安家'];
    const fromCompiled = queries.map((q) => searchJson([q], cwd));
    rmSync(join(cwd, '.handbook'), { recursive: true });
    // An output folder under a regular file cannot be made: every query compiles in memory.
    writeFileSync(join(cwd, 'file'), '');
    const fromSources = queries.map((q) => searchJson([q], cwd, join(cwd, 'file', '.handbook')));
    expect(fromCompiled).toEqual(fromSources);
  });

  it('a compiled file rewritten by hand (no byte directory) is still read correctly', () => {
    // Ensure the partial reader falls back to parsing the whole file rather than using stale offsets.
    const cwd = tmp('hb-store-');
    expect(runCli(['build', '--out', join(cwd, '.handbook')], { cwd }).code).toBe(0);
    const before = searchJson(['用地指标'], cwd);
    const path = join(cwd, '.handbook', 'handbook.json');
    writeFileSync(path, JSON.stringify(readCompiled(path), null, 1));
    expect(searchJson(['用地指标'], cwd)).toEqual(before);
  });

  it('an edit of the same size after the stat cache is written is seen', () => {
    // Ensure the stat cache never hides a changed source: size equal, mtime changed, content different.
    const dir = agedCopy();
    const cwd = tmp('hb-store-');
    expect(runCli(['build', '--dir', dir, '--out', join(cwd, '.handbook')], { cwd }).code).toBe(0);
    searchJson(['用地指标', '--dir', dir], cwd); // writes the stat cache
    expect(existsSync(join(cwd, '.handbook', 'sources.stat'))).toBe(true);
    const file = join(dir, '01-land.md');
    const text = readFileSync(file, 'utf8');
    const edited = text.replace('用地指标倾斜。对重大回归项目', '用地鲲鹏倾斜。对重大回归项目');
    expect(Buffer.byteLength(edited)).toBe(Buffer.byteLength(text));
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
    const hits = searchJson(['鲲鹏', '--dir', dir], cwd).results;
    expect(hits[0]?.clause).toBe('land.2.1');
    expect(hits[0]?.snippet).toContain('鲲鹏');
  });

  it('the stat cache of one folder is not trusted for another folder with the same file names', () => {
    // Ensure --dir B never reads A's compiled handbook, even when B's files keep A's sizes and mtimes.
    const a = agedCopy();
    const cwd = tmp('hb-store-');
    expect(runCli(['build', '--dir', a, '--out', join(cwd, '.handbook')], { cwd }).code).toBe(0);
    searchJson(['用地指标', '--dir', a], cwd);
    const cache = readFileSync(join(cwd, '.handbook', 'sources.stat'));
    expect(JSON.parse(cache.toString('utf8', 0, cache.indexOf(10))).dir).toBe(a);
    expect(cache.includes('01-land.md')).toBe(true);
    const b = tmp('hb-other-');
    cpSync(a, b, { recursive: true, preserveTimestamps: true });
    const file = join(b, '01-land.md');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('用地指标倾斜。对重大回归项目', '用地鲲鹏倾斜。对重大回归项目'));
    const st = statSync(join(a, '01-land.md'));
    utimesSync(file, st.atime, st.mtime);
    const hits = searchJson(['鲲鹏', '--dir', b], cwd).results;
    expect(hits[0]?.clause).toBe('land.2.1');
    expect(hits[0]?.snippet).toContain('鲲鹏');
  });

  it('an edit put back to its old size and mtime is still seen (ctime)', () => {
    // Ensure back-dating a changed file (touch -d, cp -p) cannot make the stat cache vouch for it.
    const dir = agedCopy();
    const cwd = tmp('hb-store-');
    expect(runCli(['build', '--dir', dir, '--out', join(cwd, '.handbook')], { cwd }).code).toBe(0);
    const file = join(dir, '01-land.md');
    const st = statSync(file);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('用地指标倾斜。对重大回归项目', '用地鲲鹏倾斜。对重大回归项目'));
    utimesSync(file, st.atime, st.mtime);
    expect(statSync(file).mtimeMs).toBe(st.mtimeMs);
    expect(statSync(file).size).toBe(st.size);
    const hits = searchJson(['鲲鹏', '--dir', dir], cwd).results;
    expect(hits[0]?.clause).toBe('land.2.1');
  });

  it('a source added or removed after the stat cache is written is seen', () => {
    // Ensure trusting the folder's listing by its times never hides a new or a deleted file.
    const dir = agedCopy();
    const cwd = tmp('hb-store-');
    expect(runCli(['build', '--dir', dir, '--out', join(cwd, '.handbook')], { cwd }).code).toBe(0);
    // The build writes only the compiled file (the same bytes on any machine); the first search the stat cache.
    expect(readdirSync(join(cwd, '.handbook'))).toEqual(['handbook.json']);
    expect(searchJson(['鲲鹏', '--dir', dir], cwd).results).toEqual([]);
    expect(existsSync(join(cwd, '.handbook', 'sources.stat'))).toBe(true);
    const land = readFileSync(join(dir, '01-land.md'), 'utf8');
    const copy = land
      .replace(/^id: land$/m, 'id: landcopy')
      .replace(/^title: .*$/m, 'title: 关于鲲鹏用地试点的办法')
      .replaceAll('id: land.', 'id: landcopy.');
    writeFileSync(join(dir, '99-copy.md'), copy);
    const added = searchJson(['鲲鹏', '--dir', dir], cwd).results;
    expect(added.map((h) => h.policy)).toContain('landcopy');
    rmSync(join(dir, '99-copy.md'));
    expect(searchJson(['鲲鹏', '--dir', dir], cwd).results).toEqual([]);
  });

  it('a garbled or truncated stat cache is ignored, never trusted', () => {
    // Ensure any bytes in sources.stat at worst cost a hash of every source.
    const dir = agedCopy();
    const cwd = tmp('hb-store-');
    const out = join(cwd, '.handbook');
    expect(runCli(['build', '--dir', dir, '--out', out], { cwd }).code).toBe(0);
    const expected = searchJson(['用地指标', '--dir', dir], cwd);
    const good = readFileSync(join(out, 'sources.stat'));
    const file = join(dir, '01-land.md');
    const text = readFileSync(file, 'utf8');
    const variants = [Buffer.alloc(0), good.subarray(0, good.length - 5), Buffer.from('{"v":2}\n'), Buffer.from('not json\n\0\0'), Buffer.from(good).fill(0xff, good.indexOf(10) + 1)];
    for (const bytes of variants) {
      writeFileSync(join(out, 'sources.stat'), bytes);
      expect(searchJson(['用地指标', '--dir', dir], cwd)).toEqual(expected);
    }
    // And with a stale source behind a garbled cache, the change is seen.
    writeFileSync(join(out, 'sources.stat'), good.subarray(0, good.length - 5));
    writeFileSync(file, text.replace('用地指标倾斜。对重大回归项目', '用地鲲鹏倾斜。对重大回归项目'));
    expect(searchJson(['鲲鹏', '--dir', dir], cwd).results[0]?.clause).toBe('land.2.1');
  });
});
