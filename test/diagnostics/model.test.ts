// One diagnostic model (#16 item 5): handbook files, profiles, batch files and the tool's own
// defects are reported as the same record (Problem / Diagnostic), with codes from the one
// registry (CODES), and printed by the one formatter.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { CODES, formatDiagnostic, type Problem } from '../../src/diagnostics/index.js';
import { compileSources } from '../../src/validate/index.js';
import { runCli } from '../helpers/cli.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe('formatDiagnostic prints every kind of problem in one shape', () => {
  const cases: [string, Problem, string][] = [
    ['a handbook diagnostic', { severity: 'error', code: 'rule/unknown-fact', message: '未声明的事实 "x"', file: '01-land.md', line: 12, column: 3 }, '01-land.md:12:3: error 未声明的事实 "x" [rule/unknown-fact]'],
    ['a warning', { severity: 'warning', code: 'body/raw-html', message: '正文含 HTML', file: 'a.md', line: 1, column: 1 }, 'a.md:1:1: warning 正文含 HTML [body/raw-html]'],
    ['a profile field', { severity: 'error', code: 'profile/type', field: 'paid_in_wan', message: '应为数字', file: 'p.yaml', line: 3, column: 14 }, 'p.yaml:3:14: error 字段 paid_in_wan：应为数字 [profile/type]'],
    ['a field whose message names it', { severity: 'error', code: 'profile/unknown-field', field: 'x', message: '未知字段 "x"', file: 'p.yaml', line: 2, column: 1 }, 'p.yaml:2:1: error 未知字段 "x" [profile/unknown-field]'],
    ['a batch row (line only)', { severity: 'error', code: 'batch/columns', field: '', message: '列数不对', file: 'b.csv', line: 7 }, 'b.csv:7: error 列数不对 [batch/columns]'],
    ['--set (no position)', { severity: 'error', code: 'profile/set-syntax', field: '', message: '应写成 事实id=值', file: '--set' }, '--set: error 应写成 事实id=值 [profile/set-syntax]'],
    ['no file at all', { severity: 'error', code: 'internal/unexpected', message: '内部错误：x' }, 'error 内部错误：x [internal/unexpected]'],
  ];
  for (const [name, problem, line] of cases) {
    // Ensure the one formatter gives each its position, as much as is known, and its code.
    it(name, () => expect(formatDiagnostic(problem)).toBe(line));
  }

  // Ensure every code has its Chinese title and no code is registered twice under two spellings.
  it('every code in the registry has a title and the form area/name', () => {
    for (const [code, title] of Object.entries(CODES)) {
      expect(code).toMatch(/^[a-z]+(-[a-z]+)*\/[a-z]+(-[a-z0-9]+)*$/);
      expect(title.length).toBeGreaterThan(0);
    }
  });
});

describe("the tool's own defects", () => {
  // Ensure a bug inside the compiler is an internal/unexpected diagnostic without a stack trace,
  // never blamed on a file (it was 'file/unreadable' with the stack as its message).
  it('a throw inside compileSources is internal/unexpected, one line, no stack', () => {
    const exploding = {
      path: 'facts.yaml',
      get text(): string {
        throw new Error('injected fault\n    at somewhere (file.js:1:1)');
      },
    };
    const r = compileSources([exploding]);
    expect(r.handbook).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['internal/unexpected']);
    const message = r.diagnostics[0]!.message;
    expect(message).toContain('injected fault');
    expect(message).not.toMatch(/\n|\bat somewhere\b|file\.js/);
  });
});

describe('batch files are reported with codes too', () => {
  // Ensure the batch command's own errors (unreadable, empty) are coded diagnostics like any other.
  it('an unreadable and an empty batch file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hb-diag-'));
    made.push(dir);
    const missing = runCli(['check', '--batch', join(dir, 'missing.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/missing\.csv: error 无法读取批量文件：.* \[batch\/unreadable\]/);
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const r = runCli(['check', '--batch', empty]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/empty\.csv: error 批量文件是空的：第一行应为表头 \[batch\/empty\]/);
  });
});
