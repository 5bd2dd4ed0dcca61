//! Markdown → plain text, the one way the tool strips Markdown: a clause's stored text
//! (validate/), a section's intro and a preamble in the search index and its snippets
//! (search-index/), links in terminal text (cli/show-text.ts). In: Markdown. Out: its words.
//!
//! It removes code fences, HTML tags, images and links (to their text), heading, quote and
//! list markers, table rules and bars, emphasis marks (`**要点**` → `要点`). (Until #16 the
//! search index had its own, rougher stripping for intros and preambles; on the bundled
//! handbook both gave the same compiled file, byte for byte.)
//!
//! Linear time on any text: the patterns that backtrack on text they do not match
//! (`<[^>]*>` on a run of `<`, `\[([^\]]*)\]\(…\)` on a run of `[`, a table rule's
//! `[ \t:|-]+\|` on a long line of bars) are scans with indexOf here, each equivalent to its
//! regular expression (test/text/markdown.test.ts checks them against the expressions).

/** `text.replace(pattern, by)`, skipped when `needs` (what every match contains) is absent: most text has no Markdown. */
function replaceIf(text: string, needs: string | RegExp, pattern: RegExp, by: string): string {
  return (typeof needs === 'string' ? text.includes(needs) : needs.test(text)) ? text.replace(pattern, by) : text;
}

/**
 * `s.replace(/open[\s\S]*?close/g, by)` where the match runs from `open` to the first `close`
 * after it (`close` = `open` for fences, `>` after `<` for tags), without the regex's quadratic
 * retries when no `close` follows: then no later `open` can match either.
 */
export function replaceSpans(s: string, open: string, close: string, by: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const i = s.indexOf(open, from);
    if (i === -1) break;
    const j = s.indexOf(close, i + open.length);
    if (j === -1) break;
    out += s.slice(from, i) + by;
    from = j + close.length;
  }
  return from === 0 ? s : out + s.slice(from);
}

/**
 * Links `[text](url)` → `text`: `bang` 'image' matches only `![text](url)`, 'optional' an
 * optional `!` before the `[` (`/!?\[([^\]]*)\]\([^)]*\)/g`), 'none' a plain `[`
 * (`/\[([^\]]*)\]\([^)]*\)/g`). A `[` matches when the first `]` after it is followed by
 * `(` and some `)` follows; when it does not, no `[` before that `]` can match either, and
 * when no `]` or `)` follows, nothing after can: each character is looked at a bounded
 * number of times.
 */
export function replaceLinks(s: string, bang: 'image' | 'optional' | 'none'): string {
  let out = '';
  let from = 0;
  let search = 0;
  for (;;) {
    const open = s.indexOf(bang === 'image' ? '![' : '[', search);
    if (open === -1) break;
    const bracket = bang === 'image' ? open + 1 : open;
    const close = s.indexOf(']', bracket + 1);
    if (close === -1) break;
    if (s.charCodeAt(close + 1) !== 0x28 /* ( */) {
      search = close + 1;
      continue;
    }
    const paren = s.indexOf(')', close + 2);
    if (paren === -1) break;
    // With an optional `!`, the match starts at it when it is there and not already consumed.
    const start = bang === 'optional' && open > from && s.charCodeAt(open - 1) === 0x21 /* ! */ ? open - 1 : open;
    out += s.slice(from, start) + s.slice(bracket + 1, close);
    from = search = paren + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

/** A character of a table rule line: space, tab, `:`, `|`, `-`. */
const isRuleChar = (c: number) => c === 0x20 || c === 0x09 || c === 0x3a || c === 0x7c || c === 0x2d;
/** JavaScript's line terminators (what `^` and `$` mean with the m flag). */
const isLineEnd = (c: number) => c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;

/**
 * Empties table rule lines (`|---|:-:|`): `s.replace(/^\|?[ \t:|-]+\|[ \t:|-]*$/gm, '')`, i.e.
 * lines of rule characters only with a `|` after their first character, line by line.
 */
export function removeTableRules(s: string): string {
  let out = '';
  let from = 0;
  let lineStart = 0;
  const n = s.length;
  while (lineStart <= n) {
    let end = lineStart;
    let ruleOnly = true;
    let barAfterFirst = false;
    while (end < n && !isLineEnd(s.charCodeAt(end))) {
      const c = s.charCodeAt(end);
      if (!isRuleChar(c)) ruleOnly = false;
      else if (c === 0x7c && end > lineStart) barAfterFirst = true;
      end++;
    }
    if (ruleOnly && barAfterFirst) {
      out += s.slice(from, lineStart);
      from = end;
    }
    lineStart = end + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

/**
 * Markdown → plain text, enough for search and terminals (see the module comment).
 *
 * @example
 * markdownToText('**（一）** 见[用地](#land.1)。') // '（一） 见用地。'
 */
export function markdownToText(md: string): string {
  let s = replaceSpans(md, '```', '```', ' ');
  s = replaceSpans(s, '<', '>', '');
  s = s.includes('![') ? replaceLinks(s, 'image') : s;
  s = s.includes('](') ? replaceLinks(s, 'none') : s;
  s = replaceIf(s, '#', /^[ \t]*#{1,6}[ \t]*/gm, '');
  s = replaceIf(s, '>', /^[ \t]*>[ \t]?/gm, '');
  s = replaceIf(s, /[-*+.]/, /^[ \t]*(?:[-*+]|\d+\.)[ \t]+/gm, '');
  s = s.includes('|') ? removeTableRules(s).replace(/\|/g, ' ') : s;
  s = replaceIf(s, /[*_`~]/, /(\*\*|__|\*|_|`|~~)/g, '');
  return s.replace(/[ \t]+/g, ' ').replace(/\n{2,}/g, '\n').trim();
}
