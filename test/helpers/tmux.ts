// A real terminal for tests: tmux runs the CLI in a detached session of a given size, the test
// types into it and reads the screen back. One TmuxSessions per test file: its sessions are
// named `PREFIX-PID-N`, killed after each test, and a keeper session held for the whole file
// keeps the tmux server from exiting (and a new session from racing its shutdown) between tests.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { BIN, ROOT } from './cli.js';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

export function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

/** The shell command that runs `handbook ARGS` in the repository, then prints `[exit N]` and waits. */
export function handbookCommand(args: string): string {
  return `cd ${ROOT} && NO_COLOR=1 ${process.execPath} ${BIN} ${args}; echo "[exit $?]"; sleep 60`;
}

export class TmuxSessions {
  private readonly live: string[] = [];
  private started = 0;
  private readonly keeper: string;

  /** Registers the file's hooks: the keeper before the first test, the sessions killed after each. */
  constructor(private readonly prefix: string) {
    this.keeper = `${prefix}-keeper-${process.pid}`;
    beforeAll(() => {
      if (hasTmux) tmux('new-session', '-d', '-s', this.keeper, 'sleep 600');
    });
    afterEach(() => {
      while (this.live.length) spawnSync('tmux', ['kill-session', '-t', this.live.pop()!]);
    });
    afterAll(() => {
      spawnSync('tmux', ['kill-session', '-t', this.keeper]);
    });
  }

  /** Starts `command` (a shell command) in a new session of width × height; returns its name. */
  start(command: string, width = 120, height = 40): string {
    const name = `${this.prefix}-${process.pid}-${this.started++}`;
    this.live.push(name);
    tmux('new-session', '-d', '-s', name, '-x', String(width), '-y', String(height), command);
    return name;
  }

  /**
   * The screen as text. `joined`: wrapped lines joined back (tmux -J), as the program wrote
   * them; `scrollback`: that many lines above the screen too (what scrolled off it).
   */
  screen(name: string, { joined = false, scrollback = 0 }: { joined?: boolean; scrollback?: number } = {}): string {
    return tmux('capture-pane', '-p', ...(joined ? ['-J'] : []), ...(scrollback ? ['-S', String(-scrollback)] : []), '-t', name);
  }

  /**
   * Polls the screen (see `screen` for `joined` and `scrollback`) until `ready` — a pattern, or a
   * test of the screen — holds, and returns it. After `ms`: with `what`, fails with
   * `等待{what}超时` and the screen; without, returns the last screen (the caller's expect says
   * what was missing).
   */
  async waitFor(
    name: string,
    ready: RegExp | ((screen: string) => boolean),
    { ms = 20_000, what, ...capture }: { ms?: number; what?: string; joined?: boolean; scrollback?: number } = {},
  ): Promise<string> {
    const holds = typeof ready === 'function' ? ready : (screen: string) => ready.test(screen);
    const until = Date.now() + ms;
    let last = '';
    while (Date.now() < until) {
      last = this.screen(name, capture);
      if (holds(last)) return last;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (what !== undefined) throw new Error(`等待${what}超时。屏幕内容：\n${last}`);
    return last;
  }
}
