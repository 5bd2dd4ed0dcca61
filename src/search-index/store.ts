//! The search index on disk (format STORE_VERSION, see docs/SEARCH.md "On disk"): what the
//! compiled file holds of a search artefact, and the query path that reads only what a query
//! needs. In: a built artefact and its handbook (encodeSearchIndex), or the stored parts and a
//! way to read their bytes by offset (openStoredIndex). Out: binary parts and a small JSON meta;
//! an artefact that `searchHandbook` ranks from disk (rankStored, the fast path whose reference
//! is MiniSearch in memory: test/search/fast-path.test.ts) and that still reads as the plain
//! MiniSearch JSON artefact for anything else (the booklet's page), decoded on first use.
//!
//! Parts: `terms` (a dictionary.ts dictionary: each term's postings offset and, per field, its
//! document count and byte length), `postings` (per term and field, documents ascending, as
//! varints: (gap − 1) × 2 + (frequency > 1), then frequency − 2 when above 1), `documents`
//! (fixed-width records: policy index, id offset and length, kind, field lengths), `ids` (the
//! documents' ids, UTF-8), `lexicon` (a dictionary of the lexicon's words) and `names` (a
//! dictionary of the policies' names → policy indexes) and `suggest` (JSON: what a query
//! without results suggests from, suggest.ts SuggestionData). Pure and browser-safe: the bytes come
//! through StoredBytes (compiled/read.ts reads them with positioned reads).

import type { Handbook, Policy } from '../model/index.js';
import { SEARCH_INDEX_VERSION, type SearchIndexArtefact, type SearchIndexOptions } from './build.js';
import { ByteReader, ByteWriter, fromUtf8, u16At, u32At, utf8 } from './bytes.js';
import { Dictionary, writeDictionary, type DictionaryIndex } from './dictionary.js';
import { documentNames } from './documents.js';
import { registerLexicon, t2sMap, type LexiconData } from './lexicon.js';
import { postingsOf, type Postings } from './postings.js';
import { suggestionData, type SuggestionData } from './suggest.js';
import { toLexicon } from './lexicon.js';

/** Bump when the parts' encoding changes (the search artefact's own version is SEARCH_INDEX_VERSION). */
export const STORE_VERSION = 1;

const KINDS = ['policy', 'section', 'clause'] as const;

/** What the compiled file keeps as JSON beside the parts. */
export interface StoredMeta {
  store: number;
  version: number;
  options: SearchIndexOptions;
  head: { documentCount: number; nextId: number; fieldIds: Record<string, number>; averageFieldLength: number[]; dirtCount: number; serializationVersion: number };
  documents: { count: number; width: 2 | 4; record: number };
  terms: DictionaryIndex;
  lexicon: { words: DictionaryIndex; maxLength: number; t2s: string; chars: string };
  names: { index: DictionaryIndex; lengths: number[] };
}

/** The encoded parts of a search artefact, in the order they are written. */
export interface EncodedIndex {
  meta: StoredMeta;
  parts: [string, Uint8Array][];
}

/** The parts' names, in file order. */
export const STORE_PARTS = ['terms', 'postings', 'documents', 'ids', 'lexicon', 'names', 'suggest'] as const;

/** True when `artefact` is a freshly built one (its postings at hand) that encodeSearchIndex can write. */
export function canEncode(artefact: unknown): boolean {
  return postingsOf(artefact) !== undefined;
}

/** The stored form of a built artefact. `handbook` is the handbook it was built from (policy order, names). */
export function encodeSearchIndex(artefact: SearchIndexArtefact, handbook: Handbook): EncodedIndex {
  const postings = postingsOf(artefact);
  if (!postings) throw new Error('internal: only a freshly built search index can be encoded');
  const head = artefact.index as {
    documentCount: number;
    nextId: number;
    documentIds: Record<number, string>;
    fieldIds: Record<string, number>;
    fieldLength: Record<number, number[]>;
    averageFieldLength: number[];
    storedFields: Record<number, { policy: string; kind: string }>;
    dirtCount: number;
    serializationVersion: number;
  };
  const nFields = artefact.options.fields.length;
  const { terms, bytes: postingBytes } = encodePostings(postings);
  // Documents: fixed-width records, so a query reads the range its postings name.
  const policyIndex = new Map(handbook.policies.map((p, i) => [p.id, i]));
  let maxLength = 0;
  for (let d = 0; d < head.documentCount; d++) for (const n of head.fieldLength[d]!) if (n > maxLength) maxLength = n;
  const width: 2 | 4 = maxLength < 0x10000 ? 2 : 4;
  const record = 11 + nFields * width;
  const documents = new ByteWriter(head.documentCount * record + 16);
  const ids = new ByteWriter(1 << 16);
  for (let d = 0; d < head.documentCount; d++) {
    const stored = head.storedFields[d]!;
    const p = policyIndex.get(stored.policy);
    const kind = KINDS.indexOf(stored.kind as (typeof KINDS)[number]);
    if (p === undefined || kind < 0) throw new Error(`internal: document ${head.documentIds[d]} of an unknown policy or kind`);
    const at = ids.length;
    const n = ids.text(head.documentIds[d]!);
    if (n > 0xffff) throw new Error(`internal: document id too long: ${head.documentIds[d]!.slice(0, 40)}…`);
    documents.u32(p);
    documents.u32(at);
    documents.u16(n);
    documents.byte(kind);
    for (const len of head.fieldLength[d]!) {
      if (width === 2) documents.u16(len);
      else documents.u32(len);
    }
  }
  const lexicon = writeDictionary(artefact.lexicon.words.map((w) => [w, EMPTY] as const));
  // Names: each name → the policies it names (documentNames), as varints.
  const byName = new Map<string, number[]>();
  documentNames(handbook).forEach(({ names }, i) => {
    for (const n of names) {
      const list = byName.get(n) ?? [];
      if (!list.includes(i)) list.push(i);
      byName.set(n, list);
    }
  });
  const sortedNames = [...byName.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const names = writeDictionary(
    sortedNames.map((n) => {
      const w = new ByteWriter(16);
      const list = byName.get(n)!;
      w.varint(list.length);
      for (const i of list) w.varint(i);
      return [n, w.done()] as const;
    }),
  );
  const lengths = [...new Set(sortedNames.map((n) => n.length))].sort((a, b) => a - b);
  const lex = toLexicon(artefact.lexicon);
  const meta: StoredMeta = {
    store: STORE_VERSION,
    version: artefact.version,
    options: artefact.options,
    head: {
      documentCount: head.documentCount,
      nextId: head.nextId,
      fieldIds: head.fieldIds,
      averageFieldLength: head.averageFieldLength,
      dirtCount: head.dirtCount,
      serializationVersion: head.serializationVersion,
    },
    documents: { count: head.documentCount, width, record },
    terms: terms.index,
    lexicon: { words: lexicon.index, maxLength: lex.maxLength, t2s: artefact.lexicon.t2s, chars: artefact.lexicon.chars },
    names: { index: names.index, lengths },
  };
  return {
    meta,
    parts: [
      ['terms', terms.bytes],
      ['postings', postingBytes],
      ['documents', documents.done()],
      ['ids', ids.done()],
      ['lexicon', lexicon.bytes],
      ['names', names.bytes],
      ['suggest', utf8(JSON.stringify(suggestionData(handbook, lex)))],
    ],
  };
}

const EMPTY = new Uint8Array(0);

/** The postings as bytes, and the term dictionary pointing into them. */
function encodePostings({ terms, order, start, postings, nFields }: Postings): { terms: { bytes: Uint8Array; index: DictionaryIndex }; bytes: Uint8Array } {
  const out = new ByteWriter(1 << 20);
  const entries: [string, Uint8Array][] = [];
  const payload = new ByteWriter(64);
  for (const termId of order) {
    if (start[termId * nFields] === start[(termId + 1) * nFields]) continue;
    payload.length = 0;
    payload.varint(out.length);
    let mask = 0;
    for (let f = 0; f < nFields; f++) if (start[termId * nFields + f] !== start[termId * nFields + f + 1]) mask |= 1 << f;
    payload.byte(mask);
    for (let f = 0; f < nFields; f++) {
      const key = termId * nFields + f;
      const begin = start[key]!;
      const end = start[key + 1]!;
      if (begin === end) continue;
      const at = out.length;
      let previous = -1;
      for (let p = begin; p < end; p++) {
        const doc = postings[2 * p]!;
        const tf = postings[2 * p + 1]!;
        out.varint((doc - previous - 1) * 2 + (tf > 1 ? 1 : 0));
        if (tf > 1) out.varint(tf - 2);
        previous = doc;
      }
      payload.varint(end - begin);
      payload.varint(out.length - at);
    }
    entries.push([terms[termId]!, payload.done()]);
  }
  return { terms: writeDictionary(entries), bytes: out.done() };
}

/** How the stored parts are read: by part, offset and length; positioned reads, no descriptor kept. */
export interface StoredBytes {
  read(part: string, offset: number, length: number): Uint8Array;
  size(part: string): number;
  /** Runs `fn` with the file open once for all its reads (a query), closed after. */
  during<T>(fn: () => T): T;
  /** The handbook's k-th policy (its small fields at once, its text on first use). */
  policy(k: number): Policy;
}

export const STORE: unique symbol = Symbol.for('policy-handbook.search.store');

/** The store of an artefact read from a compiled file, when it is one. */
export function storeOf(artefact: unknown): SearchStore | undefined {
  return artefact && typeof artefact === 'object' ? (artefact as { [STORE]?: SearchStore })[STORE] : undefined;
}

/** A document's record. */
export interface StoredDocument {
  policy: number;
  kind: string;
  idAt: number;
  idLength: number;
}

/** What the query path reads from: the dictionaries, the postings and the documents. */
export class SearchStore {
  readonly terms: Dictionary;
  readonly words: Dictionary;
  readonly names: Dictionary;
  constructor(
    readonly meta: StoredMeta,
    readonly bytes: StoredBytes,
  ) {
    const part = (name: string) => (offset: number, length: number) => bytes.read(name, offset, length);
    this.terms = new Dictionary(meta.terms, part('terms'));
    this.words = new Dictionary(meta.lexicon.words, part('lexicon'));
    this.names = new Dictionary(meta.names.index, part('names'));
  }
  /** Records [from, to) of the documents table, as one read. */
  records(from: number, to: number): { from: number; bytes: Uint8Array } {
    const r = this.meta.documents.record;
    return { from, bytes: this.bytes.read('documents', from * r, (to - from) * r) };
  }
  document(d: number): StoredDocument {
    const { bytes } = this.records(d, d + 1);
    return { policy: u32At(bytes, 0), idAt: u32At(bytes, 4), idLength: u16At(bytes, 8), kind: KINDS[bytes[10]!]! };
  }
  id(doc: StoredDocument): string {
    return fromUtf8(this.bytes.read('ids', doc.idAt, doc.idLength));
  }
  private suggestionData: SuggestionData | undefined;
  /** What a query without results suggests from (suggest.ts), read on first use. */
  suggestions(): SuggestionData {
    return (this.suggestionData ??= JSON.parse(new TextDecoder().decode(this.bytes.read('suggest', 0, this.bytes.size('suggest')))) as SuggestionData);
  }
}

/** The decoded postings of one term in one field: documents ascending, their frequencies. */
interface FieldPostings {
  field: number;
  docs: Int32Array;
  tfs: Int32Array;
}

/** A term's postings per field, read with one read. */
function termPostings(store: SearchStore, payload: Uint8Array): FieldPostings[] {
  const r = new ByteReader(payload);
  const offset = r.varint();
  const mask = payload[r.at++]!;
  const fields: { field: number; df: number; length: number }[] = [];
  let total = 0;
  for (let f = 0; f < 8; f++) {
    if (!(mask & (1 << f))) continue;
    const df = r.varint();
    const length = r.varint();
    fields.push({ field: f, df, length });
    total += length;
  }
  const bytes = store.bytes.read('postings', offset, total);
  const out: FieldPostings[] = [];
  let at = 0;
  for (const { field, df } of fields) {
    const docs = new Int32Array(df);
    const tfs = new Int32Array(df);
    let previous = -1;
    // Varints decoded with integer operations only (the first query runs interpreted: a double
    // per posting would be a heap allocation).
    for (let i = 0; i < df; i++) {
      let v = bytes[at++]!;
      if (v >= 0x80) {
        v &= 0x7f;
        let shift = 7;
        let c: number;
        do {
          c = bytes[at++]!;
          v |= (c & 0x7f) << shift;
          shift += 7;
        } while (c >= 0x80);
      }
      const doc = previous + 1 + (v >>> 1);
      docs[i] = doc;
      if (v & 1) {
        let t = bytes[at++]!;
        if (t >= 0x80) {
          t &= 0x7f;
          let shift = 7;
          let c: number;
          do {
            c = bytes[at++]!;
            t |= (c & 0x7f) << shift;
            shift += 7;
          } while (c >= 0x80);
        }
        tfs[i] = t + 2;
      } else tfs[i] = 1;
      previous = doc;
    }
    out.push({ field, docs, tfs });
  }
  return out;
}

/** A word set backed by the stored lexicon (what cutRun and the synonyms ask: has, size). */
class StoredWords implements ReadonlySet<string> {
  constructor(private readonly dictionary: Dictionary) {}
  get size(): number {
    return this.dictionary.size;
  }
  has(word: string): boolean {
    return this.dictionary.has(word);
  }
  *keys(): SetIterator<string> {
    for (const [w] of this.dictionary.entries()) yield w;
  }
  values(): SetIterator<string> {
    return this.keys();
  }
  *entries(): SetIterator<[string, string]> {
    for (const w of this.keys()) yield [w, w];
  }
  [Symbol.iterator](): SetIterator<string> {
    return this.keys();
  }
  forEach(fn: (value: string, key: string, set: ReadonlySet<string>) => void): void {
    for (const w of this.keys()) fn(w, w, this);
  }
}

/** Defines `key` on `target` as a value computed on first read (enumerable, so JSON.stringify sees it). */
function lazy<T>(target: object, key: string, make: () => T): void {
  let value: T | undefined;
  let made = false;
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get: () => {
      if (!made) {
        value = make();
        made = true;
      }
      return value;
    },
  });
}

/**
 * The artefact of a stored index: the query path ranks it from disk (STORE); read as plain data
 * (JSON.stringify, MiniSearch.loadJS) it is the artefact that was built, decoded on first use.
 */
export function openStoredIndex(meta: StoredMeta, bytes: StoredBytes): SearchIndexArtefact {
  const store = new SearchStore(meta, bytes);
  const lexicon = {} as LexiconData;
  lazy(lexicon, 'words', () => [...store.words.entries()].map(([w]) => w));
  lexicon.t2s = meta.lexicon.t2s;
  lexicon.chars = meta.lexicon.chars;
  registerLexicon(lexicon, { words: new StoredWords(store.words), maxLength: meta.lexicon.maxLength, t2s: t2sMap(meta.lexicon.t2s), chars: new Set(Array.from(meta.lexicon.chars)) });
  const index: Record<string, unknown> = { documentCount: meta.head.documentCount, nextId: meta.head.nextId };
  const table = lazyTable(store);
  lazy(index, 'documentIds', () => table().documentIds);
  index['fieldIds'] = meta.head.fieldIds;
  lazy(index, 'fieldLength', () => table().fieldLength);
  index['averageFieldLength'] = meta.head.averageFieldLength;
  lazy(index, 'storedFields', () => table().storedFields);
  index['dirtCount'] = meta.head.dirtCount;
  index['serializationVersion'] = meta.head.serializationVersion;
  lazy(index, 'index', () => allEntries(store));
  const artefact = { version: meta.version, options: meta.options, lexicon, index } as SearchIndexArtefact;
  Object.defineProperty(artefact, STORE, { value: store, enumerable: false });
  return artefact;
}

/** The whole documents table as MiniSearch's JSON has it (for a plain reader only). */
function lazyTable(store: SearchStore) {
  let made: { documentIds: Record<number, string>; fieldLength: Record<number, number[]>; storedFields: Record<number, { policy: string; kind: string }> } | undefined;
  return () => {
    if (made) return made;
    const { count, width, record } = store.meta.documents;
    const nFields = store.meta.options.fields.length;
    const bytes = store.bytes.read('documents', 0, count * record);
    const ids = store.bytes.read('ids', 0, store.bytes.size('ids'));
    const policyIds = new Map<number, string>();
    const documentIds: Record<number, string> = {};
    const fieldLength: Record<number, number[]> = {};
    const storedFields: Record<number, { policy: string; kind: string }> = {};
    for (let d = 0; d < count; d++) {
      const at = d * record;
      const p = u32At(bytes, at);
      const idAt = u32At(bytes, at + 4);
      documentIds[d] = fromUtf8(ids.subarray(idAt, idAt + u16At(bytes, at + 8)));
      const lengths: number[] = [];
      for (let f = 0; f < nFields; f++) lengths.push(width === 2 ? u16At(bytes, at + 11 + 2 * f) : u32At(bytes, at + 11 + 4 * f));
      fieldLength[d] = lengths;
      let policy = policyIds.get(p);
      if (policy === undefined) policyIds.set(p, (policy = store.bytes.policy(p).id));
      storedFields[d] = { policy, kind: KINDS[bytes[at + 10]!]! };
    }
    return (made = { documentIds, fieldLength, storedFields });
  };
}

/** MiniSearch's JSON entries of every term (for a plain reader only). */
function allEntries(store: SearchStore): [string, Record<string, Record<string, number>>][] {
  const entries: [string, Record<string, Record<string, number>>][] = [];
  for (const [term, payload] of store.terms.entries()) {
    const data: Record<string, Record<string, number>> = {};
    for (const { field, docs, tfs } of termPostings(store, payload)) {
      const perDoc: Record<string, number> = {};
      for (let i = 0; i < docs.length; i++) perDoc[docs[i]!] = tfs[i]!;
      data[field] = perDoc;
    }
    entries.push([term, data]);
  }
  return entries;
}

// --- The fast path: ranking from the store --------------------------------------------------

/** What is ranked (query.ts RankSpec). */
export interface StoredSpec {
  terms: readonly string[];
  prefix: (term: string) => boolean;
  boost: (term: string) => number;
}

/** A ranked document read from the store: its id, policy and matched terms read when asked. */
export class StoredHit {
  private doc: StoredDocument | undefined;
  constructor(
    private readonly store: SearchStore,
    private readonly matched: Matched,
    readonly docNumber: number,
    readonly score: number,
  ) {}
  private record(): StoredDocument {
    return (this.doc ??= this.store.document(this.docNumber));
  }
  get id(): string {
    return this.store.id(this.record());
  }
  get kind(): string {
    return this.record().kind;
  }
  get policyIndex(): number {
    return this.record().policy;
  }
  get policy(): string {
    return this.store.bytes.policy(this.record().policy).id;
  }
  /** MiniSearch's `terms`: the keys of its `match` object (integer-like keys first, as in any object). */
  get terms(): string[] {
    const match: Record<string, true> = {};
    for (const { term, fields } of this.matched.sequence) {
      if (Object.prototype.hasOwnProperty.call(match, term)) continue;
      if (fields.some((f) => includes(f.docs, this.docNumber))) match[term] = true;
    }
    return Object.keys(match);
  }
}

function includes(docs: Int32Array, doc: number): boolean {
  let lo = 0;
  let hi = docs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = docs[mid]!;
    if (m === doc) return true;
    if (m < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** The document terms a query matched, in the order MiniSearch visits them. */
interface Matched {
  sequence: { spec: number; term: string; weight: number; fields: FieldPostings[] }[];
}

// MiniSearch 7's defaults, as searchHandbook uses it (no `bm25` or `weights` option given).
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const PREFIX_WEIGHT = 0.375;

/**
 * MiniSearch's search (OR, BM25, prefix terms, no fuzzy matching) over the store: the same
 * documents in the same order with the same scores, computed the same way — each query term's
 * exact postings, then those of the longer terms it begins (in MiniSearch's radix-tree order,
 * descending), field by field in the fields' order, summed in that order, and the sum multiplied
 * by the number of query terms matched; sorted by score, ties in order of first match. Reads
 * the dictionary blocks of its terms, their postings and the range of document records they name.
 */
export function rankStored(store: SearchStore, spec: StoredSpec): Iterable<StoredHit> {
  const { meta } = store;
  const fields = meta.options.fields;
  const boosts = fields.map((f) => meta.options.boost[f] || 1);
  const avg = meta.head.averageFieldLength;
  const total = meta.head.documentCount;
  const matched: Matched = { sequence: [] };
  let minDoc = Infinity;
  let maxDoc = -1;
  spec.terms.forEach((term, s) => {
    const exact = store.terms.get(term);
    if (exact) matched.sequence.push({ spec: s, term, weight: 1, fields: termPostings(store, exact) });
    if (spec.prefix(term)) {
      const longer = [...store.terms.withPrefix(term)].filter(([t]) => t.length > term.length).reverse();
      for (const [t, payload] of longer) {
        const distance = t.length - term.length;
        matched.sequence.push({ spec: s, term: t, weight: (PREFIX_WEIGHT * t.length) / (t.length + 0.3 * distance), fields: termPostings(store, payload) });
      }
    }
  });
  for (const { fields: fps } of matched.sequence) {
    for (const { docs } of fps) {
      if (docs.length === 0) continue;
      if (docs[0]! < minDoc) minDoc = docs[0]!;
      if (docs[docs.length - 1]! > maxDoc) maxDoc = docs[docs.length - 1]!;
    }
  }
  if (maxDoc < 0) return [];
  const { from, bytes: records } = store.records(minDoc, maxDoc + 1);
  const span = maxDoc + 1 - minDoc;
  // Per document (at doc − minDoc): the sum so far, this query term's sum, 1 + the last query
  // term that matched it (0: none yet), and how many query terms matched it.
  const sum = new Float64Array(span);
  const specSum = new Float64Array(span);
  const specOf = new Int32Array(span);
  const matchedTerms = new Int32Array(span);
  // Documents in order of first match, and those the current query term matched.
  const order = new Int32Array(span);
  let nOrder = 0;
  const specDocs = new Int32Array(span);
  let nSpec = 0;
  const counts = new Int32Array(2);
  let current = -1;
  const closeSpec = () => {
    for (let n = 0; n < nSpec; n++) {
      const i = specDocs[n]!;
      sum[i] = matchedTerms[i] === 0 ? specSum[i]! : sum[i]! + specSum[i]!;
      matchedTerms[i]!++;
    }
    nSpec = 0;
  };
  const { k, b, d } = BM25;
  const { record, width } = meta.documents;
  // k × (1 − b + b × length / average), and MiniSearch's d + tf × (k + 1) / (tf + that) for tf = 1, per field length.
  const norm = (field: number, fl: number) => k * (1 - b + (b * fl) / avg[field]!);
  const tables: Float64Array[] = [];
  const onceTable = (field: number): Float64Array => {
    let t = tables[field];
    if (!t) {
      t = new Float64Array(1024);
      for (let fl = 0; fl < t.length; fl++) t[fl] = d + (1 * (k + 1)) / (1 + norm(field, fl));
      tables[field] = t;
    }
    return t;
  };
  for (const { spec: s, weight, fields: fps } of matched.sequence) {
    if (s !== current) {
      closeSpec();
      current = s;
    }
    const mark = s + 1;
    const termBoost = spec.boost(spec.terms[s]!);
    for (const { field, docs, tfs } of fps) {
      const fieldBoost = boosts[field]!;
      const matchingCount = docs.length;
      const invDocFreq = Math.log(1 + (total - matchingCount + 0.5) / (matchingCount + 0.5));
      const coefficient = weight * termBoost * fieldBoost * 1;
      const once = onceTable(field);
      const base = 11 + field * width - from * record;
      counts[0] = nOrder;
      counts[1] = nSpec;
      scoreList(docs, tfs, records, base, record, width, once, invDocFreq, coefficient, mark, minDoc, field, norm, specOf, specSum, specDocs, order, counts);
      nOrder = counts[0]!;
      nSpec = counts[1]!;
    }
  }
  closeSpec();
  const score = new Float64Array(nOrder);
  for (let r = 0; r < nOrder; r++) {
    const i = order[r]!;
    score[r] = sum[i]! * (matchedTerms[i] || 1);
  }
  return sortedHits(nOrder, score, (r) => new StoredHit(store, matched, order[r]! + minDoc, score[r]!));
}

/**
 * Adds one posting list's weighted BM25 scores (rankStored): kept apart, with typed arrays
 * only, so that V8 optimises it early (the first query of a process runs it cold).
 */
function scoreList(
  docs: Int32Array,
  tfs: Int32Array,
  records: Uint8Array,
  base: number,
  record: number,
  width: number,
  once: Float64Array,
  invDocFreq: number,
  coefficient: number,
  mark: number,
  minDoc: number,
  field: number,
  norm: (field: number, fl: number) => number,
  specOf: Int32Array,
  specSum: Float64Array,
  specDocs: Int32Array,
  order: Int32Array,
  counts: Int32Array,
): void {
  const { k, d } = BM25;
  let nOrder = counts[0]!;
  let nSpec = counts[1]!;
  const n = docs.length;
  for (let j = 0; j < n; j++) {
    const doc = docs[j]!;
    const termFreq = tfs[j]!;
    const at = doc * record + base;
    const fl = width === 2 ? records[at]! | (records[at + 1]! << 8) : u32At(records, at);
    // BM25 as MiniSearch computes it; the part that depends on the field length alone from a table.
    const rawScore = invDocFreq * (termFreq === 1 && fl < once.length ? once[fl]! : d + (termFreq * (k + 1)) / (termFreq + norm(field, fl)));
    const weighted = coefficient * rawScore;
    const i = doc - minDoc;
    if (specOf[i] !== mark) {
      if (specOf[i] === 0) order[nOrder++] = i;
      specOf[i] = mark;
      specSum[i] = weighted;
      specDocs[nSpec++] = i;
    } else specSum[i]! += weighted;
  }
  counts[0] = nOrder;
  counts[1] = nSpec;
}

/**
 * The hits by score (descending), ties in their first-match order — what a stable sort by
 * score gives —, found a batch at a time: each batch is the best `batch` of those not yet
 * given, in one pass over the scores; a query reads the first few of many.
 */
function* sortedHits(n: number, score: Float64Array, make: (r: number) => StoredHit): Generator<StoredHit> {
  let lastScore = Infinity;
  let lastR = -1;
  let batch = 64;
  const picked: number[] = [];
  for (;;) {
    picked.length = 0;
    // picked: the best so far of those after (lastScore, lastR), best first.
    for (let r = 0; r < n; r++) {
      const x = score[r]!;
      if (!(x < lastScore || (x === lastScore && r > lastR))) continue;
      if (picked.length === batch) {
        const worst = picked[batch - 1]!;
        const w = score[worst]!;
        if (!(x > w || (x === w && r < worst))) continue;
        picked.pop();
      }
      let at = picked.length;
      while (at > 0) {
        const p = picked[at - 1]!;
        const y = score[p]!;
        if (x > y || (x === y && r < p)) at--;
        else break;
      }
      picked.splice(at, 0, r);
    }
    if (picked.length === 0) return;
    const batchDone = [...picked];
    for (const r of batchDone) yield make(r);
    const tail = batchDone[batchDone.length - 1]!;
    lastScore = score[tail]!;
    lastR = tail;
    batch *= 4;
  }
}

/** The policies (indexes) a query names: every substring of `compact` as long as some name, looked up. */
export function namedInStore(store: SearchStore, compact: string): Set<number> {
  const named = new Set<number>();
  for (const length of store.meta.names.lengths) {
    for (let at = 0; at + length <= compact.length; at++) {
      const payload = store.names.get(compact.slice(at, at + length));
      if (!payload) continue;
      const r = new ByteReader(payload);
      for (let n = r.varint(); n > 0; n--) named.add(r.varint());
    }
  }
  return named;
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
    // A stored index's words stay on disk (reading them would decode them all).
    (storeOf(v) !== undefined || Array.isArray(v.lexicon.words)) &&
    typeof v.index === 'object' &&
    v.index !== null
  );
}
