//! Artefacts compiled alongside the handbook by `handbook build` (and in memory when the
//! compiled file is stale): today the search index. In: a Handbook. Out: JSON-able values,
//! `{ search: SearchIndexArtefact }` (versioned; a reader that finds another version rebuilds).

import type { Handbook } from './model/index.js';
import { buildSearchIndex } from './search-index/index.js';
import { lexiconWorker, traditionalConverters } from './search-index/parallel.js';

/**
 * From this much text (policy bodies, in characters; ~125 generated policies) the lexicon is
 * built on two threads (src/search-index/parallel.ts). Measured: 150 generated policies
 * (300,000 characters) 0.93 → 0.87 s; the bundled handbook (18,000) gains nothing from it
 * (0.52 s either way), so it stays on one thread.
 */
export const PARALLEL_FROM_CHARS = 250_000;

export function compileArtefacts(handbook: Handbook): Record<string, unknown> {
  const chars = handbook.policies.reduce((n, p) => n + p.body.length, 0);
  const helper = chars >= PARALLEL_FROM_CHARS ? lexiconWorker() : undefined;
  return { search: buildSearchIndex(handbook, helper ? { helper } : { toTraditional: traditionalConverters() }) };
}
