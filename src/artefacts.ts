//! Artefacts compiled alongside the handbook by `handbook build` (and in memory when the
//! compiled file is stale): today the search index. In: a Handbook. Out: JSON-able values.

import type { Handbook } from './model/index.js';

export function compileArtefacts(_handbook: Handbook): Record<string, unknown> {
  return {};
}
