//! Querying: a user's words → ranked clauses grouped by policy, with snippets.
//! In: the Handbook, its SearchIndexArtefact, a query string and filters. Out: a
//! SearchResponse (the `--json` contract's data) — never throws on any query string.
//! Steps: normalise → tokenize (same tokenizer as the index) → add synonyms from the
//! handbook's synonym groups → MiniSearch (BM25, OR, more matched terms rank higher) →
//! limit → group by policy → snippet with the matched words' offsets; when nothing matches,
//! close terms from the lexicon and the nearest policy titles.

import MiniSearch, { type SearchResult } from 'minisearch';
import type { Clause, Handbook, Policy, Provenance, Section } from '../model/index.js';
import { miniSearchOptions, type SearchDocument, type SearchIndexArtefact } from './build.js';
import { markdownToText } from '../text/markdown.js';
import { namedInStore, rankStored, storeOf, type SearchStore } from './store.js';
import { toLexicon, type Lexicon } from './lexicon.js';
import { normalizeQueryText, normalizeText } from './normalize.js';
import { asksHowMuch, makeSnippet } from './snippet.js';
import { suggestionsFor } from './suggest.js';
import { tokenizeNormalized, tokenizeWith } from './tokenize.js';
import { documentNames } from './documents.js';

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
  /** How documents are ranked (default `rank`; tests pass `rankReference` to compare). */
  ranker?: Ranker;
}

/** What is ranked: the query's terms in order, which are looked up as prefixes, and each one's weight. */
export interface RankSpec {
  terms: readonly string[];
  prefix: (term: string) => boolean;
  boost: (term: string) => number;
}

/** A ranked document: MiniSearch's SearchResult, the fields the query path reads. */
export interface Ranked {
  id: string;
  score: number;
  /** The document's matched terms (MiniSearch's `terms`: the keys of `match`, in its order). */
  terms: string[];
  policy: string;
  kind: string;
  /** The policy's place in the handbook, when the ranking knows it (the stored index). */
  policyIndex?: number;
}

export type Ranker = (artefact: SearchIndexArtefact, spec: RankSpec) => Iterable<Ranked>;

const toRanked = (r: SearchResult): Ranked => ({ id: String(r.id), score: r.score, terms: r.terms, policy: String(r['policy']), kind: String(r['kind']) });

/** MiniSearch's search options for a RankSpec (BM25, OR, no fuzzy matching). */
function miniSearchQuery(spec: RankSpec) {
  return {
    tokenize: (s: string) => s.split(' '),
    processTerm: (t: string) => t,
    combineWith: 'OR',
    fuzzy: false,
    prefix: (term: string) => spec.prefix(term),
    boostTerm: (term: string) => spec.boost(term),
  } as const;
}

/**
 * The reference ranking: MiniSearch over the whole index in memory (what the booklet's page
 * runs). Every faster path must give the same list: test/search/fast-path.test.ts.
 */
export function rankReference(artefact: SearchIndexArtefact, spec: RankSpec): Ranked[] {
  return loadIndex(artefact).search(spec.terms.join(' '), miniSearchQuery(spec)).map(toRanked);
}

/**
 * The ranking searchHandbook uses: from disk for an index read from a compiled file (the
 * fast path, store.ts rankStored: the same list as rankReference), else MiniSearch over only
 * the postings the query needs (see indexFor).
 */
export function rank(artefact: SearchIndexArtefact, spec: RankSpec): Iterable<Ranked> {
  const store = storeOf(artefact);
  if (store) return rankStored(store, spec);
  const ms = indexFor(artefact, new Set(spec.terms), spec.terms.filter(spec.prefix));
  return ms.search(spec.terms.join(' '), miniSearchQuery(spec)).map(toRanked);
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
 * postings and the per-document field lengths — but loading it costs a fraction. Repeated
 * queries load the full index instead.
 */
function indexFor(artefact: SearchIndexArtefact, exact: ReadonlySet<string>, prefixes: readonly string[]): MiniSearch<SearchDocument> {
  const seen = (queriesSeen.get(artefact) ?? 0) + 1;
  queriesSeen.set(artefact, seen);
  if (seen > 1 || indexCache.has(artefact)) return loadIndex(artefact);
  const full = artefact.index as Serialized;
  const index = full.index.filter(([term]) => exact.has(term) || prefixes.some((p) => term.startsWith(p)));
  return MiniSearch.loadJS<SearchDocument>({ ...full, index } as Serialized, miniSearchOptions(artefact.options, toLexicon(artefact.lexicon)));
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
    const where = within(policy, id);
    if (where) return where;
  }
  return undefined;
}

/** Where `id` is in `policy`: the policy itself, one of its sections or clauses, or undefined. */
function within(policy: Policy, id: string): Located | undefined {
  if (policy.id === id) return { policy };
  if (!id.startsWith(policy.id + '.')) return undefined;
  for (const section of policy.sections) {
    if (section.id === id) return { policy, section };
    for (const clause of section.clauses) if (clause.id === id) return { policy, section, clause };
  }
  return undefined;
}

/**
 * How the query path finds what a ranked document is and which policies a query names: from
 * the handbook (the reference, and an index built in memory), or from a stored index, which
 * reads only the policies of the documents it returns (and the names dictionary).
 */
interface Finder {
  named(compact: string): (r: Ranked, where: Located) => boolean;
  /** How many policies the query names (the loop may stop once it has found them all). */
  namedCount(compact: string): number;
  locate(r: Ranked): Located | undefined;
}

function handbookFinder(handbook: Handbook): Finder {
  let named: Set<string> | undefined;
  const names = (compact: string) => (named ??= namedPolicies(handbook, compact));
  return {
    named: (compact) => (_r, where) => names(compact).has(where.policy.id),
    namedCount: (compact) => names(compact).size,
    locate: (r) => locate(handbook, r.id),
  };
}

function storeFinder(store: SearchStore): Finder {
  let named: Set<number> | undefined;
  const names = (compact: string) => (named ??= compact ? namedInStore(store, compact) : new Set());
  return {
    named: (compact) => (r) => names(compact).has(r.policyIndex!),
    namedCount: (compact) => names(compact).size,
    locate: (r) => within(store.bytes.policy(r.policyIndex!), r.id),
  };
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

/** Searches the handbook. Never throws on any query string; an empty query gives no results. */
export function searchHandbook(handbook: Handbook, artefact: SearchIndexArtefact, query: string, options: SearchOptions = {}): SearchResponse {
  // A stored index is read with one open of its file for the whole query, closed after.
  const store = storeOf(artefact);
  return store ? store.bytes.during(() => searchWith(handbook, artefact, query, options)) : searchWith(handbook, artefact, query, options);
}

function searchWith(handbook: Handbook, artefact: SearchIndexArtefact, query: string, options: SearchOptions): SearchResponse {
  const lexicon = toLexicon(artefact.lexicon);
  const ranker = options.ranker ?? rank;
  // The reference ranking (tests) reads the handbook as the page does; any other reads the store.
  const store = ranker === rankReference ? undefined : storeOf(artefact);
  const suggestionData = store ? () => store.suggestions() : undefined;
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
    empty.suggestions = suggestionsFor(handbook, lexicon, normalized, suggestionData);
    return empty;
  }

  const policyIds = options.policy?.length ? new Set(options.policy) : undefined;
  const issuer = options.issuer ? normalizeText(options.issuer) : undefined;
  const tag = options.tag ? normalizeText(options.tag) : undefined;
  // Without a filter every indexed policy is allowed (the handbook's policies are not read).
  let policyById: Map<string, Policy> | undefined;
  const allowed = (policyId: string): boolean => {
    policyById ??= new Map(handbook.policies.map((p) => [p.id, p]));
    const p = policyById.get(policyId);
    if (!p) return false;
    if (policyIds && !policyIds.has(p.id)) return false;
    if (issuer && !normalizeText(p.issuer).includes(issuer)) return false;
    if (tag && !p.tags.some((t) => normalizeText(t) === tag)) return false;
    return true;
  };
  const filtered = policyIds || issuer !== undefined || tag !== undefined;

  const single = (t: string) => lengthOf(t) === 1;
  const latinPrefix = (term: string) => /^[a-z]{3,}$/.test(term);
  // A lone character is looked up as a prefix (冠 finds 冠以); one of a loose run only alone.
  const isPrefix = (term: string) => (single(term) && !looseChars.has(term)) || latinPrefix(term);
  const spec: RankSpec = {
    terms: allTerms,
    prefix: isPrefix,
    boost: (term) => (synonymTerms.has(term) ? SYNONYM_BOOST : 1) * (single(term) ? SINGLE_CHAR_BOOST : 1),
  };
  const finder = store ? storeFinder(store) : handbookFinder(handbook);

  const limit = Math.max(1, Math.min(1000, Math.floor(options.limit ?? DEFAULT_LIMIT) || DEFAULT_LIMIT));
  // Evidence: a matched word of two or more characters (the query's, or a synonym), or a loose
  // run's pair of characters found in the document. Single characters alone never make a result.
  const strong = new Set(allTerms.filter((t) => !single(t)));
  const strongTerm = (docTerm: string) => strong.has(docTerm) || allTerms.some((t) => latinPrefix(t) && docTerm.startsWith(t));
  const compact = normalized.replace(/\s+/g, '');
  const named = finder.named(compact);
  // Whole-document hits come after clause and section hits, unless the query names the document.
  const first: Found[] = [];
  const clauses: Found[] = [];
  const last: Found[] = [];
  let namedLeft = finder.namedCount(compact);
  for (const r of ranker(artefact, spec)) {
    if (clauses.length >= limit && namedLeft === 0) break;
    if (filtered && !allowed(r.policy)) continue;
    const where = finder.locate(r);
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
    if (r.kind !== 'policy') clauses.push(found);
    else if (named(r, where)) {
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
    suggestions: results.length ? { terms: [], policies: [] } : suggestionsFor(handbook, lexicon, normalized, suggestionData),
  };
}

/** A result with evidence: the ranked document, where it is, and the words that count for it. */
interface Found {
  r: Ranked;
  where: Located;
  words: string[];
}
