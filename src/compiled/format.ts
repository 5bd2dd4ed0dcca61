//! The compiled handbook's format: its version, its shape, the sources' hashes it records,
//! and the directory of byte spans that lets a reader parse only the parts it needs.
//! In: a Handbook, its SourceFile[] and artefacts. Out: a CompiledHandbook value; the
//! bytes are written by write.ts and read back by read.ts.

import { createRequire } from 'node:module';
import type { Handbook } from '../model/index.js';
import type { SourceFile } from '../load/read.js';

/**
 * Bump when the compiled JSON's shape changes; older files are then recompiled. (The
 * `directory` and `spans` members are additions a plain JSON reader ignores: same version.)
 * 2: every part's checksum in its span, and the directory's in the header (#15).
 */
export const SCHEMA_VERSION = 2;
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

/**
 * node:crypto, loaded on first use: its ~20 internal modules cost a few milliseconds at
 * start-up, and a command reading a fresh handbook (stat cache) hashes nothing.
 */
let crypto: typeof import('node:crypto') | undefined;
const createHash = (algorithm: string) => (crypto ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')).createHash(algorithm);

export function hashSources(files: readonly SourceFile[]): SourceHash[] {
  return files
    .map((f) => ({ path: f.path, sha256: createHash('sha256').update(f.text).digest('hex') }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function toCompiled(handbook: Handbook, files: readonly SourceFile[], artefacts: Record<string, unknown> = {}): CompiledHandbook {
  return { format: 'policy-handbook', schemaVersion: SCHEMA_VERSION, sources: hashSources(files), handbook, artefacts };
}

/**
 * A [byte offset, byte length, CRC-32] of a JSON value inside the compiled file: each part
 * a reader parses is checked against its checksum first (checksum.ts), so a file corrupted
 * anywhere a command reads is refused or recompiled, never half-parsed.
 */
export type Span = [number, number, number];

/**
 * Where each part of a compiled file is, so a reader can parse only what it needs: written
 * as the file's last member; the file's first member `directory` gives its span and checksum
 * (`"OFFSET,LENGTH,CRC32"`, DIRECTORY_WIDTH digits each and 8 hex digits). The file as a
 * whole stays one JSON document of the CompiledHandbook shape (plus these two members).
 */
export interface Directory {
  sources: Span;
  meta: Span;
  facts: Span;
  derived: Span;
  synonyms: Span;
  /** Each policy's span, and its small fields (id, title, issuer, tags, dates…) for listing. */
  policies: { span: Span; keys: string[]; light: Record<string, unknown> }[];
  /** Artefacts stored whole, by name. */
  artefacts: Record<string, Span>;
  /** The search artefact, stored in parts: its shards are read one by one (search-index). */
  search?: { version: Span; options: Span; lexicon: Span; head: Span; first: string[]; shards: Span[] };
}

/** Policy fields that carry the text: read from a policy's span when first used. */
export const HEAVY_POLICY_FIELDS = new Set(['sources', 'preamble', 'body', 'bodyLine', 'sections', 'provisions']);
export const DIRECTORY_WIDTH = 12;
/** The header's directory member: its placeholder, patched once the directory is written. */
export const DIRECTORY_FIELD_WIDTH = DIRECTORY_WIDTH * 2 + 1 + 9;

/** Why a compiled file cannot be used, or undefined when it is a compiled handbook of this version. */
export function checkCompiledShape(value: unknown): string | undefined {
  const v = value as Partial<CompiledHandbook> | null;
  if (!v || typeof v !== 'object' || v.format !== 'policy-handbook') return '不是 handbook 编译产物';
  if (v.schemaVersion !== SCHEMA_VERSION) {
    return `编译产物的格式版本为 ${String(v.schemaVersion)}，本程序需要 ${SCHEMA_VERSION}，请运行 handbook build 重新编译`;
  }
  return undefined;
}
