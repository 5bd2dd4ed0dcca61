//! The postings of a freshly built index, as build.ts leaves them: flat typed arrays grouped by
//! (term, field), documents ascending within a group. Held on the artefact under a symbol
//! (JSON.stringify ignores it) for the compiled file's encoder (store.ts); the artefact's
//! `index.index` — MiniSearch's JSON entries, `[term, {fieldId: {doc: frequency}}]` in term
//! order — is made from them the first time something reads it (the booklet's page, MiniSearch
//! in memory). Pure and browser-safe.

/** Grouped postings (see build.ts indexDocuments). */
export interface Postings {
  terms: string[];
  /** Term ids in term order. */
  order: number[];
  /** Per (term, field) key = termId * nFields + fieldId, its postings at [start[key], start[key + 1]). */
  start: Int32Array;
  /** [document, frequency] pairs. */
  postings: Int32Array;
  nFields: number;
}

export const POSTINGS: unique symbol = Symbol.for('policy-handbook.search.postings');

/** The built postings of an artefact, when it has them. */
export function postingsOf(artefact: unknown): Postings | undefined {
  return artefact && typeof artefact === 'object' ? (artefact as { [POSTINGS]?: Postings })[POSTINGS] : undefined;
}

/** MiniSearch's JSON `index` entries of the postings, in term order (terms of no document left out). */
export function postingEntries({ terms, order, start, postings, nFields }: Postings): [string, Record<string, Record<string, number>>][] {
  const entries: [string, Record<string, Record<string, number>>][] = [];
  for (const termId of order) {
    if (start[termId * nFields] === start[(termId + 1) * nFields]) continue;
    const data: Record<string, Record<string, number>> = {};
    for (let fieldId = 0; fieldId < nFields; fieldId++) {
      const key = termId * nFields + fieldId;
      const begin = start[key]!;
      const end = start[key + 1]!;
      if (begin === end) continue;
      const perDoc: Record<string, number> = {};
      for (let p = begin; p < end; p++) perDoc[postings[2 * p]!] = postings[2 * p + 1]!;
      data[fieldId] = perDoc;
    }
    entries.push([terms[termId]!, data]);
  }
  return entries;
}

/**
 * Gives an artefact whose `index` is MiniSearch's JSON without postings an `index.index` made
 * from the postings on first read, and the postings under POSTINGS.
 */
export function withPostings<T extends { index: Record<string, unknown> }>(artefact: T, postings: Postings): T {
  let all: unknown[] | undefined;
  Object.defineProperty(artefact.index, 'index', {
    enumerable: true,
    configurable: true,
    get: () => (all ??= postingEntries(postings)),
  });
  Object.defineProperty(artefact, POSTINGS, { value: postings, enumerable: false });
  return artefact;
}
