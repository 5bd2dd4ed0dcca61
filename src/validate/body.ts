//! A policy's Markdown body → numbered sections and clauses with stable anchor ids.
//! In: the body text, its first line number, the policy id. Out: preamble, sections
//! (`## 一、…` headings) each with clauses (paragraphs opening with （一）), the `#id`
//! links the body makes, and diagnostics for duplicate or out-of-order numbering.
//! Sections are `policy.N` and clauses `policy.N.M`, from their printed numbers.

import type { Clause, Section } from '../model/index.js';
import { DiagnosticBag } from '../diagnostics/index.js';
import { CLAUSE_START, headingMistake, parseChineseNumeral, readClauseNumber, SECTION_HEADING, toChineseNumeral } from './numbering.js';
import { markdownToText } from '../text/markdown.js';
import { findTooDeep, tooDeepWords } from '../text/depth.js';

export { parseChineseNumeral, toChineseNumeral, SECTION_HEADING, CLAUSE_START } from './numbering.js';

/** A line that may open with a clause number, written right or wrong. */
const MAY_OPEN_CLAUSE = /^[ \t]*(?:\*\*)?[（(〔【［]/;
/** `/\]\(#([^)\s]+)\)/g` as a scan (see inPageLinks). */
const SPACE = /\s/;

/**
 * The in-page link targets of a line, `](#target)`, with the index of their `](#`: the
 * matches of `/\]\(#([^)\s]+)\)/g`, found in linear time (the expression retries from every
 * `](#` up to the line's end when no `)` follows; a failed target stops at a character that
 * every later `](#` before it would stop at too, so the scan goes on from there).
 */
export function inPageLinks(line: string): { target: string; index: number }[] {
  const found: { target: string; index: number }[] = [];
  let from = 0;
  for (;;) {
    const at = line.indexOf('](#', from);
    if (at === -1) return found;
    let end = at + 3;
    while (end < line.length && line.charCodeAt(end) !== 0x29 && !SPACE.test(line[end]!)) end++;
    if (end < line.length && line.charCodeAt(end) === 0x29 && end > at + 3) {
      found.push({ target: line.slice(at + 3, end), index: at });
      from = end + 1;
    } else {
      if (end >= line.length) return found;
      from = Math.max(end, at + 1);
    }
  }
}
/** Raw HTML (a tag or a comment) outside inline code: the booklet removes it, so the editor should know. */
const RAW_HTML = /<(?:[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?\/?>|\/[a-zA-Z][a-zA-Z0-9-]*\s*>|!--)/g;
/** Link destinations that are not web, mail or in-page addresses. */
const UNSAFE_LINK = /\]\(\s*<?((?:javascript|vbscript|data|file):[^)\s>]*)/gi;

export interface BodyReference {
  target: string;
  line: number;
  column: number;
}

export interface ParsedBody {
  preamble: string;
  sections: Section[];
  references: BodyReference[];
}

/** decodeURIComponent that leaves a malformed escape as written. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A clause's lead-in: the words before its first 。 or ：, if short enough to be a title. */
function clauseTitle(rest: string): string {
  const plain = markdownToText(rest);
  const m = /^([^。：；]{1,30})[。：；]/.exec(plain);
  return m ? m[1]!.trim() : '';
}

export function parseBody(policyId: string, file: string, body: string, firstLine: number, diagnostics: DiagnosticBag): ParsedBody {
  // The one nesting limit render shares (src/text/depth.ts): lint and build refuse what render could not print.
  const deep = findTooDeep(body);
  if (deep) diagnostics.error('body/too-deep', tooDeepWords(deep), { file, line: firstLine + deep.line - 1, column: deep.column });
  const lines = body.split('\n');
  const preamble: string[] = [];
  const sections: Section[] = [];
  const references: BodyReference[] = [];
  let section: (Section & { introLines: string[] }) | undefined;
  /** The clause being read; `items` once it holds a `（1）`-style list. */
  let clause: { clause: Clause; lines: string[]; items: boolean } | undefined;
  let inFence = false;

  const closeClause = () => {
    if (clause && section) {
      clause.clause.markdown = clause.lines.join('\n').trim();
      clause.clause.text = markdownToText(clause.clause.markdown);
      section.clauses.push(clause.clause);
    }
    clause = undefined;
  };
  const closeSection = () => {
    closeClause();
    if (section) {
      const { introLines, ...rest } = section;
      sections.push({ ...rest, intro: introLines.join('\n').trim() });
    }
    section = undefined;
  };

  lines.forEach((line, i) => {
    const lineNo = firstLine + i;
    if (/^[ \t]*(```|~~~)/.test(line)) inFence = !inFence;
    // Most lines have no link, no HTML and no code: the patterns run only where they can match.
    if (!inFence) {
      if (line.includes('](#')) {
        for (const m of inPageLinks(line)) references.push({ target: safeDecode(m.target), line: lineNo, column: m.index + 3 });
      }
      const code = line.includes('`') ? line.replace(/`[^`]*`/g, (c) => ' '.repeat(c.length)) : line;
      if (code.includes('<')) {
        for (const m of code.matchAll(RAW_HTML)) {
          diagnostics.warning('body/raw-html', `正文含 HTML "${m[0].slice(0, 40)}"：排印时会被移除，请改用 Markdown`, { file, line: lineNo, column: m.index! + 1 });
        }
      }
      if (code.includes('](')) {
        for (const m of code.matchAll(UNSAFE_LINK)) {
          diagnostics.warning('body/unsafe-link', `链接地址 "${m[1]!.slice(0, 40)}" 不安全，排印时会被移除`, { file, line: lineNo, column: m.index! + 3 });
        }
      }
    }
    // A section or clause number written wrongly is reported here, then read as meant.
    // Only lines that open with # or a bracket can be either; most lines are plain text.
    const headingFix = inFence || line[0] !== '#' ? undefined : headingMistake(line);
    if (headingFix) diagnostics.error(headingFix.code, headingFix.message, { file, line: lineNo, column: headingFix.column });
    const heading = inFence ? null : headingFix ? [line, headingFix.numeral, headingFix.rest] : SECTION_HEADING.exec(line);
    if (heading) {
      closeSection();
      const n = parseChineseNumeral(heading[1]!)!;
      const expected = sections.length + 1;
      const id = `${policyId}.${n}`;
      if (sections.some((s) => s.ordinal === n)) {
        diagnostics.error('body/duplicate-clause', `章节编号 "${heading[1]}、" 重复（锚点 ${id}）`, { file, line: lineNo, column: 1 });
      } else if (n !== expected) {
        diagnostics.warning('body/numbering', `章节编号 "${heading[1]}、" 不连续，应为 "${toChineseNumeral(expected)}、"`, { file, line: lineNo, column: 1 });
      }
      section = {
        id,
        number: `${heading[1]}、`,
        ordinal: n,
        title: heading[2]!.replace(/[*_`]/g, '').trim(),
        intro: '',
        introLines: [],
        clauses: [],
        line: lineNo,
      };
      return;
    }
    // Each pattern runs once per line: a clause number written right (CLAUSE_START, which only
    // lines that MAY_OPEN_CLAUSE can match), else one written wrongly or a `(1)` item.
    const mayOpen = MAY_OPEN_CLAUSE.test(line);
    const written = inFence || !section || !mayOpen ? null : CLAUSE_START.exec(line);
    const numbering = mayOpen && !written && (clause || (section && !inFence)) ? readClauseNumber(line, (n) => !clause || (!clause.items && n === clause.clause.ordinal + 1)) : undefined;
    const clauseFix = inFence || !section ? undefined : numbering?.mistake;
    if (clauseFix) diagnostics.error(clauseFix.code, clauseFix.message, { file, line: lineNo, column: clauseFix.column });
    else if (clause && numbering?.arabicItem) clause.items = true;
    const start = inFence || !section ? null : clauseFix ? [line, clauseFix.numeral, clauseFix.rest] : written;
    if (start && section) {
      closeClause();
      const n = parseChineseNumeral(start[1]!)!;
      const expected = section.clauses.length + 1;
      const id = `${section.id}.${n}`;
      if (section.clauses.some((c) => c.ordinal === n)) {
        diagnostics.error('body/duplicate-clause', `条款编号 "（${start[1]}）" 在 "${section.number}" 中重复（锚点 ${id}）`, { file, line: lineNo, column: 1 });
      } else if (n !== expected) {
        diagnostics.warning('body/numbering', `条款编号 "（${start[1]}）" 不连续，应为 "（${toChineseNumeral(expected)}）"`, { file, line: lineNo, column: 1 });
      }
      clause = {
        clause: { id, number: `（${start[1]}）`, ordinal: n, title: clauseTitle(start[2]!), markdown: '', text: '', line: lineNo },
        lines: [line],
        items: false,
      };
      return;
    }
    if (clause) clause.lines.push(line);
    else if (section) section.introLines.push(line);
    else preamble.push(line);
  });
  closeSection();
  return { preamble: preamble.join('\n').trim(), sections, references };
}
