//! A search session for the CLI: the handbook and its search index, from the compiled
//! file when fresh (else rebuilt in memory, with a note), and the traditional → simplified
//! converter loaded only for queries that need it. Shared by `search` and live search.

import type { Handbook } from '../model/index.js';
import type { SearchIndexArtefact } from '../search-index/index.js';
import { err, requireHandbook, type HandbookOptions } from './context.js';
import { writeErr } from './terminal-text.js';

export interface LoadedSearch {
  handbook: Handbook;
  index: SearchIndexArtefact;
  search: typeof import('../search-index/index.js');
}

/**
 * The handbook and its search index: from the compiled file when it is fresh and of this
 * index version, else rebuilt in memory (with a note that `handbook build` makes it faster).
 */
export async function loadSearch(opts: HandbookOptions): Promise<LoadedSearch | undefined> {
  const search = await import('../search-index/index.js');
  const loaded = await requireHandbook(opts, { artefacts: true });
  if (!loaded.handbook) return undefined;
  let index = loaded.artefacts['search'];
  if (!search.isSearchIndex(index)) {
    if (loaded.from === 'compiled') {
      writeErr(err.dim('编译产物中的检索索引版本不符，已在内存中重建；运行 handbook build 可加快检索。') + '\n');
    }
    const { compileArtefacts } = await import('../artefacts.js');
    index = compileArtefacts(loaded.handbook)['search'];
  }
  return { handbook: loaded.handbook, index: index as SearchIndexArtefact, search };
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
