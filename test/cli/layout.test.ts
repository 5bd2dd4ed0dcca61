// Terminal layout in a real terminal: tmux runs each command at 80 columns, and every line on
// the screen (tmux's own soft wraps joined back with -J, so a line we printed too long shows
// as too long) fits in 80 columns and starts with no closing punctuation (避头尾). Piped, the
// same commands print whole lines, unwrapped, for scripts.
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { handbookCommand, hasTmux, TmuxSessions } from '../helpers/tmux.js';
import { CLOSING, OPENING } from '../../src/cli/line-break.js';
import { displayWidth } from '../../src/cli/table.js';
import { tempDir } from '../helpers/temp.js';

let out: string;
const terminal = new TmuxSessions('hb-layout');

/** Runs `handbook ARGS` in an 80-column terminal until it exits; the screen with wrapped lines joined. */
async function runInTerminal(args: string, width = 80): Promise<string> {
  const name = terminal.start(handbookCommand(`${args} --out ${out}`), width, 400);
  const screen = await terminal.waitFor(name, /\[exit \d+\]/, { joined: true });
  if (!/\[exit \d+\]/.test(screen)) throw new Error(`命令未结束：${args}\n${screen}`);
  return screen;
}

const COMMANDS = ['show land', 'show land.2.1', 'search 用地指标', 'search 去国外参展有没有补贴', 'check examples/partial.yaml', 'check examples/partial.yaml --explain land.quota-priority', 'list'];

beforeAll(() => {
  out = join(tempDir('hb-layout-'), '.handbook');
  const r = runCli(['build', '--out', out]);
  if (r.code !== 0) throw new Error(r.stderr);
});

describe.skipIf(!hasTmux)('text wraps to the terminal (tmux at 80 columns; skipped only without tmux)', () => {
  for (const args of COMMANDS) {
    // Ensure no line is wider than the terminal and none starts with closing punctuation.
    it(args, async () => {
      const screen = await runInTerminal(args);
      expect(screen).toContain('[exit 0]');
      // The same command piped: its lines tell a line we printed from one the breaker continued.
      const piped = runCli([...args.split(' '), '--out', out]);
      const whole = (piped.stdout + piped.stderr).split('\n');
      const lines = screen.split('\n');
      let continued = 0;
      for (const [i, line] of lines.entries()) {
        expect(displayWidth(line), `wider than 80: "${line}"`).toBeLessThanOrEqual(80);
        if (line.trim() === '' || whole.some((w) => w.startsWith(line.trimEnd()))) continue;
        continued++;
        const first = Array.from(line.trimStart())[0]!;
        expect(CLOSING.has(first), `a continued line starts with closing punctuation: "${line}"`).toBe(false);
        const before = Array.from(lines[i - 1]!.trimEnd()).at(-1) ?? '';
        expect(OPENING.has(before), `a line ends with opening punctuation: "${lines[i - 1]}"`).toBe(false);
      }
      // Long lines were broken (not cut): there are continued lines.
      expect(continued).toBeGreaterThan(0);
    });
  }
});

describe('piped output is not wrapped', () => {
  // Ensure scripts get whole lines: a clause longer than any terminal stays on one line.
  it('prints each paragraph on one line when piped', () => {
    const r = runCli(['show', 'land.2.1', '--out', out]);
    expect(r.code).toBe(0);
    const widest = Math.max(...r.stdout.split('\n').map(displayWidth));
    expect(widest).toBeGreaterThan(160);
  });
});
