// The search library in memory, on the bundled handbook: normalisation, tokenizer, ranking
// shape, filters, synonyms, snippets, versioning, and robustness on any input (fast-check).
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { bundledWithIndex } from '../helpers/bundled.js';
import type { Handbook } from '../../src/model/index.js';
import {
  SEARCH_INDEX_VERSION,
  buildSearchIndex,
  isSearchIndex,
  lexiconOf,
  normalizeQuery,
  searchHandbook,
  tokenize,
  type SearchIndexArtefact,
} from '../../src/search-index/index.js';

const POLICIES = join(import.meta.dirname, '..', '..', 'policies');
let handbook: Handbook;
let index: SearchIndexArtefact;

beforeAll(() => {
  ({ handbook, index } = bundledWithIndex());
});

describe('normalizeQuery', () => {
  // Ensure full-width letters, digits and spaces become half-width, and case is folded.
  it('folds full-width forms and case', () => {
    expect(normalizeQuery('ＳＴＥＭ　１５％')).toBe('stem 15');
  });

  // Ensure 《》, quotes and punctuation separate words and do not reach the index.
  it('drops 《》 and punctuation', () => {
    expect(normalizeQuery('《关于支持浙商创业创新的金融服务意见》！！')).toBe('关于支持浙商创业创新的金融服务意见');
    expect(normalizeQuery('小微，“贷款”？')).toBe('小微 贷款');
  });

  // Ensure every way of bracketing a document's year gives the one form the index holds.
  it('writes document numbers in one form', () => {
    for (const q of ['浙委〔2011〕119号', '浙委[2011]119号', '浙委(2011)119号', '浙委（2011）119号', '浙委【2011】119号', '浙委［2011］119号']) {
      expect(normalizeQuery(q)).toBe('浙委〔2011〕119号');
    }
  });

  // Ensure traditional characters of words the handbook uses become simplified without opencc at query time.
  it('turns traditional characters into simplified through the lexicon', () => {
    expect(normalizeQuery('用地指標 總部落戶獎勵', lexiconOf(index))).toBe('用地指标 总部落户奖励');
  });
});

describe('tokenize', () => {
  // Ensure the domain's words are cut whole (Intl.Segmenter alone splits 浙|商, 小|微, 报|批).
  it('keeps 浙商, 小微 and 报批 whole', () => {
    const lex = lexiconOf(index);
    expect(tokenize('浙商回归项目用地报批', lex)).toEqual(expect.arrayContaining(['浙商', '回归', '项目', '用地', '报批']));
    expect(tokenize('小微企业信贷', lex)).toEqual(expect.arrayContaining(['小微', '小微企业', '企业', '信贷']));
  });

  // Ensure the words inside a longer word are terms too, so a query and a clause cut alike meet.
  it('emits the words within longer words', () => {
    const terms = tokenize('新增建设用地指标', lexiconOf(index));
    expect(terms).toEqual(expect.arrayContaining(['建设', '用地', '指标']));
  });

  // Ensure function words do not become terms.
  it('drops function words', () => {
    const terms = tokenize('有没有的了吗', lexiconOf(index));
    expect(terms).toEqual([]);
  });

  // Ensure a document number is one term, whatever brackets it was written with.
  it('keeps a document number as one term', () => {
    expect(tokenize('浙委[2011]119号', lexiconOf(index))).toContain('〔2011〕119号');
  });
});

describe('searchHandbook', () => {
  // Ensure the clause that answers a question in the documents' own words comes first, with its provision.
  it('finds 用地指标 in land.2.1 with its provision', () => {
    const r = searchHandbook(handbook, index, '用地指标');
    expect(r.results[0]).toMatchObject({ policy: 'land', clause: 'land.2.1', clauseNumber: '二（一）', provisions: ['land.quota-priority'] });
    expect(r.results[0]!.title).toBe('关于支持浙商创业创新用地保障的实施意见');
  });

  // Ensure results are grouped: each policy's results are contiguous, best policy first.
  it('groups results by policy', () => {
    const r = searchHandbook(handbook, index, '补助', { limit: 30 });
    const order = r.results.map((x) => x.policy);
    const firstSeen = [...new Set(order)];
    const regrouped = firstSeen.flatMap((p) => order.filter((x) => x === p));
    expect(order).toEqual(regrouped);
    expect(firstSeen.length).toBeGreaterThan(1);
  });

  // Ensure highlights point at the matched words inside the snippet.
  it('highlights matched words in the snippet', () => {
    const hit = searchHandbook(handbook, index, '小微企业贷款').results.find((x) => x.clause === 'finance.2.1')!;
    expect(hit).toBeDefined();
    const words = hit.highlights.map(([a, b]) => hit.snippet.slice(a, b));
    expect(words.join(' ')).toMatch(/小微企业/);
    expect(words.some((w) => w.includes('贷款'))).toBe(true);
  });

  // Ensure synonyms from synonyms.yaml widen the query and are reported.
  it('adds and reports synonyms', () => {
    const r = searchHandbook(handbook, index, '去国外参展有没有补贴');
    expect(r.alsoSearched).toEqual(expect.arrayContaining(['境外', '展会', '补助']));
    expect(r.results[0]!.clause).toBe('commerce.2.2');
  });

  // Ensure --policy, --issuer and --tag restrict the results to matching policies.
  it('filters by policy, issuer and tag', () => {
    const byPolicy = searchHandbook(handbook, index, '补助', { policy: ['industry', 'talent'], limit: 50 });
    expect(byPolicy.results.length).toBeGreaterThan(0);
    expect(new Set(byPolicy.results.map((x) => x.policy))).toEqual(new Set(['industry', 'talent']));
    const byIssuer = searchHandbook(handbook, index, '补助', { issuer: '商务厅', limit: 50 });
    expect(new Set(byIssuer.results.map((x) => x.policy))).toEqual(new Set(['commerce']));
    const byTag = searchHandbook(handbook, index, '服务', { tag: '贷款', limit: 50 });
    expect(new Set(byTag.results.map((x) => x.policy))).toEqual(new Set(['finance']));
  });

  // Ensure --limit caps the number of results.
  it('honours the limit', () => {
    expect(searchHandbook(handbook, index, '项目', { limit: 3 }).results).toHaveLength(3);
  });

  // Ensure a query with no match gets close terms and the nearest policy titles instead of nothing.
  it('suggests terms and policies when nothing matches', () => {
    const r = searchHandbook(handbook, index, '用地', { tag: '没有这个标签' });
    expect(r.results).toEqual([]);
    expect(r.suggestions.terms.length).toBeGreaterThan(0);
    expect(r.suggestions.policies.map((p) => p.id)).toContain('land');
  });

  // Ensure the document number finds the parent opinions however it is bracketed.
  it('finds the opinions by their document number', () => {
    for (const q of ['浙委〔2011〕119号', '浙委[2011]119号', '浙委(2011)119号']) {
      expect(searchHandbook(handbook, index, q).results[0]?.policy, q).toBe('opinions');
    }
  });
});

describe('the index artefact', () => {
  // Ensure the build is deterministic, so the compiled output does not change without cause.
  it('is the same for the same handbook', () => {
    expect(JSON.stringify(buildSearchIndex(handbook))).toBe(JSON.stringify(buildSearchIndex(handbook)));
  });

  // Ensure the artefact survives JSON and answers the same, as it does when read from handbook.json.
  it('round-trips through JSON', () => {
    const copy = JSON.parse(JSON.stringify(index)) as SearchIndexArtefact;
    expect(searchHandbook(handbook, copy, '上市培育').results).toEqual(searchHandbook(handbook, index, '上市培育').results);
  });

  // Ensure an artefact of another version is recognised as unusable (and then rebuilt, not read).
  it('rejects other versions', () => {
    expect(isSearchIndex(index)).toBe(true);
    expect(isSearchIndex({ ...index, version: SEARCH_INDEX_VERSION + 1 })).toBe(false);
    expect(isSearchIndex({})).toBe(false);
    expect(isSearchIndex(undefined)).toBe(false);
  });
});

describe('bad input', () => {
  // Ensure the named bad inputs give an empty result or results, never an exception.
  it('handles empty, huge, regex, emoji, control and punctuation-only queries', () => {
    const inputs = ['', '   ', '用地'.repeat(5000), '.*+?^${}()|[]\\', '🏭🚀💰', '\u0000\u0001\u001b[31m\u007f', '！？。，、；：“”《》…—', '\ud800', '(((((((((('];
    for (const q of inputs) {
      const r = searchHandbook(handbook, index, q);
      expect(Array.isArray(r.results)).toBe(true);
    }
    expect(searchHandbook(handbook, index, '！？。，、；：“”《》').results).toEqual([]);
    expect(searchHandbook(handbook, index, '').normalized).toBe('');
  });

  // Ensure any string at all yields a well-formed response whose highlights lie inside their snippets.
  it('never throws on any string (property)', () => {
    const chars = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('用地', '指标', '小微', '贷款', '〔2011〕', '《', '》', '[', '(', '\\', '*', '🏭', '\u0000', '　', 'Ａ'),
    );
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 30 }), fc.integer({ min: -5, max: 50 }), (parts, limit) => {
        const r = searchHandbook(handbook, index, parts.join(''), { limit });
        for (const hit of r.results) {
          for (const [a, b] of hit.highlights) {
            expect(a).toBeGreaterThanOrEqual(0);
            expect(b).toBeLessThanOrEqual(hit.snippet.length);
            expect(a).toBeLessThan(b);
          }
        }
        expect(JSON.parse(JSON.stringify(r)).query).toBe(String(parts.join('')));
      }),
      { numRuns: 300 },
    );
  });
});
