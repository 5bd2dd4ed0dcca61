// Relevance metrics over test/relevance/queries.yaml: recall@3 and MRR of the search library
// on the bundled handbook. Shared by the relevance test and bench/relevance.js.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Handbook } from '../../src/model/index.js';
import type { SearchIndexArtefact, SearchResponse } from '../../src/search-index/index.js';

export interface RelevanceQuery {
  q: string;
  policy: string;
  clause?: string;
  kind: 'words' | 'paraphrase' | 'noisy';
}

export interface QueryOutcome extends RelevanceQuery {
  /** 1-based rank of the first matching result, or 0 when none in the results. */
  rank: number;
  top: string[];
}

export function readQueries(file = join(import.meta.dirname, 'queries.yaml')): RelevanceQuery[] {
  return (parse(readFileSync(file, 'utf8')) as { queries: RelevanceQuery[] }).queries;
}

export function rankOf(response: SearchResponse, expected: RelevanceQuery): number {
  const i = response.results.findIndex((r) => (expected.clause ? r.clause === expected.clause : r.policy === expected.policy));
  return i + 1;
}

export function evaluate(
  handbook: Handbook,
  index: SearchIndexArtefact,
  queries: RelevanceQuery[],
  search: (h: Handbook, i: SearchIndexArtefact, q: string, o: { limit: number }) => SearchResponse,
): { outcomes: QueryOutcome[]; recallAt3: number; mrr: number } {
  const outcomes = queries.map((q) => {
    const response = search(handbook, index, q.q, { limit: 10 });
    return { ...q, rank: rankOf(response, q), top: response.results.slice(0, 3).map((r) => r.clause) };
  });
  const recallAt3 = outcomes.filter((o) => o.rank >= 1 && o.rank <= 3).length / outcomes.length;
  const mrr = outcomes.reduce((s, o) => s + (o.rank ? 1 / o.rank : 0), 0) / outcomes.length;
  return { outcomes, recallAt3, mrr };
}
