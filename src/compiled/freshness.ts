//! Is a compiled file still the compilation of its sources? The hashes it records are the
//! truth; the stat cache beside it (size and mtime per source, like git's index) lets a
//! reading command trust unchanged sources without reading them. The stat cache lives beside
//! the compiled file, or, when that folder cannot be written (a read-only install), in the
//! next writable output folder (the user's cache).

import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { listSourcePaths } from '../load/read.js';
import { writeFileAtomic } from '../io/write.js';
import type { SourceHash } from './format.js';
import { canWriteFolder } from './place.js';

/**
 * The stat cache beside the compiled file (like git's index): for each source, the size and
 * mtime it had when its hash was last checked against the compiled file. A reading command
 * trusts a source unread only when its size and mtime are unchanged; any difference means
 * reading and hashing it (the hash stays the truth). Written after a full check, best effort.
 */
const STAT_CACHE = 'sources.stat.json';
/** Files modified this recently are not cached: a change within the mtime's tick could hide. */
const RACY_MS = 2000;

interface StatCache {
  /** The handbook folder whose files were checked (another --dir never matches). */
  dir: string;
  /** The compiled file it belongs to (a stat cache in the user's cache names it). */
  file: string;
  /** The compiled file it belongs to: its size and mtime. */
  compiled: [number, number];
  /** path → [size, mtimeMs, sha256]. */
  entries: Record<string, [number, number, string]>;
}

/** The folders a stat cache for `compiledPath` may be in: beside it, then `others` (in order, no repeats). */
function statFolders(compiledPath: string, others: readonly string[]): string[] {
  return [...new Set([dirname(compiledPath), ...others])];
}

/**
 * True when a stat cache (beside the compiled file, else in one of `others`) vouches that
 * every source still has the size and mtime it had when its hash matched `recorded`.
 */
export function unchangedByStat(dir: string, compiledPath: string, recorded: readonly SourceHash[], others: readonly string[] = []): boolean {
  return statFolders(compiledPath, others).some((folder) => unchangedByCacheIn(folder, dir, compiledPath, recorded));
}

function unchangedByCacheIn(folder: string, dir: string, compiledPath: string, recorded: readonly SourceHash[]): boolean {
  try {
    const cache = JSON.parse(readFileSync(join(folder, STAT_CACHE), 'utf8')) as StatCache;
    const c = statSync(compiledPath);
    if (cache.dir !== dir || cache.file !== compiledPath || cache.compiled[0] !== c.size || cache.compiled[1] !== c.mtimeMs) return false;
    const paths = listSourcePaths(dir);
    if (paths.length !== recorded.length) return false;
    return paths.every((p, i) => {
      const entry = cache.entries[p];
      if (!entry || recorded[i]!.path !== p || entry[2] !== recorded[i]!.sha256) return false;
      const st = statSync(join(dir, p));
      return st.isFile() && st.size === entry[0] && st.mtimeMs === entry[1];
    });
  } catch {
    return false;
  }
}

/** Writes the stat cache beside the compiled file, else in the first of `others` that takes it; best effort. */
export function writeStatCache(dir: string, compiledPath: string, hashes: readonly SourceHash[], others: readonly string[] = []): void {
  let text: string;
  try {
    const c = statSync(compiledPath);
    const entries: StatCache['entries'] = {};
    const now = Date.now();
    for (const h of hashes) {
      const st = statSync(join(dir, h.path));
      if (now - st.mtimeMs > RACY_MS) entries[h.path] = [st.size, st.mtimeMs, h.sha256];
    }
    const cache: StatCache = { dir, file: compiledPath, compiled: [c.size, c.mtimeMs], entries };
    text = JSON.stringify(cache);
  } catch {
    return;
  }
  for (const folder of statFolders(compiledPath, others)) {
    if (!canWriteFolder(folder)) continue;
    try {
      writeFileAtomic(join(folder, STAT_CACHE), text);
      return;
    } catch {
      // A folder that cannot be written only means the next command hashes again.
    }
  }
}

/** Same paths with the same hashes (other recorded fields aside). */
export function sameSources(now: readonly SourceHash[], recorded: readonly SourceHash[]): boolean {
  if (now.length !== recorded.length) return false;
  return now.every((s, i) => s.path === recorded[i]!.path && s.sha256 === recorded[i]!.sha256);
}
