// `handbook ask` in a real terminal (tmux): the enterprise's name is asked first, “← 上一题”
// (or `<` in a number question) goes back one question and the answer can be changed, and
// Ctrl+C offers to save what was answered — to --save's path when given, else to a file the
// user names; nothing answered, nothing offered.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { tempDir } from '../helpers/temp.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN } from '../helpers/cli.js';
import { hasTmux, tmux, TmuxSessions } from '../helpers/tmux.js';

const MINI = fileURLToPath(new URL('./fixtures/mini/', import.meta.url));
const TMP = tempDir('hb-ask-nav-');
const terminal = new TmuxSessions('hb-ask-nav');
/** The screen once `ready` shows on it (scrolled-off lines included), or a failure naming `what`. */
const waitFor = (session: string, ready: RegExp, what: string) => terminal.waitFor(session, ready, { what, joined: true, scrollback: 200 });

function start(args: string): string {
  return terminal.start(`NO_COLOR=1 '${process.execPath}' '${BIN}' ask --dir '${MINI}' --out '${join(TMP, 'out')}' --on 2026-11-30 ${args}; echo "EXIT=$?"; sleep 600`, 200, 50);
}

const type = (s: string, text: string) => {
  if (text) tmux('send-keys', '-t', s, '-l', text);
  tmux('send-keys', '-t', s, 'Enter');
};

/** The question being asked (the last line starting with "? "). */
const current = (screen: string) => screen.split('\n').filter((l) => l.startsWith('? ')).at(-1) ?? '';

describe.skipIf(!hasTmux)('handbook ask: name, going back, Ctrl+C (tmux; skipped only without tmux)', () => {
  // Ensure the name comes first, going back re-asks the question before with its answer undone, and Ctrl+C saves to --save.
  it('asks the name first, goes back one question, and saves on Ctrl+C to --save', async () => {
    const save = join(TMP, 'saved.yaml');
    const s = start(`--save '${save}'`);
    await waitFor(s, /^\? 企业名称（可直接回车跳过）/m, '企业名称');
    type(s, '某某科技公司');
    let screen = await waitFor(s, /^\? .*项目投资方属于哪一类？/m, '第一个问题');
    expect(screen).toMatch(/\d\. ← 上一题/);
    type(s, '1');
    screen = await waitFor(s, /^\? .*实际到位资金是多少万元？.*输入 < 返回上一题/m, '第二个问题');
    // Back from a number question: `<`.
    type(s, '<');
    screen = await waitFor(s, /^\? .*项目投资方属于哪一类？\s*$/m, '返回第一个问题');
    expect(current(screen)).toMatch(/项目投资方属于哪一类？/);
    type(s, '2');
    await waitFor(s, /^✔ .*项目投资方属于哪一类？ 境外浙商/m, '改答第一个问题');
    await waitFor(s, /^\? .*实际到位资金是多少万元？/m, '再到第二个问题');
    tmux('send-keys', '-t', s, 'C-c');
    await waitFor(s, /^\? 已中止问答。是否保存已回答的 1 个问题？/m, '保存的提问');
    type(s, '');
    screen = await waitFor(s, /^EXIT=\d+/m, '结束');
    expect(screen).toMatch(/^EXIT=130$/m);
    expect(screen).toContain(`已保存到 ${save}`);
    const saved = readFileSync(save, 'utf8');
    expect(saved).toMatch(/^name: 某某科技公司$/m);
    // The answer changed after going back is the one saved.
    expect(saved).toMatch(/^investor_origin: 境外浙商/m);
    expect(saved).not.toContain('省外浙商');
  });

  // Ensure “← 上一题” in a choice question goes back, here from the first question to the name.
  it('goes back from a choice to the name', async () => {
    const s = start('');
    await waitFor(s, /^\? 企业名称/m, '企业名称');
    type(s, '甲公司');
    const screen = await waitFor(s, /^\? .*项目投资方属于哪一类？/m, '第一个问题');
    const back = /(\d)\. ← 上一题/.exec(screen)![1]!;
    type(s, back);
    await waitFor(s, /^\? 企业名称（可直接回车跳过）：\s*\(甲公司\)/m, '返回企业名称');
  });

  // Ensure without --save Ctrl+C asks where to save, and saves there.
  it('asks where to save on Ctrl+C without --save', async () => {
    const file = join(TMP, 'named.yaml');
    const s = start('');
    await waitFor(s, /^\? 企业名称/m, '企业名称');
    type(s, '');
    await waitFor(s, /^\? .*项目投资方属于哪一类？/m, '第一个问题');
    type(s, '1');
    await waitFor(s, /^\? .*实际到位资金是多少万元？/m, '第二个问题');
    tmux('send-keys', '-t', s, 'C-c');
    await waitFor(s, /^\? 已中止问答。是否保存/m, '保存的提问');
    type(s, 'y');
    await waitFor(s, /^\? 保存到哪个文件（YAML）/m, '文件名');
    tmux('send-keys', '-t', s, 'C-u');
    type(s, file);
    const screen = await waitFor(s, /^EXIT=\d+/m, '结束');
    expect(screen).toMatch(/^EXIT=130$/m);
    expect(readFileSync(file, 'utf8')).toMatch(/^investor_origin: 省外浙商/m);
  });

  // Ensure Ctrl+C before anything is answered offers nothing and writes nothing.
  it('offers nothing when nothing was answered', async () => {
    const save = join(TMP, 'never.yaml');
    const s = start(`--save '${save}'`);
    await waitFor(s, /^\? 企业名称/m, '企业名称');
    tmux('send-keys', '-t', s, 'C-c');
    const screen = await waitFor(s, /^EXIT=\d+/m, '结束');
    expect(screen).toMatch(/^EXIT=130$/m);
    expect(screen).toContain('已中止问答（尚未回答任何问题）');
    expect(screen).not.toContain('是否保存');
    expect(existsSync(save)).toBe(false);
  });
});
