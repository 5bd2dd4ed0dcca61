//! Querying: a user's words → ranked clauses grouped by policy, with snippets.
//! In: the Handbook, its SearchIndexArtefact, a query string and filters. Out: a
//! SearchResponse (the `--json` contract's data) — never throws on any query string.
//! Steps: normalise → tokenize (same tokenizer as the index) → add synonyms from the
//! handbook's synonym groups → MiniSearch (BM25, OR, more matched terms rank higher) →
//! limit → group by policy → snippet with the matched words' offsets; when nothing matches,
//! close terms from the lexicon and the nearest policy titles.

import MiniSearch, { type SearchResult } from 'minisearch';
import type { Clause, Handbook, Policy, Provenance, Section } from '../model/index.js';
import { miniSearchOptions, shardsOf, type PostingShards, type SearchDocument, type SearchIndexArtefact } from './build.js';
import { markdownToText } from '../text/markdown.js';
import { toLexicon, type Lexicon } from './lexicon.js';
import { normalizeQueryText, normalizeText } from './normalize.js';
import { asksHowMuch, makeSnippet } from './snippet.js';
import { suggestionsFor } from './suggest.js';
import { tokenizeNormalized, tokenizeWith } from './tokenize.js';

export { makeSnippet } from './snippet.js';

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
  /** How far the policy's text is confirmed (its front matter's `provenance`). */
  provenance: Provenance;
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
const SYNONYM_BOOST = 0.6;
/** A lone character weighs less than a word (it needs a word or a run beside it to make a result at all). */
const SINGLE_CHAR_BOOST = 0.5;

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

/** The synonym groups, normalised as queries are (once per handbook). */
const normalizedGroups = new WeakMap<Handbook['synonyms'], string[][]>();

/** True when the normalised query holds `word`: Han text within one of its space-separated parts, Latin letters and digits as whole words (hq, r d). */
function holds(normalized: string, word: string): boolean {
  if (!word) return false;
  if (!/[a-z0-9]/.test(word)) return normalized.split(' ').some((part) => part.includes(word));
  for (let at = normalized.indexOf(word); at >= 0; at = normalized.indexOf(word, at + 1)) {
    if (!/[a-z0-9]/.test(normalized[at - 1] ?? '') && !/[a-z0-9]/.test(normalized[at + word.length] ?? '')) return true;
  }
  return false;
}

/**
 * Synonyms of the words the query contains, from the handbook's synonym groups. A group's
 * abbreviations and Latin terms (IPO, R&D, loan) lead into it but are not searched for
 * themselves: the handbook's text is Chinese, so only words with Han characters are added.
 */
export function synonymsFor(handbook: Handbook, normalized: string): string[] {
  let groups = normalizedGroups.get(handbook.synonyms);
  if (!groups) normalizedGroups.set(handbook.synonyms, (groups = handbook.synonyms.groups.map((g) => g.map((w) => normalizeQueryText(w)))));
  const added: string[] = [];
  for (const words of groups) {
    if (!words.some((w) => holds(normalized, w))) continue;
    for (const w of words) if (HAN_WORD.test(w) && !holds(normalized, w) && !added.includes(w)) added.push(w);
  }
  return added;
}

const HAN_WORD = /[\u3400-\u9fff]/;

/** How many characters of the query its Han words (two characters or more) cover. */
function coveredByWords(normalized: string, words: readonly string[]): number {
  const covered = new Uint8Array(normalized.length);
  for (const w of words) {
    if (w.length < 2 || !HAN_WORD.test(w)) continue;
    for (let at = normalized.indexOf(w); at >= 0; at = normalized.indexOf(w, at + 1)) covered.fill(1, at, at + w.length);
  }
  return covered.reduce((n, c) => n + c, 0);
}

/** Code points of a term. */
const lengthOf = (term: string): number => Array.from(term).length;

/** The text a document's own fields hold (not its policy's meta line), normalised: where a run of the query is looked for. */
function ownText(where: Located, lexicon: Lexicon): string {
  const { policy, section, clause } = where;
  const parts = clause
    ? [clause.title, clause.text, section!.title, ...policy.provisions.filter((pr) => pr.clause === clause.id).map((pr) => `${pr.title} ${pr.grants}`)]
    : section
      ? [section.title, markdownToText(section.intro)]
      : [policy.title, markdownToText(policy.preamble)];
  return normalizeText(parts.join(' '), lexicon.t2s).replace(/\s+/g, '');
}

/**
 * The policies a query names — by title, by its short title (what follows the title's last
 * 的, when only one policy has it: 金融服务意见) or by document number (〔2011〕119号) —
 * whose whole-document hit then comes first.
 */
function namedPolicies(handbook: Handbook, compact: string): Set<string> {
  const named = new Set<string>();
  if (!compact) return named;
  for (const { id, names } of documentNames(handbook)) if (names.some((n) => compact.includes(n))) named.add(id);
  return named;
}

const namesCache = new WeakMap<Handbook, { id: string; names: string[] }[]>();

/** Each policy's names as a query would hold them: title, short title (when its own), document number (once per handbook). */
function documentNames(handbook: Handbook): { id: string; names: string[] }[] {
  let cached = namesCache.get(handbook);
  if (cached) return cached;
  const squeeze = (s: string) => normalizeQueryText(s).replace(/\s+/g, '');
  const titles = handbook.policies.map((p) => squeeze(p.title));
  const shortOf = (title: string) => title.slice(title.lastIndexOf('的') + 1);
  const shortCount = new Map<string, number>();
  for (const t of titles) shortCount.set(shortOf(t), (shortCount.get(shortOf(t)) ?? 0) + 1);
  cached = handbook.policies.map((p, i) => {
    const title = titles[i]!;
    const short = shortOf(title);
    const names = [title];
    if (short !== title && lengthOf(short) >= 4 && shortCount.get(short) === 1) names.push(short);
    if (p.number) names.push(squeeze(p.number).replace(/^[^〔]*(?=〔)/, ''));
    return { id: p.id, names: names.filter(Boolean) };
  });
  namesCache.set(handbook, cached);
  return cached;
}

/** Searches the handbook. Never throws on any query string; an empty query gives no results. */
export function searchHandbook(handbook: Handbook, artefact: SearchIndexArtefact, query: string, options: SearchOptions = {}): SearchResponse {
  const lexicon = toLexicon(artefact.lexicon);
  const normalized = normalizeQueryText(query, lexicon.t2s, options.toSimplified);
  const empty: SearchResponse = { query: String(query ?? ''), normalized, terms: [], alsoSearched: [], results: [], suggestions: { terms: [], policies: [] } };
  if (!normalized) return empty;
  const terms = (text: string, loose?: string[]) => tokenizeWith(artefact.options.tokenizer, text, lexicon, loose);
  // Runs of characters no lexicon word covers (上海 in 上海的企业): their characters are looked
  // up only where the index has them alone, and the run itself must be in the clause.
  const loose: string[] = [];
  const queryTerms = [...new Set(terms(normalized, loose))];
  const looseChars = new Set(loose.filter((run) => lengthOf(run) > 1).flatMap((run) => Array.from(run)));
  const loosePairs = [...new Set(loose.flatMap((run) => Array.from(run).slice(1).map((c, i) => Array.from(run)[i]! + c)))];
  const alsoSearched = synonymsFor(handbook, normalized);
  const synonymTerms = new Set<string>();
  // A synonym is looked up as whole words (its parts would match far more than it means).
  for (const w of alsoSearched) {
    const parts = lexicon.words.has(w) ? [w] : terms(w).filter((t) => lengthOf(t) > 1);
    for (const t of parts) if (!queryTerms.includes(t)) synonymTerms.add(t);
  }
  const allTerms = [...queryTerms, ...synonymTerms];
  empty.terms = queryTerms;
  empty.alsoSearched = alsoSearched;
  // A query most of whose Han characters are in no word of the handbook (世界杯足球赛程: only
  // 世界) asks about something else: no results rather than the few words it shares.
  const unknown = loose.reduce((n, run) => n + run.length, 0);
  if (allTerms.length === 0 || unknown > coveredByWords(normalized, queryTerms)) {
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

  const single = (t: string) => lengthOf(t) === 1;
  const latinPrefix = (term: string) => /^[a-z]{3,}$/.test(term);
  // A lone character is looked up as a prefix (冠 finds 冠以); one of a loose run only alone.
  const isPrefix = (term: string) => (single(term) && !looseChars.has(term)) || latinPrefix(term);
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
  // Evidence: a matched word of two or more characters (the query's, or a synonym), or a loose
  // run's pair of characters found in the document. Single characters alone never make a result.
  const strong = new Set(allTerms.filter((t) => !single(t)));
  const strongTerm = (docTerm: string) => strong.has(docTerm) || allTerms.some((t) => latinPrefix(t) && docTerm.startsWith(t));
  const compact = normalized.replace(/\s+/g, '');
  const named = namedPolicies(handbook, compact);
  // Whole-document hits come after clause and section hits, unless the query names the document.
  const first: Found[] = [];
  const clauses: Found[] = [];
  const last: Found[] = [];
  let namedLeft = named.size;
  for (const r of raw) {
    if (clauses.length >= limit && namedLeft === 0) break;
    const where = locate(handbook, String(r.id));
    if (!where) continue;
    const words = r.terms.filter(strongTerm);
    let runs: string[] = [];
    if (words.length === 0) {
      if (loosePairs.length === 0) continue;
      const text = ownText(where, lexicon);
      runs = loosePairs.filter((pair) => text.includes(pair));
      if (runs.length === 0) continue;
    }
    const found = { r, where, words: [...words, ...runs] };
    if (r['kind'] !== 'policy') clauses.push(found);
    else if (named.has(where.policy.id)) {
      first.push(found);
      namedLeft--;
    } else last.push(found);
  }
  const top = [...first, ...clauses, ...last].slice(0, limit);
  // Group by policy: policies in the order of their best document, documents in that order within.
  const order = new Map<string, number>();
  for (const f of top) if (!order.has(f.where.policy.id)) order.set(f.where.policy.id, order.size);
  const grouped = top
    .map((f, i) => ({ f, i }))
    .sort((a, b) => order.get(a.f.where.policy.id)! - order.get(b.f.where.policy.id)! || a.i - b.i)
    .map(({ f }) => f);

  const amount = asksHowMuch(normalized);
  const results: SearchHit[] = [];
  for (const { r, where, words } of grouped) {
    const { policy, section, clause } = where;
    const text = clause ? clause.text : section ? markdownToText(section.intro) || section.title : markdownToText(policy.preamble) || policy.title;
    const { snippet, highlights } = makeSnippet(text, words, { amount });
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
      provenance: policy.provenance,
    });
  }
  return {
    ...empty,
    results,
    suggestions: results.length ? { terms: [], policies: [] } : suggestionsFor(handbook, lexicon, normalized),
  };
}

/** A result with evidence: the MiniSearch hit, where it is, and the words that count for it. */
interface Found {
  r: SearchResult;
  where: Located;
  words: string[];
}
