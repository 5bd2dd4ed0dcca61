// Search precision on the bundled handbook: what counts as evidence for a result, how whole
// documents rank against clauses, abbreviations through the synonym table, and provenance.
// (Queries that must find nothing: test/relevance/no-results.yaml.)
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { bundledWithIndex } from '../helpers/bundled.js';
import type { Handbook } from '../../src/model/index.js';
import { searchHandbook, type SearchIndexArtefact } from '../../src/search-index/index.js';
import { readQueries } from '../relevance/evaluate.js';

const abbreviations = (parse(readFileSync(join(import.meta.dirname, '..', 'relevance', 'abbreviations.yaml'), 'utf8')) as { queries: { q: string; expected: string }[] }).queries;
let handbook: Handbook;
let index: SearchIndexArtefact;

beforeAll(() => {
  ({ handbook, index } = bundledWithIndex());
});

const words = (hit: { snippet: string; highlights: [number, number][] }) => hit.highlights.map(([a, b]) => hit.snippet.slice(a, b));

describe('evidence', () => {
  // Ensure 专利 no longer finds 专项资金, 专营, 专人 through its single characters.
  it('gives nothing for 专利, whose characters only begin other words', () => {
    const r = searchHandbook(handbook, index, '专利');
    expect(r.results).toEqual([]);
    expect(r.suggestions.terms).not.toContain('专利');
  });

  // Ensure a word the handbook lacks (上海) never matches through its characters (上年度营业收入).
  it('does not match 上海 against 上年度', () => {
    const r = searchHandbook(handbook, index, '在上海的企业有什么政策', { limit: 50 });
    expect(r.results.length).toBeGreaterThan(0);
    for (const hit of r.results) {
      for (const w of words(hit)) expect(w, hit.clause).not.toMatch(/上/);
    }
  });

  // Ensure every result of every relevance query has a highlighted or matched word of two characters or more.
  it('highlights no lone character', () => {
    for (const { q } of readQueries()) {
      for (const hit of searchHandbook(handbook, index, q).results) {
        for (const w of words(hit)) expect(Array.from(w).length, `${q} ${hit.clause} ${w}`).toBeGreaterThan(1);
      }
    }
  });

  // Ensure characters apart (用 地) are not read as the word they would make together.
  it('does not join characters the query separates', () => {
    expect(searchHandbook(handbook, index, '用 地').results).toEqual([]);
    expect(searchHandbook(handbook, index, '用地').results[0]?.policy).toBe('land');
  });
});

describe('whole documents', () => {
  // Ensure a whole-document hit never comes before a clause hit unless the query names the document.
  it('come after the clauses of their policy, and after every policy found by a clause', () => {
    for (const { q } of readQueries()) {
      const results = searchHandbook(handbook, index, q).results;
      results.forEach((hit, i) => {
        if (hit.clause !== hit.policy || i === 0) return;
        const after = results.slice(i + 1);
        expect(after.filter((x) => x.policy === hit.policy).map((x) => x.clause), q).toEqual([]);
      });
      const onlyWhole = results.filter((x) => x.clause === x.policy && !results.some((y) => y.policy === x.policy && y.clause !== y.policy));
      for (const w of onlyWhole) {
        const at = results.indexOf(w);
        expect(results.slice(at + 1).every((x) => x.clause === x.policy), q).toBe(true);
      }
    }
  });

  // Ensure a query that names a document by title, short title or number gets the document first.
  it('come first when the query names them', () => {
    for (const [q, id] of [
      ['浙委〔2011〕119号', 'opinions'],
      ['浙委(2011)119号', 'opinions'],
      ['《关于支持浙商创业创新的金融服务意见》', 'finance'],
      ['金融服务意见', 'finance'],
      ['浙商总部回归认定和扶持办法', 'headquarters'],
    ]) {
      expect(searchHandbook(handbook, index, q!).results[0]?.clause, q).toBe(id);
    }
  });

  // Ensure an everyday query gets a clause first, not the document of the same policy.
  it('do not take the first place of a query about a clause', () => {
    for (const q of ['用地指标', '小微企业贷款', '总部落户奖励']) {
      const [first] = searchHandbook(handbook, index, q).results;
      expect(first!.clause, q).not.toBe(first!.policy);
    }
  });
});

describe('abbreviations and Latin terms', () => {
  it.each(abbreviations)('$q finds $expected among the first three', ({ q, expected }) => {
    // Ensure the synonym table leads an abbreviation to the clause it stands for.
    const r = searchHandbook(handbook, index, q);
    expect(r.alsoSearched.length).toBeGreaterThan(0);
    expect(r.results.slice(0, 3).some((x) => x.clause === expected || x.policy === expected), r.results.map((x) => x.clause).join(' ')).toBe(true);
  });

  // Ensure Latin words of a group are matched whole (hq is not in hqx) and never listed as searched.
  it('match Latin words whole and search only the Chinese ones', () => {
    expect(searchHandbook(handbook, index, 'hqx').alsoSearched).toEqual([]);
    expect(searchHandbook(handbook, index, '奖励多少').alsoSearched.every((w) => /\p{Script=Han}/u.test(w))).toBe(true);
  });
});

describe('provenance', () => {
  // Ensure every hit carries its policy's provenance.
  it('is the provenance of the hit\'s policy', () => {
    const byId = new Map(handbook.policies.map((p) => [p.id, p.provenance]));
    const r = searchHandbook(handbook, index, '浙商回归', { limit: 100 });
    expect(new Set(r.results.map((x) => x.provenance))).toEqual(new Set(['confirmed', 'partial', 'illustrative']));
    for (const hit of r.results) expect(hit.provenance).toBe(byId.get(hit.policy));
  });
});
