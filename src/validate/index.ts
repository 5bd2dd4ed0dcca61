//! Validation: raw documents → a Handbook and every diagnostic at once.
//! In: SourceFile[] (pure; reading them is load/'s job). Out: the Handbook when there
//! are no errors, and the sorted diagnostics either way. Never throws on bad input.

import { isScalar, isSeq } from 'yaml';
import type { Handbook, HandbookMeta, Policy, SourcePosition, Synonyms } from '../model/index.js';
import { DiagnosticBag, compareText, suggestion, UNAMBIGUOUS, type Diagnostic } from '../diagnostics/index.js';
import { FACTS_FILE, readHandbookDir, type SourceFile } from '../load/read.js';
import { parseSources, positionOf, type RawHandbook } from '../load/parse.js';
import { validateFacts } from './facts.js';
import { validatePolicy } from './policy.js';
import { expectMap, MapReader } from './fields.js';

export interface CompileResult {
  /** Present only when there are no errors. */
  handbook?: Handbook;
  diagnostics: Diagnostic[];
}

const DEFAULT_META: HandbookMeta = { title: '政策汇编', publisher: '', version: '0' };

/** Validates source files into a Handbook, collecting every problem. */
export function compileSources(files: readonly SourceFile[], bag = new DiagnosticBag()): CompileResult {
  try {
    const raw = parseSources(files, bag);
    const handbook = validateRaw(raw, bag);
    return bag.hasErrors ? { diagnostics: bag.sorted() } : { handbook, diagnostics: bag.sorted() };
  } catch (e) {
    // A bug, not bad input: reported as a diagnostic with its own code (never as a problem
    // of a file, never with a stack trace) rather than a crash mid-output.
    const first = String(e instanceof Error ? e.message : e).split('\n')[0]!.slice(0, 300);
    bag.error('internal/unexpected', `内部错误：${first}。这是本程序的缺陷，请附上所用的命令与政策目录报告给维护者`, { file: '<handbook>', line: 1, column: 1 });
    return { diagnostics: bag.sorted() };
  }
}

/**
 * Reads and compiles a handbook folder: every problem is reported, none thrown.
 * Also returns the files read, for hashing into the compiled output.
 *
 * @example
 * const { handbook, diagnostics } = compileDir('policies');
 * for (const d of diagnostics) console.error(formatDiagnostic(d));
 */
export function compileDir(dir: string): CompileResult & { files: SourceFile[] } {
  const bag = new DiagnosticBag();
  const files = readHandbookDir(dir, bag);
  const result = bag.hasErrors ? { diagnostics: bag.sorted() } : compileSources(files, bag);
  return { ...result, files };
}

function validateRaw(raw: RawHandbook, bag: DiagnosticBag): Handbook {
  if (!raw.paths.includes(FACTS_FILE)) {
    bag.error('handbook/missing-facts', '目录中缺少 facts.yaml（企业画像的事实声明）', { file: FACTS_FILE, line: 1, column: 1 });
  }
  if (!raw.paths.some((p) => p.endsWith('.md'))) {
    bag.error('handbook/empty', '目录中没有政策文件（*.md）', { file: '.', line: 1, column: 1 });
  }
  const { facts, derived, table } = validateFacts(raw.facts, bag);

  const policies: Policy[] = [];
  const policyIdAt = new Map<string, string>();
  const provisionIdAt = new Map<string, string>();
  // Every anchor a file declares, even one whose front matter has errors: links to it are not false errors.
  const targets = new Set<string>();
  const parents: { id: string; at: SourcePosition }[] = [];
  const references: { file: string; target: string; line: number; column: number }[] = [];
  for (const rp of raw.policies) {
    const { policy, references: refs, declared } = validatePolicy(rp, table, bag);
    references.push(...refs.map((r) => ({ ...r, file: rp.file })));
    if (!declared) continue;
    const first = policyIdAt.get(declared.id);
    if (first !== undefined) {
      bag.error('policy/duplicate-id', `政策 id "${declared.id}" 重复，已在 ${first} 中使用`, declared.at);
      continue;
    }
    policyIdAt.set(declared.id, rp.file);
    for (const a of declared.anchors) targets.add(a);
    if (declared.parent) parents.push(declared.parent);
    if (!policy) continue;
    for (const p of policy.provisions) {
      const firstP = provisionIdAt.get(p.id);
      if (firstP !== undefined) bag.error('provision/duplicate-id', `条目 id "${p.id}" 重复，已在 ${firstP} 中使用`, p.source);
      else provisionIdAt.set(p.id, `${p.source.file}:${p.source.line}`);
    }
    policies.push(policy);
  }

  for (const parent of parents) {
    if (!policyIdAt.has(parent.id)) {
      bag.error('policy/unknown-parent', `parent "${parent.id}" 不是本汇编中的政策 id${suggestion(parent.id, policyIdAt.keys(), UNAMBIGUOUS)}`, parent.at);
    }
  }
  for (const ref of references) {
    if (!targets.has(ref.target)) {
      bag.error('body/unknown-reference', `链接指向不存在的 id "#${ref.target}"${suggestion(ref.target, targets, UNAMBIGUOUS)}`, ref);
    }
  }

  // Parent documents first, then by file name (code units, not the machine's locale): the booklet's order.
  policies.sort((a, b) => Number(a.parent !== undefined) - Number(b.parent !== undefined) || compareText(a.file, b.file));
  return { meta: readMeta(raw, bag), facts, derived, policies, synonyms: readSynonyms(raw, bag) };
}

function readMeta(raw: RawHandbook, bag: DiagnosticBag): HandbookMeta {
  const src = raw.meta;
  if (!src) return { ...DEFAULT_META };
  const map = expectMap(src, src.doc.contents, bag, 'handbook.yaml');
  if (!map) return { ...DEFAULT_META };
  const r = new MapReader(src, map, bag, 'handbook.yaml ');
  const meta: HandbookMeta = {
    title: r.string('title', true) ?? DEFAULT_META.title,
    publisher: r.string('publisher', false) ?? DEFAULT_META.publisher,
    version: r.string('version', false) ?? DEFAULT_META.version,
  };
  // This edition's date (YYYY-MM-DD): the booklet's cover and its PDF's dates, not the clock.
  const edition = r.date('edition', false, false);
  if (edition !== undefined) meta.edition = edition;
  r.checkUnknownKeys();
  return meta;
}

function readSynonyms(raw: RawHandbook, bag: DiagnosticBag): Synonyms {
  const src = raw.synonyms;
  const synonyms: Synonyms = { groups: [] };
  if (!src) return synonyms;
  const map = expectMap(src, src.doc.contents, bag, 'synonyms.yaml');
  if (!map) return synonyms;
  const r = new MapReader(src, map, bag, 'synonyms.yaml ');
  const groups = r.node('synonyms');
  r.checkUnknownKeys();
  if (!isSeq(groups)) {
    bag.error('synonyms/syntax', 'synonyms.yaml 应有 synonyms: 列表，每项为一组同义词，如 [土地, 用地]', positionOf(src, groups ?? map));
    return synonyms;
  }
  for (const g of groups.items) {
    const words = isSeq(g) ? g.items.map((w) => (isScalar(w) ? String(w.value ?? '').trim() : '')) : [];
    if (words.length < 2 || words.some((w) => w === '')) {
      bag.error('synonyms/syntax', '每组同义词应为至少两个非空词语的列表，如 [贷款, 信贷, 融资]', positionOf(src, g));
      continue;
    }
    synonyms.groups.push(words);
  }
  return synonyms;
}
