// No stack trace ever reaches a user: stdout on a full device (/dev/full) ends every command
// with one Chinese line and exit 1 (a batch says how many rows it wrote), and an unexpected
// error prints one line with the internal-error code.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

/** Runs the real CLI with stdout on /dev/full; returns exit code and stderr. */
function toDevFull(args: string[], env: Record<string, string> = {}): { code: number; stderr: string } {
  const full = openSync('/dev/full', 'w');
  try {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', full, 'pipe'], encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
    return { code: r.status ?? -1, stderr: r.stderr };
  } finally {
    closeSync(full);
  }
}

const STACK = /\n\s+at |Error: E[A-Z]+:|node:internal/;

describe('stdout on a full device', () => {
  const commands: [string, string[]][] = [
    ['list', ['list']],
    ['search', ['search', '用地指标']],
    ['show', ['show', 'land.2.1']],
    ['check', ['check', join(ROOT, 'examples', 'partial.yaml'), '--on', '2026-11-30']],
    ['check --json', ['check', join(ROOT, 'examples', 'partial.yaml'), '--on', '2026-11-30', '--json']],
    ['schema profile', ['schema', 'profile']],
    ['export --sql', ['export', '--sql']],
    ['render --html -', ['render', '--html', '-', '--date', '2026-11-30']],
    ['--help', ['--help']],
  ];
  for (const [name, args] of commands) {
    it(`${name} > /dev/full: exit 1 and one Chinese line, no stack trace`, () => {
      // Ensure ENOSPC on stdout is reported, never thrown at the user.
      const r = toDevFull(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('无法写出标准输出：磁盘空间不足（ENOSPC）');
      expect(r.stderr).not.toMatch(STACK);
    });
  }

  it('check --batch > /dev/full says how many rows were written', () => {
    // Ensure a cut batch output says how far it got (here: nothing, the first write failed).
    const r = toDevFull(['check', '--batch', join(ROOT, 'examples', 'batch.csv'), '--on', '2026-11-30']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/无法写出标准输出：磁盘空间不足（ENOSPC）；已完整写出 0 家企业的结果/);
    expect(r.stderr).not.toMatch(STACK);
  });
});

describe('unexpected errors', () => {
  it('print one line with the internal-error code and a request to report', () => {
    // Ensure a bug (here a handbook folder made unreadable mid-run is simulated by an injected
    // throw through HANDBOOK_DIR pointing at a file whose read throws) never shows a stack.
    const dir = tempDir('hb-crash-');
    const hook = join(dir, 'boom.cjs');
    writeFileSync(hook, "process.nextTick(() => { throw new Error('注入的故障'); });\n");
    const r = spawnSync(process.execPath, ['--require', hook, BIN, 'list'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('内部错误：注入的故障 [internal/unexpected]');
    expect(r.stderr).toContain('请附上所用的命令与输入文件报告');
  });
});
