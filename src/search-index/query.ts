//! Querying: a user's words → ranked clauses grouped by policy, with snippets.
//! In: the Handbook, its SearchIndexArtefact, a query string and filters. Out: a
//! SearchResponse (the `--json` contract's data) — never throws on any query string.
//! Steps: normalise → tokenize (same tokenizer as the index) → add synonyms from the
//! handbook's synonym groups → MiniSearch (BM25, OR, more matched terms rank higher) →
//! limit → group by policy → snippet with the matched words' offsets; when nothing matches,
//! close terms from the lexicon and the nearest policy titles.

import MiniSearch, { type SearchResult } from 'minisearch';
import type { Clause, Handbook, Policy, Section } from '../model/index.js';
import { miniSearchOptions, plainText, shardsOf, type PostingShards, type SearchDocument, type SearchIndexArtefact } from './build.js';
import { toLexicon, type Lexicon } from './lexicon.js';
import { foldText, normalizeQueryText, normalizeText } from './normalize.js';
import { tokenizeNormalized, tokenizeWith } from './tokenize.js';

export interface SearchOptions {
  /** Only these policies (ids). */
  policy?: string[];
  /** Only policies whose issuer contains this text. */
  issuer?: string;
  /** Only policies with this tag. */
  tag?: string;
  /** At most this many results (default 10). */
  limit?: number;
  /** A full traditional → simplified converter, for characters the lexicon does not know. */
  toSimplified?: (s: string) => string;
}

export interface SearchHit {
  policy: string;
  /** A clause id (land.2.1), a section id (land.2) or, for the policy as a whole, the policy id. */
  clause: string;
  /** The policy's title. */
  title: string;
  /** The clause's printed number: 二（一）; a section's: 二、; empty for a policy. */
  clauseNumber: string;
  clauseTitle: string;
  score: number;
  snippet: string;
  /** [start, end) UTF-16 offsets of the matched words in `snippet`. */
  highlights: [number, number][];
  /** Ids of the provisions this clause states. */
  provisions: string[];
}

export interface SearchResponse {
  query: string;
  normalized: string;
  /** Terms of the query after tokenizing (what was looked up). */
  terms: string[];
  /** Synonyms added to the query ("同时搜索：用地"). */
  alsoSearched: string[];
  results: SearchHit[];
  /** Filled when there are no results: close terms and the nearest policy titles. */
  suggestions: { terms: string[]; policies: { id: string; title: string }[] };
}

export const DEFAULT_LIMIT = 10;
const SNIPPET_LENGTH = 90;
const SYNONYM_BOOST = 0.6;
const SINGLE_CHAR_BOOST = 0.35;

const indexCache = new WeakMap<object, MiniSearch<SearchDocument>>();
const queriesSeen = new WeakMap<object, number>();

type Serialized = Parameters<typeof MiniSearch.loadJS>[0] & { index: [string, unknown][] };

/** The MiniSearch instance of an artefact (loaded once per artefact object). */
export function loadIndex(artefact: SearchIndexArtefact): MiniSearch<SearchDocument> {
  let ms = indexCache.get(artefact);
  if (!ms) {
    ms = MiniSearch.loadJS<SearchDocument>(artefact.index as Serialized, miniSearchOptions(artefact.options, toLexicon(artefact.lexicon)));
    indexCache.set(artefact, ms);
  }
  return ms;
}

/**
 * An index holding only the postings of the given terms (and, for prefix terms, of every
 * term they begin). Scores are the same as with the full index — BM25 needs only these
 * postings and the per-document field lengths — but loading it costs a fraction: what a
 * one-shot `handbook search` process needs. Repeated queries load the full index instead.
 */
function indexFor(artefact: SearchIndexArtefact, exact: ReadonlySet<string>, prefixes: readonly string[]): MiniSearch<SearchDocument> {
  const shards = shardsOf(artefact);
  if (shards) return indexFromShards(artefact, shards, exact, prefixes);
  const seen = (queriesSeen.get(artefact) ?? 0) + 1;
  queriesSeen.set(artefact, seen);
  if (seen > 1 || indexCache.has(artefact)) return loadIndex(artefact);
  const full = artefact.index as Serialized;
  const index = full.index.filter(([term]) => exact.has(term) || prefixes.some((p) => term.startsWith(p)));
  return MiniSearch.loadJS<SearchDocument>({ ...full, index } as Serialized, miniSearchOptions(artefact.options, toLexicon(artefact.lexicon)));
}

const parsedShards = new WeakMap<PostingShards, Map<number, [string, unknown][]>>();
const heads = new WeakMap<SearchIndexArtefact, Record<string, unknown>>();

/** The last shard whose first term is ≤ term (-1 when term sorts before every shard). */
function shardOf(first: readonly string[], term: string): number {
  let lo = 0;
  let hi = first.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (first[mid]! <= term) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * indexFor over a sharded artefact: parses only the shards that can hold the query's terms
 * (terms are sorted, so a prefix's terms are in a run of shards), keeps the entries it needs
 * and loads MiniSearch with those and the document table. Parsed shards are kept for the
 * next query (live search).
 */
function indexFromShards(artefact: SearchIndexArtefact, shards: PostingShards, exact: ReadonlySet<string>, prefixes: readonly string[]): MiniSearch<SearchDocument> {
  let parsed = parsedShards.get(shards);
  if (!parsed) parsedShards.set(shards, (parsed = new Map()));
  const wanted = new Set<number>();
  for (const t of exact) if (shardOf(shards.first, t) >= 0) wanted.add(shardOf(shards.first, t));
  for (const p of prefixes) {
    for (let k = Math.max(0, shardOf(shards.first, p)); k <= shardOf(shards.first, p + '\uffff'); k++) wanted.add(k);
  }
  const entries: [string, unknown][] = [];
  for (const k of [...wanted].sort((a, b) => a - b)) {
    let shard = parsed.get(k);
    if (!shard) parsed.set(k, (shard = JSON.parse(`[${shards.text(k)}]`) as [string, unknown][]));
    for (const e of shard) if (exact.has(e[0]) || prefixes.some((p) => e[0].startsWith(p))) entries.push(e);
  }
  let head = heads.get(artefact);
  if (!head) {
    // The document table without `index` (reading that would parse every shard).
    const full = artefact.index as Record<string, unknown>;
    head = {};
    for (const key of Object.keys(full)) if (key !== 'index') head[key] = full[key];
    heads.set(artefact, head);
  }
  // Only the documents these postings name: BM25 needs their field lengths and the global
  // document count and average lengths (kept), so scores are those of the whole index.
  const docs = new Set<string>();
  for (const [, data] of entries) for (const perDoc of Object.values(data as Record<string, Record<string, number>>)) for (const id in perDoc) docs.add(id);
  const pick = (table: unknown) => {
    const all = table as Record<string, unknown>;
    const some: Record<string, unknown> = {};
    for (const id of docs) if (id in all) some[id] = all[id];
    return some;
  };
  const js = { ...head, documentIds: pick(head['documentIds']), fieldLength: pick(head['fieldLength']), storedFields: pick(head['storedFields']), index: entries };
  return MiniSearch.loadJS<SearchDocument>(js as Serialized, miniSearchOptions(artefact.options, toLexicon(artefact.lexicon)));
}

/** Normalises a query as the index was normalised (see normalize.ts). */
export function normalizeQuery(query: string, lexicon?: Lexicon, toSimplified?: (s: string) => string): string {
  return normalizeQueryText(query, lexicon?.t2s, toSimplified);
}

/** The tokenizer of index and query alike: any text → terms. */
export function tokenize(text: string, lexicon?: Lexicon): string[] {
  return tokenizeNormalized(normalizeText(text, lexicon?.t2s), lexicon);
}

/** True when the query has Han characters the corpus does not use (perhaps traditional ones). */
export function hasUnknownHan(query: string, lexicon: Lexicon): boolean {
  for (const c of query) {
    if (/\p{Script=Han}/u.test(c) && !lexicon.chars.has(c) && !lexicon.t2s.has(c)) return true;
  }
  return false;
}

interface Located {
  policy: Policy;
  section?: Section;
  clause?: Clause;
}

function locate(handbook: Handbook, id: string): Located | undefined {
  for (const policy of handbook.policies) {
    if (policy.id === id) return { policy };
    if (!id.startsWith(policy.id + '.')) continue;
    for (const section of policy.sections) {
      if (section.id === id) return { policy, section };
      for (const clause of section.clauses) if (clause.id === id) return { policy, section, clause };
    }
  }
  return undefined;
}

/** Picks the window of `text` with the most matches and returns it with highlight offsets. */
export function makeSnippet(text: string, terms: readonly string[], length = SNIPPET_LENGTH): { snippet: string; highlights: [number, number][] } {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  const folded = foldText(flat);
  const ranges: [number, number][] = [];
  for (const term of new Set(terms)) {
    if (!term) continue;
    let at = folded.indexOf(term);
    while (at >= 0) {
      ranges.push([at, at + term.length]);
      at = folded.indexOf(term, at + term.length);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  let start = 0;
  if (flat.length > length && merged.length) {
    // The window starting a little before some match that covers the most matched characters.
    let best = -1;
    for (const [s] of merged) {
      const from = Math.max(0, Math.min(s - 10, flat.length - length));
      let covered = 0;
      for (const [a, b] of merged) covered += Math.max(0, Math.min(b, from + length) - Math.max(a, from));
      if (covered > best) {
        best = covered;
        start = from;
      }
    }
  }
  const end = Math.min(flat.length, start + length);
  const prefix = start > 0 ? '…' : '';
  const suffix = end < flat.length ? '…' : '';
  const snippet = prefix + flat.slice(start, end) + suffix;
  const highlights: [number, number][] = [];
  for (const [a, b] of merged) {
    const s = Math.max(a, start);
    const e = Math.min(b, end);
    if (e > s) highlights.push([s - start + prefix.length, e - start + prefix.length]);
  }
  return { snippet, highlights };
}

function bigrams(s: string): Set<string> {
  const chars = Array.from(s.replace(/\s+/g, ''));
  const set = new Set<string>();
  for (let i = 0; i < chars.length; i++) set.add(chars.length === 1 ? chars[i]! : chars[i]! + (chars[i + 1] ?? ''));
  return set;
}

function charOverlap(a: string, b: string): number {
  const sa = new Set(Array.from(a.replace(/\s+/g, '')));
  let n = 0;
  for (const c of new Set(Array.from(b))) if (sa.has(c)) n++;
  return n;
}

function suggestionsFor(handbook: Handbook, lexicon: Lexicon, normalized: string): SearchResponse['suggestions'] {
  if (!normalized) return { terms: [], policies: [] };
  const q = normalized.replace(/\s+/g, '');
  const qChars = new Set(Array.from(q));
  const scored: [string, number][] = [];
  for (const w of lexicon.words) {
    let shared = 0;
    for (const c of w) if (qChars.has(c)) shared++;
    if (shared > 0) scored.push([w, shared / Math.max(w.length, 2) + shared * 0.1]);
  }
  scored.sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1));
  const terms = scored.slice(0, 6).map(([w]) => w);
  const qb = bigrams(q);
  const policies = handbook.policies
    .map((p) => {
      const hay = normalizeText([p.title, p.tags.join(''), p.provisions.map((pr) => pr.title).join('')].join(''));
      const hb = bigrams(hay);
      let shared = 0;
      for (const b of qb) if (hb.has(b)) shared++;
      return { p, score: shared * 2 + charOverlap(hay, q) };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map(({ p }) => ({ id: p.id, title: p.title }));
  return { terms, policies };
}

/** Synonyms of the words the query contains, from the handbook's synonym groups. */
export function synonymsFor(handbook: Handbook, normalized: string): string[] {
  const compact = normalized.replace(/\s+/g, '');
  const added: string[] = [];
  for (const group of handbook.synonyms.groups) {
    const words = group.map((w) => normalizeText(w));
    if (!words.some((w) => w && compact.includes(w))) continue;
    for (const w of words) if (w && !compact.includes(w) && !added.includes(w)) added.push(w);
  }
  return added;
}

/** Searches the handbook. Never throws on any query string; an empty query gives no results. */
export function searchHandbook(handbook: Handbook, artefact: SearchIndexArtefact, query: string, options: SearchOptions = {}): SearchResponse {
  const lexicon = toLexicon(artefact.lexicon);
  const normalized = normalizeQueryText(query, lexicon.t2s, options.toSimplified);
  const empty: SearchResponse = { query: String(query ?? ''), normalized, terms: [], alsoSearched: [], results: [], suggestions: { terms: [], policies: [] } };
  if (!normalized) return empty;
  const terms = (text: string) => tokenizeWith(artefact.options.tokenizer, text, lexicon);
  const queryTerms = [...new Set(terms(normalized))];
  const alsoSearched = synonymsFor(handbook, normalized);
  const synonymTerms = new Set<string>();
  // A synonym is looked up as the whole word (its parts would match far more than it means).
  for (const w of alsoSearched) {
    const parts = lexicon.words.has(w) ? [w] : terms(w);
    for (const t of parts) if (!queryTerms.includes(t)) synonymTerms.add(t);
  }
  const allTerms = [...queryTerms, ...synonymTerms];
  empty.terms = queryTerms;
  empty.alsoSearched = alsoSearched;
  if (allTerms.length === 0) {
    empty.suggestions = suggestionsFor(handbook, lexicon, normalized);
    return empty;
  }

  const policyIds = options.policy?.length ? new Set(options.policy) : undefined;
  const issuer = options.issuer ? normalizeText(options.issuer) : undefined;
  const tag = options.tag ? normalizeText(options.tag) : undefined;
  const policyById = new Map(handbook.policies.map((p) => [p.id, p]));
  const allowed = (policyId: string): boolean => {
    const p = policyById.get(policyId);
    if (!p) return false;
    if (policyIds && !policyIds.has(p.id)) return false;
    if (issuer && !normalizeText(p.issuer).includes(issuer)) return false;
    if (tag && !p.tags.some((t) => normalizeText(t) === tag)) return false;
    return true;
  };

  const single = (t: string) => Array.from(t).length === 1;
  const isPrefix = (term: string) => single(term) || /^[a-z]{3,}$/.test(term);
  const ms = indexFor(artefact, new Set(allTerms), allTerms.filter(isPrefix));
  const raw: SearchResult[] = ms.search(allTerms.join(' '), {
    tokenize: (s) => s.split(' '),
    processTerm: (t) => t,
    combineWith: 'OR',
    fuzzy: false,
    prefix: isPrefix,
    boostTerm: (term) => (synonymTerms.has(term) ? SYNONYM_BOOST : 1) * (single(term) ? SINGLE_CHAR_BOOST : 1),
    filter: (r) => allowed(String(r['policy'])),
  });

  const limit = Math.max(1, Math.min(1000, Math.floor(options.limit ?? DEFAULT_LIMIT) || DEFAULT_LIMIT));
  const top = raw.slice(0, limit);
  // Group by policy: policies in the order of their best clause, clauses by score within.
  const order = new Map<string, number>();
  top.forEach((r) => {
    const p = String(r['policy']);
    if (!order.has(p)) order.set(p, order.size);
  });
  const grouped = top
    .map((r, i) => ({ r, i }))
    .sort((a, b) => order.get(String(a.r['policy']))! - order.get(String(b.r['policy']))! || a.i - b.i)
    .map(({ r }) => r);

  const results: SearchHit[] = [];
  for (const r of grouped) {
    const where = locate(handbook, String(r.id));
    if (!where) continue;
    const { policy, section, clause } = where;
    const text = clause ? clause.text : section ? plainText(section.intro) || section.title : plainText(policy.preamble) || policy.title;
    const { snippet, highlights } = makeSnippet(text, r.terms);
    results.push({
      policy: policy.id,
      clause: String(r.id),
      title: policy.title,
      clauseNumber: clause && section ? `${section.number.replace(/、$/, '')}${clause.number}` : section ? section.number : '',
      clauseTitle: clause ? clause.title : section ? section.title : policy.title,
      score: Math.round(r.score * 1000) / 1000,
      snippet,
      highlights,
      provisions: clause ? policy.provisions.filter((pr) => pr.clause === clause.id).map((pr) => pr.id) : [],
    });
  }
  return {
    ...empty,
    results,
    suggestions: results.length ? { terms: [], policies: [] } : suggestionsFor(handbook, lexicon, normalized),
  };
}
