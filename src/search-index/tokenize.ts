//! The tokenizer, the same for the index and the query (search-engine mode over a corpus
//! dictionary, like jieba's cut_for_search but with a dictionary trimmed to the corpus).
//! In: normalised text (normalize.ts) and a Lexicon. Out: terms — every dictionary word
//! found in each run of Han characters (so 建设用地指标 gives 建设用地, 建设, 用地, 指标),
//! each Han character no word covers (unless a function word), Latin words and numbers,
//! and document numbers as one term (〔2011〕119号). Pure and browser-safe.

import { EMPTY_LEXICON, type Lexicon } from './lexicon.js';
import { isCommonText } from './normalize.js';
import { segmentBounded } from './segment.js';

// Han runs and runs of other letters and digits are separate pieces: 2000万元 → 2000, 万元.
const PIECES = /〔((?:19|20)\d\d)〕(\d+)号|\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;
const IS_HAN = /^\p{Script=Han}/u;
/** PIECES for common text (see isCommonText): the same pieces without the property classes. */
const PIECES_COMMON = /〔((?:19|20)\d\d)〕(\d+)号|[\u4e00-\u9fef]+|[a-zA-Z0-9]+/g;

/**
 * Terms of one run of Han characters, appended to `into`: every lexicon word the run contains
 * and each character no word (or stop word) covers, unless a stop character. With `loose`,
 * also appends the maximal runs of adjacent such characters (上海 in 上海的企业: a word the
 * lexicon lacks, whose characters alone mean little; the query side uses them, see query.ts).
 */
export function cutRun(run: string, lexicon: Lexicon, into: string[], loose?: string[]): void {
  const chars = Array.from(run);
  const n = chars.length;
  const covered = new Uint8Array(n);
  const { words, maxLength, stopChars, stopWords, trie } = lexicon;
  if (words.size === 0) {
    // No dictionary: overlapping character pairs (and the lone character of a one-character run).
    if (n === 1) {
      if (!stopChars.has(chars[0]!)) {
        into.push(chars[0]!);
        loose?.push(chars[0]!);
      }
      return;
    }
    for (let i = 0; i + 1 < n; i++) into.push(chars[i]! + chars[i + 1]!);
    return;
  }
  for (let i = 0; i < n; i++) {
    const limit = Math.min(maxLength, n - i);
    if (trie) {
      // The same candidates, walked in the trie: no node means no word starts with the candidate.
      let node = trie.next.get(chars[i]!.codePointAt(0)!);
      for (let len = 2; node && len <= limit; len++) {
        node = node.next.get(chars[i + len - 1]!.codePointAt(0)!);
        if (!node) break;
        if (node.word !== undefined) {
          into.push(node.word);
          covered.fill(1, i, i + len);
        } else if (node.stop) {
          covered.fill(1, i, i + len);
        }
      }
      continue;
    }
    let candidate = chars[i]!;
    for (let len = 2; len <= limit; len++) {
      candidate += chars[i + len - 1]!;
      if (words.has(candidate)) {
        into.push(candidate);
        covered.fill(1, i, i + len);
      } else if (stopWords.has(candidate)) {
        covered.fill(1, i, i + len);
      }
    }
  }
  let free = '';
  for (let i = 0; i < n; i++) {
    if (!covered[i] && !stopChars.has(chars[i]!)) {
      into.push(chars[i]!);
      if (loose) free += chars[i]!;
    } else if (free) {
      loose!.push(free);
      free = '';
    }
  }
  if (free) loose!.push(free);
}

/**
 * Normalised text → terms, in order of appearance (repeats kept: they count for ranking).
 * Without a lexicon, Han text is cut into overlapping character pairs. `loose` collects the
 * runs of characters no word covers (see cutRun).
 */
export function tokenizeNormalized(text: string, lexicon: Lexicon = EMPTY_LEXICON, loose?: string[]): string[] {
  const terms: string[] = [];
  const common = isCommonText(text);
  for (const m of text.matchAll(common ? PIECES_COMMON : PIECES)) {
    const piece = m[0];
    if (m[1] !== undefined) {
      terms.push(piece, m[1], m[2]!);
    } else if (common ? piece.charCodeAt(0) >= 0x4e00 : IS_HAN.test(piece)) {
      cutRun(piece, lexicon, terms, loose);
    } else {
      terms.push(piece);
    }
  }
  return terms;
}

/** The tokenizers the index can be built with (the first is the one `handbook build` uses;
 *  the others exist to be measured against it, see bench/tokenizers.js). */
export const TOKENIZERS = ['lexicon-search-mode', 'bigram', 'intl-segmenter', 'minisearch-default'] as const;
export type TokenizerName = (typeof TOKENIZERS)[number];

let segmenter: Intl.Segmenter | undefined;

/** Normalised text → terms with the named tokenizer (`loose`: see cutRun; the default tokenizer only). */
export function tokenizeWith(name: string, text: string, lexicon: Lexicon, loose?: string[]): string[] {
  switch (name) {
    case 'bigram':
      return tokenizeNormalized(text, EMPTY_LEXICON);
    case 'intl-segmenter': {
      segmenter ??= new Intl.Segmenter('zh-Hans', { granularity: 'word' });
      const terms: string[] = [];
      for (const s of segmentBounded(segmenter, text)) if (s.isWordLike && !lexicon.stopChars.has(s.segment) && !lexicon.stopWords.has(s.segment)) terms.push(s.segment);
      return terms;
    }
    case 'minisearch-default':
      return text.split(/[\n\r\p{Z}\p{P}]+/u).filter(Boolean);
    default:
      return tokenizeNormalized(text, lexicon, loose);
  }
}
