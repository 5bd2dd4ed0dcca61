//! The corpus's own dictionary (a "trimmed dictionary"): the words the tokenizer may cut.
//! In: the handbook's texts and its domain words (titles, tags, synonyms, fact labels).
//! Out: LexiconData (JSON, stored in the index artefact) and, from it, a Lexicon ready for
//! tokenizing. Built once by `handbook build`; loading it costs well under a millisecond.
//!
//! Where the words come from:
//! - `Intl.Segmenter` (ICU's Chinese dictionary) over every text of the corpus: general words;
//! - domain words declared in the handbook (provision and clause titles, tags, synonyms,
//!   fact labels and values, issuers);
//! - pairs of single characters that ICU leaves apart but the corpus keeps together
//!   (浙|商, 小|微, 报|批 occur again and again): merged into words.
//! Pure and browser-safe (Intl.Segmenter is in every current browser; it is used at build only).

import { HAN } from './normalize.js';

/** Function words and question fillers that never make a term (index and query alike). */
export const STOP_CHARS = '的了和与及或等对在为于是有也就都而并其之以把被给向从到按由将要可该各个吗呢啊吧么嘛我你他她它们去来想请问能会没这那哪啥谁怎何些所';
export const STOP_WORDS = [
  '有没有', '没有', '是否', '怎么', '怎么样', '怎样', '如何', '哪些', '什么', '哪个', '哪里', '可以', '能否', '能不能',
  '请问', '一下', '我们', '我的', '你们', '有关', '相关', '关于', '对于', '或者', '以及', '还是', '需要', '应当', '应该',
];

/** Longest word the lexicon keeps (longer domain phrases are cut into their words). */
export const MAX_WORD_LENGTH = 8;

/** A lexicon as stored in the artefact. */
export interface LexiconData {
  /** Words of two or more characters, sorted. */
  words: string[];
  /** Traditional → simplified pairs for the corpus's characters, as one string "繁简繁简…". */
  t2s: string;
  /** Every Han character of the corpus, sorted, as one string. */
  chars: string;
}

/** A lexicon ready for tokenizing. */
export interface Lexicon {
  words: ReadonlySet<string>;
  maxLength: number;
  t2s: ReadonlyMap<string, string>;
  chars: ReadonlySet<string>;
  stopChars: ReadonlySet<string>;
  stopWords: ReadonlySet<string>;
  /**
   * Optional, for cutting much text (building an index): every prefix (2+ characters) of the
   * words and stop words, so the tokenizer stops extending a candidate as soon as no word
   * can follow; and a cache of the terms of each Han run already cut. Same terms either way.
   */
  prefixes?: ReadonlySet<string>;
  runCache?: Map<string, string[]>;
}

const stopCharSet: ReadonlySet<string> = new Set(Array.from(STOP_CHARS));
const stopWordSet: ReadonlySet<string> = new Set(STOP_WORDS);

const lexiconCache = new WeakMap<LexiconData, Lexicon>();

/** LexiconData → Lexicon (cached per data object). */
export function toLexicon(data: LexiconData): Lexicon {
  const hit = lexiconCache.get(data);
  if (hit) return hit;
  const t2s = new Map<string, string>();
  const pairs = Array.from(data.t2s);
  for (let i = 0; i + 1 < pairs.length; i += 2) t2s.set(pairs[i]!, pairs[i + 1]!);
  let maxLength = 1;
  for (const w of data.words) if (w.length > maxLength) maxLength = w.length;
  const lexicon: Lexicon = {
    words: new Set(data.words),
    maxLength,
    t2s,
    chars: new Set(Array.from(data.chars)),
    stopChars: stopCharSet,
    stopWords: stopWordSet,
  };
  lexiconCache.set(data, lexicon);
  return lexicon;
}

/** A lexicon for cutting a whole corpus: with the prefix set and a run cache (see Lexicon). */
export function forIndexing(lexicon: Lexicon): Lexicon {
  const prefixes = new Set<string>();
  for (const list of [lexicon.words, lexicon.stopWords]) {
    for (const w of list) for (let i = 2; i < w.length; i++) prefixes.add(w.slice(0, i));
  }
  return { ...lexicon, prefixes, runCache: new Map() };
}

/** An empty lexicon: the tokenizer then cuts Han text into overlapping character pairs. */
export const EMPTY_LEXICON: Lexicon = {
  words: new Set(),
  maxLength: 1,
  t2s: new Map(),
  chars: new Set(),
  stopChars: stopCharSet,
  stopWords: stopWordSet,
};

export interface LexiconSources {
  /** Running texts of the corpus (clauses, titles, preambles), already normalised. */
  texts: string[];
  /** Declared domain words and phrases, already normalised. */
  domain: string[];
  /** Simplified → traditional converter, to learn the traditional forms of the corpus's characters. */
  toTraditional?: ((s: string) => string)[];
}

const hanRun = /\p{Script=Han}+/gu;

/** Builds the trimmed dictionary of a corpus. Deterministic for the same input. */
export function buildLexicon(sources: LexiconSources): LexiconData {
  const words = new Set<string>();
  const add = (w: string) => {
    if (w.length >= 2 && w.length <= MAX_WORD_LENGTH && !stopWordSet.has(w) && /^\p{Script=Han}+$/u.test(w)) words.add(w);
  };
  const segmenter = new Intl.Segmenter('zh-Hans', { granularity: 'word' });
  const pairCounts = new Map<string, number>();
  const chars = new Set<string>();
  // Each distinct run is segmented once and its pairs counted as often as it occurs: the
  // same lexicon as segmenting every occurrence, at the cost of the distinct text only.
  const runs = new Map<string, number>();
  for (const text of sources.texts) {
    for (const run of text.match(hanRun) ?? []) runs.set(run, (runs.get(run) ?? 0) + 1);
  }
  for (const [run, times] of runs) {
    for (const c of run) chars.add(c);
    let previousSingle: string | undefined;
    for (const seg of segmenter.segment(run)) {
      const w = seg.segment;
      if (w.length >= 2) {
        add(w);
        previousSingle = undefined;
        continue;
      }
      if (previousSingle !== undefined && !stopCharSet.has(w) && !stopCharSet.has(previousSingle)) {
        const pair = previousSingle + w;
        pairCounts.set(pair, (pairCounts.get(pair) ?? 0) + times);
      }
      previousSingle = w;
    }
  }
  for (const [pair, n] of pairCounts) if (n >= 2) add(pair);
  for (const phrase of sources.domain) {
    for (const run of phrase.match(hanRun) ?? []) {
      for (const c of run) chars.add(c);
      add(run);
      for (const seg of segmenter.segment(run)) add(seg.segment);
    }
  }
  let t2s = '';
  if (sources.toTraditional?.length) {
    const map = new Map<string, string>();
    const sorted = [...chars].sort();
    for (const convert of sources.toTraditional) {
      const converted = Array.from(convert(sorted.join('')));
      if (converted.length !== sorted.length) continue;
      converted.forEach((t, i) => {
        const s = sorted[i]!;
        if (t !== s && HAN.test(t) && !chars.has(t) && !map.has(t)) map.set(t, s);
      });
      // Phrase-level conversion picks other forms (发展 → 發展, 头发 → 頭髮): learn those too.
      // All runs in one call, one per line (faster than a call per run): no dictionary entry
      // holds a line break, so no match crosses one and each line converts as its run alone.
      const runList = [...runs.keys()];
      const convertedRuns = convert(runList.join('\n')).split('\n');
      const byRun = convertedRuns.length === runList.length;
      runList.forEach((run, r) => {
        const tr = Array.from(byRun ? convertedRuns[r]! : convert(run));
        const src = Array.from(run);
        if (tr.length !== src.length) return;
        tr.forEach((t, i) => {
          const s = src[i]!;
          if (t !== s && HAN.test(t) && !chars.has(t) && !map.has(t)) map.set(t, s);
        });
      });
    }
    t2s = [...map].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([t, s]) => t + s).join('');
  }
  return { words: [...words].sort(), t2s, chars: [...chars].sort().join('') };
}
