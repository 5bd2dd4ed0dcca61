//! The booklet's in-page search: the same index and tokenizer as `handbook search`.
//! In: the handbook, the printed policies and the search index artefact (the very one
//! `handbook build` stores). Out: the page's search (html.ts's PageSearch): the bundled
//! browser script (dist/booklet-search.js, from templates/booklet/search.ts by
//! scripts/build-booklet-search.mjs) and the JSON it reads: the handbook's searchable text,
//! the index, and for a leaflet the ids of its policies (results are limited to those, as
//! `handbook search --policy` does).

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Handbook, Policy } from '../model/index.js';
import type { SearchIndexArtefact } from '../search-index/index.js';
import type { PageSearch } from './html.js';

/** dist/render/search.js → dist/booklet-search.js */
export const SEARCH_SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'booklet-search.js');

/**
 * What searchHandbook reads of a handbook, and nothing else (no rules, no Markdown bodies):
 * policy titles, issuers, tags, numbers, preambles, section and clause text, provision titles,
 * synonyms. Shaped as a Handbook for the shared search code.
 */
export function searchableHandbook(handbook: Handbook): Handbook {
  return {
    meta: handbook.meta,
    facts: [],
    derived: [],
    synonyms: handbook.synonyms,
    policies: handbook.policies.map((p) => ({
      ...p,
      body: '',
      sources: [],
      provisions: p.provisions.map((pr) => ({ ...pr, rule: { kind: 'all', of: [] }, tiers: [], source: { file: '', line: 0, column: 0 } })),
      sections: p.sections.map((s) => ({ ...s, clauses: s.clauses.map((c) => ({ ...c, markdown: '' })) })),
    })),
  };
}

/** The page's search, or undefined (with the reason) when the bundled script is missing. */
export function buildPageSearch(
  handbook: Handbook,
  policies: readonly Policy[],
  index: SearchIndexArtefact,
  scriptPath = SEARCH_SCRIPT,
): { search: PageSearch } | { missing: string } {
  let script: string;
  try {
    script = readFileSync(join(scriptPath), 'utf8');
  } catch {
    return { missing: scriptPath };
  }
  const leaflet = policies.length !== handbook.policies.length;
  return {
    search: {
      script: script.trimEnd(),
      data: { handbook: searchableHandbook(handbook), index, policies: leaflet ? policies.map((p) => p.id) : null },
    },
  };
}
