//! A search session for the CLI: the handbook and its search index, from the compiled
//! file when fresh and of this index version (else rebuilt and written back), and the traditional → simplified
//! converter loaded only for queries that need it. Shared by `search` and live search.

import type { Handbook } from '../model/index.js';
import type { SearchIndexArtefact } from '../search-index/index.js';
import { requireHandbook, type HandbookOptions } from './context.js';

export interface LoadedSearch {
  handbook: Handbook;
  index: SearchIndexArtefact;
  search: typeof import('../search-index/index.js');
}

/**
 * The handbook and its search index: from the compiled file when it is fresh and of this
 * index version, else rebuilt (and written back where it may be: see requireHandbook).
 */
export async function loadSearch(opts: HandbookOptions): Promise<LoadedSearch | undefined> {
  const search = await import('../search-index/index.js');
  // A search index of another version makes the file stale: rebuilt and written back.
  const loaded = await requireHandbook(opts, { artefacts: true, checkArtefacts: (a) => (search.isSearchIndex(a['search']) ? undefined : '编译产物中的检索索引版本不符') });
  if (!loaded.handbook) return undefined;
  const index = loaded.artefacts['search'];
  // A compiled file's index passed the check above; a compile from the sources makes one (src/artefacts.ts).
  if (!search.isSearchIndex(index)) throw new Error('internal: the loaded handbook has no search index');
  return { handbook: loaded.handbook, index, search };
}

/** opencc-js traditional → simplified, loaded only for queries with characters the corpus lacks. */
export async function simplifierFor(query: string, loaded: LoadedSearch): Promise<((s: string) => string) | undefined> {
  const { search, index } = loaded;
  if (!search.hasUnknownHan(query, search.lexiconOf(index))) return undefined;
  try {
    const { Converter } = await import('opencc-js/t2cn');
    const fromTw = Converter({ from: 'tw', to: 'cn' });
    const fromHk = Converter({ from: 'hk', to: 'cn' });
    return (s) => fromHk(fromTw(s));
  } catch {
    return undefined;
  }
}
