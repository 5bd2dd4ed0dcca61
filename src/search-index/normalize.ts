//! Text normalisation shared by the index and the query, so both meet in one form.
//! In: any string (a clause, or whatever a user typed). Out: NFKC (full-width → half-width),
//! lower case, traditional → simplified for the characters the lexicon knows, document
//! numbers in one form (浙委〔2011〕119号 whether written with 〔〕, [], (), （）, 【】 or ［］),
//! and — for queries — punctuation, 《》 and control characters turned into spaces.
//! Pure and browser-safe: no Node-only APIs.

/** Characters that surround a year in a document number, as people type them. */
const YEAR_BRACKETS = /[〔［\[（(【{｛]\s*((?:19|20)\d\d)\s*[〕］\]）)】}｝]/g;

/** Longest query we look at: beyond this a query is cut (a pasted page is not a query). */
export const MAX_QUERY_LENGTH = 200;

/** Han characters (CJK ideographs). */
export const HAN = /\p{Script=Han}/u;

/**
 * Text made only of ASCII, the common CJK ideographs (U+4E00–U+9FEF), common CJK and general
 * punctuation, and the two private-use marks normalizeQueryText uses. For such text the
 * Unicode property classes below reduce to plain ranges: a query of this kind (nearly all)
 * is normalised and cut without compiling \p{L}, which costs ~1 ms in every process.
 * test/search/common-text.test.ts checks the equivalence for every code point of the set.
 */
const COMMON_TEXT = /^[\x00-\x7f\u00b7\u2010-\u2027\u3000-\u3004\u3008-\u301f\u4e00-\u9fef\ue000\ue001]*$/;

/** True when `text` is in the common subset (see COMMON_TEXT). */
export function isCommonText(text: string): boolean {
  return COMMON_TEXT.test(text);
}

/** Runs of characters that are neither letters nor digits (nor the two marks). */
const NOT_WORD = /[^\p{L}\p{N}\ue000\ue001]+/gu;
/** NOT_WORD for common text. */
const NOT_WORD_COMMON = /[^a-zA-Z0-9\u4e00-\u9fef\ue000\ue001]+/g;

/**
 * Per-character normalisation that keeps the text's length, so offsets found in the
 * normalised text are offsets in the original (used for highlighting).
 */
export function foldChar(ch: string, t2s?: ReadonlyMap<string, string>): string {
  let c = ch;
  const code = c.codePointAt(0)!;
  if (code >= 0xff01 && code <= 0xff5e) c = String.fromCodePoint(code - 0xfee0);
  else if (code === 0x3000) c = ' ';
  c = c.toLowerCase();
  if (c.length !== ch.length) c = ch;
  return t2s?.get(c) ?? c;
}

/** Length-preserving fold of a whole text (see foldChar). */
export function foldText(text: string, t2s?: ReadonlyMap<string, string>): string {
  let outText = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      outText += text.slice(i, i + 2);
      i++;
      continue;
    }
    outText += foldChar(text[i]!, t2s);
  }
  return outText;
}

const t2sPatterns = new WeakMap<ReadonlyMap<string, string>, RegExp>();

/** One regular expression matching any character of the map's keys (cached per map). */
function traditionalChars(t2s: ReadonlyMap<string, string>): RegExp {
  let re = t2sPatterns.get(t2s);
  if (!re) {
    const escape = (c: string) => c.replace(/[\\\]^-]/g, '\\$&');
    re = new RegExp(`[${[...t2s.keys()].map(escape).join('')}]`, 'gu');
    t2sPatterns.set(t2s, re);
  }
  return re;
}

/** Normalises text for indexing: NFKC, lower case, one form of document numbers. */
export function normalizeText(text: string, t2s?: ReadonlyMap<string, string>): string {
  let s = text.normalize('NFKC').toLowerCase();
  if (t2s && t2s.size) s = s.replace(traditionalChars(t2s), (c) => t2s.get(c) ?? c);
  return s.replace(YEAR_BRACKETS, '〔$1〕');
}

/**
 * Normalises a query: as normalizeText, and also removes 《》, quotes, punctuation, emoji
 * and control characters (they become spaces), collapses spaces, and cuts very long input.
 * `toSimplified` converts traditional characters the lexicon does not know (the CLI passes
 * opencc-js, loaded only when needed).
 */
export function normalizeQueryText(query: string, t2s?: ReadonlyMap<string, string>, toSimplified?: (s: string) => string): string {
  let s = String(query ?? '');
  if (s.length > MAX_QUERY_LENGTH * 4) s = s.slice(0, MAX_QUERY_LENGTH * 4);
  // Control, format, private-use and lone surrogate code points never carry meaning here.
  s = s.replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/gu, ' ').normalize('NFKC');
  if (toSimplified) s = toSimplified(s);
  s = normalizeText(s, t2s);
  // Keep letters, digits, Han and the brackets of document numbers; everything else separates words.
  s = s.replace(/〔((?:19|20)\d\d)〕/g, '\ue000$1\ue001');
  s = s.replace(isCommonText(s) ? NOT_WORD_COMMON : NOT_WORD, ' ');
  s = s.replace(/\ue000/g, '〔').replace(/\ue001/g, '〕');
  s = s.replace(/\s+/g, ' ').trim();
  if (s.length > MAX_QUERY_LENGTH) s = Array.from(s).slice(0, MAX_QUERY_LENGTH).join('').trim();
  return s;
}
