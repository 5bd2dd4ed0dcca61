//! Handbook → search index artefact (what `handbook build` stores as artefacts.search).
//! In: a Handbook (and, optionally, simplified → traditional converters to learn the
//! traditional forms of the corpus's characters). Out: a JSON-able SearchIndexArtefact:
//! format version, the options it was built with, the corpus lexicon and MiniSearch's index.
//! Documents: one per clause, one per section that has text of its own, one per policy.

import type { Options } from 'minisearch';
import type { Handbook, Policy } from '../model/index.js';
import { buildLexicon, forIndexing, MAX_WORD_LENGTH, STOP_CHARS, STOP_WORDS, toLexicon, type Lexicon, type LexiconData } from './lexicon.js';
import { normalizeText } from './normalize.js';
import { tokenizeWith, type TokenizerName } from './tokenize.js';

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

/**
 * The postings of an index in term order, cut into shards of contiguous terms, each the JSON
 * text of its `[term, data]` entries (no brackets around the shard). Held under a symbol, so
 * JSON.stringify of an artefact ignores it; the compiled file stores each shard at a known
 * offset, and a query loads only the shards of its terms (see query.ts).
 */
export interface PostingShards {
  /** The first term of each shard. */
  first: string[];
  /** The JSON text of shard k. */
  text(k: number): string;
  /** The same as UTF-8 bytes, when the shards are held encoded (written to a file as they are). */
  bytes?(k: number): Uint8Array;
}
export const SHARDS: unique symbol = Symbol.for('policy-handbook.search.shards');

/** Target size of a shard's text, in characters. */
const SHARD_CHARS = 8 * 1024;

/** The shards of an artefact, when it has them (built here, or loaded lazily from a file). */
export function shardsOf(artefact: SearchIndexArtefact): PostingShards | undefined {
  return (artefact as unknown as { [SHARDS]?: PostingShards })[SHARDS];
}

/** Gives `head` (MiniSearch's JSON without postings) an `index` that parses all shards on first read. */
export function withShards(artefact: Omit<SearchIndexArtefact, 'index'> & { index: Record<string, unknown> }, shards: PostingShards): SearchIndexArtefact {
  let all: unknown[] | undefined;
  Object.defineProperty(artefact.index, 'index', {
    enumerable: true,
    configurable: true,
    get: () => (all ??= shards.first.length ? (JSON.parse(`[${shards.first.map((_, k) => shards.text(k)).join(',')}]`) as unknown[]) : []),
  });
  Object.defineProperty(artefact, SHARDS, { value: shards, enumerable: false });
  return artefact as SearchIndexArtefact;
}

/** A growable Int32Array. */
class IntList {
  data = new Int32Array(1 << 16);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
}

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
  /** A non-negative integer in decimal. */
  int(n: number): void {
    this.room(10);
    if (n < 10) {
      this.buf[this.length++] = 0x30 + n;
      return;
    }
    let digits = 0;
    for (let v = n; v > 0; v = Math.floor(v / 10)) digits++;
    let at = this.length + digits;
    this.length = at;
    for (let v = n; v > 0; v = Math.floor(v / 10)) this.buf[--at] = 0x30 + (v % 10);
  }
  /** A string as UTF-8; returns its byte length. */
  text(s: string): number {
    this.room(s.length * 3);
    const { written } = encoder.encodeInto(s, this.buf.subarray(this.length));
    this.length += written;
    return written;
  }
  /** The bytes written so far (a copy), and starts again empty. */
  take(): Uint8Array {
    const bytes = this.buf.slice(0, this.length);
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
 * Postings are appended to one Int32Array in document order, then grouped by (term, field)
 * with a counting sort before they are written.
 */
function indexDocuments(docs: readonly SearchDocument[], options: SearchIndexOptions, lexicon: Lexicon): { head: Record<string, unknown>; shards: PostingShards } {
  const fields = options.fields;
  const nFields = fields.length;
  const tokenize = (text: string) => tokenizeWith(options.tokenizer, normalizeText(text, lexicon.t2s), lexicon);
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  // Per (term, field) key = termId * nFields + fieldId: its last posting (−1: none).
  const lastOf = new IntList();
  // Per posting, in document order: [document, frequency, key].
  const posting = new IntList();
  const documentIds: Record<number, string> = {};
  const fieldLength: Record<number, number[]> = {};
  const storedFields: Record<number, Record<string, unknown>> = {};
  const averageFieldLength: number[] = [];
  // Neighbouring documents often share a field's text (a policy's meta, a section's title):
  // its terms are then those of the previous document.
  const previousText: (string | undefined)[] = [];
  const previousTokens: string[][] = [];
  const previousLength: number[] = [];
  docs.forEach((doc, shortId) => {
    documentIds[shortId] = doc.id;
    const stored: Record<string, unknown> = {};
    for (const f of options.storeFields) {
      const v = (doc as unknown as Record<string, unknown>)[f];
      if (v !== undefined) stored[f] = v;
    }
    storedFields[shortId] = stored;
    const lengths: number[] = [];
    fields.forEach((field, fieldId) => {
      const text = String(doc[field]);
      let tokens: string[];
      let length: number;
      if (previousText[fieldId] === text) {
        tokens = previousTokens[fieldId]!;
        length = previousLength[fieldId]!;
      } else {
        tokens = tokenize(text);
        length = new Set(tokens).size;
        previousText[fieldId] = text;
        previousTokens[fieldId] = tokens;
        previousLength[fieldId] = length;
      }
      lengths[fieldId] = length;
      averageFieldLength[fieldId] = ((averageFieldLength[fieldId] || 0) * shortId + length) / (shortId + 1);
      for (const term of tokens) {
        if (!term) continue;
        let termId = termIds.get(term);
        if (termId === undefined) {
          termId = terms.length;
          termIds.set(term, termId);
          terms.push(term);
          for (let f = 0; f < nFields; f++) lastOf.push(-1);
        }
        const key = termId * nFields + fieldId;
        const last = lastOf.data[key]!;
        if (last >= 0 && posting.data[last] === shortId) {
          posting.data[last + 1]!++;
          continue;
        }
        lastOf.data[key] = posting.length;
        posting.push(shortId);
        posting.push(1);
        posting.push(key);
      }
    });
    fieldLength[shortId] = lengths;
  });
  termIds.clear();
  const order = terms.map((_, i) => i).sort((a, b) => (terms[a]! < terms[b]! ? -1 : terms[a]! > terms[b]! ? 1 : 0));
  // The JSON is written as bytes: a string per posting (12 million of them) costs seconds.
  const first: string[] = [];
  const shardBytes: Uint8Array[] = [];
  const out = new ByteWriter();
  // Shards are cut by the JSON text's length in UTF-16 code units, as before (same shards).
  let chars = 0;
  // Postings grouped by key, in document order within a key (a stable counting sort), so
  // that writing them reads memory in order: [document, frequency] pairs, key k's at
  // start[k] ≤ i < start[k + 1].
  const nKeys = terms.length * nFields;
  const start = new Int32Array(nKeys + 1);
  const entries = posting.data;
  const n = posting.length;
  for (let i = 2; i < n; i += 3) start[entries[i]! + 1]!++;
  for (let k = 0; k < nKeys; k++) start[k + 1]! += start[k]!;
  const cursor = start.slice(0, nKeys);
  const postings = new Int32Array(n / 3 * 2);
  for (let i = 0; i < n; i += 3) {
    const at = 2 * cursor[entries[i + 2]!]!++;
    postings[at] = entries[i]!;
    postings[at + 1] = entries[i + 1]!;
  }
  for (const termId of order) {
    const term = terms[termId]!;
    const termJson = JSON.stringify(term);
    const entryAt = out.length;
    if (entryAt > 0) out.byte(0x2c); // ,
    else first.push(term);
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
      shardBytes.push(out.take());
      chars = 0;
    }
  }
  if (out.length) shardBytes.push(out.take());
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
  return { head, shards: encodedShards(first, shardBytes) };
}

/**
 * Shards kept as UTF-8 bytes (half the memory of the JSON text as a JS string, which is
 * two bytes a character as soon as one term is Chinese); the compiled file writes the bytes
 * as they are. Built apart from indexDocuments so the closures hold only the shards.
 */
function encodedShards(first: string[], bytes: Uint8Array[]): PostingShards {
  return { first, text: (k) => decoder.decode(bytes[k]!), bytes: (k) => bytes[k]! };
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

export type DocumentKind = 'clause' | 'section' | 'policy';

/** One searchable unit. */
export interface SearchDocument {
  id: string;
  policy: string;
  kind: DocumentKind;
  title: string;
  provisions: string;
  section: string;
  text: string;
  meta: string;
}

/** Markdown → plain text, enough for a section's own lines and a preamble. */
export function plainText(md: string): string {
  return md
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^[ \t]*(?:#{1,6}|>|[-*+]|\d+\.)[ \t]*/gm, '')
    .replace(/[*_`~|]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

function policyMeta(p: Policy): string {
  return [p.title, p.issuer, p.number ?? '', p.tags.join(' ')].join(' ');
}

/** The documents of a handbook, in handbook order. */
export function searchDocuments(handbook: Handbook): SearchDocument[] {
  const docs: SearchDocument[] = [];
  for (const p of handbook.policies) {
    const meta = policyMeta(p);
    docs.push({
      id: p.id,
      policy: p.id,
      kind: 'policy',
      title: p.title,
      provisions: p.provisions.map((pr) => pr.title).join(' '),
      section: p.sections.map((s) => s.title).join(' '),
      text: plainText(p.preamble),
      meta,
    });
    for (const s of p.sections) {
      const intro = plainText(s.intro);
      if (intro || s.clauses.length === 0) {
        docs.push({ id: s.id, policy: p.id, kind: 'section', title: s.title, provisions: '', section: s.title, text: intro, meta });
      }
      for (const c of s.clauses) {
        const stated = p.provisions.filter((pr) => pr.clause === c.id);
        docs.push({
          id: c.id,
          policy: p.id,
          kind: 'clause',
          title: c.title,
          provisions: stated.map((pr) => `${pr.title} ${pr.grants}`).join(' '),
          section: s.title,
          text: c.text,
          meta,
        });
      }
    }
  }
  return docs;
}

/** Domain words the handbook declares: titles, tags, synonyms, facts, issuers, document numbers. */
export function domainWords(handbook: Handbook): string[] {
  const words: string[] = [];
  for (const p of handbook.policies) {
    words.push(p.issuer, ...p.tags);
    if (p.number) words.push(p.number.replace(/〔.*$/, ''));
    for (const pr of p.provisions) words.push(pr.title);
    for (const s of p.sections) {
      words.push(s.title);
      for (const c of s.clauses) words.push(c.title);
    }
  }
  for (const g of handbook.synonyms.groups) words.push(...g);
  for (const f of handbook.facts) words.push(f.label, ...(f.values ?? []));
  for (const d of handbook.derived) words.push(d.label);
  return words.map((w) => normalizeText(w));
}

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
}

/** Handbook → search index artefact. Deterministic for the same handbook and converters. */
export function buildSearchIndex(handbook: Handbook, buildOptions: BuildOptions = {}): SearchIndexArtefact {
  const options: SearchIndexOptions = { ...DEFAULT_OPTIONS, tokenizer: buildOptions.tokenizer ?? DEFAULT_OPTIONS.tokenizer };
  const docs = searchDocuments(handbook);
  const lexiconData = corpusLexicon(handbook, docs, buildOptions);
  const { head, shards } = indexDocuments(docs, options, forIndexing(toLexicon(lexiconData)));
  return withShards({ version: SEARCH_INDEX_VERSION, options, lexicon: lexiconData, index: head }, shards);
}

/** The lexicon of the documents' texts (its own function: the texts are garbage once it returns). */
function corpusLexicon(handbook: Handbook, docs: readonly SearchDocument[], buildOptions: BuildOptions): LexiconData {
  const texts = docs.flatMap((d) => [d.title, d.section, d.text, d.provisions].map((t) => normalizeText(t)));
  return buildLexicon({ texts, domain: domainWords(handbook), toTraditional: buildOptions.toTraditional ?? [] });
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
