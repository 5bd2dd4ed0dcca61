//! Artefacts compiled alongside the handbook by `handbook build` (and in memory when the
//! compiled file is stale): today the search index. In: a Handbook. Out: JSON-able values,
//! `{ search: SearchIndexArtefact }` (versioned; a reader that finds another version rebuilds).

import { createRequire } from 'node:module';
import type { Handbook } from './model/index.js';
import { buildSearchIndex } from './search-index/index.js';

type Convert = (s: string) => string;

/** opencc-js's simplified → traditional converters (Taiwan and Hong Kong forms), loaded only here. */
function traditionalConverters(): Convert[] {
  try {
    const require = createRequire(import.meta.url);
    const OpenCC = require('opencc-js') as { Converter: (o: { from: string; to: string }) => Convert };
    return [OpenCC.Converter({ from: 'cn', to: 'tw' }), OpenCC.Converter({ from: 'cn', to: 'hk' })];
  } catch {
    // Without opencc the index still works; traditional queries then rely on the CLI's fallback.
    return [];
  }
}

export function compileArtefacts(handbook: Handbook): Record<string, unknown> {
  return { search: buildSearchIndex(handbook, { toTraditional: traditionalConverters() }) };
}
