//! Parsing source files into raw documents that keep their positions.
//! In: SourceFile[] (text). Out: a RawHandbook — each policy's front matter as a `yaml`
//! Document with a LineCounter offset to its place in the file, its Markdown body and
//! the line the body starts on; facts.yaml, synonyms.yaml and handbook.yaml likewise.
//! Pure: no I/O. YAML syntax errors become diagnostics with real positions.

import matter from 'gray-matter';
import { LineCounter, parseDocument, isNode, type Document, type Node } from 'yaml';
import type { SourcePosition } from '../model/index.js';
import { DiagnosticBag } from '../diagnostics/index.js';
import { FACTS_FILE, META_FILE, SYNONYMS_FILE, type SourceFile } from './read.js';
import { locateYamlError } from './yaml-errors.js';

/** A YAML document and how to map its offsets back to the source file. */
export interface YamlSource {
  file: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** Lines before the YAML text starts in its file (1 for front matter after `---`). */
  lineOffset: number;
}

export interface RawPolicy {
  file: string;
  /** Undefined when the front matter is missing or unparseable (a diagnostic says why). */
  frontMatter?: YamlSource;
  /**
   * When the front matter is there but does not parse: the ids it declares, read line by
   * line (`id: land`, `- id: land.quota`), so that links and `parent:` naming them from
   * other files are not reported as false errors.
   */
  declared?: DeclaredIds;
  body: string;
  /** 1-based line of the body's first line in the file. */
  bodyLine: number;
}

/** A policy's id and its provisions' ids, as written in front matter that did not parse. */
export interface DeclaredIds {
  id: string;
  /** Where the id's value is written in the file. */
  at: SourcePosition;
  provisionIds: string[];
}

export interface RawHandbook {
  /** Every source path that was read (parsed or not). */
  paths: string[];
  policies: RawPolicy[];
  facts?: YamlSource;
  synonyms?: YamlSource;
  meta?: YamlSource;
}

/** Position of a YAML node (or of the document start when the node is missing). */
export function positionOf(src: YamlSource, node: unknown): SourcePosition {
  const offset = isNode(node) && node.range ? node.range[0] : 0;
  const { line, col } = src.lineCounter.linePos(offset);
  return { file: src.file, line: line + src.lineOffset, column: col };
}

/** Parses one YAML text, reporting syntax errors and duplicate keys at their positions. */
export function parseYaml(file: string, text: string, lineOffset: number, diagnostics: DiagnosticBag): YamlSource | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  const src: YamlSource = { file, doc, lineCounter, lineOffset };
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const { offset, message, original } = locateYamlError(doc, err);
      const { line, col } = lineCounter.linePos(offset);
      diagnostics.error('yaml/syntax', message, { file, line: line + lineOffset, column: col }, original);
    }
    return undefined;
  }
  return src;
}

/** Splits a policy file into front matter and body, keeping line numbers. */
export function parsePolicyFile(source: SourceFile, diagnostics: DiagnosticBag): RawPolicy {
  const text = source.text;
  const start = { file: source.path, line: 1, column: 1 };
  if (!/^---[ \t]*\n/.test(text)) {
    diagnostics.error('front-matter/missing', '文件开头应为 --- 包围的 YAML 前置信息（id、title 等）', start);
    return { file: source.path, body: text, bodyLine: 1 };
  }
  if (!/\n---[ \t]*(\n|$)/.test(text.slice(3))) {
    diagnostics.error('front-matter/missing', '前置信息没有结束：缺少单独一行的 ---', start);
    return { file: source.path, body: '', bodyLine: 1 };
  }
  // A no-op engine: gray-matter splits, `yaml` parses with positions.
  const parts = matter(text, { engines: { yaml: () => ({}) } });
  const yamlText = parts.matter.replace(/^\n/, '');
  const bodyStart = text.length - parts.content.length;
  const bodyLine = countLines(text.slice(0, bodyStart)) + 1;
  const frontMatter = parseYaml(source.path, yamlText, 1, diagnostics);
  const raw: RawPolicy = { file: source.path, body: parts.content, bodyLine };
  if (frontMatter) raw.frontMatter = frontMatter;
  else {
    const declared = declaredIds(source.path, yamlText);
    if (declared) raw.declared = declared;
  }
  return raw;
}

const TOP_ID = /^id:[ \t]*(["']?)([a-z][a-z0-9_-]*)\1[ \t]*(?:#.*)?$/m;
const ITEM_ID = /^[ \t]+(?:-[ \t]+)?id:[ \t]*(["']?)([a-z][a-z0-9_.-]*)\1[ \t]*(?:#.*)?$/gm;

/** The ids unparseable front matter declares: its top-level `id:` and its provisions' `id:` lines. */
export function declaredIds(file: string, yamlText: string): DeclaredIds | undefined {
  const m = TOP_ID.exec(yamlText);
  if (!m) return undefined;
  const id = m[2]!;
  // Front matter starts on the file's second line, after `---`.
  const line = countLines(yamlText.slice(0, m.index)) + 2;
  const column = m[0].length - m[0].slice(3).trimStart().length + 1;
  const provisionIds = [...yamlText.matchAll(ITEM_ID)].map((p) => p[2]!).filter((p) => p.startsWith(`${id}.`));
  return { id, at: { file, line, column }, provisionIds };
}

function countLines(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

/** Parses every source file of a handbook. */
export function parseSources(files: readonly SourceFile[], diagnostics: DiagnosticBag): RawHandbook {
  const raw: RawHandbook = { paths: files.map((f) => f.path), policies: [] };
  for (const f of files) {
    if (f.path.endsWith('.md')) raw.policies.push(parsePolicyFile(f, diagnostics));
    else if (f.path === FACTS_FILE) raw.facts = parseYaml(f.path, f.text, 0, diagnostics);
    else if (f.path === SYNONYMS_FILE) raw.synonyms = parseYaml(f.path, f.text, 0, diagnostics);
    else if (f.path === META_FILE) raw.meta = parseYaml(f.path, f.text, 0, diagnostics);
  }
  return raw;
}

export type { Node };
