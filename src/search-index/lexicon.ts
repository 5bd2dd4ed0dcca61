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
import { SEGMENT_CHUNK, segmentBounded } from './segment.js';

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
   * Optional, for cutting much text (building an index): the words and stop words as a trie
   * of code points, so the tokenizer walks it instead of making and looking up each candidate
   * string, and stops as soon as no word can follow. Same terms either way.
   */
  trie?: WordTrie;
}

/** A node of a lexicon's trie: what ends here (a word, or a stop word), and what follows. */
export interface WordTrie {
  word?: string;
  stop?: boolean;
  next: Map<number, WordTrie>;
}

const stopCharSet: ReadonlySet<string> = new Set(Array.from(STOP_CHARS));
const stopWordSet: ReadonlySet<string> = new Set(STOP_WORDS);

const lexiconCache = new WeakMap<LexiconData, Lexicon>();

/** LexiconData → Lexicon (cached per data object). */
/** The traditional → simplified pairs of a lexicon's `t2s` string (pairs of characters) as a Map. */
export function t2sMap(pairs: string): Map<string, string> {
  const t2s = new Map<string, string>();
  const chars = Array.from(pairs);
  for (let i = 0; i + 1 < chars.length; i += 2) t2s.set(chars[i]!, chars[i + 1]!);
  return t2s;
}

export function toLexicon(data: LexiconData): Lexicon {
  const hit = lexiconCache.get(data);
  if (hit) return hit;
  const t2s = t2sMap(data.t2s);
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

/**
 * Gives `data` a Lexicon made elsewhere (a stored index's: its words looked up on disk, see
 * store.ts), so toLexicon(data) returns it instead of reading `data.words`.
 */
export function registerLexicon(data: LexiconData, parts: Pick<Lexicon, 'words' | 'maxLength' | 't2s' | 'chars'>): Lexicon {
  const lexicon: Lexicon = { ...parts, stopChars: stopCharSet, stopWords: stopWordSet };
  lexiconCache.set(data, lexicon);
  return lexicon;
}

/** A lexicon for cutting a whole corpus: with the trie of its words and stop words (see Lexicon). */
export function forIndexing(lexicon: Lexicon): Lexicon {
  const trie: WordTrie = { next: new Map() };
  const insert = (w: string): WordTrie => {
    let node = trie;
    for (const c of w) {
      const code = c.codePointAt(0)!;
      let child = node.next.get(code);
      if (!child) node.next.set(code, (child = { next: new Map() }));
      node = child;
    }
    return node;
  };
  for (const w of lexicon.words) insert(w).word = w;
  for (const w of lexicon.stopWords) insert(w).stop = true;
  return { ...lexicon, trie };
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
  // Each distinct run is segmented once and its pairs counted as often as it occurs: the
  // same lexicon as segmenting every occurrence, at the cost of the distinct text only.
  const runs = new Map<string, number>();
  for (const text of sources.texts) {
    for (const run of text.match(hanRun) ?? []) runs.set(run, (runs.get(run) ?? 0) + 1);
  }
  const runList = [...runs.keys()];
  const chars = corpusChars(runList, sources.domain);
  const t2s = sources.toTraditional?.length ? learnTraditional([...chars].sort(), runList, sources.toTraditional) : '';
  const segmented = segmentRuns(runList, [...runs.values()]);
  return assembleLexicon([segmented], sources.domain, chars, t2s);
}

/** Every Han character of the runs and of the domain phrases. */
export function corpusChars(runs: Iterable<string>, domain: readonly string[]): Set<string> {
  const chars = new Set<string>();
  for (const run of runs) for (const c of run) chars.add(c);
  for (const phrase of domain) for (const run of phrase.match(hanRun) ?? []) for (const c of run) chars.add(c);
  return chars;
}

/** What another thread is given to do (see LexiconHelper). */
export interface LexiconJob {
  /** The distinct runs, in order of first occurrence, and how often each occurs. */
  runs: readonly string[];
  times: Int32Array;
  /** The runs to segment: runs[from, to). */
  from: number;
  to: number;
  /** The corpus's characters, sorted. */
  chars: readonly string[];
}

/**
 * Another thread to share building a lexicon with (src/search-index/parallel.ts: a worker).
 * `start` hands it segmentRuns(runs, times, from, to) and learnTraditional(chars, runs) with
 * its own converters; each result is waited for when asked.
 */
export interface LexiconHelper {
  /** The fraction of the runs to give it (the caller segments the others meanwhile). */
  readonly share: number;
  start(job: LexiconJob): { segmented(): SegmentedRuns; traditional(): string };
}

/** What Intl.Segmenter finds in some runs: its words, and the pairs of single characters it leaves apart with how often they occur. */
export interface SegmentedRuns {
  /** Words of 2 to MAX_WORD_LENGTH characters (stop words left out). */
  words: string[];
  /** "ab" → occurrences of a|b as two single-character segments (neither a stop character). */
  pairs: Map<string, number>;
}

/** How many runs one Intl.Segmenter call cuts (joined by line breaks: see segmentRuns). */
const RUNS_PER_CALL = 8;

/**
 * Segments runs[from, to) of distinct Han runs, `times[i]` being how often run i occurs.
 * Runs are cut a few at a time, joined by a line break: a line break is always a word boundary
 * and ICU's dictionary only ever sees the Han characters between two boundaries, so each run
 * gets the segments it gets alone (test/search/lexicon-parallel.test.ts checks it), while
 * every segment() call (an ICU break iterator cloned) is paid once per few runs.
 */
export function segmentRuns(runs: readonly string[], times: ArrayLike<number>, from = 0, to = runs.length): SegmentedRuns {
  const segmenter = new Intl.Segmenter('zh-Hans', { granularity: 'word' });
  const words = new Set<string>();
  const pairs = new Map<string, number>();
  for (let first = from; first < to; first += RUNS_PER_CALL) {
    const last = Math.min(first + RUNS_PER_CALL, to);
    let text = runs[first]!;
    let long = text.length > SEGMENT_CHUNK;
    for (let r = first + 1; r < last; r++) {
      text += '\n' + runs[r]!;
      long ||= runs[r]!.length > SEGMENT_CHUNK;
    }
    let r = first;
    let previousSingle: string | undefined;
    // A run longer than SEGMENT_CHUNK is cut in chunks (segment.ts): ICU's time on one run grows faster than its length.
    for (const seg of long ? segmentBounded(segmenter, text) : segmenter.segment(text)) {
      const w = seg.segment;
      if (w === '\n') {
        r++;
        previousSingle = undefined;
        continue;
      }
      if (w.length >= 2) {
        // A run is Han only, so is each of its segments.
        if (w.length <= MAX_WORD_LENGTH && !stopWordSet.has(w)) words.add(w);
        previousSingle = undefined;
        continue;
      }
      if (previousSingle !== undefined && !stopCharSet.has(w) && !stopCharSet.has(previousSingle)) {
        const pair = previousSingle + w;
        pairs.set(pair, (pairs.get(pair) ?? 0) + times[r]!);
      }
      previousSingle = w;
    }
  }
  return { words: [...words], pairs };
}

/**
 * The lexicon from the segmented runs (in any number of parts: words are a set and pair
 * counts a sum, so how the runs were divided does not matter), the domain phrases, the
 * corpus's characters and the learned traditional forms.
 */
export function assembleLexicon(parts: readonly SegmentedRuns[], domain: readonly string[], chars: ReadonlySet<string>, t2s: string): LexiconData {
  const words = new Set<string>();
  const add = (w: string) => {
    if (w.length >= 2 && w.length <= MAX_WORD_LENGTH && !stopWordSet.has(w) && /^\p{Script=Han}+$/u.test(w)) words.add(w);
  };
  let pairCounts = parts[0]?.pairs ?? new Map<string, number>();
  if (parts.length > 1) {
    pairCounts = new Map(pairCounts);
    for (const part of parts.slice(1)) for (const [pair, n] of part.pairs) pairCounts.set(pair, (pairCounts.get(pair) ?? 0) + n);
  }
  for (const part of parts) for (const w of part.words) words.add(w);
  for (const [pair, n] of pairCounts) if (n >= 2) add(pair);
  const segmenter = new Intl.Segmenter('zh-Hans', { granularity: 'word' });
  // Many titles and tags repeat from policy to policy: each distinct phrase is cut once.
  for (const phrase of new Set(domain)) {
    for (const run of phrase.match(hanRun) ?? []) {
      add(run);
      for (const seg of segmentBounded(segmenter, run)) add(seg.segment);
    }
  }
  return { words: [...words].sort(), t2s, chars: [...chars].sort().join('') };
}

/** How many runs one call of a converter converts (see learnTraditional). */
const RUNS_PER_CONVERSION = 1000;

/**
 * The traditional forms of the corpus's characters, as LexiconData's `t2s` string: each
 * converter is run over every character (`chars`, sorted) and over every run (phrase-level
 * conversion picks other forms: 发展 → 發展, 头发 → 頭髮); a traditional form the corpus
 * does not itself use maps back to its simplified character, the first one found winning.
 */
export function learnTraditional(chars: readonly string[], runs: readonly string[], toTraditional: readonly ((s: string) => string)[]): string {
  const known = new Set(chars);
  const map = new Map<string, string>();
  for (const convert of toTraditional) {
    const converted = Array.from(convert(chars.join('')));
    if (converted.length !== chars.length) continue;
    converted.forEach((t, i) => {
      const s = chars[i]!;
      if (t !== s && HAN.test(t) && !known.has(t) && !map.has(t)) map.set(t, s);
    });
    // Runs a thousand at a time, one per line (faster than a call per run): no dictionary entry
    // holds a line break, so no match crosses one and each line converts as its run alone.
    // (One call for all runs is as fast, but its garbage, ~0.5 GB at 10,000 policies, lives
    // long enough to fill the old generation.)
    for (let from = 0; from < runs.length; from += RUNS_PER_CONVERSION) {
      const some = runs.slice(from, from + RUNS_PER_CONVERSION);
      const convertedRuns = convert(some.join('\n')).split('\n');
      const byRun = convertedRuns.length === some.length;
      some.forEach((run, r) => {
        const tr = Array.from(byRun ? convertedRuns[r]! : convert(run));
        const src = Array.from(run);
        if (tr.length !== src.length) return;
        tr.forEach((t, i) => {
          const s = src[i]!;
          if (t !== s && HAN.test(t) && !known.has(t) && !map.has(t)) map.set(t, s);
        });
      });
    }
  }
  return [...map].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([t, s]) => t + s).join('');
}
