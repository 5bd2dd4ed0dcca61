//! Handbook → search index artefact (what `handbook build` stores as artefacts.search).
//! In: a Handbook (and, optionally, simplified → traditional converters to learn the
//! traditional forms of the corpus's characters). Out: a JSON-able SearchIndexArtefact:
//! format version, the options it was built with, the corpus lexicon and MiniSearch's index.
//! Documents: one per clause, one per section that has text of its own, one per policy.

import type { Options } from 'minisearch';
import type { Handbook } from '../model/index.js';
import { Corpus, IntList, intern } from './corpus.js';
import { withPostings, type Postings } from './postings.js';
import { domainWords, searchDocuments, type SearchDocument } from './documents.js';
import {
  assembleLexicon,
  corpusChars,
  forIndexing,
  learnTraditional,
  MAX_WORD_LENGTH,
  segmentRuns,
  STOP_CHARS,
  STOP_WORDS,
  toLexicon,
  type Lexicon,
  type LexiconData,
  type LexiconHelper,
  type SegmentedRuns,
} from './lexicon.js';
import { HAN, normalizeText } from './normalize.js';
import { cutRun, tokenizeWith, type TokenizerName } from './tokenize.js';

/** Bump when the artefact's shape, the tokenizer, the fields or the documents change. */
export const SEARCH_INDEX_VERSION = 4;

export const FIELDS = ['title', 'provisions', 'section', 'text', 'meta'] as const;
export type Field = (typeof FIELDS)[number];

/** What the index was built with; stored in the artefact and used again at query time. */
export interface SearchIndexOptions {
  fields: Field[];
  storeFields: string[];
  boost: Record<Field, number>;
  tokenizer: string;
  stopChars: string;
  stopWords: string[];
  maxWordLength: number;
}

export interface SearchIndexArtefact {
  version: number;
  options: SearchIndexOptions;
  lexicon: LexiconData;
  /** MiniSearch's toJSON() shape, its `index` (the postings) sorted by term. */
  index: unknown;
}

export { POSTINGS, postingsOf, type Postings } from './postings.js';

/**
 * Indexes the documents as MiniSearch.add would (same field lengths — distinct terms per
 * field —, same running average, same term frequencies, so MiniSearch.loadJS gives the same
 * scores), but into flat typed arrays, and writes the postings straight to JSON in term
 * order: no MiniSearch tree and no JS object or array per posting while building (at 10,000
 * policies that is ~13 million postings, which as JS arrays cost seconds of GC).
 *
 * Each distinct text was read once (corpus.ts) into pieces; each distinct Han run is cut once
 * here into term ids; a document's field is then its text's pieces expanded, with no string
 * touched. (Another tokenizer, for measurements, cuts each distinct text instead.)
 * Two passes over the documents: the first counts the postings of each (term, field), the
 * second puts each in its place, grouped by (term, field) and in document order within one.
 * The postings stay in these arrays: the compiled file encodes them (store.ts), and MiniSearch's
 * JSON entries are made from them only when something reads `index.index` (postings.ts).
 */
function indexDocuments(docs: readonly SearchDocument[], corpus: Corpus, options: SearchIndexOptions, lexicon: Lexicon): { head: Record<string, unknown>; postings: Postings } {
  const fields = options.fields;
  const nFields = fields.length;
  const { terms, termIds } = corpus;
  const termId = (term: string): number => intern(termIds, terms, term);
  // Term ids, in order: of each run (a piece r ≥ 0 of a text stands for ids[runStart[r],
  // runStart[r + 1]); a piece ~id < 0 for the term id itself). With another tokenizer, of each
  // text (ids[textStart[t], textStart[t + 1])), with its length (distinct terms, empty ones
  // included, as MiniSearch counts them).
  const termList = new IntList(1 << 20);
  const runStart = new Int32Array(corpus.runs.length + 1);
  let textStart: Int32Array | undefined;
  let textLength: Int32Array | undefined;
  if (options.tokenizer === DEFAULT_OPTIONS.tokenizer) {
    const cut: string[] = [];
    corpus.runs.forEach((run, r) => {
      cut.length = 0;
      cutRun(run, lexicon, cut);
      for (const term of cut) termList.push(termId(term));
      runStart[r + 1] = termList.length;
    });
  } else {
    textStart = new Int32Array(corpus.texts.length + 1);
    textLength = new Int32Array(corpus.texts.length);
    corpus.texts.forEach((text, t) => {
      const tokens = tokenizeWith(options.tokenizer, normalizeText(text, lexicon.t2s), lexicon);
      textLength![t] = new Set(tokens).size;
      for (const term of tokens) if (term) termList.push(termId(term));
      textStart![t + 1] = termList.length;
    });
  }
  const program = corpus.program.data;
  const ids = termList.data;
  const { textOf, programStart, programEnd } = corpus;
  /** Calls visit(termId) for each term of text t, in order. */
  const eachTerm = (t: number, visit: (id: number) => void): void => {
    if (textStart) {
      for (let k = textStart[t]!; k < textStart[t + 1]!; k++) visit(ids[k]!);
      return;
    }
    for (let p = programStart.data[t]!, end = programEnd.data[t]!; p < end; p++) {
      const piece = program[p]!;
      if (piece < 0) visit(~piece);
      else for (let k = runStart[piece]!, last = runStart[piece + 1]!; k < last; k++) visit(ids[k]!);
    }
  };
  // A posting per (term, field) key = termId * nFields + fieldId and document; key k's are
  // [document, frequency] pairs at postings[2 * start[k], 2 * start[k + 1]).
  const nKeys = terms.length * nFields;
  const start = new Int32Array(nKeys + 1);
  // Per key, the last document that has a posting for it (−1: none yet).
  const lastDoc = new Int32Array(nKeys).fill(-1);
  const documentIds: Record<number, string> = {};
  const fieldLength: Record<number, number[]> = {};
  const storedFields: Record<number, Record<string, unknown>> = {};
  const averageFieldLength: number[] = [];
  // The document and field being read, and its distinct terms so far.
  let shortId = 0;
  let fieldId = 0;
  let length = 0;
  const count = (id: number): void => {
    const key = id * nFields + fieldId;
    if (lastDoc[key] === shortId) return;
    lastDoc[key] = shortId;
    start[key + 1]!++;
    length++;
  };
  for (shortId = 0; shortId < docs.length; shortId++) {
    const doc = docs[shortId]!;
    documentIds[shortId] = doc.id;
    const stored: Record<string, unknown> = {};
    for (const f of options.storeFields) {
      const v = (doc as unknown as Record<string, unknown>)[f];
      if (v !== undefined) stored[f] = v;
    }
    storedFields[shortId] = stored;
    const lengths: number[] = [];
    for (fieldId = 0; fieldId < nFields; fieldId++) {
      const t = textOf[shortId * nFields + fieldId]!;
      length = 0;
      eachTerm(t, count);
      // Another tokenizer's length counts what MiniSearch counts (see textLength).
      if (textLength) length = textLength[t]!;
      lengths[fieldId] = length;
      averageFieldLength[fieldId] = ((averageFieldLength[fieldId] || 0) * shortId + length) / (shortId + 1);
    }
    fieldLength[shortId] = lengths;
  }
  for (let k = 0; k < nKeys; k++) start[k + 1]! += start[k]!;
  const postings = new Int32Array(2 * start[nKeys]!);
  const cursor = start.slice(0, nKeys);
  lastDoc.fill(-1);
  const place = (id: number): void => {
    const key = id * nFields + fieldId;
    if (lastDoc[key] === shortId) {
      postings[2 * cursor[key]! - 1]!++;
      return;
    }
    lastDoc[key] = shortId;
    const at = 2 * cursor[key]!++;
    postings[at] = shortId;
    postings[at + 1] = 1;
  };
  for (shortId = 0; shortId < docs.length; shortId++) {
    for (fieldId = 0; fieldId < nFields; fieldId++) eachTerm(textOf[shortId * nFields + fieldId]!, place);
  }
  termIds.clear();
  const order = terms.map((_, i) => i).sort((a, b) => (terms[a]! < terms[b]! ? -1 : terms[a]! > terms[b]! ? 1 : 0));
  const head = {
    documentCount: docs.length,
    nextId: docs.length,
    documentIds,
    fieldIds: Object.fromEntries(fields.map((f, i) => [f, i])),
    fieldLength,
    averageFieldLength,
    storedFields,
    dirtCount: 0,
    serializationVersion: 2,
  };
  return { head, postings: { terms, order, start, postings, nFields } };
}

export const DEFAULT_OPTIONS: SearchIndexOptions = {
  fields: [...FIELDS],
  storeFields: ['policy', 'kind'],
  boost: { title: 3, provisions: 2.5, section: 1.2, text: 1, meta: 0.6 },
  tokenizer: 'lexicon-search-mode',
  stopChars: STOP_CHARS,
  stopWords: STOP_WORDS,
  maxWordLength: MAX_WORD_LENGTH,
};

export { type DocumentKind, type SearchDocument, searchDocuments, domainWords } from './documents.js';

/** MiniSearch options for an artefact's options and lexicon (the same at build and at load). */
export function miniSearchOptions(options: SearchIndexOptions, lexicon: Lexicon): Options<SearchDocument> {
  return {
    idField: 'id',
    fields: options.fields,
    storeFields: options.storeFields,
    tokenize: (text) => tokenizeWith(options.tokenizer, normalizeText(text, lexicon.t2s), lexicon),
    processTerm: (term) => term,
    searchOptions: { boost: options.boost },
  };
}

export interface BuildOptions {
  /** Simplified → traditional converters (e.g. opencc-js cn→tw and cn→hk), to learn traditional forms. */
  toTraditional?: ((s: string) => string)[];
  /** Another tokenizer, for measurements only (the default is the one the CLI is tuned for). */
  tokenizer?: TokenizerName;
  /**
   * Another thread to share the lexicon's work with (src/search-index/parallel.ts, for large
   * handbooks): it segments a share of the runs and learns the traditional forms with its own
   * converters (then `toTraditional` is not used). The artefact is the same without.
   */
  helper?: LexiconHelper;
}

/** Handbook → search index artefact. Deterministic for the same handbook and converters. */
export function buildSearchIndex(handbook: Handbook, buildOptions: BuildOptions = {}): SearchIndexArtefact {
  const options: SearchIndexOptions = { ...DEFAULT_OPTIONS, tokenizer: buildOptions.tokenizer ?? DEFAULT_OPTIONS.tokenizer };
  const docs = searchDocuments(handbook);
  const corpus = new Corpus(docs, options.fields);
  const domain = domainWords(handbook);
  const { runs, times } = corpus.lexiconRunsInOrder();
  const chars = corpusChars(runs, domain);
  const sortedChars = [...chars].sort();
  let parts: SegmentedRuns[];
  let traditional: () => string;
  const { helper } = buildOptions;
  if (helper) {
    const mine = Math.round(runs.length * (1 - helper.share));
    const job = helper.start({ runs, times, from: mine, to: runs.length, chars: sortedChars });
    parts = [segmentRuns(runs, times, 0, mine), job.segmented()];
    traditional = () => job.traditional();
  } else {
    const converters = buildOptions.toTraditional ?? [];
    const t2s = converters.length ? learnTraditional(sortedChars, runs, converters) : '';
    parts = [segmentRuns(runs, times)];
    traditional = () => t2s;
  }
  const words = assembleLexicon(parts, domain, chars, '');
  parts = [];
  // The lexicon's texts hold no character of t2s (it maps only characters they lack), so
  // normalising them again with it changes nothing. Another text (a policy's meta line: its
  // document number) may hold one: it is read again, normalised with t2s, as the index reads it.
  const others = corpus.otherTexts().filter((t) => {
    for (const c of normalizeText(corpus.texts[t]!)) if (HAN.test(c) && !chars.has(c)) return true;
    return false;
  });
  let lexiconData: LexiconData | undefined;
  if (others.length || options.tokenizer !== DEFAULT_OPTIONS.tokenizer) {
    lexiconData = { ...words, t2s: traditional() };
    const { t2s } = toLexicon(lexiconData);
    for (const t of others) {
      const text = corpus.texts[t]!;
      const normalized = normalizeText(text, t2s);
      if (normalized !== normalizeText(text)) corpus.reread(t, normalized);
    }
  }
  // Cutting does not use t2s: the traditional forms may still be on their way.
  const { head, postings } = indexDocuments(docs, corpus, options, forIndexing(toLexicon(lexiconData ?? words)));
  lexiconData ??= { ...words, t2s: traditional() };
  return withPostings({ version: SEARCH_INDEX_VERSION, options, lexicon: lexiconData, index: head }, postings);
}
