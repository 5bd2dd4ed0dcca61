//! Where a handbook's compiled output lives. In: the handbook folder (absolute) and the
//! environment, injected (the library reads no process.env). Out: the folders a reader looks
//! in, in order, and the first of them a writer may use: beside the handbook (`X/.handbook/`),
//! else the user's cache (`$XDG_CACHE_HOME/handbook/<key>`, by default `~/.cache/handbook/<key>`),
//! keyed by the folder, so that two handbooks never share (or overwrite) an output folder.

import { accessSync, constants, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';

/** The output folder's name beside a handbook folder. */
export const OUTPUT_FOLDER = '.handbook';

/** What the places depend on: the XDG base directory variables (https://specifications.freedesktop.org/basedir-spec/). */
export interface PlaceEnv {
  XDG_CACHE_HOME?: string | undefined;
  HOME?: string | undefined;
}

export interface CompiledPlaces {
  /** `X/.handbook`: read first, written when X can be written. */
  beside: string;
  /** The user's cache folder for X; undefined when neither XDG_CACHE_HOME nor HOME is an absolute path. */
  cache?: string;
}

/**
 * FNV-1a, 64 bits, of a string's UTF-8 bytes, as 16 hex digits: a stable key for a folder's
 * path (a cache folder name, not a security boundary), without loading node:crypto at start-up.
 */
export function pathKey(path: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(path, 'utf8')) h = BigInt.asUintN(64, (h ^ BigInt(byte)) * 0x100000001b3n);
  return h.toString(16).padStart(16, '0');
}

/** The cache folder's name for a handbook folder: its base name (for people) and its path's key (for uniqueness). */
export function cacheFolderName(dir: string): string {
  const name = basename(dir).replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 40) || 'root';
  return `${name}-${pathKey(dir)}`;
}

/**
 * The places of handbook folder `dir`'s compiled output, from the environment given.
 * @example compiledPlaces('/srv/policies', { HOME: '/home/a' })
 * // → { beside: '/srv/policies/.handbook', cache: '/home/a/.cache/handbook/policies-…' }
 */
export function compiledPlaces(dir: string, env: PlaceEnv): CompiledPlaces {
  if (!isAbsolute(dir)) throw new Error(`compiledPlaces: expected an absolute folder, got ${dir}`);
  // The spec: a relative XDG_CACHE_HOME is invalid and ignored.
  const xdg = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : undefined;
  const home = env.HOME && isAbsolute(env.HOME) ? env.HOME : undefined;
  const root = xdg ?? (home ? join(home, '.cache') : undefined);
  return { beside: join(dir, OUTPUT_FOLDER), ...(root ? { cache: join(root, 'handbook', cacheFolderName(dir)) } : {}) };
}

/** The places in reading order. */
export function placeList(places: CompiledPlaces): string[] {
  return places.cache ? [places.beside, places.cache] : [places.beside];
}

/**
 * Can this process create or replace files in `folder`? Asks the nearest folder that exists
 * (a missing output folder is created by the writer). A read-only file system, a folder of
 * another user or a missing HOME all say no; the write itself stays the final judge.
 */
export function canWriteFolder(folder: string): boolean {
  for (let d = folder; ; d = dirname(d)) {
    let isDir: boolean | undefined;
    try {
      isDir = statSync(d).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') return false;
    }
    if (isDir !== undefined) {
      if (!isDir) return false;
      try {
        accessSync(d, constants.W_OK | constants.X_OK);
        return true;
      } catch {
        return false;
      }
    }
    if (dirname(d) === d) return false;
  }
}
