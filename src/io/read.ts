//! Reading an input file by path without trusting what the path is. In: a path and a size
//! limit. Out: its bytes, or why not (not a regular file, too large, unreadable) — never a
//! hang and never more than limit + 1 bytes read. The handbook folder's sources, profile
//! files and batch files are read through it.
//!
//! - The path is opened with O_NONBLOCK, so a FIFO (or a symlink to one) opens at once instead
//!   of waiting for a writer; the open descriptor is then checked with fstat (what the path
//!   really leads to, symlinks followed, no race between a check and the open) and anything but
//!   a regular file (a FIFO, /dev/zero, a directory, a socket) is refused before a byte is read.
//! - A regular file is read into a buffer of at most limit + 1 bytes: a file that grows while
//!   it is read (or lies about its size) is still refused as too large, not read on and on.

import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';

/** Why a path could not be read as a regular file. */
export type ReadProblem =
  | { kind: 'not-regular'; what: string; target?: string }
  | { kind: 'too-large'; limit: number }
  | { kind: 'unreadable'; code?: string; message: string };

export type BoundedRead = { ok: true; bytes: Buffer } | ({ ok: false } & ReadProblem);

/** What a file that is not a regular file is, in Chinese. */
export function fileKind(st: Stats): string {
  if (st.isDirectory()) return '目录';
  if (st.isCharacterDevice()) return '字符设备';
  if (st.isBlockDevice()) return '块设备';
  if (st.isFIFO()) return '命名管道（FIFO）';
  if (st.isSocket()) return '套接字';
  return '特殊文件';
}

/** 8 MiB, the limit of one handbook source file (docs/FORMAT.md). */
export const SOURCE_FILE_LIMIT = 8 * 1024 * 1024;
/** 1 MiB, the limit of one profile file (docs/CHECK.md). */
export const PROFILE_FILE_LIMIT = 1024 * 1024;

/** "8 MiB" for a limit in bytes. */
export function sizeWords(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} 字节`;
}

/** Where a symlink leads, for a message (undefined when the path is not one or cannot be resolved). */
function linkTarget(path: string): string | undefined {
  try {
    return lstatSync(path).isSymbolicLink() ? realpathSync(path) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Opens `path` for reading without blocking and checks that it is a regular file: the open
 * descriptor, or why not (the descriptor then closed).
 */
export function openRegularFile(path: string): { ok: true; fd: number; size: number } | ({ ok: false } & ReadProblem) {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EISDIR') return { ok: false, kind: 'not-regular', what: '目录' };
    return { ok: false, kind: 'unreadable', code: err.code, message: err.code ?? err.message };
  }
  let st: Stats;
  try {
    st = fstatSync(fd);
  } catch (e) {
    closeSync(fd);
    const err = e as NodeJS.ErrnoException;
    return { ok: false, kind: 'unreadable', code: err.code, message: err.code ?? err.message };
  }
  if (!st.isFile()) {
    closeSync(fd);
    const real = linkTarget(path);
    return { ok: false, kind: 'not-regular', what: fileKind(st), ...(real !== undefined && real !== path ? { target: real } : {}) };
  }
  return { ok: true, fd, size: st.size };
}

/**
 * Reads a regular file of at most `limit` bytes (see the module comment): its bytes, or why
 * not. Never blocks on a FIFO, never reads more than limit + 1 bytes.
 */
export function readBounded(path: string, limit: number): BoundedRead {
  const opened = openRegularFile(path);
  if (!opened.ok) return opened;
  const { fd, size } = opened;
  try {
    if (size > limit) return { ok: false, kind: 'too-large', limit };
    // Room for one byte more than the limit: reading it means the file grew past the limit.
    let buf = Buffer.allocUnsafe(size + 1);
    let got = 0;
    for (;;) {
      if (got === buf.length) {
        // The file grew while it was read: a bigger buffer, never past limit + 1 bytes.
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, limit + 1));
        buf.copy(bigger, 0, 0, got);
        buf = bigger;
      }
      const n = readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) return { ok: true, bytes: buf.subarray(0, got) };
      got += n;
      if (got > limit) return { ok: false, kind: 'too-large', limit };
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { ok: false, kind: 'unreadable', code: err.code, message: err.code ?? err.message };
  } finally {
    closeSync(fd);
  }
}

const UNREADABLE_WORDS: Record<string, string> = { ENOENT: '文件不存在', ELOOP: '符号链接层数过多', EACCES: '没有权限', EIO: '输入输出错误', ENXIO: '设备不存在' };

/** A read problem in Chinese words, for a diagnostic or an issue ("是命名管道（FIFO），不是普通文件"). */
export function readProblemWords(p: ReadProblem): string {
  switch (p.kind) {
    case 'not-regular':
      return `${p.target ? `是指向 ${p.target} 的符号链接，目标` : ''}是${p.what}，不是普通文件：只读取普通文件`;
    case 'too-large':
      return `文件超过 ${sizeWords(p.limit)} 的大小上限`;
    case 'unreadable':
      return UNREADABLE_WORDS[p.code ?? ''] ? `${UNREADABLE_WORDS[p.code!]}（${p.code}）` : p.message;
  }
}
