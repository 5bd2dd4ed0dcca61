//! The compiled handbook on disk: a versioned JSON file with the sources' hashes.
//! In: a Handbook (+ optional search index) and its SourceFile[]. Out: deterministic JSON,
//! written atomically (temp file, then rename); and back: a loader that uses the compiled
//! file only when it is fresh (same schema, same sources) and otherwise recompiles in memory.
//! The compiler (yaml, gray-matter, the search index builder) is imported only on that
//! stale path, so a command reading a fresh handbook starts fast.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Handbook } from '../model/index.js';
import { DiagnosticBag, type Diagnostic } from '../diagnostics/index.js';
import { readHandbookDir, type SourceFile } from '../load/read.js';

/** Bump when the compiled JSON's shape changes; older files are then recompiled. */
export const SCHEMA_VERSION = 1;
export const COMPILED_FILE = 'handbook.json';

export interface SourceHash {
  path: string;
  sha256: string;
}

export interface CompiledHandbook {
  format: 'policy-handbook';
  schemaVersion: number;
  sources: SourceHash[];
  handbook: Handbook;
  /** Extra artefacts compiled alongside (the search index), keyed by name. */
  artefacts: Record<string, unknown>;
}

export function hashSources(files: readonly SourceFile[]): SourceHash[] {
  return files
    .map((f) => ({ path: f.path, sha256: createHash('sha256').update(f.text).digest('hex') }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function toCompiled(handbook: Handbook, files: readonly SourceFile[], artefacts: Record<string, unknown> = {}): CompiledHandbook {
  return { format: 'policy-handbook', schemaVersion: SCHEMA_VERSION, sources: hashSources(files), handbook, artefacts };
}

/** Writes `data` to `path` atomically: a temp file beside it, then rename. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export function serializeCompiled(compiled: CompiledHandbook): string {
  return JSON.stringify(compiled) + '\n';
}

/** Why a compiled file cannot be used, or undefined when it is a compiled handbook of this version. */
export function checkCompiledShape(value: unknown): string | undefined {
  const v = value as Partial<CompiledHandbook> | null;
  if (!v || typeof v !== 'object' || v.format !== 'policy-handbook') return '不是 handbook 编译产物';
  if (v.schemaVersion !== SCHEMA_VERSION) {
    return `编译产物的格式版本为 ${String(v.schemaVersion)}，本程序需要 ${SCHEMA_VERSION}，请运行 handbook build 重新编译`;
  }
  return undefined;
}

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
  const bag = new DiagnosticBag();
  const files = readHandbookDir(resolve(options.dir), bag);
  let staleReason: string | undefined;
  try {
    const text = readFileSync(join(options.out, COMPILED_FILE), 'utf8');
    const parsed = JSON.parse(text) as CompiledHandbook;
    staleReason = checkCompiledShape(parsed);
    if (staleReason === undefined) {
      const now = hashSources(files);
      if (!bag.hasErrors && JSON.stringify(now) === JSON.stringify(parsed.sources)) {
        return { handbook: parsed.handbook, artefacts: parsed.artefacts ?? {}, diagnostics: [], from: 'compiled' };
      }
      staleReason = '源文件在编译后有改动';
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
