//! How deeply a piece of Markdown nests, measured in one linear pass without parsing it, and
//! the one limit on it (MAX_NESTING) that lint, build and render share: lint and build report
//! a piece over the limit as `body/too-deep` at its line, and render (src/render/markdown.ts)
//! never hands such a piece to the Markdown parser, whose tree walkers recurse once per level
//! (1,000 nested list items overflowed the stack) and whose list handling costs lines × depth.
//! In: Markdown text. Out: the first place where it nests too deeply, or undefined.
//!
//! The measure is an upper bound of the parsed tree's depth, never an underestimate:
//! - block depth of a line: the container markers its prefix holds (`>`, `-`, `+`, `*`, `1.`
//!   followed by a space or the line's end) plus half its indentation in columns (a nested list
//!   item is indented at least two columns per level; a container is only ever opened on a line
//!   whose prefix holds all the containers around it);
//! - inline depth within a paragraph (up to a blank line): the emphasis delimiters (`*`, `_`,
//!   `~`) left open, by CommonMark's flanking rules (a run closes what it can, the rest opens),
//!   plus the bracket pairs `[ ]` that close, each pair counted inside the pairs around it.
//!   This is an estimate (the delimiter algorithm's finer rules are not followed); render
//!   measures the parsed tree as well and refuses one deeper than TREE_DEPTH_LIMIT, which no
//!   text within MAX_NESTING reaches.
//! - marks in a paragraph: at most MAX_MARKS_PER_PARAGRAPH emphasis runs, which the parser
//!   pairs in quadratic time (and which bound what the estimate can miss).
//! Real text nests a few levels; the limits are far above that and far below what breaks.

/** The deepest nesting a piece of Markdown may have, block or inline (docs/FORMAT.md, "Limits"). */
export const MAX_NESTING = 100;

/**
 * The deepest parsed Markdown tree (mdast nodes from the root) render accepts: a text within
 * MAX_NESTING block and inline levels makes at most about 3 nodes per level (list, item,
 * paragraph); the tree walkers overflow the stack only at thousands.
 */
export const TREE_DEPTH_LIMIT = 4 * MAX_NESTING + 16;

/**
 * The most emphasis delimiter runs (`*`, `_`, `~`) one paragraph may hold: the parser pairs
 * them in time that grows with their number squared (16,000 bold phrases in one paragraph
 * took 30 s to parse; brackets left open cost it linear time). Real paragraphs hold a few dozen.
 */
export const MAX_MARKS_PER_PARAGRAPH = 1000;

export interface TooDeep {
  /** Block or inline nesting, or too many marks in one paragraph (MAX_MARKS_PER_PARAGRAPH). */
  kind: 'block' | 'inline' | 'marks';
  /** 1-based line and column within the text where the limit is passed. */
  line: number;
  column: number;
  /** The depth measured there (the limit + 1 or more), or for 'marks' the number of marks. */
  depth: number;
}

const SPACE = 0x20;
const TAB = 0x09;
const isBlank = (c: number) => c === SPACE || c === TAB || Number.isNaN(c);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** The block depth of one line's prefix, and the column (0-based) where it passes `limit`, if it does. */
function blockDepth(line: string, limit: number): { depth: number; at: number } {
  let markers = 0;
  let columns = 0;
  let i = 0;
  for (;;) {
    const c = line.charCodeAt(i);
    if (c === SPACE) {
      columns++;
      i++;
    } else if (c === TAB) {
      columns += 4 - (columns % 4);
      i++;
    } else if (c === 0x3e /* > */) {
      markers++;
      i++;
      if (line.charCodeAt(i) === SPACE) i++;
    } else if ((c === 0x2d || c === 0x2b || c === 0x2a) && isBlank(line.charCodeAt(i + 1))) {
      markers++;
      i += line.charCodeAt(i + 1) === SPACE ? 2 : 1;
    } else if (isDigit(c)) {
      let k = i;
      while (k - i < 9 && isDigit(line.charCodeAt(k))) k++;
      const d = line.charCodeAt(k);
      if ((d !== 0x2e && d !== 0x29) || !isBlank(line.charCodeAt(k + 1))) break;
      markers++;
      i = line.charCodeAt(k + 1) === SPACE ? k + 2 : k + 1;
    } else {
      break;
    }
    if (markers + (columns >> 1) > limit) return { depth: markers + (columns >> 1), at: i };
    if (i >= line.length) break;
  }
  return { depth: markers + (columns >> 1), at: i };
}

const WHITE = /^\s?$/u;
const PUNCT = /^[\p{P}\p{S}]$/u;

/** CommonMark's flanking rules for a delimiter run between `before` and `after` ('' at a line's edge, which counts as white space). */
function flanking(c: number, before: string, after: string): { canOpen: boolean; canClose: boolean } {
  const wsBefore = WHITE.test(before);
  const wsAfter = WHITE.test(after);
  const pBefore = !wsBefore && PUNCT.test(before);
  const pAfter = !wsAfter && PUNCT.test(after);
  const left = !wsAfter && (!pAfter || wsBefore || pBefore);
  const right = !wsBefore && (!pBefore || wsAfter || pAfter);
  if (c === 0x5f /* _ */) return { canOpen: left && (!right || pBefore), canClose: right && (!left || pAfter) };
  return { canOpen: left, canClose: right };
}

/**
 * The first place where `markdown` nests deeper than `limit` (see the module comment), or
 * undefined. Linear in the text's length.
 */
export function findTooDeep(markdown: string, limit = MAX_NESTING): TooDeep | undefined {
  let lineNo = 0;
  let lineStart = 0;
  // Inline state, per paragraph: open emphasis delimiters, and the open brackets' positions.
  let emphasis = 0;
  let marks = 0;
  const brackets: { line: number; column: number; inside: number }[] = [];
  while (lineStart <= markdown.length) {
    let end = markdown.indexOf('\n', lineStart);
    if (end === -1) end = markdown.length;
    lineNo++;
    const line = markdown.slice(lineStart, end);
    const block = blockDepth(line, limit);
    if (block.depth > limit) return { kind: 'block', line: lineNo, column: block.at + 1, depth: block.depth };
    if (line.trim() === '') {
      emphasis = 0;
      marks = 0;
      brackets.length = 0;
    } else {
      for (let i = block.at; i < line.length; i++) {
        const c = line.charCodeAt(i);
        if (c === 0x2a || c === 0x5f || c === 0x7e) {
          if (++marks > MAX_MARKS_PER_PARAGRAPH) return { kind: 'marks', line: lineNo, column: i + 1, depth: marks };
          let k = i;
          while (line.charCodeAt(k) === c) k++;
          const run = k - i;
          const { canOpen, canClose } = flanking(c, i === 0 ? '' : line[i - 1]!, k >= line.length ? '' : line[k]!);
          // As the delimiter algorithm does: a run first closes what is open, the rest may open.
          let rest = run;
          if (canClose) {
            const closed = Math.min(emphasis, run);
            emphasis -= closed;
            rest -= closed;
          }
          if (canOpen) emphasis += rest;
          const depth = emphasis + (brackets.length ? brackets[brackets.length - 1]!.inside : 0);
          if (depth > limit) return { kind: 'inline', line: lineNo, column: i + 1, depth };
          i = k - 1;
        } else if (c === 0x5b /* [ */) {
          brackets.push({ line: lineNo, column: i + 1, inside: 0 });
        } else if (c === 0x5d /* ] */ && brackets.length > 0) {
          // A closed pair is one level around the deepest pair closed inside it.
          const pair = brackets.pop()!;
          const depth = pair.inside + 1;
          if (depth + emphasis > limit) return { kind: 'inline', line: pair.line, column: pair.column, depth: depth + emphasis };
          const outer = brackets[brackets.length - 1];
          if (outer && outer.inside < depth) outer.inside = depth;
        }
      }
    }
    lineStart = end + 1;
  }
  return undefined;
}

/** The words for a TooDeep, for a diagnostic ("正文嵌套过深：列表或引用嵌套至少 101 层，超过 100 层的上限…"). */
export function tooDeepWords(t: TooDeep, limit = MAX_NESTING): string {
  if (t.kind === 'marks') return `段落中的强调标记（* _ ~）过多：超过 ${MAX_MARKS_PER_PARAGRAPH} 处的上限；排印无法在合理时间内处理，请分段或减少标记`;
  const what = t.kind === 'block' ? '列表或引用' : '强调标记（* _ ~）或方括号';
  return `正文嵌套过深：${what}嵌套至少 ${t.depth} 层，超过 ${limit} 层的上限；排印无法处理，请减少嵌套`;
}
