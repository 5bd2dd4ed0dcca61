// The fast ranking path (what `handbook search` runs on a compiled file) against its reference
// (MiniSearch over the whole index in memory, what the booklet's page runs): the relevance
// files' queries and a seeded random set drawn from each corpus's vocabulary must give the same
// ranked lists (ids, order, matched terms; scores within 1e-9) and the same responses.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { mulberry32 } from '../../bench/mulberry32.js';
import { compileArtefacts } from '../../src/artefacts.js';
import { loadHandbook, toCompiled, writeCompiled, COMPILED_FILE } from '../../src/compiled/index.js';
import { DiagnosticBag } from '../../src/diagnostics/index.js';
import { readHandbookDir } from '../../src/load/read.js';
import type { Handbook } from '../../src/model/index.js';
import { rank, rankReference, searchHandbook, type RankSpec, type Ranked } from '../../src/search-index/query.js';
import type { SearchIndexArtefact } from '../../src/search-index/index.js';
import { storeOf } from '../../src/search-index/store.js';
import { compileSources } from '../../src/validate/index.js';
import { POLICIES, ROOT } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'hb-fast-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Corpus {
  handbook: Handbook;
  /** Built in memory: ranked by the reference. */
  memory: SearchIndexArtefact;
  /** Read back from a compiled file: ranked by the fast path. */
  disk: { handbook: Handbook; index: SearchIndexArtefact };
}

async function corpus(dir: string, name: string): Promise<Corpus> {
  const bag = new DiagnosticBag();
  const files = readHandbookDir(dir, bag);
  const { handbook } = compileSources(files, bag);
  if (!handbook) throw new Error(bag.sorted().map((d) => d.message).join('\n'));
  const artefacts = compileArtefacts(handbook);
  const out = join(work, name);
  writeCompiled(join(out, COMPILED_FILE), toCompiled(handbook, files, artefacts));
  const loaded = await loadHandbook({ dir, out, artefacts: true });
  expect(loaded.from).toBe('compiled');
  // The artefact read back ranks from disk (the fast path), not through MiniSearch.
  expect(storeOf(loaded.artefacts['search'])).toBeDefined();
  return { handbook, memory: compileArtefacts(handbook)['search'] as SearchIndexArtefact, disk: { handbook: loaded.handbook!, index: loaded.artefacts['search'] as SearchIndexArtefact } };
}

function synthetic(n: number, seed: number): string {
  const dir = join(work, `synth-${n}`);
  const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'synth.js'), '--n', String(n), '--seed', String(seed), '--out', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return dir;
}

function relevanceQueries(): string[] {
  const dir = join(ROOT, 'test', 'relevance');
  const read = (f: string) => (parse(readFileSync(join(dir, f), 'utf8')) as { queries: { q: string }[] }).queries.map((q) => q.q);
  return [...read('queries.yaml'), ...read('abbreviations.yaml'), ...read('no-results.yaml')];
}

const NOISE = ['的', '有没有', '怎么', '吗', '？', '，', ' ', '  ', '《', '》', '(', ')', 'ＨＱ', 'ipo', 'loan', 'abc', '2011', '〔2011〕119号', '300万元', '%', '補貼', '企業', '臺灣', '🙂', '\t', '-'];

/**
 * Queries drawn from a corpus's vocabulary: one to four of its words (or their first
 * characters, or single characters), joined as people type, with noise between and around.
 */
function randomQueries(index: SearchIndexArtefact, seed: number, count: number): string[] {
  const next = mulberry32(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const words = index.lexicon.words;
  const chars = Array.from(index.lexicon.chars);
  const queries: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    const n = 1 + Math.floor(next() * 4);
    for (let k = 0; k < n; k++) {
      const roll = next();
      const w = pick(words);
      if (roll < 0.55) parts.push(w);
      else if (roll < 0.7) parts.push(Array.from(w).slice(0, 1 + Math.floor(next() * Array.from(w).length)).join(''));
      else if (roll < 0.85) parts.push(pick(chars));
      else parts.push(w + pick(chars));
      if (next() < 0.3) parts.push(pick(NOISE));
    }
    if (next() < 0.2) parts.unshift(pick(NOISE));
    queries.push(parts.join(next() < 0.5 ? '' : ' '));
  }
  return queries;
}

/** The ranked lists agree: same ids in the same order, same matched terms, scores within 1e-9. */
function expectSameRanking(fast: Ranked[], reference: Ranked[], query: string): void {
  expect(fast.map((r) => r.id), query).toEqual(reference.map((r) => r.id));
  fast.forEach((r, i) => {
    const ref = reference[i]!;
    expect(Math.abs(r.score - ref.score), `${query}: ${r.id}`).toBeLessThanOrEqual(1e-9);
    expect(r.terms, `${query}: ${r.id}`).toEqual(ref.terms);
    expect([r.policy, r.kind]).toEqual([ref.policy, ref.kind]);
  });
}

/** Runs each query through both paths; returns how many ranked documents were compared. */
function compare(c: Corpus, queries: readonly string[]): number {
  let compared = 0;
  for (const q of queries) {
    const specs: RankSpec[] = [];
    const fast = searchHandbook(c.disk.handbook, c.disk.index, q, {
      limit: 100,
      ranker: (artefact, spec) => {
        specs.push(spec);
        return Array.from(rank(artefact, spec));
      },
    });
    const reference = searchHandbook(c.handbook, c.memory, q, { limit: 100, ranker: rankReference });
    expect(fast, q).toEqual(reference);
    for (const spec of specs) {
      const ranked = Array.from(rank(c.disk.index, spec));
      expectSameRanking(ranked, Array.from(rankReference(c.memory, spec)), q);
      compared += ranked.length;
    }
  }
  return compared;
}

describe('search: the fast path gives the reference results', () => {
  // Ensure the relevance files' queries rank alike on the bundled handbook, read from a compiled file.
  it('bundled handbook: relevance queries', async () => {
    const c = await corpus(POLICIES, 'bundled');
    expect(compare(c, relevanceQueries())).toBeGreaterThan(1000);
  });

  // Ensure 300 random queries from the bundled handbook's vocabulary, with noise, rank alike.
  it('bundled handbook: 300 random queries', async () => {
    const c = await corpus(POLICIES, 'bundled-random');
    expect(compare(c, randomQueries(c.memory, 17, 300))).toBeGreaterThan(10000);
  });

  // Ensure 300 random queries rank alike on a generated handbook of 80 policies (longer postings, prefixes over many terms).
  it('generated handbook of 80 policies: relevance and 300 random queries', async () => {
    const c = await corpus(synthetic(80, 3), 'synth');
    expect(compare(c, [...relevanceQueries(), ...randomQueries(c.memory, 29, 300)])).toBeGreaterThan(10000);
  });
});
