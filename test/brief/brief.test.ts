// The brief as data (briefFor) and as HTML (renderBriefHtml), in memory: what each section holds
// for the example profiles, the near-misses driven by a ways-to-qualify function, hostile names
// and Markdown made inert, html-validate clean, byte-identical output.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { HtmlValidate } from 'html-validate';
import { compileDir } from '../../src/validate/index.js';
import { check } from '../../src/eligibility/check.js';
import { briefFor, printableName } from '../../src/brief/brief.js';
import { describeAlternative } from '../../src/eligibility/qualify-words.js';
import { renderBriefHtml, MAX_PRINTED_NAME, MAX_PRINTED_WAYS } from '../../src/brief/render.js';
import type { Handbook, Profile } from '../../src/model/index.js';
import { POLICIES, ROOT } from '../helpers/cli.js';

const ON = '2026-11-30';
let handbook: Handbook;
const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });

function example(name: string): { name: string; profile: Profile } {
  const { name: enterprise, ...profile } = parse(readFileSync(join(ROOT, 'examples', `${name}.yaml`), 'utf8')) as Profile & { name: string };
  return { name: enterprise, profile };
}

beforeAll(() => {
  handbook = compileDir(POLICIES).handbook!;
});

describe('briefFor', () => {
  // Ensure each section holds exactly the provisions check() puts in that status, in the handbook's order.
  it('sorts every provision in force into the section of its status', () => {
    for (const name of ['major-return-emerging', 'partial', 'small-trader', 'overseas-hq', 'traditional-polluter']) {
      const { profile } = example(name);
      const result = check(handbook, profile, { on: ON });
      const brief = briefFor(handbook, profile, { on: ON });
      expect(brief.eligible.map((p) => p.id), name).toEqual(result.decisions.filter((d) => d.status === 'eligible').map((d) => d.id));
      expect(brief.undetermined.map((p) => p.id), name).toEqual(result.decisions.filter((d) => d.status === 'undetermined').map((d) => d.id));
    }
  });

  // Ensure an eligible provision carries its amount, grant, policy head and the clause's own text and label.
  it('gives each eligible provision its amount, grant, policy and clause text', () => {
    const { profile, name } = example('major-return-emerging');
    const brief = briefFor(handbook, profile, { on: ON, name });
    const result = check(handbook, profile, { on: ON });
    expect(brief.eligible.length).toBeGreaterThan(5);
    for (const p of brief.eligible) {
      const d = result.decisions.find((x) => x.id === p.id)!;
      const policy = handbook.policies.find((x) => x.id === d.policy)!;
      const provision = policy.provisions.find((x) => x.id === p.id)!;
      expect(p.amount).toBe(d.amount?.text ?? null);
      expect(p.grants).toBe(provision.grants);
      expect(p.policy).toMatchObject({ title: policy.title, issuer: policy.issuer, provenance: policy.provenance });
      expect(p.clause.id).toBe(provision.clause);
      expect(p.clause.text.length).toBeGreaterThan(10);
      expect(p.clause.label).toMatch(/^[一二三四五六七八九十]+（[一二三四五六七八九十]+）$/);
    }
    expect(brief.eligible.find((p) => p.id === 'fiscal.hq-settlement-reward')?.amount).toBe('500万元');
    expect(brief.enterprise).toBe('之澜新能源科技股份有限公司');
  });

  // Ensure an undetermined provision asks exactly the questions of its missing facts.
  it('gives each undetermined provision the questions of its missing facts', () => {
    const { profile } = example('partial');
    const brief = briefFor(handbook, profile, { on: ON });
    const result = check(handbook, profile, { on: ON });
    expect(brief.undetermined.length).toBeGreaterThan(3);
    for (const p of brief.undetermined) {
      const missing = result.decisions.find((d) => d.id === p.id)!.missing;
      expect(p.questions.map((q) => q.id)).toEqual(missing);
      expect(p.questions.map((q) => q.question)).toEqual(missing.map((id) => handbook.facts.find((f) => f.id === id)!.question));
    }
  });

  // Ensure the facts section splits the declared facts into the given ones (with units) and the unknown ones.
  it('lists the facts given with their values and units, and the unknown ones', () => {
    const { profile } = example('partial');
    const brief = briefFor(handbook, profile, { on: ON });
    expect(brief.facts.map((f) => f.id)).toEqual(handbook.facts.filter((f) => profile[f.id] !== undefined).map((f) => f.id));
    expect(brief.unknownFacts.map((f) => f.id)).toEqual(handbook.facts.filter((f) => profile[f.id] === undefined).map((f) => f.id));
    expect(brief.facts.find((f) => f.id === 'paid_in_wan')).toMatchObject({ label: '到位资金', value: '60000万元', unit: '万元' });
    expect(brief.unknownFacts.every((f) => f.value === null)).toBe(true);
  });

  // Ensure the printed date defaults to the date decided on, and is written in Chinese.
  it('prints the date given, else the date decided on', () => {
    expect(briefFor(handbook, {}, { on: ON })).toMatchObject({ date: ON, dateText: '2026年11月30日' });
    expect(briefFor(handbook, {}, { on: ON, date: '2027-01-05' })).toMatchObject({ on: ON, date: '2027-01-05', dateText: '2027年1月5日' });
  });

  // Ensure the provenance note appears when an illustrative text is cited, and not when only the confirmed one is.
  it('notes illustrative texts only when it cites one', () => {
    const all = briefFor(handbook, {}, { on: ON });
    expect(all.provenanceNote).toContain('示例');
    expect(all.policies.some((p) => p.provenance === 'illustrative')).toBe(true);
    // On the day before every policy took effect nothing is cited.
    const none = briefFor(handbook, {}, { on: '2000-01-01' });
    expect(none.policies).toEqual([]);
    expect(none.provenanceNote).toBeNull();
  });

  // Ensure near-misses are exactly the ineligible provisions check finds a way to, nearest first, in describeAlternative's words.
  it('lists near-misses from check\'s toQualify, nearest first, with their words', () => {
    for (const name of ['small-trader', 'traditional-polluter', 'overseas-hq']) {
      const { profile } = example(name);
      const result = check(handbook, profile, { on: ON });
      const brief = briefFor(handbook, profile, { on: ON });
      const reachable = result.decisions.filter((d) => d.status === 'ineligible' && d.toQualify.length > 0);
      expect(brief.nearMisses.map((n) => n.id).sort(), name).toEqual(reachable.map((d) => d.id).sort());
      const nearest = brief.nearMisses.map((n) => n.ways[0]!.conditions.length);
      expect(nearest, name).toEqual([...nearest].sort((a, b) => a - b));
      for (const n of brief.nearMisses) {
        const d = reachable.find((x) => x.id === n.id)!;
        expect(n.ways.map((w) => w.conditions)).toEqual(d.toQualify);
        expect(n.ways.map((w) => w.words)).toEqual(d.toQualify.map((a) => describeAlternative(handbook, a, { profile })));
        for (const w of n.ways) expect(w.words).toMatch(/^若.+，即可享受$/);
      }
    }
    expect(briefFor(handbook, example('small-trader').profile, { on: ON }).nearMisses.length).toBeGreaterThan(0);
  });

  // Ensure an eligible provision on a lower tier says what the next tier would need.
  it('gives an eligible provision the way to its next tier', () => {
    const { profile } = example('overseas-hq');
    const result = check(handbook, profile, { on: ON });
    const brief = briefFor(handbook, profile, { on: ON });
    const tiered = result.decisions.filter((d) => d.status === 'eligible' && d.nextTier);
    expect(tiered.length).toBeGreaterThan(0);
    for (const d of tiered) {
      const e = brief.eligible.find((x) => x.id === d.id)!;
      expect(e.nextTier?.amount).toBe(d.nextTier!.amount.text);
      for (const w of e.nextTier!.ways) expect(w.words).toMatch(new RegExp(`可享受 ${d.nextTier!.amount.text}$`));
    }
  });

  // Ensure the page prints at most MAX_PRINTED_WAYS ways per near-miss and counts the others.
  it('prints the nearest ways to qualify and counts the rest', async () => {
    const brief = briefFor(handbook, example('small-trader').profile, { on: ON });
    const first = brief.nearMisses[0]!;
    const ways = [1, 2, 3, 4, 5].map((n) => ({ conditions: [{ fact: 'paid_in_wan', op: '>=' as const, value: n * 1000 }], words: `若到位资金达到 ${n}000 万元，即可享受` }));
    const html = await renderBriefHtml({ ...brief, nearMisses: [{ ...first, ways }] });
    expect(html).toContain('若到位资金达到 3000 万元，即可享受。');
    expect(html).not.toContain('若到位资金达到 4000 万元');
    expect(html).toContain(`另有 ${5 - MAX_PRINTED_WAYS} 种条件组合`);
  });

  // Ensure a name loses its control characters and bidirectional overrides, and an empty one counts as none.
  it('makes a name printable', () => {
    expect(printableName('甲\u0000乙\u202e丙\n\t丁')).toBe('甲 乙 丙 丁');
    expect(printableName(' \u0007 ')).toBeNull();
    expect(printableName(undefined)).toBeNull();
  });

});

describe('renderBriefHtml', () => {
  const HOSTILE = `<script>alert(1)</script></title><img src=x onerror=alert(2)>\u0000\u001b[31m${'长'.repeat(300)}`;

  // Ensure html-validate finds no error in the page for a full profile and an empty one.
  it('writes a valid page', async () => {
    for (const [name, profile] of [['major', example('major-return-emerging').profile], ['empty', {}]] as const) {
      const html = await renderBriefHtml(briefFor(handbook, profile, { on: ON, name }));
      const report = await validator.validateString(html, `${name}.html`);
      expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`)), name).toEqual([]);
    }
  });

  // Ensure a hostile name is escaped everywhere (no tag, no control character) and cut to a bounded length.
  it('renders a hostile name inert', async () => {
    const html = await renderBriefHtml(briefFor(handbook, { size: '小型' }, { on: ON, name: HOSTILE }));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;/title&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect((html.match(/<\/title>/g) ?? []).length).toBe(1);
    expect(html).not.toContain('长'.repeat(MAX_PRINTED_NAME));
    expect(html).toContain(`${'长'.repeat(10)}…`);
  });

  // Ensure clause Markdown goes through the sanitiser: raw HTML and javascript: links from a handbook never reach the page.
  it('sanitises the clauses it quotes', async () => {
    const hostile = structuredClone(handbook);
    const policy = hostile.policies[0]!;
    const clause = policy.sections.flatMap((s) => s.clauses).find((c) => c.id === policy.provisions[0]!.clause)!;
    clause.markdown = `${clause.markdown}\n\n[点我](javascript:alert(4)) 与 <img src=x onerror=alert(5)> ![图](https://example.com/x.png)\n\n<script>alert(3)</script><iframe src="https://example.com"></iframe>`;
    const html = await renderBriefHtml(briefFor(hostile, {}, { on: ON }));
    // The provision is undetermined for an empty profile: make it eligible by giving what it asks.
    const eligibleHtml = await renderBriefHtml(briefFor(hostile, example('major-return-emerging').profile, { on: ON }));
    expect(briefFor(hostile, example('major-return-emerging').profile, { on: ON }).eligible[0]!.id).toBe(policy.provisions[0]!.id);
    for (const page of [html, eligibleHtml]) {
      expect(page).not.toMatch(/<script|<iframe|<img|javascript:|onerror|example\.com/i);
    }
    expect(eligibleHtml).toContain('点我');
  });

  // Ensure the same brief gives the same bytes, and the CSP allows exactly the page's one style.
  it('is deterministic and self-contained', async () => {
    const { profile, name } = example('overseas-hq');
    const a = await renderBriefHtml(briefFor(handbook, profile, { on: ON, name }));
    const b = await renderBriefHtml(briefFor(handbook, profile, { on: ON, name }));
    expect(a).toBe(b);
    expect(a.replaceAll('&#39;', "'")).toMatch(/default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; script-src 'none'/);
    expect(a).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    expect((a.match(/<style>/g) ?? []).length).toBe(1);
  });
});
