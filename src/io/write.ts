//! Writing a file atomically: a temp file beside the target, then a rename, so a reader
//! sees the old file or the new one, never half of one. Every writer of the tool uses it:
//! the compiled handbook (streamed), the booklet, the brief, saved profiles, exports, init.

import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `path` atomically through `write`, which gets the temp file's descriptor and may
 * write it in as many pieces as it likes; the temp file is renamed over `path` when it
 * returns, and removed when it throws.
 */
export function writeAtomically(path: string, write: (fd: number) => void): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w');
    write(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Writes all of `bytes` at the descriptor's position (or at `position`). */
export function writeAll(fd: number, bytes: Uint8Array, position?: number): void {
  let done = 0;
  while (done < bytes.byteLength) {
    done += writeSync(fd, bytes, done, bytes.byteLength - done, position === undefined ? null : position + done);
  }
}

/**
 * Writes `data` to `path` atomically: a temp file beside it, then rename.
 *
 * @example writeFileAtomic('out/handbook.html', html);
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  writeAtomically(path, (fd) => writeAll(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data));
}
