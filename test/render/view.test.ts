import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadHandbook } from '../../src/compiled/index.js';
import { describeRule } from '../../src/eligibility/words.js';
import type { Handbook } from '../../src/model/index.js';
import { buildBookletView, selectPolicies, type BookletView } from '../../src/render/view.js';
import { POLICIES } from '../helpers/cli.js';
import { tempDir } from './helpers.js';

let handbook: Handbook;
let view: BookletView;

beforeAll(async () => {
  const loaded = await loadHandbook({ dir: POLICIES, out: join(tempDir(), '.handbook') });
  if (!loaded.handbook) throw new Error(JSON.stringify(loaded.diagnostics.slice(0, 3)));
  handbook = loaded.handbook;
  view = buildBookletView(handbook, handbook.policies, '2026-01-15');
});

const row = (id: string) => view.policies.flatMap((p) => p.provisions).find((r) => r.id === id)!;

describe('booklet view', () => {
  it('prints the parent document first, then the 13 supporting policies in order', () => {
    expect(view.policies.map((p) => p.id)).toEqual(handbook.policies.map((p) => p.id));
    expect(view.policies[0]!.id).toBe('opinions');
    expect(view.policies).toHaveLength(14);
  });

  it('writes each rule in Chinese words generated from the rule itself', () => {
    const facts = new Map(handbook.facts.map((f) => [f.id, f]));
    const derived = new Map(handbook.derived.map((d) => [d.id, d]));
    for (const p of handbook.policies) {
      for (const pr of p.provisions) expect(row(pr.id).condition).toBe(describeRule(pr.rule, facts, derived));
    }
    expect(row('land.quota-priority').condition).toContain('属于重大回归项目');
    expect(row('land.quota-priority').condition).toContain('不属于重污染、高耗能行业');
  });

  it('links each provision to its clause and names the clause as printed', () => {
    expect(row('land.quota-priority')).toMatchObject({ clauseId: 'land.2.1', clauseLabel: '二（一）' });
  });

  it('lists the amounts of a tiered provision, each with its condition', () => {
    const amounts = row('talent.settling-allowance').amounts;
    expect(amounts).toHaveLength(2);
    expect(amounts[0]).toMatch(/国家级.*100万元/);
    expect(amounts[1]).toMatch(/省级.*50万元/);
  });

  it('indexes provisions by fact, directly and through derived facts', () => {
    const entry = (label: string) => view.factIndex.find((e) => e.label === label)!;
    const paidIn = entry('到位资金').provisions;
    expect(paidIn.find((p) => p.id === 'fiscal.contribution-reward')?.via).toBeUndefined();
    expect(paidIn.find((p) => p.id === 'land.green-channel')?.via).toContain('回归项目');
    expect(entry('企业规模').provisions.map((p) => p.id)).toEqual(expect.arrayContaining(['tax.small-low-profit', 'finance.micro-credit']));
    expect(entry('回归项目').kind).toBe('派生事实');
  });

  it('marks every illustrative document as such', () => {
    for (const p of view.policies) expect(p.illustrative).toBe(handbook.policies.find((h) => h.id === p.id)!.provenance === 'illustrative');
    expect(view.toc.filter((t) => t.illustrative).length).toBe(view.counts.illustrative);
    expect(view.provenanceNote).toContain('示例文本');
  });

  it('gives every section and clause an id in the page', () => {
    for (const p of handbook.policies) for (const s of p.sections) for (const c of s.clauses) expect(view.ids.has(c.id)).toBe(true);
  });
});

describe('leaflets', () => {
  it('selects policies by id and by tag, in the handbook order', () => {
    expect(selectPolicies(handbook, { policies: ['talent', 'land'] }).policies.map((p) => p.id)).toEqual(['land', 'talent']);
    const tag = handbook.policies.find((p) => p.id === 'land')!.tags[0]!;
    expect(selectPolicies(handbook, { tags: [tag] }).policies.map((p) => p.id)).toContain('land');
  });

  it('reports an unknown policy id or tag', () => {
    expect(selectPolicies(handbook, { policies: ['nope'] }).problems[0]).toMatch(/未知的政策 id "nope"/);
    expect(selectPolicies(handbook, { tags: ['不存在的标签'] }).problems[0]).toMatch(/不存在的标签/);
  });

  it('calls a leaflet a leaflet on the cover', () => {
    const leaflet = buildBookletView(handbook, selectPolicies(handbook, { policies: ['land'] }).policies, '2026-01-15');
    expect(leaflet.leaflet).toBe(true);
    expect(leaflet.subtitle).toContain('用地保障');
    // Its titles are cited titles: one span each, breaking only between words.
    expect(leaflet.subtitleHtml).toMatch(/^选印本：<span class="cite">《关于<wbr>支持<wbr>[^<]*<wbr>.*》<\/span>$/);
  });
});
