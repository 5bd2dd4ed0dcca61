// Terminal escapes from a hostile handbook on a real terminal (tmux): `show`, live search and
// `ask` print the handbook's OSC title sequence, clear-screen and bidi override visibly, and the
// terminal never obeys them — the pane's title stays what it was and the screen is not cleared.
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from '../helpers/cli.js';
import { hasTmux, tmux, TmuxSessions } from '../helpers/tmux.js';
import { EVIL, makeHostileHandbook } from '../helpers/hostile.js';
import { tempDir } from '../helpers/temp.js';

const TMP = tempDir('hb-escapes-tty-');
const DIR = join(TMP, 'handbook');
const terminal = new TmuxSessions('hb-esc-tty');
/** The screen once `ready` shows on it, or a failure naming `what`. */
const waitFor = (session: string, ready: RegExp, what: string) => terminal.waitFor(session, ready, { what, joined: true });

function start(args: string, colour: boolean): string {
  const env = colour ? 'FORCE_COLOR=1' : 'NO_COLOR=1';
  // A line printed first: a clear-screen obeyed would wipe it.
  const session = terminal.start(`echo BEFORE-MARK; ${env} '${process.execPath}' '${BIN}' ${args} --dir '${DIR}' --out '${join(TMP, 'out')}'; echo "EXIT=$?"; sleep 600`, 160, 50);
  tmux('select-pane', '-t', session, '-T', 'KEEP-TITLE');
  return session;
}

/** The pane's title: an OSC 0 obeyed would have set it to PWNED. */
const title = (session: string) => tmux('display-message', '-p', '-t', session, '#{pane_title}').trim();

beforeAll(() => {
  makeHostileHandbook(DIR);
  writeFileSync(join(TMP, 'batch.csv'), `name,investor_origin,paid_in_wan\r\n"甲${EVIL.replace(/"/g, '""')}",省外浙商,100\r\n乙,境外浙商,200\r\n`);
});

describe.skipIf(!hasTmux)('a hostile handbook on a real terminal (tmux; skipped only without tmux)', () => {
  for (const colour of [false, true]) {
    // Ensure show prints the escapes visibly and the terminal obeys none of them.
    it(`show (${colour ? 'FORCE_COLOR' : 'NO_COLOR'})`, async () => {
      const s = start('show reward.contribution', colour);
      const screen = await waitFor(s, /^EXIT=\d+/m, 'show');
      expect(screen).toMatch(/^EXIT=0$/m);
      expect(screen).toContain('BEFORE-MARK');
      expect(screen).toContain('\\x1b]0;PWNED\\x07');
      expect(screen).toContain('⟨U+202E⟩evil');
      expect(title(s)).not.toContain('PWNED');
    });
  }

  // Ensure a CSV matrix written to a terminal shows its cells' escapes, and its rows still end where they should.
  it('check --batch --format csv', async () => {
    const s = start(`check --batch '${join(TMP, 'batch.csv')}' --format csv --on 2026-11-30`, false);
    const screen = await waitFor(s, /^EXIT=\d+/m, 'batch');
    expect(screen).toMatch(/^EXIT=0$/m);
    expect(screen).toContain('BEFORE-MARK');
    expect(screen).toContain('甲\\x1b]0;PWNED\\x07');
    expect(screen).toMatch(/^3,乙,/m);
    expect(title(s)).not.toContain('PWNED');
  });

  // Ensure live search rows and the opened clause show the escapes visibly.
  it('live search', async () => {
    const s = start('search -i', false);
    await waitFor(s, /检索条文/, '检索提示');
    tmux('send-keys', '-t', s, '-l', '贡献奖励');
    const list = await waitFor(s, /《测试奖励办法\\x1b\]0;PWNED/, '结果');
    expect(list).toContain('BEFORE-MARK');
    tmux('send-keys', '-t', s, 'Enter');
    const opened = await waitFor(s, /本条规定的条目/, '条文');
    expect(opened).toContain('⟨U+202E⟩evil');
    expect(title(s)).not.toContain('PWNED');
  });

  // Ensure ask shows a hostile question visibly, and the terminal obeys none of its escapes.
  it('ask', async () => {
    const s = start('ask --on 2026-11-30', false);
    await waitFor(s, /^\? 企业名称/m, '企业名称');
    tmux('send-keys', '-t', s, 'Enter');
    const screen = await waitFor(s, /项目投资方属于哪一类\\x1b]0;PWNED\\x07/, '第一个问题');
    expect(screen).toContain('BEFORE-MARK');
    expect(screen).toContain('⟨U+202E⟩evil');
    expect(title(s)).not.toContain('PWNED');
  });
});
