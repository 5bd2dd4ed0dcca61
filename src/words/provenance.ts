//! How a policy's provenance is worded wherever it is shown: the booklet (src/render/view.ts),
//! `list`, `show`, search results and live search. In: a Provenance. Out: Chinese words.
//! One table, so every view says the same thing.

import type { Provenance } from '../model/index.js';

export const PROVENANCE_WORDS = { confirmed: '已核实', partial: '部分核实', illustrative: '示例文本' } as const satisfies Record<Provenance, string>;

/** The tag a heading carries for a document whose text is not confirmed: [部分核实], [示例文本]; '' when confirmed. */
export function provenanceTag(provenance: Provenance): string {
  return provenance === 'confirmed' ? '' : `[${PROVENANCE_WORDS[provenance]}]`;
}
