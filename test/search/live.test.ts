// Live search in a real terminal: tmux runs the CLI, we type, read the screen, press Enter.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT, runCli } from '../helpers/cli.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const sessions: string[] = [];
let out: string;

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

function screen(session: string): string {
  return tmux('capture-pane', '-p', '-t', session);
}

/** Polls the screen until `pattern` appears (or gives up after `ms` and returns the last screen). */
async function waitFor(session: string, pattern: RegExp, ms = 15_000): Promise<string> {
  const until = Date.now() + ms;
  let last = '';
  while (Date.now() < until) {
    last = screen(session);
    if (pattern.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  return last;
}

function start(args: string): string {
  const name = `hb-live-${process.pid}-${sessions.length}`;
  sessions.push(name);
  const cmd = `cd ${ROOT} && NO_COLOR=1 ${process.execPath} ${BIN} ${args}; echo "[exit $?]"; sleep 60`;
  tmux('new-session', '-d', '-s', name, '-x', '120', '-y', '40', cmd);
  return name;
}

beforeAll(() => {
  out = join(mkdtempSync(join(tmpdir(), 'hb-live-')), '.handbook');
  const r = runCli(['build', '--out', out]);
  if (r.code !== 0) throw new Error(r.stderr);
});

afterEach(() => {
  while (sessions.length) spawnSync('tmux', ['kill-session', '-t', sessions.pop()!]);
});

describe.skipIf(!hasTmux)('live search (tmux; skipped only when tmux is not installed)', () => {
  // Ensure typing shows matching clauses as you type, and Enter prints the clause as `show` does.
  it('searches as you type and opens the clause on Enter', async () => {
    const s = start(`search -i --out ${out}`);
    expect(await waitFor(s, /检索条文/)).toMatch(/检索条文/);
    tmux('send-keys', '-t', s, '-l', '小微企业贷款');
    const results = await waitFor(s, /小微企业信贷专营服务/);
    expect(results).toMatch(/二（一） 小微企业信贷专营服务.*\[示例文本\]/);
    expect(results).toMatch(/同时搜索：.*信贷/);
    tmux('send-keys', '-t', s, 'Enter');
    const shown = await waitFor(s, /\[exit \d+\]/);
    expect(shown).toContain('本条规定的条目');
    expect(shown).toContain('finance.micro-credit');
    expect(shown).toContain('[exit 0]');
  });

  // Ensure `handbook` with no arguments on a terminal starts live search, and Ctrl+C leaves cleanly.
  it('starts from a bare `handbook` and leaves on Ctrl+C', async () => {
    const s = start(``);
    expect(await waitFor(s, /检索条文/)).toMatch(/检索条文/);
    tmux('send-keys', '-t', s, '-l', '用地指标');
    expect(await waitFor(s, /用地指标倾斜/)).toMatch(/用地指标倾斜/);
    tmux('send-keys', '-t', s, 'C-c');
    const end = await waitFor(s, /\[exit \d+\]/);
    expect(end).toContain('[exit 0]');
    expect(end).not.toMatch(/Error|at .*\.js:\d+/);
  });
});
