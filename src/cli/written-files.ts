//! What the commands that write files (render, brief, ask --brief, build, export) share: a
//! written file's path as the user sees it, its size, and progress on one line of a terminal's stderr.

import { relative } from 'node:path';
import { err } from './context.js';
import { STDOUT_PATH } from './output.js';
import { shown } from '../words/terminal-text.js';

/** A path relative to the working directory when it is inside it, else as given (another handbook, the user's cache), shown safely. */
export function shownPath(path: string): string {
  if (path === STDOUT_PATH) return '标准输出';
  const rel = relative(process.cwd(), path);
  return shown(rel && !rel.startsWith('..') ? rel : path);
}

/**
 * The browser to print with: --chromium, else HANDBOOK_CHROMIUM, else looked for; and
 * HANDBOOK_CHROMIUM_TIMEOUT=SECONDS, one bound for its start, each DevTools command and the print.
 */
export function chromiumLookup(explicit: string | undefined): { explicit?: string; env?: string; timeouts?: { start: number; call: number; print: number } } {
  const seconds = Number(process.env.HANDBOOK_CHROMIUM_TIMEOUT);
  const ms = process.env.HANDBOOK_CHROMIUM_TIMEOUT && seconds > 0 ? Math.round(seconds * 1000) : undefined;
  return {
    ...(explicit ? { explicit } : {}),
    ...(process.env.HANDBOOK_CHROMIUM ? { env: process.env.HANDBOOK_CHROMIUM } : {}),
    ...(ms ? { timeouts: { start: ms, call: ms, print: ms } } : {}),
  };
}

/** 12 KB, 1.4 MB */
export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** HANDBOOK_RENDER_TIMING=1: each phase's time since the process started, on stderr (benchmarks). */
export const timing = process.env.HANDBOOK_RENDER_TIMING ? (s: string) => process.stderr.write(`[timing] ${performance.now().toFixed(0).padStart(5)} ms ${s}\n`) : () => {};

/** Progress on a terminal only: silent when piped and in CI. */
export function progressReporter(): { step: (s: string) => void; done: () => void } {
  const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
  if (!process.stderr.isTTY || ci) return { step: timing, done: () => {} };
  const started = Date.now();
  let shownAny = false;
  return {
    step: (s) => {
      timing(s);
      shownAny = true;
      process.stderr.write(`\r\x1b[K${err.dim(`${shown(s)}（${((Date.now() - started) / 1000).toFixed(1)} 秒）`)}`);
    },
    done: () => {
      if (shownAny) process.stderr.write('\r\x1b[K');
    },
  };
}
