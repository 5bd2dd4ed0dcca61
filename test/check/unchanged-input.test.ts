//! Input is never silently changed (issue #15 finding 9): bytes that are not UTF-8 and NUL
//! characters are errors with their position in batches (CSV, JSON Lines), profile files
//! and handbook sources; a lone CR inside a quoted CSV field does not shift line numbers;
//! JSON is strict; `--dir ''` and an empty standard input are usage errors. Each case
//! checks the exit code, the Chinese message with its position, and that nothing was
//! written for it. Runs the real bin/handbook.js.

import { describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const MINI = join(ROOT, 'test', 'check', 'fixtures', 'mini');
const ON = ['--on', '2026-11-30'];
const TMP = tempDir('hb-unchanged-');
let n = 0;

function file(name: string, bytes: string | Buffer): string {
  const path = join(TMP, `${n++}-${name}`);
  writeFileSync(path, bytes);
  return path;
}

/** The rows of a JSON Lines output, by line. */
function rows(stdout: string): Map<number, { results?: unknown[]; errors?: { code: string; message: string }[] }> {
  return new Map(stdout.trimEnd().split('\n').map((l) => JSON.parse(l)).map((o) => [o.line, o]));
}

const GBK = Buffer.from([0xba, 0xbc]);

describe('bytes that are not UTF-8 in a batch', () => {
  it('a CSV row is refused at its line and column; the others are answered', () => {
    // Ensure the row never becomes U+FFFD with exit 0.
    const p = file('b.csv', Buffer.concat([Buffer.from('name,region\n甲,'), GBK, Buffer.from('\n乙,杭州\n')]));
    const r = runCli(['check', '--batch', p, '--dir', MINI, ...ON]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${p}:2:3: error 不是合法的 UTF-8 文本（请把文件另存为 UTF-8 编码） [profile/syntax]`);
    const out = rows(r.stdout);
    expect(out.get(2)!.results).toBeUndefined();
    expect(out.get(2)!.errors![0]!.code).toBe('profile/syntax');
    expect(out.get(3)!.results).toBeDefined();
    expect(r.stdout).not.toContain('\uFFFD');
  });

  it('a JSON Lines row is refused at its line and column', () => {
    // Ensure the same for JSON Lines.
    const p = file('b.jsonl', Buffer.concat([Buffer.from('{"region":"杭州"}\n{"name":"'), GBK, Buffer.from('"}\n')]));
    const r = runCli(['check', '--batch', p, '--dir', MINI, ...ON]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${p}:2:10: error 不是合法的 UTF-8 文本`);
    expect(rows(r.stdout).get(2)!.results).toBeUndefined();
    expect(r.stdout).not.toContain('\uFFFD');
  });

  it('a CSV header that is not UTF-8 stops the file before any row', () => {
    // Ensure a bad header is a header error, with nothing written.
    const p = file('h.csv', Buffer.concat([Buffer.from('name,'), GBK, Buffer.from('\n甲,1\n')]));
    const r = runCli(['check', '--batch', p, '--dir', MINI, ...ON]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${p}:1:6: error 不是合法的 UTF-8 文本（请把文件另存为 UTF-8 编码） [batch/header]`);
    expect(r.stdout).toBe('');
  });

  it('a genuine U+FFFD character is text like any other', () => {
    // Ensure only invalid bytes are refused, not the replacement character itself.
    const p = file('ok.csv', 'name,region\n\uFFFD公司,杭州\n');
    const r = runCli(['check', '--batch', p, '--dir', MINI, ...ON]);
    expect(r.code).toBe(0);
  });
});

describe('NUL characters', () => {
  it.each([
    ['CSV', 'b.csv', 'name,region\n甲,杭\0州\n乙,杭州\n', ':2:4: '],
    ['JSON Lines', 'b.jsonl', '{"region":"杭州"}\n{"region":"杭\0州"}\n', ':2:13: '],
  ])('a %s row with one is refused at its position', (_kind, name, text, at) => {
    // Ensure NUL never passes into a profile.
    const p = file(name, text);
    const r = runCli(['check', '--batch', p, '--dir', MINI, ...ON]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${p}${at}error 含 NUL 字符（U+0000）：文本中不能有它 [profile/syntax]`);
    expect(rows(r.stdout).get(2)!.results).toBeUndefined();
  });

  it.each([
    ['YAML', 'p.yaml', 'region: 杭\0州\n', ':1:10: '],
    ['JSON', 'p.json', '{"region": "杭\0州"}', ':1:14: '],
  ])('a %s profile file with one is refused at its position', (_kind, name, text, at) => {
    // Ensure a profile file reports it too, and nothing is printed on stdout.
    const p = file(name, text);
    const r = runCli(['check', p, '--dir', MINI, ...ON]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${p}${at}error 画像文件含 NUL 字符（U+0000）：文本中不能有它 [profile/syntax]`);
    expect(r.stdout).toBe('');
  });

  it('a handbook source with one fails lint and export --sql writes nothing', () => {
    // Ensure NUL never reaches the SQL comments (or anything else) of an export.
    const dir = join(ROOT, 'test', 'fixtures', 'nul-byte');
    const lint = runCli(['lint', '--dir', dir]);
    expect(lint.code).toBe(1);
    expect(lint.stderr).toContain('01-child.md:27:9: error 文件含 NUL 字符（U+0000）：文本中不能有它 [file/nul]');
    const out = tempDir('hb-nul-out-');
    const sql = runCli(['export', '--sql', '--dir', dir, '--out', out]);
    expect(sql.code).toBe(1);
    expect(sql.stdout).toBe('');
    expect(readdirSync(out)).toEqual([]);
  });

  it('a profile file that is not UTF-8 is refused at the bad byte', () => {
    // Ensure the position is the byte's, not 1:1.
    const p = file('gbk.yaml', Buffer.concat([Buffer.from('name: 甲\nregion: '), GBK, Buffer.from('\n')]));
    const r = runCli(['check', p, '--dir', MINI, ...ON]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${p}:2:9: error 画像文件不是合法的 UTF-8 文本`);
  });
});

describe('a lone CR inside a quoted CSV field', () => {
  it('keeps the following line numbers those of the file (lines end at LF)', () => {
    // Ensure a CR is data inside quotes, not a line break that shifts later rows.
    const p = file('cr.csv', 'name,paid_in_wan\n"甲\r公司",1\n乙,bad\n');
    const r = runCli(['check', '--batch', p, '--dir', MINI, ...ON]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${p}:3: error 字段 paid_in_wan：`);
    const out = rows(r.stdout);
    expect([...out.keys()]).toEqual([2, 3]);
    expect(r.stdout).toContain('"name":"甲\\r公司"');
  });

  it('CRLF line endings are still accepted', () => {
    // Ensure Windows files keep working.
    const p = file('crlf.csv', 'name,paid_in_wan\r\n甲,1\r\n乙,bad\r\n');
    const r = runCli(['check', '--batch', p, '--dir', MINI, ...ON]);
    expect(r.stderr).toContain(`${p}:3: error 字段 paid_in_wan：`);
    expect([...rows(r.stdout).keys()]).toEqual([2, 3]);
  });
});

describe('strict JSON', () => {
  it.each([
    ['a trailing comma', '{"region": "杭州",}', ':1:16: error JSON 语法错误：意外的“,”：最后一项后面不能有逗号'],
    ['a comment', '{"region": "杭州" /* x */}', ':1:17: error JSON 语法错误：意外的“/”'],
    ['single quotes', "{'region': '杭州'}", ':1:2: error JSON 语法错误：意外的“\'”，应为带双引号的字段名'],
  ])('a JSON profile with %s is refused', (_what, text, message) => {
    // Ensure JSON profiles are JSON, not YAML flow mappings; nothing printed on stdout.
    const p = file('p.json', text);
    const r = runCli(['check', p, '--dir', MINI, ...ON]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${p}${message}`);
    expect(r.stdout).toBe('');
  });

  it('a JSON Lines row with a trailing comma is a bad row with its position', () => {
    // Ensure the batch path is as strict.
    const p = file('t.jsonl', '{"region": "杭州",}\n');
    const r = runCli(['check', '--batch', p, '--dir', MINI, ...ON]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${p}:1:16: error JSON 语法错误：意外的“,”：最后一项后面不能有逗号 [profile/syntax]`);
  });
});

describe('usage errors instead of silent defaults', () => {
  it.each([['lint'], ['check', '--set', 'region=杭州'], ['build'], ['list']])("%s --dir '' is a usage error (exit 2)", (...args) => {
    // Ensure an empty --dir never means the current folder.
    const r = runCli([...args, '--dir', '']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('错误：选项 --dir <path> 的取值 "" 无效。');
    expect(r.stdout).toBe('');
  });

  it("--out '' is a usage error (exit 2)", () => {
    // Ensure an empty --out never means the current folder.
    const r = runCli(['build', '--dir', MINI, '--out', '']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out <path> 的取值 "" 无效');
  });

  it('check - with an empty (or closed) standard input is a usage error', () => {
    // Ensure nothing on stdin is not answered as an empty profile.
    const r = runCli(['check', '-', '--dir', MINI, ...ON], { input: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('标准输入是空的');
    expect(r.stdout).toBe('');
  });

  it('check --batch - with an empty standard input is a usage error', () => {
    // Ensure the batch path says the same.
    const r = runCli(['check', '--batch', '-', '--dir', MINI, ...ON], { input: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('标准输入是空的');
    expect(r.stdout).toBe('');
  });
});
