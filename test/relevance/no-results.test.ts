// Search precision on the bundled handbook: the queries of no-results.yaml, looped; each must
// give no results, and its suggestions must be words the handbook is indexed under.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DiagnosticBag } from '../../src/diagnostics/index.js';
import { readHandbookDir } from '../../src/load/read.js';
import { compileSources } from '../../src/validate/index.js';
import { compileArtefacts } from '../../src/artefacts.js';
import { lexiconOf, searchHandbook, searchDocuments, type SearchIndexArtefact } from '../../src/search-index/index.js';
import { normalizeText } from '../../src/search-index/normalize.js';

const ROOT = join(import.meta.dirname, '..', '..');
const queries = (parse(readFileSync(join(import.meta.dirname, 'no-results.yaml'), 'utf8')) as { queries: { q: string; why: string }[] }).queries;

describe('queries the handbook has no answer for', () => {
  const bag = new DiagnosticBag();
  const { handbook } = compileSources(readHandbookDir(join(ROOT, 'policies'), bag), bag);
  const index = compileArtefacts(handbook!)['search'] as SearchIndexArtefact;
  const lexicon = lexiconOf(index);
  // Every indexed text, normalised, to check that a suggested word is really there.
  const corpus = searchDocuments(handbook!)
    .map((d) => normalizeText([d.title, d.provisions, d.section, d.text, d.meta].join(' ')))
    .join('\n');

  // Ensure the suite is varied enough to mean something.
  it('has at least 20 queries', () => {
    expect(queries.length).toBeGreaterThanOrEqual(20);
  });

  it.each(queries)('finds nothing for $q ($why)', ({ q }) => {
    // Ensure a query without evidence (a word, a synonym, a run of two characters) gives no results.
    const r = searchHandbook(handbook!, index, q);
    expect(r.results.map((x) => x.clause)).toEqual([]);
  });

  it.each(queries.filter(({ q }) => normalizeText(q).replace(/[^\p{L}\p{N}]/gu, '') !== ''))('suggests indexed words, never the query, for $q', ({ q }) => {
    // Ensure suggestions are real words of the handbook's index, and neither the query nor a piece of it.
    const r = searchHandbook(handbook!, index, q);
    const compact = r.normalized.replace(/\s+/g, '');
    expect(r.suggestions.terms.length).toBeGreaterThan(0);
    for (const term of r.suggestions.terms) {
      expect(lexicon.words.has(term), term).toBe(true);
      expect(corpus.includes(term), term).toBe(true);
      expect(compact.includes(term), term).toBe(false);
      // Searching a suggestion finds something.
      expect(searchHandbook(handbook!, index, term).results.length, term).toBeGreaterThan(0);
    }
  });
});
