//! Writing an output file atomically, without harming what is already there. Every writer of
//! the tool uses it: the compiled handbook (streamed), the booklet, the brief, saved profiles,
//! exports, init. In: a target path and its bytes (or a function that writes them to a file
//! descriptor). Out: the target replaced atomically (a temp file beside it, then rename: a
//! reader sees the old file or the new one, never half of one), or an OutputPathError with a
//! Chinese message and nothing written, nothing replaced.
//!
//! The rule, checked before any work (checkOutputPath) and again just before the write:
//! - A symlink is followed to its final target, and that target is written atomically; the
//!   link itself stays a link. A dangling link (or a loop) is refused.
//! - Anything that exists and is not a regular file (a directory, a device node such as
//!   /dev/full, a FIFO, a socket) is refused and never replaced.
//! - Nothing is written under /proc or /sys (kernel file systems: `/proc/self/fd/1` is not a
//!   way to reach standard output; commands that can write to stdout take `-` for it).
//! - Every ancestor that exists must be a directory (a path through a regular file is
//!   refused); missing parent folders are created.
//! - The temp file is `.NAME.handbook-tmp-PID-RANDOM` in the target's folder. A process
//!   killed with `kill -9` cannot remove its own; the next write of the same target removes
//!   every such temp whose PID is no longer running.

import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, realpathSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fileKind } from './read.js';

/** An output path that the writer refuses; its message is for the user, in Chinese. */
export class OutputPathError extends Error {
  override name = 'OutputPathError';
}

/** Kernel file systems, where no output file belongs. */
const KERNEL_ROOTS = ['/proc', '/sys'];


function underKernelRoot(path: string): string | undefined {
  return KERNEL_ROOTS.find((root) => path === root || path.startsWith(root + sep));
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/** Why errno failed, in Chinese, for the messages here. */
function because(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    EACCES: '没有权限',
    EPERM: '不允许的操作',
    EROFS: '只读文件系统',
    ENOSPC: '磁盘空间不足',
    EDQUOT: '超出磁盘配额',
    EIO: '输入输出错误',
    ENOTDIR: '路径中有一段不是目录',
    ENAMETOOLONG: '路径过长',
    ELOOP: '符号链接层数过多',
    EISDIR: '这是一个目录',
  };
  return code && words[code] ? `${words[code]}（${code}）` : (e as Error).message;
}

/**
 * The path that will really be written for `path` (symlinks followed), or an OutputPathError
 * saying why nothing may be written there. Touches nothing.
 */
export function resolveOutputPath(path: string): string {
  const absolute = resolve(path);
  const kernel = underKernelRoot(absolute);
  if (kernel) throw new OutputPathError(`不能写入 ${absolute}：它位于 ${kernel}（内核的虚拟文件系统）。输出到标准输出请用 -（若该命令支持）。`);
  let target = absolute;
  const own = lstatOrUndefined(absolute);
  if (own?.isSymbolicLink()) {
    try {
      target = realpathSync(absolute);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new OutputPathError(
        code === 'ENOENT' ? `不能写入 ${absolute}：它是指向不存在位置的符号链接。` : `不能写入 ${absolute}：无法解析符号链接（${because(e)}）。`,
      );
    }
    const through = underKernelRoot(target);
    if (through) throw new OutputPathError(`不能写入 ${absolute}：它是指向 ${target} 的符号链接，位于 ${through}（内核的虚拟文件系统）。`);
  }
  const st = target === absolute ? own : lstatOrUndefined(target);
  if (st && !st.isFile()) {
    throw new OutputPathError(`不能写入 ${target}：它已存在且是${fileKind(st)}，不是普通文件；为免破坏，未写出也未替换任何东西。`);
  }
  // The nearest existing ancestor must be a directory (a path through a regular file fails).
  for (let dir = dirname(target); ; dir = dirname(dir)) {
    let ancestor: Stats | undefined;
    try {
      ancestor = statSync(dir);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') continue;
      if (code !== 'ENOENT') throw new OutputPathError(`不能写入 ${target}：无法访问 ${dir}（${because(e)}）。`);
    }
    if (ancestor) {
      if (!ancestor.isDirectory()) throw new OutputPathError(`不能写入 ${target}：路径经过 ${dir}，它不是目录。`);
      break;
    }
    if (dirname(dir) === dir) break;
  }
  return target;
}

/** Stale temp files of `target` (their writer's PID is gone): removed, silently. */
function removeStaleTemps(target: string): void {
  const prefix = `.${basename(target)}.handbook-tmp-`;
  let names: string[];
  try {
    names = readdirSync(dirname(target));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || alive(pid)) continue;
    rmSync(join(dirname(target), name), { force: true });
  }
}

/** True when a process with this PID exists (ours or anyone's). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The temp file name beside `target` for this process: `.NAME.handbook-tmp-PID-RANDOM`. */
export function tempPathFor(target: string): string {
  const random = Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return join(dirname(target), `.${basename(target)}.handbook-tmp-${process.pid}-${random}`);
}

/**
 * Writes a file atomically by the rule above: `write(fd)` fills the temp file, which is then
 * renamed over the (resolved) target; with `keepIdentical`, a target that already holds the
 * same bytes is left as it is. Throws OutputPathError for a refused path or a failed
 * write; the temp file is removed on any failure. Returns the path written.
 */
export function writeAtomically(path: string, write: (fd: number) => void, options: { keepIdentical?: boolean } = {}): string {
  const target = resolveOutputPath(path);
  try {
    mkdirSync(dirname(target), { recursive: true });
  } catch (e) {
    throw new OutputPathError(`不能写入 ${target}：无法创建目录 ${dirname(target)}（${because(e)}）。`);
  }
  removeStaleTemps(target);
  const tmp = tempPathFor(target);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx');
    write(fd);
    closeSync(fd);
    fd = undefined;
    // Checked again: between the first check and now, something else may have appeared.
    const now = lstatOrUndefined(target);
    if (now && !now.isFile()) throw new OutputPathError(`不能写入 ${target}：它已存在且是${fileKind(now)}，不是普通文件；为免破坏，未替换。`);
    if (now && options.keepIdentical && sameBytes(tmp, target)) {
      // The same bytes are there already: the file (and its inode) stays, so a reader of it
      // in another process is not disturbed.
      rmSync(tmp, { force: true });
      return target;
    }
    if (now) chmodSync(tmp, now.mode & 0o7777);
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    if (e instanceof OutputPathError) throw e;
    throw new OutputPathError(`无法写出 ${target}：${because(e)}`);
  }
  return target;
}

/** True when the two files hold the same bytes (compared a chunk at a time). */
function sameBytes(a: string, b: string): boolean {
  if (statSync(a).size !== statSync(b).size) return false;
  const fa = openSync(a, 'r');
  try {
    const fb = openSync(b, 'r');
    try {
      const ba = Buffer.allocUnsafe(1 << 16);
      const bb = Buffer.allocUnsafe(1 << 16);
      for (;;) {
        const na = readSync(fa, ba, 0, ba.length, null);
        const nb = readSync(fb, bb, 0, bb.length, null);
        if (na !== nb || !ba.subarray(0, na).equals(bb.subarray(0, nb))) return false;
        if (na === 0) return true;
      }
    } finally {
      closeSync(fb);
    }
  } finally {
    closeSync(fa);
  }
}

/** Writes all of `bytes` at the fd's position (or at `position`). */
export function writeAll(fd: number, bytes: Uint8Array, position?: number): void {
  let done = 0;
  while (done < bytes.byteLength) {
    done += writeSync(fd, bytes, done, bytes.byteLength - done, position === undefined ? null : position + done);
  }
}

/**
 * Writes `data` to `path` atomically by the rule in this module's header; throws
 * OutputPathError (a Chinese message) when the path is refused or the write fails.
 * @example writeFileAtomic('out/汇编.html', html)
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): string {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return writeAtomically(path, (fd) => writeAll(fd, bytes));
}
