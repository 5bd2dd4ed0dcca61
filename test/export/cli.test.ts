// `handbook export` through the real CLI: output to stdout or a file, usage errors with
// exit code 2, a broken handbook with exit code 1, the help text.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const TMP = tempDir('hb-export-');
const OPS = fileURLToPath(new URL('./fixtures/ops/', import.meta.url));
const BROKEN = fileURLToPath(new URL('../fixtures/unknown-fact/', import.meta.url));
const DIR = ['--dir', OPS, '--out', join(TMP, '.handbook')];

describe('handbook export', () => {
  it('prints the query on stdout for the bundled handbook: name and one status per provision', () => {
    // Ensure the default export is the ansi query over "enterprises", one aliased CASE per provision.
    const r = runCli(['export', '--sql', '--on', '2026-11-30']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const list = JSON.parse(runCli(['list', '--json']).stdout) as { policies: { provisions: { id: string }[] }[] };
    const ids = list.policies.flatMap((p) => p.provisions.map((pr) => `"${pr.id}"`));
    expect([...r.stdout.matchAll(/ AS ("[^"]+")/g)].map((m) => m[1])).toEqual(ids);
    expect(r.stdout).toContain('FROM "enterprises";');
    expect(runCli(['export', '--sql', '-', '--on', '2026-11-30']).stdout).toBe(r.stdout);
  });

  it('writes the DDL to a file atomically with --sql FILE, saying so on stderr', () => {
    // Ensure --sql FILE writes the whole text (and nothing on stdout), leaving no temp file behind.
    const target = join(TMP, 'sub', '建表.sql');
    const r = runCli(['export', '--sql', target, '--ddl', '--dialect', 'clickhouse', '--table', 'db.t', ...DIR]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('已写出');
    expect(r.stderr).toContain('方言 clickhouse');
    const text = readFileSync(target, 'utf8');
    expect(text).toContain('CREATE TABLE "db"."t" (');
    expect(text).toContain('ENGINE = MergeTree');
    expect(readdirSync(join(TMP, 'sub'))).toEqual(['建表.sql']);
  });

  it('accepts postgresql, sqlite, duckdb and trino as names of the ansi dialect, and spark', () => {
    // Ensure the dialect names the docs use are accepted, and spark backquotes identifiers.
    const ansi = runCli(['export', '--sql', ...DIR]).stdout;
    expect(runCli(['export', '--sql', '--dialect', 'PostgreSQL', ...DIR]).stdout).toBe(ansi);
    expect(runCli(['export', '--sql', '--dialect', 'trino', ...DIR]).stdout).toBe(ansi);
    expect(runCli(['export', '--sql', '--dialect', 'sqlite', ...DIR]).stdout).toBe(ansi);
    expect(runCli(['export', '--sql', '--dialect', 'DuckDB', ...DIR]).stdout).toBe(ansi);
    expect(runCli(['export', '--sql', '--dialect', 'spark', ...DIR]).stdout).toContain('FROM `enterprises`;');
  });

  it.each([
    [['export'], '--sql'],
    [['export', '--sql', '--dialect', 'mysqll'], '--dialect "mysqll" 无法识别'],
    [['export', '--sql', '--on', '2026-02-30'], '--on "2026-02-30" 不是有效日期'],
    [['export', '--sql', '--table', 'a..b'], '不能为空'],
    [['export', '--sql', '--bogus'], '--bogus'],
  ])('refuses %j as wrong usage (exit 2)', (args, message) => {
    // Ensure each usage mistake is named on stderr, with exit code 2 and nothing on stdout.
    const r = runCli([...args, ...DIR]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });

  it('exits 1 with the diagnostics for a handbook with errors', () => {
    // Ensure a broken handbook is reported, not exported.
    const r = runCli(['export', '--sql', '--dir', BROKEN, '--out', join(TMP, '.broken')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('手册有错误');
  });

  it('exits 1 when the output file cannot be written, leaving nothing behind', () => {
    // Ensure a write failure is a clear message, not a crash or a half-written file.
    const dirTarget = join(TMP, 'is-a-dir');
    mkdirSync(dirTarget, { recursive: true });
    writeFileSync(join(dirTarget, 'keep'), 'x');
    const r = runCli(['export', '--sql', dirTarget, ...DIR]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('不能写入');
    expect(r.stderr).toContain('它已存在且是目录');
    expect(readdirSync(dirTarget)).toEqual(['keep']);
    expect(readdirSync(TMP).filter((n) => n.includes('handbook-tmp'))).toEqual([]);
  });

  it('has Chinese help with examples', () => {
    // Ensure --help describes the options in Chinese and shows examples.
    const r = runCli(['export', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('示例：');
    expect(r.stdout).toContain('--dialect <name>');
    expect(r.stdout).toContain('docs/SQL.md');
  });
});
