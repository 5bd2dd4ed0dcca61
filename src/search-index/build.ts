//! Handbook → search index artefact (what `handbook build` stores as artefacts.search).
//! In: a Handbook (and, optionally, simplified → traditional converters to learn the
//! traditional forms of the corpus's characters). Out: a JSON-able SearchIndexArtefact:
//! format version, the options it was built with, the corpus lexicon and MiniSearch's index.
//! Documents: one per clause, one per section that has text of its own, one per policy.

import type { Options } from 'minisearch';
import type { Handbook } from '../model/index.js';
import { Corpus, IntList, intern } from './corpus.js';
import { SHARDS, withShards, type PostingShards } from './shards.js';
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
export const SEARCH_INDEX_VERSION = 3;

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

/** Target size of a shard's text, in characters. */
const SHARD_CHARS = 8 * 1024;

export { SHARDS, shardsOf, withShards, type PostingShards } from './shards.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A growable byte buffer for writing JSON (ASCII numbers and punctuation, UTF-8 strings).
 * Uint8Array and TextEncoder rather than Buffer: this module is bundled into the booklet's page.
 */
class ByteWriter {
  private buf = new Uint8Array(1 << 17);
  length = 0;
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
  }
  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }
  /** A non-negative integer below 2^31, in decimal. */
  int(n: number): void {
    this.room(10);
    const buf = this.buf;
    if (n < 10) {
      buf[this.length++] = 0x30 + n;
      return;
    }
    const digits = n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : n < 100000 ? 5 : n < 1000000 ? 6 : n < 10000000 ? 7 : n < 100000000 ? 8 : n < 1000000000 ? 9 : 10;
    let at = this.length + digits;
    this.length = at;
    while (n > 0) {
      const q = (n / 10) | 0;
      buf[--at] = 0x30 + n - q * 10;
      n = q;
    }
  }
  /** A string as UTF-8; returns its byte length. */
  text(s: string): number {
    this.room(s.length * 3);
    const { written } = encoder.encodeInto(s, this.buf.subarray(this.length));
    this.length += written;
    return written;
  }
  /** The bytes written so far (a view, valid until the next write), and starts again empty. */
  take(): Uint8Array {
    const bytes = this.buf.subarray(0, this.length);
    this.length = 0;
    return bytes;
  }
}

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
 * The JSON is written later, shard by shard, as the compiled file is written (PostingShards.stream).
 */
function indexDocuments(docs: readonly SearchDocument[], corpus: Corpus, options: SearchIndexOptions, lexicon: Lexicon): { head: Record<string, unknown>; shards: PostingShards } {
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
  return { head, shards: new BuiltShards({ terms, order, start, postings, nFields }) };
}

/** Grouped postings, ready to be written (see indexDocuments). */
interface Postings {
  terms: string[];
  /** Term ids in term order. */
  order: number[];
  start: Int32Array;
  postings: Int32Array;
  nFields: number;
}

/**
 * Writes the postings as MiniSearch's JSON `index` entries, `["term",{"0":{"12":1,…},…}]`, in
 * term order, cut into shards of about SHARD_CHARS characters; visit gets each shard's first
 * term and bytes (a view of a buffer that is then reused). Bytes, not strings: a string per
 * posting (13 million of them) would cost seconds.
 */
function writeShards({ terms, order, start, postings, nFields }: Postings, visit: (first: string, bytes: Uint8Array) => void): void {
  const out = new ByteWriter();
  let first = '';
  // Shards are cut by the JSON text's length in UTF-16 code units.
  let chars = 0;
  for (const termId of order) {
    // A term of no document (a run only the lexicon reads, or a text read again) is not written.
    if (start[termId * nFields] === start[(termId + 1) * nFields]) continue;
    const term = terms[termId]!;
    const termJson = JSON.stringify(term);
    const entryAt = out.length;
    if (entryAt > 0) out.byte(0x2c); // ,
    else first = term;
    out.byte(0x5b); // [
    const termBytes = out.text(termJson);
    out.byte(0x2c);
    out.byte(0x7b); // {
    let firstField = true;
    for (let fieldId = 0; fieldId < nFields; fieldId++) {
      const key = termId * nFields + fieldId;
      const end = start[key + 1]!;
      const begin = start[key]!;
      if (begin === end) continue;
      if (!firstField) out.byte(0x2c);
      firstField = false;
      out.byte(0x22); // "
      out.int(fieldId);
      out.byte(0x22);
      out.byte(0x3a); // :
      out.byte(0x7b);
      for (let p = begin; p < end; p++) {
        if (p > begin) out.byte(0x2c);
        out.byte(0x22);
        out.int(postings[2 * p]!);
        out.byte(0x22);
        out.byte(0x3a);
        out.int(postings[2 * p + 1]!);
      }
      out.byte(0x7d); // }
    }
    out.byte(0x7d);
    out.byte(0x5d); // ]
    // The entry's length in code units: its bytes, less the term's UTF-8, plus the term's length.
    chars += out.length - entryAt - (entryAt > 0 ? 1 : 0) - termBytes + termJson.length;
    if (chars >= SHARD_CHARS) {
      visit(first, out.take());
      chars = 0;
    }
  }
  if (out.length) visit(first, out.take());
}

/**
 * The shards of a freshly built index: streamed straight into the compiled file by
 * `handbook build` (never all held at once), or made and kept, as UTF-8 bytes (half the
 * memory of JS strings of Chinese text), the first time anything else reads them.
 */
class BuiltShards implements PostingShards {
  private made: { first: string[]; bytes: Uint8Array[] } | undefined;
  constructor(private readonly postings: Postings) {}
  private make(): { first: string[]; bytes: Uint8Array[] } {
    if (!this.made) {
      const made = { first: [] as string[], bytes: [] as Uint8Array[] };
      writeShards(this.postings, (first, bytes) => {
        made.first.push(first);
        made.bytes.push(bytes.slice());
      });
      this.made = made;
    }
    return this.made;
  }
  get first(): string[] {
    return this.make().first;
  }
  text(k: number): string {
    return decoder.decode(this.make().bytes[k]!);
  }
  bytes(k: number): Uint8Array {
    return this.make().bytes[k]!;
  }
  stream(visit: (first: string, bytes: Uint8Array) => void): void {
    if (this.made) this.made.bytes.forEach((bytes, k) => visit(this.made!.first[k]!, bytes));
    else writeShards(this.postings, visit);
  }
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
  const { head, shards } = indexDocuments(docs, corpus, options, forIndexing(toLexicon(lexiconData ?? words)));
  lexiconData ??= { ...words, t2s: traditional() };
  return withShards({ version: SEARCH_INDEX_VERSION, options, lexicon: lexiconData, index: head }, shards);
}

/** True when `value` is a search artefact this code can read (same SEARCH_INDEX_VERSION). */
export function isSearchIndex(value: unknown): value is SearchIndexArtefact {
  const v = value as Partial<SearchIndexArtefact> | null | undefined;
  return (
    !!v &&
    typeof v === 'object' &&
    v.version === SEARCH_INDEX_VERSION &&
    !!v.options &&
    !!v.lexicon &&
    Array.isArray(v.lexicon.words) &&
    typeof v.index === 'object' &&
    v.index !== null
  );
}
