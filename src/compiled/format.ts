//! The compiled handbook's format: its version, its shape, the sources' hashes it records,
//! and the directory of byte spans that lets a reader parse only the parts it needs.
//! In: a Handbook, its SourceFile[] and artefacts. Out: a CompiledHandbook value; the
//! bytes are written by write.ts and read back by read.ts.

import { createRequire } from 'node:module';
import type { Handbook } from '../model/index.js';
import type { SourceFile } from '../load/read.js';

/**
 * Bump when the compiled file's layout changes; older files are then recompiled. 3: a binary
 * container (docs/SEARCH.md "On disk"): policies compressed, the search index stored for reads
 * by offset, every part checksummed (a part read by offset, page by page); 2 was one JSON
 * document with each part's checksum; 1 the same without checksums.
 */
export const SCHEMA_VERSION = 3;
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
 * A [byte offset, byte length, CRC-32] of a part inside the compiled file: a part read whole is
 * checked against its checksum first (checksum.ts), so a file corrupted anywhere a command
 * reads is refused or recompiled, never half-parsed.
 */
export type Span = [number, number, number];

/** Bytes per checked page of a region. */
export const PAGE_BYTES = 32 * 1024;

/**
 * A part read by offset (the policies, the search index's parts): its span, and the CRC-32 of
 * each PAGE_BYTES page of it, so that a read checks only the pages it touches.
 */
export interface Region {
  span: Span;
  pages: number[];
}

/**
 * Where each part of a compiled file is (docs/SEARCH.md "On disk"): the file starts with
 * `{"format":…,"schemaVersion":…,"directory":"OFFSET,LENGTH,CRC32"}` (DIRECTORY_WIDTH digits
 * each and 8 hex digits) and a line break, and ends with this directory (JSON) and a line
 * break; the parts lie between.
 */
export interface Directory {
  /** JSON parts. */
  sources: Span;
  meta: Span;
  facts: Span;
  derived: Span;
  synonyms: Span;
  /**
   * The policies: `lights` holds each one's small fields (JSON `[keys, fields]`), `texts` their
   * text fields (JSON with each text once, four policies' to a brotli-compressed group: see
   * policy-text.ts), `index` per policy six little-endian u32: light offset and length (in
   * `lights`), its group's offset and length (in `texts`), its JSON's offset and length in the group.
   */
  policies: { count: number; lights: Region; texts: Region; index: Region };
  /** Artefacts stored whole as JSON, by name. */
  artefacts: Record<string, Span>;
  /** The search artefact, stored for reads by offset (search-index/store.ts): its meta (JSON) and binary parts. */
  search?: { meta: Span; parts: Record<string, Region> };
}

/** Policy fields that carry the text: read from a policy's span when first used. */
export const HEAVY_POLICY_FIELDS = new Set(['sources', 'preamble', 'body', 'bodyLine', 'sections', 'provisions']);
export const DIRECTORY_WIDTH = 12;
/** The header's directory member: its placeholder, patched once the directory is written. */
export const DIRECTORY_FIELD_WIDTH = DIRECTORY_WIDTH * 2 + 1 + 9;
/** Bytes per policy in the policy index. */
export const POLICY_ENTRY = 24;

/** Why a compiled file cannot be used, or undefined when it is a compiled handbook of this version. */
export function checkCompiledShape(value: unknown): string | undefined {
  const v = value as Partial<CompiledHandbook> | null;
  if (!v || typeof v !== 'object' || v.format !== 'policy-handbook') return '不是 handbook 编译产物';
  if (v.schemaVersion !== SCHEMA_VERSION) {
    return `编译产物的格式版本为 ${String(v.schemaVersion)}，本程序需要 ${SCHEMA_VERSION}，请运行 handbook build 重新编译`;
  }
  return undefined;
}
