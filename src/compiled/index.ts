//! The compiled handbook on disk: a versioned JSON file with the sources' hashes
//! (format.ts), written atomically and piece by piece (write.ts), read part by part
//! (read.ts), and used only while it is fresh (freshness.ts). loadHandbook is the one way a
//! reading command gets its handbook: the compiled file when fresh, else a compile in
//! memory. The compiler (yaml, gray-matter, the search index builder) is imported only on
//! that stale path, so a command reading a fresh handbook starts fast.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Handbook } from '../model/index.js';
import { DiagnosticBag, type Diagnostic } from '../diagnostics/index.js';
import { readHandbookDir } from '../load/read.js';
import { checkCompiledShape, COMPILED_FILE, hashSources, type CompiledHandbook } from './format.js';
import { openCompiled, type OpenedCompiled } from './read.js';
import { sameSources, unchangedByStat, writeStatCache } from './freshness.js';

export { SCHEMA_VERSION, COMPILED_FILE, hashSources, toCompiled, checkCompiledShape, type CompiledHandbook, type SourceHash } from './format.js';
export { serializeCompiled, writeCompiled } from './write.js';
export { writeFileAtomic } from '../io/write.js';

export interface LoadedHandbook {
  handbook?: Handbook;
  artefacts: Record<string, unknown>;
  diagnostics: Diagnostic[];
  /** 'compiled' when read from a fresh compiled file, 'sources' when compiled in memory. */
  from: 'compiled' | 'sources';
  /** Why the compiled file was not used, if there was one. */
  staleReason?: string;
}

export interface LoadOptions {
  dir: string;
  /** The compiled output folder (default `.handbook`). */
  out: string;
  /** Also compile the extra artefacts (the search index) when recompiling in memory. */
  artefacts?: boolean;
}

/**
 * Loads the handbook for a reading command: the compiled file when it matches the
 * sources exactly, else a fresh in-memory compile, so no command sees a stale handbook.
 */
export async function loadHandbook(options: LoadOptions): Promise<LoadedHandbook> {
  const path = join(options.out, COMPILED_FILE);
  let opened: OpenedCompiled | undefined;
  try {
    opened = openCompiled(path);
  } catch {
    opened = undefined; // read below, whole, to say why it cannot be used
  }
  try {
    return await loadWith(options, path, opened);
  } finally {
    // The small parts are read; a policy's text or a shard is read later, opening the file then.
    opened?.close();
  }
}

async function loadWith(options: LoadOptions, path: string, opened: OpenedCompiled | undefined): Promise<LoadedHandbook> {
  const bag = new DiagnosticBag();
  const dir = resolve(options.dir);
  // Fast path: every source has the size and mtime it had when last hashed (stat cache).
  if (opened && checkCompiledShape({ format: opened.format, schemaVersion: opened.schemaVersion }) === undefined && unchangedByStat(dir, path, opened.sources)) {
    return { handbook: opened.handbook(), artefacts: opened.artefacts(), diagnostics: [], from: 'compiled' };
  }
  const files = readHandbookDir(dir, bag);
  let staleReason: string | undefined;
  try {
    if (opened) {
      staleReason = checkCompiledShape({ format: opened.format, schemaVersion: opened.schemaVersion });
      if (staleReason === undefined) {
        const now = hashSources(files);
        if (!bag.hasErrors && sameSources(now, opened.sources)) {
          writeStatCache(dir, path, now);
          return { handbook: opened.handbook(), artefacts: opened.artefacts(), diagnostics: [], from: 'compiled' };
        }
        staleReason = '源文件在编译后有改动';
      }
    } else {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as CompiledHandbook;
      staleReason = checkCompiledShape(parsed);
      if (staleReason === undefined) {
        if (!bag.hasErrors && sameSources(hashSources(files), parsed.sources)) {
          return { handbook: parsed.handbook, artefacts: parsed.artefacts ?? {}, diagnostics: [], from: 'compiled' };
        }
        staleReason = '源文件在编译后有改动';
      }
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') staleReason = `编译产物无法读取：${(e as Error).message}`;
  }
  if (bag.hasErrors) return { diagnostics: bag.sorted(), artefacts: {}, from: 'sources', staleReason };
  const { compileSources } = await import('../validate/index.js');
  const result = compileSources(files, bag);
  let artefacts: Record<string, unknown> = {};
  if (result.handbook && options.artefacts) {
    const { compileArtefacts } = await import('../artefacts.js');
    artefacts = compileArtefacts(result.handbook);
  }
  return { handbook: result.handbook, artefacts, diagnostics: result.diagnostics, from: 'sources', staleReason };
}
