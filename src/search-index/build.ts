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
export const SEARCH_INDEX_VERSION = 2;

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
}
export const SHARDS: unique symbol = Symbol.for('policy-handbook.search.shards');

/** Target size of a shard's text, in characters. */
const SHARD_CHARS = 64 * 1024;

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

/**
 * Indexes the documents as MiniSearch.add would (same field lengths — distinct terms per
 * field —, same running average, same term frequencies, so MiniSearch.loadJS gives the same
 * scores), but into flat arrays per term and field, and writes the postings straight to JSON
 * text in term order: no MiniSearch tree and no object per posting while building.
 */
function indexDocuments(docs: readonly SearchDocument[], options: SearchIndexOptions, lexicon: Lexicon): { head: Record<string, unknown>; shards: PostingShards } {
  const fields = options.fields;
  const tokenize = (text: string) => tokenizeWith(options.tokenizer, normalizeText(text, lexicon.t2s), lexicon);
  // term → per field: [shortId, tf, shortId, tf, …] (documents arrive in order, so a term's
  // postings in a field grow at the end).
  const postings = new Map<string, (number[] | undefined)[]>();
  const documentIds: Record<number, string> = {};
  const fieldLength: Record<number, number[]> = {};
  const storedFields: Record<number, Record<string, unknown>> = {};
  const averageFieldLength: number[] = [];
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
      const tokens = tokenize(String(doc[field]));
      const length = new Set(tokens).size;
      lengths[fieldId] = length;
      averageFieldLength[fieldId] = ((averageFieldLength[fieldId] || 0) * shortId + length) / (shortId + 1);
      for (const term of tokens) {
        if (!term) continue;
        let perField = postings.get(term);
        if (!perField) postings.set(term, (perField = []));
        const list = (perField[fieldId] ??= []);
        if (list.length && list[list.length - 2] === shortId) list[list.length - 1]!++;
        else list.push(shortId, 1);
      }
    });
    fieldLength[shortId] = lengths;
  });
  const terms = [...postings.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const first: string[] = [];
  const texts: string[] = [];
  let current: string[] = [];
  let chars = 0;
  for (const term of terms) {
    const perField = postings.get(term)!;
    const parts: string[] = [];
    perField.forEach((list, fieldId) => {
      if (!list) return;
      const pairs: string[] = [];
      for (let i = 0; i < list.length; i += 2) pairs.push(`"${list[i]}":${list[i + 1]}`);
      parts.push(`"${fieldId}":{${pairs.join(',')}}`);
    });
    const entry = `[${JSON.stringify(term)},{${parts.join(',')}}]`;
    postings.delete(term);
    if (current.length === 0) first.push(term);
    current.push(entry);
    chars += entry.length;
    if (chars >= SHARD_CHARS) {
      texts.push(current.join(','));
      current = [];
      chars = 0;
    }
  }
  if (current.length) texts.push(current.join(','));
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
  return { head, shards: { first, text: (k) => texts[k]! } };
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
  const texts = docs.flatMap((d) => [d.title, d.section, d.text, d.provisions].map((t) => normalizeText(t)));
  const lexiconData = buildLexicon({ texts, domain: domainWords(handbook), toTraditional: buildOptions.toTraditional ?? [] });
  const { head, shards } = indexDocuments(docs, options, forIndexing(toLexicon(lexiconData)));
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
