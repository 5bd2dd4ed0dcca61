// Live search in a real terminal: tmux runs the CLI, we type, read the screen, press Enter.
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { handbookCommand, hasTmux, tmux, TmuxSessions } from '../helpers/tmux.js';
import { CLAUSE_KEYS, LIST_KEYS } from '../../src/cli/live.js';
import { displayWidth } from '../../src/cli/table.js';
import { tempDir } from '../helpers/temp.js';

let out: string;
const terminal = new TmuxSessions('hb-live');
const waitFor = (session: string, pattern: RegExp, ms = 15_000) => terminal.waitFor(session, pattern, { ms });
const start = (args: string, width = 120) => terminal.start(handbookCommand(args), width, 40);

beforeAll(() => {
  out = join(tempDir('hb-live-'), '.handbook');
  const r = runCli(['build', '--out', out]);
  if (r.code !== 0) throw new Error(r.stderr);
});

describe.skipIf(!hasTmux)('live search (tmux; skipped only when tmux is not installed)', () => {
  // Ensure typing shows matching clauses as you type, Enter opens the clause, Esc returns to the list, q leaves with the clause printed.
  it('searches as you type, opens the clause on Enter and returns to the list on Esc', async () => {
    const s = start(`search -i --out ${out}`);
    expect(await waitFor(s, /检索条文/)).toMatch(/检索条文/);
    tmux('send-keys', '-t', s, '-l', '小微企业贷款');
    const results = await waitFor(s, /小微企业信贷专营服务/);
    expect(results).toMatch(/二（一） 小微企业信贷专营服务.*\[示例文本\]/);
    expect(results).toMatch(/同时搜索：.*信贷/);
    // The keys, in Chinese, at the foot of the list.
    expect(results).toContain(LIST_KEYS);
    expect(results).not.toMatch(/navigate|select|No results/);
    tmux('send-keys', '-t', s, 'Enter');
    const opened = await waitFor(s, /本条规定的条目/);
    expect(opened).toContain('finance.micro-credit');
    expect(opened).toContain(CLAUSE_KEYS);
    expect(opened).not.toContain('检索条文');
    tmux('send-keys', '-t', s, 'Escape');
    const back = await waitFor(s, /检索条文.*小微企业贷款[\s\S]*小微企业信贷专营服务/);
    expect(back).toMatch(/检索条文（输入词语）： 小微企业贷款/);
    expect(back).not.toContain('本条规定的条目');
    tmux('send-keys', '-t', s, 'Enter');
    await waitFor(s, /本条规定的条目/);
    tmux('send-keys', '-t', s, '-l', 'q');
    const shown = await waitFor(s, /\[exit \d+\]/);
    expect(shown).toContain('本条规定的条目');
    expect(shown).toContain('finance.micro-credit');
    expect(shown).not.toContain(CLAUSE_KEYS);
    expect(shown).toContain('[exit 0]');
  });

  // Ensure titles too long for a narrow terminal are cut with … and no row is wider than the terminal.
  it('cuts titles with … to the width', async () => {
    const s = start(`search -i --out ${out}`, 50);
    expect(await waitFor(s, /检索条文/)).toMatch(/检索条文/);
    tmux('send-keys', '-t', s, '-l', '出口信用保险');
    const screen = await waitFor(s, /二（一） 出口信用保.*《/);
    const rows = screen.split('\n').filter((l) => /^[❯ ] \S/.test(l) && l.includes('《'));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((l) => /出口信用保…/.test(l))).toBe(true);
    expect(rows.every((l) => /…》?\s|》/.test(l))).toBe(true);
    for (const l of screen.split('\n')) expect(displayWidth(l), l).toBeLessThanOrEqual(50);
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
    // What the list drew is cleared: neither the prompt nor a result is left on the screen.
    expect(end).not.toContain('检索条文');
    expect(end).not.toContain('用地指标倾斜');
    expect(end).not.toContain(LIST_KEYS);
  });
});
