//! Reading a handbook folder from disk.
//! In: a folder path. Out: its source files as text (`*.md`, facts.yaml, synonyms.yaml,
//! handbook.yaml), with a diagnostic for each file that cannot be read or is not UTF-8.
//! Only regular files are read (a symlink is followed and its target checked: a FIFO, a
//! device or a directory is refused unopened for reading), each up to SOURCE_FILE_LIMIT.
//! This and the final write are the only places that touch the disk.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticBag } from '../diagnostics/index.js';
import { readBounded, readProblemWords, SOURCE_FILE_LIMIT } from '../io/read.js';

/** One source file of a handbook, as text with its bytes' hash inputs. */
export interface SourceFile {
  /** Path relative to the handbook folder, with forward slashes. */
  path: string;
  text: string;
}

export const FACTS_FILE = 'facts.yaml';
export const SYNONYMS_FILE = 'synonyms.yaml';
export const META_FILE = 'handbook.yaml';

/** Files of a handbook folder that the compiler reads, in a stable order. */
export function listSourcePaths(dir: string): string[] {
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.isDirectory()) // a FIFO or a device with a source's name is reported, not skipped
    .map((e) => e.name)
    .filter((n) => n.endsWith('.md') || n === FACTS_FILE || n === SYNONYMS_FILE || n === META_FILE)
    .filter((n) => !n.startsWith('.') && n.toLowerCase() !== 'readme.md');
  return names.sort();
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8');

/**
 * Decodes bytes as strict UTF-8 (undefined when they are not; with `strict` false, bad
 * bytes become U+FFFD); a BOM is dropped and CRLF/CR become LF.
 */
export function decodeSource(bytes: Uint8Array, strict = true): string | undefined {
  let text: string;
  try {
    text = (strict ? decoder : lossy).decode(bytes);
  } catch {
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.replace(/\r\n?/g, '\n');
}

/** 1-based line and column (in UTF-16 units, as the YAML parser counts) of an offset; lines end at LF. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Where a text holds a NUL character (U+0000), which no source may contain, or undefined. */
export function nulPosition(text: string): { line: number; column: number } | undefined {
  const at = text.indexOf('\0');
  return at === -1 ? undefined : lineColumn(text, at);
}

/** Where a file's bytes are not UTF-8, and where its text holds a NUL (1-based line and column). */
export interface TextProblems {
  notUtf8?: { line: number; column: number };
  nul?: { line: number; column: number };
}

/**
 * A file's bytes as text (decodeSource) and what is wrong with them: bytes that are not
 * UTF-8 (the text then has them as U+FFFD) and a NUL character. The one decoding of the
 * handbook's sources and of profile files (src/profile/fields.ts).
 */
export function decodeText(bytes: Uint8Array): { text: string } & TextProblems {
  const strict = decodeSource(bytes);
  const notUtf8 = strict === undefined ? (firstInvalidUtf8(bytes) ?? { line: 1, column: 1 }) : undefined;
  const text = strict ?? decodeSource(bytes, false)!;
  const nul = nulPosition(text);
  return { text, ...(notUtf8 ? { notUtf8 } : {}), ...(nul ? { nul } : {}) };
}

/**
 * Reads every source file of `dir`; unreadable files, files that are not UTF-8 and files
 * with a NUL character become diagnostics. A file that is not UTF-8 is still compiled
 * (its bad bytes as U+FFFD; the build fails on the diagnostic anyway), so that its
 * policy's id and anchors exist and links to it from other files give no false errors.
 */
export function readHandbookDir(dir: string, diagnostics: DiagnosticBag): SourceFile[] {
  let paths: string[];
  try {
    if (!statSync(dir).isDirectory()) {
      diagnostics.error('file/unreadable', `"${dir}" 不是目录，应为政策文件所在的目录`, { file: dir, line: 1, column: 1 });
      return [];
    }
    paths = listSourcePaths(dir);
  } catch (e) {
    diagnostics.error('file/unreadable', `无法读取目录 "${dir}"：${(e as Error).message}`, { file: dir, line: 1, column: 1 });
    return [];
  }
  const files: SourceFile[] = [];
  for (const path of paths) {
    const read = readBounded(join(dir, path), SOURCE_FILE_LIMIT);
    if (!read.ok) {
      const code = read.kind === 'not-regular' ? 'file/not-regular' : read.kind === 'too-large' ? 'file/too-large' : 'file/unreadable';
      const words = readProblemWords(read);
      diagnostics.error(code, read.kind === 'unreadable' ? `无法读取文件：${words}` : `${words}，未读取`, { file: path, line: 1, column: 1 });
      continue;
    }
    const { text, notUtf8, nul } = decodeText(read.bytes);
    if (notUtf8) diagnostics.error('file/encoding', '文件不是合法的 UTF-8 编码，请另存为 UTF-8', { file: path, ...notUtf8 });
    if (nul) diagnostics.error('file/nul', '文件含 NUL 字符（U+0000）：文本中不能有它', { file: path, ...nul });
    files.push({ path, text });
  }
  return files;
}

/** Line and column (in characters) of the first byte that is not valid UTF-8, or undefined when all are. */
export function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number } | undefined {
  let line = 1;
  let column = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let len = 0;
    if (b < 0x80) len = 1;
    else if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) len = 3;
    else if (b >= 0xf0 && b <= 0xf4) len = 4;
    if (len === 0 || i + len > bytes.length) return { line, column };
    try {
      decoder.decode(bytes.subarray(i, i + len));
    } catch {
      return { line, column };
    }
    if (b === 0x0a) {
      line++;
      column = 1;
    } else {
      column++;
    }
    i += len;
  }
  return undefined;
}
