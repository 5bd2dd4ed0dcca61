// toQualify against the evaluator: random profiles of the bundled handbook, and random rules
// over a small fact set. Every alternative, applied with any value its conditions allow, makes
// the provision eligible; none names a known fact that is not changeable; none asks at least
// what another asks; numbers are the rules' own thresholds; and wherever a brute-force search
// over the rule's facts finds a way to eligibility, some alternative is met by that way.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { evaluate, makeContext, RuleCompiler } from '../../src/eligibility/evaluate.js';
import { check } from '../../src/eligibility/check.js';
import { MAX_ALTERNATIVES, nextTier, toQualify, type Alternative, type QualifyCondition } from '../../src/eligibility/qualify.js';
import { describeAlternative } from '../../src/eligibility/qualify-words.js';
import { compileDir } from '../../src/validate/index.js';
import type { DerivedFact, Fact, Handbook, Profile, Provision, Rule, Scalar } from '../../src/model/index.js';
import { FACTS, at } from '../helpers/facts.js';
import { ruleTree } from '../helpers/rules.js';

const bundled = compileDir(fileURLToPath(new URL('../../policies/', import.meta.url))).handbook as Handbook;

/** The base facts a rule reads (derived facts expanded) and each number fact's thresholds. */
function ruleFacts(rule: Rule, handbook: Handbook, out = new Map<string, Set<number>>(), depth = 0): Map<string, Set<number>> {
  switch (rule.kind) {
    case 'all':
    case 'any':
      for (const r of rule.of) ruleFacts(r, handbook, out, depth);
      break;
    case 'not':
      ruleFacts(rule.of, handbook, out, depth);
      break;
    case 'derived': {
      const d = handbook.derived.find((x) => x.id === rule.name);
      if (d && depth < 10) ruleFacts(d.rule, handbook, out, depth + 1);
      break;
    }
    case 'fact':
    case 'compare': {
      if (!out.has(rule.fact)) out.set(rule.fact, new Set());
      if (rule.kind === 'compare') for (const v of [rule.value].flat()) if (typeof v === 'number') out.get(rule.fact)!.add(v);
    }
  }
  return out;
}

function meets(c: QualifyCondition, v: Scalar | undefined): boolean {
  if (v === undefined) return false;
  switch (c.op) {
    case '=':
      return v === c.value;
    case 'in':
      return (c.value as Scalar[]).includes(v);
    case '>=':
      return typeof v === 'number' && v >= (c.value as number);
    case '>':
      return typeof v === 'number' && v > (c.value as number);
    case '<=':
      return typeof v === 'number' && v <= (c.value as number);
    case '<':
      return typeof v === 'number' && v < (c.value as number);
  }
}

function inDomain(f: Fact, v: number): boolean {
  return (f.min === undefined || v >= f.min) && (f.max === undefined || v <= f.max);
}

/** Values a fact may take that meet every condition on it: boundaries and far values. */
function witnesses(f: Fact, conditions: QualifyCondition[]): Scalar[] {
  let candidates: Scalar[];
  if (f.type === 'boolean') candidates = [true, false];
  else if (f.type === 'enum') candidates = f.values ?? [];
  else {
    const near = conditions.flatMap((c) => {
      const v = c.value as number;
      return [v, v + 1e-6, v - 1e-6, v + 1, v - 1, v + 1e6, v - 1e6];
    });
    candidates = [...near, ...(f.min !== undefined ? [f.min] : []), ...(f.max !== undefined ? [f.max] : [])].filter((v) => inDomain(f, v));
  }
  return [...new Set(candidates)].filter((v) => conditions.every((c) => meets(c, v)));
}

/** Values the brute force tries for a fact: every declared value, or each threshold ±. */
function tryValues(f: Fact, thresholds: Set<number>): Scalar[] {
  if (f.type === 'boolean') return [true, false];
  if (f.type === 'enum') return f.values ?? [];
  const out = new Set<number>();
  for (const t of thresholds) for (const d of [-1, -0.5, 0, 0.5, 1]) if (inDomain(f, t + d)) out.add(t + d);
  if (f.min !== undefined) out.add(f.min);
  if (f.max !== undefined) out.add(f.max);
  if (out.size === 0) out.add(0);
  return [...out];
}

function holds(handbook: Handbook, rule: Rule, profile: Profile): boolean | null {
  return evaluate(rule, makeContext(handbook.facts, handbook.derived, profile)).value;
}

/** Every property of toQualify's answer for one rule and profile; returns nothing, asserts. */
function checkAlternatives(handbook: Handbook, rule: Rule, profile: Profile, alts: Alternative[], label: string): void {
  const facts = new Map(handbook.facts.map((f) => [f.id, f]));
  const relevant = ruleFacts(rule, handbook);
  const holdsNow = holds(handbook, rule, profile);
  if (holdsNow === true) {
    expect(alts, `${label}: eligible → []`).toEqual([]);
    return;
  }
  expect(alts.length).toBeLessThanOrEqual(MAX_ALTERNATIVES);
  for (const [i, alt] of alts.entries()) {
    expect(alt.length, `${label}: an alternative is never empty`).toBeGreaterThan(0);
    // (b) only unknown or changeable facts; tight: a number is one of the rule's thresholds (or the fact's bound).
    for (const c of alt) {
      const f = facts.get(c.fact)!;
      expect(f, `${label}: ${c.fact} is a declared fact`).toBeDefined();
      expect(profile[c.fact] === undefined || f.changeable === true, `${label}: ${c.fact} is known and not changeable`).toBe(true);
      if (typeof c.value === 'number') expect([...(relevant.get(c.fact) ?? []), f.min, f.max], `${label}: ${c.fact} ${c.op} ${c.value} is a threshold`).toContain(c.value);
      if (c.op === 'in') expect((c.value as Scalar[]).length, `${label}: in lists several values`).toBeGreaterThan(1);
    }
    // (a) applied with any allowed value of each fact (its boundaries and far values), the rule holds.
    const byFact = new Map<string, QualifyCondition[]>();
    for (const c of alt) byFact.set(c.fact, [...(byFact.get(c.fact) ?? []), c]);
    const choices = [...byFact].map(([id, cs]) => [id, witnesses(facts.get(id)!, cs)] as const);
    for (const [id, values] of choices) expect(values.length, `${label}: ${JSON.stringify(alt)} leaves ${id} a value`).toBeGreaterThan(0);
    const base: Profile = { ...profile };
    for (const [id, values] of choices) base[id] = values[0]!;
    for (const [id, values] of choices) {
      for (const v of values) {
        const applied = { ...base, [id]: v };
        expect(holds(handbook, rule, applied), `${label}: ${JSON.stringify(alt)} applied as ${JSON.stringify(applied)}`).toBe(true);
      }
    }
    // (c) minimal: no other alternative's conditions are all among this one's; fewest first.
    for (const [j, other] of alts.entries()) {
      if (i === j) continue;
      const mine = new Set(alt.map((c) => JSON.stringify(c)));
      expect(other.every((c) => mine.has(JSON.stringify(c))), `${label}: ${JSON.stringify(other)} ⊆ ${JSON.stringify(alt)}`).toBe(false);
    }
    if (i > 0) expect(alt.length).toBeGreaterThanOrEqual(alts[i - 1]!.length);
  }
  // (d) brute force over the facts that may change: a way found means an alternative it meets.
  const free = [...relevant.keys()].filter((id) => facts.has(id) && (profile[id] === undefined || facts.get(id)!.changeable === true));
  const options = free.map((id) => [id, [undefined, ...tryValues(facts.get(id)!, relevant.get(id)!)]] as const);
  const compiler = new RuleCompiler(handbook.derived);
  const compiled = compiler.compile(rule);
  const trial: Record<string, Scalar | undefined> = { ...profile };
  const search = (k: number): Profile | undefined => {
    if (k === options.length) {
      compiler.next();
      return compiled.value(trial as Profile) === true ? ({ ...trial } as Profile) : undefined;
    }
    const [id, values] = options[k]!;
    for (const v of values) {
      trial[id] = v === undefined ? profile[id] : v;
      const found = search(k + 1);
      if (found) return found;
    }
    trial[id] = profile[id];
    return undefined;
  };
  const way = search(0);
  if (way && alts.length < MAX_ALTERNATIVES) {
    expect(
      alts.some((alt) => alt.every((c) => meets(c, way[c.fact]))),
      `${label}: ${JSON.stringify(way)} qualifies but meets none of ${JSON.stringify(alts)}`,
    ).toBe(true);
  }
  if (!way) expect(alts, `${label}: no way found by brute force, yet alternatives given`).toEqual([]);
}

/** A value of a bundled fact, around its rules' thresholds. */
function factValue(f: Fact): fc.Arbitrary<Scalar> {
  if (f.type === 'boolean') return fc.boolean();
  if (f.type === 'enum') return fc.constantFrom(...(f.values ?? ['x']));
  return fc.constantFrom(0, 0.5, 2.9, 3, 1000, 1999, 2000, 4999, 5000, 9999, 10000, 20000, 49999, 50000, 99999, 100000);
}

const provisions: Provision[] = bundled.policies.flatMap((p) => p.provisions);

describe('toQualify on the bundled handbook', () => {
  const profile = fc.record(Object.fromEntries(bundled.facts.map((f) => [f.id, factValue(f)])), { requiredKeys: [] }) as fc.Arbitrary<Profile>;

  // Ensure every provision's alternatives for random profiles pass (a)–(d) against the evaluator.
  it('gives valid, allowed, minimal and complete alternatives for random profiles', () => {
    fc.assert(
      fc.property(profile, (p) => {
        for (const provision of provisions) checkAlternatives(bundled, provision.rule, p, toQualify(bundled, p, provision), provision.id);
      }),
      { numRuns: 150 },
    );
  });

  // Ensure check()'s decisions carry the same alternatives as toQualify, and a next tier that is better and reachable.
  it('check carries toQualify and a reachable next tier', () => {
    fc.assert(
      fc.property(profile, (p) => {
        const decisions = check(bundled, p, { on: '2026-11-30' }).decisions;
        for (const provision of provisions) {
          const d = decisions.find((x) => x.id === provision.id)!;
          expect(d.toQualify).toEqual(toQualify(bundled, p, provision, { on: '2026-11-30' }));
          expect(d.nextTier).toEqual(nextTier(bundled, p, provision, { on: '2026-11-30' }));
          if (!d.nextTier) continue;
          expect(d.status).toBe('eligible');
          const tier = provision.tiers.findIndex((t) => t.amount === d.nextTier!.amount.value);
          checkAlternatives(bundled, { kind: 'all', of: [provision.rule, provision.tiers[tier]!.when] }, p, d.nextTier.toQualify, `${provision.id} tier ${tier}`);
          if (d.amount) expect(d.nextTier.amount.value).toBeGreaterThan(d.amount.value);
        }
      }),
      { numRuns: 100 },
    );
  });

  // Ensure a provision not in force on the date asks nothing.
  it('gives [] for a provision not in force', () => {
    const p = provisions.find((x) => x.id === 'fiscal.contribution-reward')!;
    expect(toQualify(bundled, { investor_origin: '省外浙商', paid_in_wan: 100 }, p)).toEqual([[{ fact: 'paid_in_wan', op: '>=', value: 10000 }]]);
    expect(toQualify(bundled, { investor_origin: '省外浙商', paid_in_wan: 100 }, p, { on: '2000-01-01' })).toEqual([]);
  });
});

// A small fact set: `a` and `money` changeable, `b` and `size` fixed once known; `ratio` bounded 0–100.
const smallFacts: Fact[] = [
  { ...FACTS[0]!, changeable: true },
  FACTS[1]!,
  { ...FACTS[2]!, changeable: true },
  FACTS[3]!,
  { id: 'ratio', type: 'number', label: '比例', question: '?', unit: '%', min: 0, max: 100, changeable: true, source: at },
];
const smallDerived: DerivedFact[] = [
  { id: 'rich', label: '大额项目', rule: { kind: 'compare', fact: 'money', op: 'gte', value: 10000 }, source: at },
  { id: 'rich_and_a', label: '大额且A', rule: { kind: 'all', of: [{ kind: 'derived', name: 'rich' }, { kind: 'any', of: [{ kind: 'fact', fact: 'a' }, { kind: 'fact', fact: 'b' }] }] }, source: at },
];
const smallHandbook = (rule: Rule): Handbook => ({
  meta: { title: 't', publisher: 'p', version: '1' },
  facts: smallFacts,
  derived: smallDerived,
  synonyms: { groups: [] },
  policies: [
    {
      id: 'p', title: 'P', issuer: 'I', date: '2020', effective: '2020-01-01', provenance: 'illustrative', sources: [], tags: [], file: 'p.md',
      preamble: '', body: '', bodyLine: 1, sections: [],
      provisions: [{ id: 'p.x', policy: 'p', title: 'X', grants: 'g', rule, tiers: [], clause: 'p.1', source: at }],
    },
  ],
});

const leaf: fc.Arbitrary<Rule> = fc.oneof(
  fc.constantFrom<Rule>({ kind: 'fact', fact: 'a' }, { kind: 'fact', fact: 'b' }, { kind: 'derived', name: 'rich' }, { kind: 'derived', name: 'rich_and_a' }, { kind: 'derived', name: 'nowhere' }),
  fc.record({ kind: fc.constant('compare' as const), fact: fc.constantFrom('money', 'ratio'), op: fc.constantFrom('gt' as const, 'gte' as const, 'lt' as const, 'lte' as const, 'equals' as const, 'not_equals' as const), value: fc.constantFrom(0, 3, 50, 100, 500, 10000) }),
  fc.record({ kind: fc.constant('compare' as const), fact: fc.constant('money'), op: fc.constantFrom('in' as const, 'not_in' as const), value: fc.subarray([0, 500, 10000], { minLength: 1 }) }),
  fc.record({ kind: fc.constant('compare' as const), fact: fc.constant('size'), op: fc.constantFrom('in' as const, 'not_in' as const), value: fc.subarray(['大型', '中型', '小型', '微型'], { minLength: 1 }) }),
  fc.record({ kind: fc.constant('compare' as const), fact: fc.constant('size'), op: fc.constantFrom('equals' as const, 'not_equals' as const), value: fc.constantFrom('大型', '小型') }),
  fc.record({ kind: fc.constant('compare' as const), fact: fc.constant('b'), op: fc.constantFrom('equals' as const, 'not_equals' as const), value: fc.boolean() }),
);
const rule = ruleTree(leaf);
const smallProfile: fc.Arbitrary<Profile> = fc.record(
  { a: fc.boolean(), b: fc.boolean(), money: fc.constantFrom(0, 499, 500, 9999, 10000, 20000), size: fc.constantFrom('大型', '中型', '小型', '微型'), ratio: fc.constantFrom(0, 3, 50, 100) },
  { requiredKeys: [] },
);

describe('toQualify on random rules', () => {
  // Ensure (a)–(d) hold for random rules (not, any, all, derived, in/not_in, equals/not_equals on numbers, bounded facts).
  it('gives valid, allowed, minimal and complete alternatives', () => {
    fc.assert(
      fc.property(rule, smallProfile, (r, p) => {
        const handbook = smallHandbook(r);
        const provision = handbook.policies[0]!.provisions[0]!;
        checkAlternatives(handbook, r, p, toQualify(handbook, p, provision), JSON.stringify(r));
      }),
      { numRuns: 1500 },
    );
  });

  // Ensure a hostile rule (a product of many alternatives) stays bounded: at most MAX_ALTERNATIVES, quickly.
  it('caps the alternatives of a rule whose normal form is huge', () => {
    const wide: Rule = { kind: 'any', of: [{ kind: 'fact', fact: 'a' }, { kind: 'fact', fact: 'b' }, { kind: 'compare', fact: 'money', op: 'gte', value: 500 }] };
    const hostile: Rule = { kind: 'all', of: Array.from({ length: 40 }, () => wide) };
    const alts = toQualify(smallHandbook(hostile), {}, smallHandbook(hostile).policies[0]!.provisions[0]!);
    expect(alts.length).toBeGreaterThan(0);
    expect(alts.length).toBeLessThanOrEqual(MAX_ALTERNATIVES);
  });

  // Ensure a number that must differ from a value gives the two sides, each tight: money ≠ 500 → < 500 or > 500.
  it('splits not_equals on a number into the two sides', () => {
    const r: Rule = { kind: 'compare', fact: 'money', op: 'not_equals', value: 500 };
    const h = smallHandbook(r);
    expect(toQualify(h, { money: 500 }, h.policies[0]!.provisions[0]!)).toEqual([[{ fact: 'money', op: '<', value: 500 }], [{ fact: 'money', op: '>', value: 500 }]]);
  });

  // Ensure a bound outside the fact's declared range is impossible, and one at its edge is not repeated.
  it('respects min and max', () => {
    const over: Rule = { kind: 'compare', fact: 'ratio', op: 'gt', value: 100 };
    const h = smallHandbook(over);
    expect(toQualify(h, { ratio: 50 }, h.policies[0]!.provisions[0]!)).toEqual([]);
    const range: Rule = { kind: 'all', of: [{ kind: 'compare', fact: 'ratio', op: 'gte', value: 3 }, { kind: 'compare', fact: 'ratio', op: 'lt', value: 50 }] };
    const h2 = smallHandbook(range);
    expect(toQualify(h2, { ratio: 60 }, h2.policies[0]!.provisions[0]!)).toEqual([[{ fact: 'ratio', op: '>=', value: 3 }, { fact: 'ratio', op: '<', value: 50 }]]);
  });
});

describe('describeAlternative', () => {
  const words = (alt: Alternative, profile?: Profile, outcome?: string) => describeAlternative(bundled, alt, { ...(profile ? { profile } : {}), ...(outcome ? { outcome } : {}) });

  // Ensure the words use the fact's label, unit and true text, 超过 for >, and say how far a known number is.
  it.each([
    [[{ fact: 'paid_in_wan', op: '>=', value: 10000 }], { paid_in_wan: 6000 }, '若到位资金达到 10000 万元（再增加 4000 万元），即可享受'],
    [[{ fact: 'high_tech', op: '=', value: true }], { high_tech: false }, '若是经认定的高新技术企业，即可享受'],
    [[{ fact: 'rd_ratio_pct', op: '>', value: 0 }], {}, '若确认研发投入占比超过 0%，即可享受'],
    [
      [{ fact: 'investor_origin', op: 'in', value: ['省外浙商', '境外浙商'] }, { fact: 'paid_in_wan', op: '>', value: 0 }],
      {},
      '若确认投资方类别为省外浙商或境外浙商，且到位资金超过 0 万元，即可享受',
    ],
    [
      [{ fact: 'paid_in_wan', op: '>=', value: 50000 }, { fact: 'needs_land', op: '=', value: true }],
      { paid_in_wan: 100 },
      '若到位资金达到 50000 万元（再增加 49900 万元），并确认项目需要新增建设用地，即可享受',
    ],
  ] as [Alternative, Profile, string][])('%j with %j', (alt, profile, text) => {
    expect(words(alt, profile)).toBe(text);
  });

  // Ensure a tier's outcome replaces 即可享受, and a range reads as both bounds.
  it('says a tier outcome and a range', () => {
    expect(words([{ fact: 'registered_capital_wan', op: '>=', value: 10000 }], undefined, '可享受 200万元')).toBe('若注册资本达到 10000 万元，可享受 200万元');
    expect(words([{ fact: 'rd_ratio_pct', op: '>=', value: 3 }, { fact: 'rd_ratio_pct', op: '<', value: 10 }])).toBe('若研发投入占比达到 3%且低于 10%，即可享受');
  });
});
