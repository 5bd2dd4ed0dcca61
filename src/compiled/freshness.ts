//! Is a compiled file still the compilation of its sources? The hashes it records are the
//! truth; the stat cache beside it (size, mtime and ctime per source, like git's index) lets a
//! reading command trust unchanged sources without reading them. The stat cache lives beside
//! the compiled file, or, when that folder cannot be written (a read-only install), in the
//! next writable output folder (the user's cache).
//!
//! The stat cache is bound to one compiled file (its size, times and inode: a build replaces it
//! by a rename, so a new file is a new inode) and was written when every source's hash matched
//! that file's, so trusting it needs no hash at all: one stat of the compiled file, one of the
//! handbook folder (unchanged times: the same names, no readdir), and one per source. On disk
//! (`sources.stat`, docs/FORMAT.md): a JSON header line, the sources' names joined by LF, then
//! per source three float64 (size, mtimeMs, ctimeMs; NaN: not to be trusted).

import { readFileSync, rmSync, statSync, type Stats } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { listSourcePaths } from '../load/read.js';
import { writeFileAtomic } from '../io/write.js';
import type { SourceHash } from './format.js';
import { canWriteFolder } from './place.js';

const STAT_CACHE = 'sources.stat';
/** The JSON stat cache of schema 3's first releases: removed when the new one is written. */
const OLD_STAT_CACHE = 'sources.stat.json';
const STAT_VERSION = 2;
/** Files (and the folder) modified this recently are not trusted: a change within the same clock tick could hide. */
const RACY_MS = 2000;

interface StatHeader {
  v: number;
  /** The handbook folder whose files were checked (another --dir never matches). */
  dir: string;
  /** The compiled file it belongs to, and its identity: size, mtimeMs, ctimeMs, inode. */
  file: string;
  compiled: [number, number, number, number];
  /** The handbook folder's mtimeMs, ctimeMs and inode when its listing was `names`; null when too recent to trust. */
  folder: [number, number, number] | null;
  count: number;
  /** Byte length of the names block. */
  names: number;
}

const identity = (st: Stats): [number, number, number, number] => [st.size, st.mtimeMs, st.ctimeMs, st.ino];

/** The folders a stat cache for `compiledPath` may be in: beside it, then `others` (in order, no repeats). */
function statFolders(compiledPath: string, others: readonly string[]): string[] {
  return [...new Set([dirname(compiledPath), ...others])];
}

/**
 * True when a stat cache (beside the compiled file, else in one of `others`) vouches that
 * every source of `dir` still has the size and times it had when its hash matched the
 * compiled file's, and that no source was added or removed.
 */
export function unchangedByStat(dir: string, compiledPath: string, others: readonly string[] = []): boolean {
  return statFolders(compiledPath, others).some((folder) => unchangedByCacheIn(folder, dir, compiledPath));
}

function unchangedByCacheIn(folder: string, dir: string, compiledPath: string): boolean {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(folder, STAT_CACHE));
  } catch {
    return false;
  }
  try {
    const eol = bytes.indexOf(10);
    if (eol < 0) return false;
    const head = JSON.parse(bytes.toString('utf8', 0, eol)) as StatHeader;
    if (head.v !== STAT_VERSION || head.dir !== dir || head.file !== compiledPath) return false;
    const c = identity(statSync(compiledPath));
    if (c.some((x, i) => x !== head.compiled[i])) return false;
    const namesAt = eol + 1;
    const statsAt = namesAt + head.names + ((8 - ((namesAt + head.names) % 8)) % 8);
    if (bytes.length !== statsAt + head.count * 24) return false;
    const names = head.count === 0 ? [] : bytes.toString('utf8', namesAt, namesAt + head.names).split('\n');
    if (names.length !== head.count) return false;
    // The folder's times unchanged: no name was added, removed or renamed since the listing.
    const f = head.folder && statSync(dir);
    if (!f || f.mtimeMs !== head.folder![0] || f.ctimeMs !== head.folder![1] || f.ino !== head.folder![2]) {
      const listed = listSourcePaths(dir);
      if (listed.length !== names.length || listed.some((n, i) => n !== names[i])) return false;
    }
    const prefix = dir.endsWith(sep) ? dir : dir + sep;
    for (let i = 0, at = statsAt; i < names.length; i++, at += 24) {
      const st = statSync(prefix + names[i], { throwIfNoEntry: false });
      if (!st || !st.isFile() || st.size !== bytes.readDoubleLE(at) || st.mtimeMs !== bytes.readDoubleLE(at + 8) || st.ctimeMs !== bytes.readDoubleLE(at + 16)) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes the stat cache of `dir`'s sources, whose hashes (`hashes`, in listing order) were just
 * found to be those `compiledPath` records, beside the compiled file, else in the first of
 * `others` that takes it; best effort (without one, the next command hashes again).
 */
export function writeStatCache(dir: string, compiledPath: string, hashes: readonly SourceHash[], others: readonly string[] = []): void {
  let bytes: Buffer;
  try {
    const now = Date.now();
    const fresh = (st: Stats) => now - st.mtimeMs > RACY_MS && now - st.ctimeMs > RACY_MS;
    const f = statSync(dir);
    const names = hashes.map((h) => h.path);
    const block = Buffer.from(names.join('\n'), 'utf8');
    const head: StatHeader = {
      v: STAT_VERSION,
      dir,
      file: compiledPath,
      compiled: identity(statSync(compiledPath)),
      folder: fresh(f) ? [f.mtimeMs, f.ctimeMs, f.ino] : null,
      count: names.length,
      names: block.length,
    };
    const line = Buffer.from(JSON.stringify(head) + '\n', 'utf8');
    const pad = (8 - ((line.length + block.length) % 8)) % 8;
    const stats = Buffer.alloc(names.length * 24);
    names.forEach((name, i) => {
      const st = statSync(join(dir, name));
      const trusted = st.isFile() && fresh(st);
      stats.writeDoubleLE(trusted ? st.size : NaN, i * 24);
      stats.writeDoubleLE(trusted ? st.mtimeMs : NaN, i * 24 + 8);
      stats.writeDoubleLE(trusted ? st.ctimeMs : NaN, i * 24 + 16);
    });
    bytes = Buffer.concat([line, block, Buffer.alloc(pad), stats]);
  } catch {
    return;
  }
  for (const folder of statFolders(compiledPath, others)) {
    if (!canWriteFolder(folder)) continue;
    try {
      writeFileAtomic(join(folder, STAT_CACHE), bytes);
    } catch {
      continue; // a folder that cannot be written only means the next command hashes again
    }
    try {
      rmSync(join(folder, OLD_STAT_CACHE), { force: true });
    } catch {
      // Not a file (a folder of that name): left alone, and never read.
    }
    return;
  }
}

/** Same paths with the same hashes (other recorded fields aside). */
export function sameSources(now: readonly SourceHash[], recorded: readonly SourceHash[]): boolean {
  if (now.length !== recorded.length) return false;
  return now.every((s, i) => s.path === recorded[i]!.path && s.sha256 === recorded[i]!.sha256);
}
