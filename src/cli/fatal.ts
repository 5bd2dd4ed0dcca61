//! The last line of defence: no stack trace ever reaches a user.
//! - Standard output that cannot be written (a full disk, /dev/full: ENOSPC, EIO) ends the run
//!   with one Chinese line on stderr and exit code 1; a command that streams (check --batch)
//!   registers what it has written so far, and the line says so. A reader that goes away
//!   (`| head`, EPIPE) is not an error: the run ends quietly with its exit code.
//! - A compiled file that fails its checksum when a command reads a part of it late (a
//!   policy's text, a search shard; CompiledFileError) ends the run with its Chinese message,
//!   its code (`compiled/corrupt`) and exit code 1.
//! - Any other unexpected error prints one line with the code `internal/unexpected` and asks
//!   for a report; HANDBOOK_DEBUG=1 prints the stack as well (for whoever fixes it).

import { writeSync } from 'node:fs';
import { terminalSafe } from '../words/terminal-text.js';
import type { DiagnosticCode } from '../diagnostics/index.js';

export const INTERNAL_ERROR_CODE: DiagnosticCode = 'internal/unexpected';

const ERRNO_WORDS: Record<string, string> = {
  ENOSPC: '磁盘空间不足',
  EDQUOT: '超出磁盘配额',
  EIO: '输入输出错误',
  EFBIG: '文件过大',
  EBADF: '标准输出已关闭',
  EACCES: '没有权限',
  EROFS: '只读文件系统',
};

let progress: (() => string) | undefined;

/** A streaming command says how far its output got (e.g. "已完整写出 120 家企业的结果"). */
export function setOutputProgress(describe: (() => string) | undefined): void {
  progress = describe;
}

/** Writes straight to fd 2, never throwing (stderr itself may be what failed). */
function say(line: string): void {
  try {
    writeSync(2, terminalSafe(line) + '\n');
  } catch {
    // Nowhere left to say it.
  }
}

function errnoText(e: NodeJS.ErrnoException): string {
  const words = e.code ? ERRNO_WORDS[e.code] : undefined;
  return words ? `${words}（${e.code}）` : (e.code ?? e.message);
}

/** Installs the handlers on stdout and stderr, and for errors nothing else caught. */
export function guardProcess(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(Number(process.exitCode ?? 0));
    const got = progress?.();
    say(`handbook：无法写出标准输出：${errnoText(e)}${got ? `；${got}` : ''}。输出不完整。`);
    process.exit(1);
  });
  process.stderr.on('error', (e: NodeJS.ErrnoException) => {
    process.exit(e.code === 'EPIPE' ? Number(process.exitCode ?? 0) : 1);
  });
  process.on('uncaughtException', (e) => reportInternalError(e));
  process.on('unhandledRejection', (e) => reportInternalError(e));
}

/** One line for a bug, with its code and a request to report it; exit code 1. */
export function reportInternalError(e: unknown): void {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if ((code === 'EPIPE' || code === 'ENOSPC' || code === 'EIO') && (e as NodeJS.ErrnoException).syscall === 'write') {
    // A write to stdout that failed synchronously somewhere: the same words as above.
    say(`handbook：无法写出标准输出：${errnoText(e as NodeJS.ErrnoException)}。输出不完整。`);
    process.exit(code === 'EPIPE' ? Number(process.exitCode ?? 0) : 1);
  }
  if (e instanceof Error && (code === 'compiled/corrupt' || code === 'compiled/changed')) {
    // A compiled file found corrupt (or replaced) during a later read (src/compiled/read.ts): not a bug.
    say(`handbook：${e.message} [${code}]`);
    process.exit(1);
  }
  const first = String(e instanceof Error ? e.message : e).split('\n')[0]!.slice(0, 300);
  say(`handbook：内部错误：${first} [${INTERNAL_ERROR_CODE}]。这是本程序的缺陷，请附上所用的命令与输入文件报告给维护者（设置 HANDBOOK_DEBUG=1 可显示详细信息）。`);
  if (process.env.HANDBOOK_DEBUG) say(String(e instanceof Error ? e.stack : e));
  process.exit(1);
}
