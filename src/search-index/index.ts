//! The search stage's public API: Handbook → index artefact, and queries against it.
//! Pure and browser-safe (MiniSearch only): the booklet's HTML page runs the same code
//! on the same artefact. See docs/SEARCH.md.

export { SEARCH_INDEX_VERSION, DEFAULT_OPTIONS, buildSearchIndex, searchDocuments } from './build.js';
export { isSearchIndex } from './store.js';
export type { SearchIndexArtefact, SearchIndexOptions, SearchDocument, BuildOptions } from './build.js';
export { toLexicon, buildLexicon } from './lexicon.js';
export type { Lexicon, LexiconData } from './lexicon.js';
export { MAX_QUERY_LENGTH } from './normalize.js';
export { TOKENIZERS } from './tokenize.js';
export type { TokenizerName } from './tokenize.js';
export { normalizeQuery, tokenize, searchHandbook, hasUnknownHan, makeSnippet, synonymsFor, DEFAULT_LIMIT } from './query.js';
export type { SearchHit, SearchOptions, SearchResponse } from './query.js';

import type { SearchIndexArtefact } from './build.js';
import { toLexicon, type Lexicon } from './lexicon.js';

/** The lexicon of an artefact, ready for tokenize() and normalizeQuery() (cached). */
export function lexiconOf(artefact: SearchIndexArtefact): Lexicon {
  return toLexicon(artefact.lexicon);
}
