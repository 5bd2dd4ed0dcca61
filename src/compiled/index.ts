//! The compiled handbook on disk: a versioned JSON file with the sources' hashes
//! (format.ts), written atomically and piece by piece (write.ts), read part by part
//! (read.ts), and used only while it is fresh (freshness.ts). loadHandbook is the one way a
//! reading command gets its handbook: the compiled file when fresh, else a compile in
//! memory, written back (when asked) to the first output folder that can be written, so the
//! next command is fast again. Where the output folders are is place.ts's policy. The
//! compiler (yaml, gray-matter, the search index builder) is imported only on that stale
//! path, so a command reading a fresh handbook starts fast.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Handbook } from '../model/index.js';
import { DiagnosticBag, type Diagnostic } from '../diagnostics/index.js';
import { readHandbookDir, type SourceFile } from '../load/read.js';
import { checkCompiledShape, COMPILED_FILE, hashSources, toCompiled, type CompiledHandbook, type SourceHash } from './format.js';
import { CompiledFileError, openCompiled, type OpenedCompiled } from './read.js';
import { sameSources, unchangedByStat, writeStatCache } from './freshness.js';
import { canWriteFolder } from './place.js';
import { writeCompiled } from './write.js';

export { SCHEMA_VERSION, COMPILED_FILE, hashSources, toCompiled, checkCompiledShape, type CompiledHandbook, type SourceHash } from './format.js';
export { serializeCompiled, writeCompiled } from './write.js';
export { CompiledFileError } from './read.js';
export { writeFileAtomic } from '../io/write.js';
export { OUTPUT_FOLDER, compiledPlaces, placeList, canWriteFolder, cacheFolderName, pathKey, type CompiledPlaces, type PlaceEnv } from './place.js';

export interface LoadedHandbook {
  handbook?: Handbook;
  artefacts: Record<string, unknown>;
  diagnostics: Diagnostic[];
  /** 'compiled' when read from a fresh compiled file, 'sources' when compiled in memory. */
  from: 'compiled' | 'sources';
  /** Why the compiled file was not used, if there was one. */
  staleReason?: string;
  /** The compiled file read (from 'compiled') or written back (from 'sources'). */
  path?: string;
  /** With `writeBack`, when the compile could not be written to any output folder: why (in Chinese). */
  notWritten?: string;
  /** The compiled file failed its checksums (the message says where): the handbook was compiled from the sources instead. */
  corrupt?: string;
}

export interface LoadOptions {
  dir: string;
  /**
   * The compiled output folder, or several in order (see compiledPlaces: beside the handbook,
   * then the user's cache): read from the first that holds a fresh compiled file.
   */
  out: string | readonly string[];
  /** Also compile the extra artefacts (the search index) when recompiling in memory. */
  artefacts?: boolean;
  /**
   * When the compiled file is missing, stale or of another version, write the compile (with
   * its artefacts) to the first output folder that can be written, so the next load is fast.
   */
  writeBack?: boolean;
  /** Why a fresh file's artefacts cannot be used (e.g. a search index of another version), or undefined: such a file counts as stale. */
  checkArtefacts?: (artefacts: Record<string, unknown>) => string | undefined;
}

/** A fresh compiled file, read. */
type Fresh = Omit<LoadedHandbook, 'from'>;

/**
 * Loads the handbook for a reading command: the compiled file when it matches the
 * sources exactly, else a fresh in-memory compile, so no command sees a stale handbook.
 * @example
 * ```ts
 * const dir = resolve('policies');
 * const out = placeList(compiledPlaces(dir, { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME, HOME: process.env.HOME }));
 * const { handbook, from } = await loadHandbook({ dir, out, writeBack: true }); // from: 'compiled' after the first load
 * ```
 */
export async function loadHandbook(options: LoadOptions): Promise<LoadedHandbook> {
  const folders = (typeof options.out === 'string' ? [options.out] : [...options.out]).map((f) => resolve(f));
  const dir = resolve(options.dir);
  const bag = new DiagnosticBag();
  let sources: { files: SourceFile[]; hashes?: SourceHash[] } | undefined;
  const readSources = () => (sources ??= { files: readHandbookDir(dir, bag) });
  const hashes = () => (readSources().hashes ??= hashSources(readSources().files));
  let staleReason: string | undefined;
  let corrupt: string | undefined;
  for (const folder of folders) {
    const r = readFresh(dir, join(folder, COMPILED_FILE), folders, readSources, hashes, bag, options.checkArtefacts);
    if ('handbook' in r) return { ...r, from: 'compiled' };
    staleReason ??= r.staleReason;
    corrupt ??= 'corrupt' in r ? r.corrupt : undefined;
    if (bag.hasErrors) break;
  }
  const { files } = readSources();
  if (bag.hasErrors) return { diagnostics: bag.sorted(), artefacts: {}, from: 'sources', staleReason, ...(corrupt ? { corrupt } : {}) };
  const target = options.writeBack ? folders.find((f) => canWriteFolder(f)) : undefined;
  const { compileSources } = await import('../validate/index.js');
  const result = compileSources(files, bag);
  let artefacts: Record<string, unknown> = {};
  if (result.handbook && (options.artefacts || target)) {
    const { compileArtefacts } = await import('../artefacts.js');
    artefacts = compileArtefacts(result.handbook);
  }
  const loaded: LoadedHandbook = { handbook: result.handbook, artefacts, diagnostics: result.diagnostics, from: 'sources', staleReason, ...(corrupt ? { corrupt } : {}) };
  if (!options.writeBack || !result.handbook) return loaded;
  if (!target) return { ...loaded, notWritten: `${folders.join('、')} 均不可写` };
  const path = join(target, COMPILED_FILE);
  try {
    writeCompiled(path, toCompiled(result.handbook, files, artefacts));
  } catch (e) {
    return { ...loaded, notWritten: (e as Error).message };
  }
  writeStatCache(dir, path, hashes(), folders);
  // Only the artefacts asked for: a command that did not ask gets none, as from a compiled file it would get them all.
  return { ...loaded, path, artefacts: options.artefacts ? artefacts : {} };
}

/**
 * The compiled file at `path` when it is the compilation of `dir`'s sources now (and its
 * artefacts pass `checkArtefacts`), else why not (undefined reason: there is no file).
 */
function readFresh(
  dir: string,
  path: string,
  folders: readonly string[],
  readSources: () => { files: SourceFile[] },
  hashes: () => SourceHash[],
  bag: DiagnosticBag,
  checkArtefacts: LoadOptions['checkArtefacts'],
): Fresh | { staleReason?: string; corrupt?: string } {
  let opened: OpenedCompiled | undefined;
  try {
    opened = openCompiled(path);
  } catch (e) {
    // A corrupt directory: compiled afresh from the sources, the file never read whole.
    if (e instanceof CompiledFileError) return { staleReason: e.message, corrupt: e.message };
    opened = undefined; // else read below, whole, to say why it cannot be used
  }
  try {
    const usable = (artefacts: Record<string, unknown>) => checkArtefacts?.(artefacts);
    if (opened) {
      const shape = checkCompiledShape({ format: opened.format, schemaVersion: opened.schemaVersion });
      if (shape !== undefined) return { staleReason: shape };
      // Fast path: every source has the size and mtime it had when last hashed (stat cache).
      const byStat = unchangedByStat(dir, path, folders);
      if (!byStat) {
        readSources();
        if (bag.hasErrors || !sameSources(hashes(), opened.sources)) return { staleReason: '源文件在编译后有改动' };
      }
      const artefacts = opened.artefacts();
      const bad = usable(artefacts);
      if (bad !== undefined) return { staleReason: bad };
      if (!byStat) writeStatCache(dir, path, hashes(), folders);
      return { handbook: opened.handbook(), artefacts, diagnostics: [], path };
    }
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as CompiledHandbook;
    const shape = checkCompiledShape(parsed);
    if (shape !== undefined) return { staleReason: shape };
    readSources();
    if (bag.hasErrors || !sameSources(hashes(), parsed.sources)) return { staleReason: '源文件在编译后有改动' };
    const bad = usable(parsed.artefacts ?? {});
    if (bad !== undefined) return { staleReason: bad };
    return { handbook: parsed.handbook, artefacts: parsed.artefacts ?? {}, diagnostics: [], path };
  } catch (e) {
    // A part that fails its checksum (the sources, facts, the search index's head…): compiled afresh.
    if (e instanceof CompiledFileError) return { staleReason: e.message, corrupt: e.message };
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? {} : { staleReason: `编译产物无法读取：${(e as Error).message}` };
  } finally {
    // The small parts are read; a policy's text or a shard is read later, opening the file then.
    opened?.close();
  }
}

/**
 * A compiled file read whole, as plain data (what it was written from, as JSON would give it):
 * for tests and tools that look inside one. Not for commands, which read only what they need.
 */
export function readCompiled(path: string): CompiledHandbook {
  const opened = openCompiled(path);
  if (!opened) return JSON.parse(readFileSync(path, 'utf8')) as CompiledHandbook;
  try {
    const whole = { format: opened.format, schemaVersion: opened.schemaVersion, sources: opened.sources, handbook: opened.handbook(), artefacts: opened.artefacts() };
    return JSON.parse(JSON.stringify(whole)) as CompiledHandbook;
  } finally {
    opened.close();
  }
}
