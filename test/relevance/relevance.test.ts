// Search relevance on the bundled handbook: the queries of queries.yaml, looped; prints
// recall@3 and MRR (overall and by kind of query) and fails below 0.9 / 0.8.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DiagnosticBag } from '../../src/diagnostics/index.js';
import { readHandbookDir } from '../../src/load/read.js';
import { compileSources } from '../../src/validate/index.js';
import { compileArtefacts } from '../../src/artefacts.js';
import { searchHandbook, type SearchIndexArtefact } from '../../src/search-index/index.js';
import { evaluate, readQueries } from './evaluate.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('search relevance on the bundled handbook', () => {
  const bag = new DiagnosticBag();
  const { handbook } = compileSources(readHandbookDir(join(ROOT, 'policies'), bag), bag);
  const queries = readQueries();

  // Ensure the suite is big enough to mean something and names real policies and clauses.
  it('has at least 40 queries, each naming a policy and clause of the handbook', () => {
    expect(handbook).toBeDefined();
    expect(queries.length).toBeGreaterThanOrEqual(40);
    const ids = new Set(handbook!.policies.flatMap((p) => [p.id, ...p.sections.flatMap((s) => [s.id, ...s.clauses.map((c) => c.id)])]));
    for (const q of queries) {
      expect(ids.has(q.policy), q.q).toBe(true);
      if (q.clause) expect(ids.has(q.clause) && q.clause.startsWith(q.policy + '.'), q.q).toBe(true);
    }
  });

  // Ensure the search finds what users ask for: recall@3 ≥ 0.9 and MRR ≥ 0.8.
  it('reaches recall@3 ≥ 0.9 and MRR ≥ 0.8', () => {
    const index = compileArtefacts(handbook!)['search'] as SearchIndexArtefact;
    const { outcomes, recallAt3, mrr } = evaluate(handbook!, index, queries, searchHandbook);
    const byKind = (k: string) => {
      const os = outcomes.filter((o) => o.kind === k);
      const r = os.filter((o) => o.rank >= 1 && o.rank <= 3).length / (os.length || 1);
      return `${k} ${os.length}: recall@3 ${r.toFixed(3)}`;
    };
    const misses = outcomes.filter((o) => o.rank === 0 || o.rank > 3).map((o) => `  ${o.q} → expected ${o.clause ?? o.policy}, rank ${o.rank || '—'}, top ${o.top.join(' ')}`);
    console.log(
      [
        `relevance: ${outcomes.length} queries, recall@3 = ${recallAt3.toFixed(3)}, MRR = ${mrr.toFixed(3)}`,
        ...['words', 'paraphrase', 'noisy'].map(byKind),
        ...(misses.length ? ['misses:', ...misses] : []),
      ].join('\n'),
    );
    expect(recallAt3).toBeGreaterThanOrEqual(0.9);
    expect(mrr).toBeGreaterThanOrEqual(0.8);
  });
});
