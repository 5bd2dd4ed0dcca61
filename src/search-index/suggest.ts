//! Suggestions for a query that found nothing: words the handbook is indexed under that are
//! close to the query, and the nearest policy titles.
//! In: the Handbook, its Lexicon and the normalised query. Out: SearchResponse['suggestions'].
//! A suggested word is one the handbook declares and its documents contain — a tag, or the
//! title of a provision, clause or section — so searching it finds something; never the query
//! itself nor a piece of it (位费 for 展位费), never a fragment the lexicon merely holds.
//! Without any close word, the handbook's topics (the first tags of its policies).

import type { Handbook } from '../model/index.js';
import type { Lexicon } from './lexicon.js';
import { normalizeText } from './normalize.js';

/** How many words and policies are suggested. */
const MAX_TERMS = 6;
const MAX_POLICIES = 3;

/** Every character pair of s (s itself when it has one character). */
function bigrams(s: string): Set<string> {
  const chars = Array.from(s);
  const set = new Set<string>();
  for (let i = 0; i < chars.length; i++) set.add(chars.length === 1 ? chars[i]! : chars[i]! + (chars[i + 1] ?? ''));
  return set;
}

/** Distinct characters of `b` found in `a`, function words aside. */
function sharedChars(a: ReadonlySet<string>, b: string, lexicon: Lexicon): number {
  let n = 0;
  for (const c of new Set(Array.from(b))) if (a.has(c) && !lexicon.stopChars.has(c)) n++;
  return n;
}

/**
 * What suggestions are chosen from: the searchable words the handbook declares, in handbook
 * order (each once, normalised), its topics, and per policy its id, title and the text its
 * closeness is measured on. Computed from a handbook (once per handbook and lexicon), or read
 * from a stored index, which keeps it so that a query without results reads no policy.
 */
export interface SuggestionData {
  words: string[];
  topics: string[];
  policies: { id: string; title: string; hay: string }[];
}

const dataCache = new WeakMap<Handbook, WeakMap<Lexicon, SuggestionData>>();

export function suggestionData(handbook: Handbook, lexicon: Lexicon): SuggestionData {
  let byLexicon = dataCache.get(handbook);
  if (!byLexicon) dataCache.set(handbook, (byLexicon = new WeakMap()));
  let cached = byLexicon.get(lexicon);
  if (!cached) {
    const { words, topics } = declaredWords(handbook, lexicon);
    const policies = handbook.policies.map((p) => ({ id: p.id, title: p.title, hay: normalizeText([p.title, p.tags.join(''), p.provisions.map((pr) => pr.title).join('')].join('')) }));
    byLexicon.set(lexicon, (cached = { words, topics, policies }));
  }
  return cached;
}

function declaredWords(handbook: Handbook, lexicon: Lexicon): { words: string[]; topics: string[] } {
  const seen = new Set<string>();
  const words: string[] = [];
  const topics: string[] = [];
  const add = (w: string): boolean => {
    const n = normalizeText(w).trim();
    if (seen.has(n) || !lexicon.words.has(n)) return false;
    seen.add(n);
    words.push(n);
    return true;
  };
  for (const p of handbook.policies) {
    p.tags.forEach((t, i) => {
      if (add(t) && i === 0) topics.push(normalizeText(t).trim());
    });
    for (const pr of p.provisions) add(pr.title);
    for (const s of p.sections) {
      add(s.title);
      for (const c of s.clauses) add(c.title);
    }
  }
  return { words, topics };
}

export function suggestionsFor(
  handbook: Handbook,
  lexicon: Lexicon,
  normalized: string,
  data: () => SuggestionData = () => suggestionData(handbook, lexicon),
): { terms: string[]; policies: { id: string; title: string }[] } {
  const q = normalized.replace(/\s+/g, '');
  if (!q) return { terms: [], policies: [] };
  const qChars = new Set(Array.from(q));
  const qPairs = bigrams(q);
  const { words, topics, policies: candidates } = data();
  const scored: [string, number][] = [];
  for (const w of words) {
    // Never the query, nor a piece of it.
    if (q.includes(w)) continue;
    const shared = sharedChars(qChars, w, lexicon);
    if (shared === 0) continue;
    let pairs = 0;
    for (const b of bigrams(w)) if (b.length > 1 && qPairs.has(b)) pairs++;
    // Shared pairs count most, then the share of the word the query covers; a word that starts like the query a little more.
    const lead = w.startsWith(Array.from(q)[0]!) ? 0.3 : 0;
    scored.push([w, pairs * 2 + shared / Math.max(Array.from(w).length, 2) + shared * 0.1 + lead]);
  }
  scored.sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const terms = scored.length ? scored.slice(0, MAX_TERMS).map(([w]) => w) : topics.filter((t) => !q.includes(t)).slice(0, MAX_TERMS);
  const policies = candidates
    .map((p, order) => {
      const hb = bigrams(p.hay);
      let shared = 0;
      for (const b of qPairs) if (b.length > 1 && hb.has(b)) shared++;
      return { p, order, score: shared * 2 + sharedChars(new Set(Array.from(p.hay)), q, lexicon) };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, MAX_POLICIES)
    .map(({ p }) => ({ id: p.id, title: p.title }));
  return { terms, policies };
}
