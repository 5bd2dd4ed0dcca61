//! Line breaking the reader notices (GB/T 9704 7.3.1: 回行时要做到词意完整). In: plain text
//! (a title, a rule in words, an amount, a run of body text) and, for titles, the corpus's
//! lexicon (the search tokenizer's dictionary). Out: HTML, escaped, where a number stays with
//! its unit and a comparison with its operand (<span class="nb">, white-space: nowrap, at
//! every width), and where a title — a document's head, the contents, a 《…》 cited in the
//! body or the fact index — may break only between words: <wbr> where both ICU's word
//! segmenter (Intl.Segmenter) and the lexicon put a boundary, with word-break: keep-all in
//! booklet.css. Pure and deterministic (for one Node, whose ICU data is fixed).

import type { Lexicon } from '../search-index/index.js';
import { escapeHtml } from './template.js';

/** Units that follow a number in the handbook, longest first. */
const UNITS = ['万平方米', '平方米', '个工作日', '工作日', '个百分点', '百分点', '个月', '周岁', '万元', '亿元', '公顷', '元', '年', '月', '日', '个', '号', '%', '％', '倍', '项', '家', '人', '名', '天', '亩', '届', '次', '岁', '级', '套', '台', '户', '万', '亿'];

/**
 * A number with its unit (100万元, 50%, 2011年), with a comparison sign before it
 * (≥ 10000万元) when there is one: what must never be split over two lines.
 */
export const KEEP_TOGETHER = new RegExp(`(?:[<>≤≥＜＞]\\s?)?\\d+(?:[.,]\\d+)*\\s?(?:${UNITS.map((u) => u.replace(/[%]/g, '\\$&')).join('|')})`, 'g');

/** Pieces of `text`: [text, false] to set as is, [text, true] to keep on one line. */
export function keepTogetherPieces(text: string): [string, boolean][] {
  const out: [string, boolean][] = [];
  let at = 0;
  for (const m of text.matchAll(KEEP_TOGETHER)) {
    if (m.index > at) out.push([text.slice(at, m.index), false]);
    out.push([m[0], true]);
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push([text.slice(at), false]);
  return out;
}

const COMPARISON = /^([<>≤≥＜＞]\s?)(.*)$/su;

/**
 * Escaped HTML of `text` with every number-and-unit in <span class="nb">; a comparison sign
 * and its number in an outer <span class="nb cmp"> (a very narrow screen may break after the
 * sign, never inside the number and unit).
 */
export function keepTogether(text: string): string {
  return keepTogetherPieces(text)
    .map(([s, nb]) => {
      if (!nb) return escapeHtml(s);
      const cmp = COMPARISON.exec(s);
      return cmp ? `<span class="nb cmp">${escapeHtml(cmp[1]!)}<span class="nb">${escapeHtml(cmp[2]!)}</span></span>` : `<span class="nb">${escapeHtml(s)}</span>`;
    })
    .join('');
}

const HAN = /\p{Script=Han}/u;

/**
 * Where a run of Han characters may break: after character i when no lexicon word (or stop
 * word, such as 关于) spans characters i and i + 1.
 */
export function wordBoundaries(chars: readonly string[], lexicon: Lexicon): boolean[] {
  const inside = new Array<boolean>(chars.length).fill(false);
  for (let i = 0; i < chars.length; i++) {
    let candidate = chars[i]!;
    for (let len = 2; len <= lexicon.maxLength && i + len <= chars.length; len++) {
      candidate += chars[i + len - 1]!;
      if (lexicon.words.has(candidate) || lexicon.stopWords.has(candidate)) inside.fill(true, i + 1, i + len);
    }
  }
  // inside[k]: the boundary before character k lies inside a word.
  return chars.map((_, i) => i + 1 < chars.length && !inside[i + 1]);
}

const SEGMENTER = new Intl.Segmenter('zh', { granularity: 'word' });

/** After which characters ICU's dictionary ends a word (none after the last). */
export function segmenterBoundaries(chars: readonly string[]): boolean[] {
  const text = chars.join('');
  const ends = new Set<number>();
  for (const s of SEGMENTER.segment(text)) ends.add(s.index + s.segment.length);
  let offset = 0;
  return chars.map((c) => {
    offset += c.length;
    return offset < text.length && ends.has(offset);
  });
}

/**
 * Where a title may break: after character i when ICU's segmenter ends a word there and no
 * lexicon word spans it. Either alone is not enough: ICU splits 浙/商 and 制造/业, which the
 * corpus's lexicon knows as words; the lexicon lacks many common words (建设) that ICU knows.
 */
export function titleBreaks(chars: readonly string[], lexicon?: Lexicon): boolean[] {
  const icu = segmenterBoundaries(chars);
  if (!lexicon) return icu;
  const lex = wordBoundaries(chars, lexicon);
  return icu.map((b, i) => b && lex[i]!);
}

/**
 * A title as HTML: escaped, numbers kept with their units, and <wbr> at each word boundary
 * (titleBreaks) between two Han characters (booklet.css sets titles in word-break: keep-all,
 * so these are the only places a line may end inside a Han run).
 */
export function titleHtml(title: string, lexicon?: Lexicon): string {
  const chars = Array.from(title);
  const breaks = titleBreaks(chars, lexicon);
  let plain = '';
  for (let i = 0; i < chars.length; i++) {
    plain += chars[i];
    if (breaks[i] && HAN.test(chars[i]!) && i + 1 < chars.length && HAN.test(chars[i + 1]!)) plain += '\u200b';
  }
  // A zero-width space marks each break while the text is escaped and typeset, then becomes <wbr>.
  return keepTogether(plain).replace(/\u200b/g, '<wbr>');
}

/** A document title cited in running text: 《…》 on one line, or within one per line. */
export const CITED_TITLE = /《[^《》\n]{1,80}》/g;

/** A cited title (《…》, brackets included) as HTML: <span class="cite"> that breaks only between words. */
export function citedTitleHtml(cited: string, lexicon?: Lexicon): string {
  return `<span class="cite">${titleHtml(cited, lexicon)}</span>`;
}
