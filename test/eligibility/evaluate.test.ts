// The evaluator's three-valued logic: truth tables, comparisons, derived facts, tiers.
import { describe, expect, it } from 'vitest';
import { and, evaluate, makeContext, negatesLeaf, not, or, type Truth } from '../../src/eligibility/evaluate.js';
import { traceLines } from '../../src/eligibility/report.js';
import { check, nextQuestions } from '../../src/eligibility/check.js';
import type { DerivedFact, Handbook, Profile, Rule } from '../../src/model/index.js';
import { FACTS, at } from '../helpers/facts.js';

const facts = FACTS;
const derived: DerivedFact[] = [
  { id: 'rich', label: '大额项目', rule: { kind: 'compare', fact: 'money', op: 'gte', value: 10000 }, source: at },
  { id: 'rich_and_a', label: '大额且A', rule: { kind: 'all', of: [{ kind: 'derived', name: 'rich' }, { kind: 'fact', fact: 'a' }] }, source: at },
];
const A: Rule = { kind: 'fact', fact: 'a' };
const B: Rule = { kind: 'fact', fact: 'b' };
const run = (rule: Rule, profile: Profile) => evaluate(rule, makeContext(facts, derived, profile));
const values: [Truth, Profile[string] | undefined][] = [
  [true, true],
  [false, false],
  [null, undefined],
];
const profileOf = (a: unknown, b: unknown): Profile => {
  const p: Profile = {};
  if (a !== undefined) p.a = a as boolean;
  if (b !== undefined) p.b = b as boolean;
  return p;
};

describe('Kleene connectives', () => {
  it('and/or/not follow the strong Kleene truth tables', () => {
    // Ensure unknown is neither true nor false, and false/true dominate and/or.
    const T = true, F = false, U = null;
    expect([and([T, T]), and([T, F]), and([T, U]), and([F, U]), and([U, U])]).toEqual([T, F, U, F, U]);
    expect([or([F, F]), or([T, F]), or([F, U]), or([T, U]), or([U, U])]).toEqual([F, T, U, T, U]);
    expect([not(T), not(F), not(U)]).toEqual([F, T, U]);
  });

  for (const [va, a] of values) {
    for (const [vb, b] of values) {
      it(`all/any over a=${va}, b=${vb} match the tables and list only deciding unknowns`, () => {
        // Ensure rule evaluation agrees with the connectives and reports missing facts only when undecided.
        const p = profileOf(a, b);
        const all = run({ kind: 'all', of: [A, B] }, p);
        const any = run({ kind: 'any', of: [A, B] }, p);
        expect(all.value).toBe(and([va, vb]));
        expect(any.value).toBe(or([va, vb]));
        const unknowns = [a === undefined ? 'a' : null, b === undefined ? 'b' : null].filter(Boolean);
        expect(all.missing.sort()).toEqual(all.value === null ? unknowns : []);
        expect(any.missing.sort()).toEqual(any.value === null ? unknowns : []);
        const neg = run({ kind: 'not', of: { kind: 'all', of: [A, B] } }, p);
        expect(neg.value).toBe(not(all.value));
      });
    }
  }
});

describe('comparisons', () => {
  const ge: Rule = { kind: 'compare', fact: 'money', op: 'gte', value: 10000 };
  it('gte holds at the boundary and fails just below it', () => {
    // Ensure thresholds are inclusive for ≥ and exclusive for >.
    expect(run(ge, { money: 10000 }).value).toBe(true);
    expect(run(ge, { money: 9999.5 }).value).toBe(false);
    expect(run({ kind: 'compare', fact: 'money', op: 'gt', value: 0 }, { money: 0 }).value).toBe(false);
    expect(run({ kind: 'compare', fact: 'money', op: 'lt', value: 5 }, { money: 4 }).value).toBe(true);
    expect(run({ kind: 'compare', fact: 'money', op: 'lte', value: 5 }, { money: 6 }).value).toBe(false);
  });
  it('enum in / not_in / equals / not_equals', () => {
    // Ensure membership works on declared enum values and unknown stays unknown.
    const small: Rule = { kind: 'compare', fact: 'size', op: 'in', value: ['小型', '微型'] };
    expect(run(small, { size: '小型' }).value).toBe(true);
    expect(run(small, { size: '大型' }).value).toBe(false);
    expect(run(small, {}).value).toBe(null);
    expect(run({ kind: 'compare', fact: 'size', op: 'not_in', value: ['大型'] }, { size: '大型' }).value).toBe(false);
    expect(run({ kind: 'compare', fact: 'size', op: 'equals', value: '中型' }, { size: '中型' }).value).toBe(true);
    expect(run({ kind: 'compare', fact: 'size', op: 'not_equals', value: '中型' }, { size: '中型' }).value).toBe(false);
  });
  it('words carry the profile value: 到位资金 12000万元 ≥ 10000万元', () => {
    // Ensure explanations show the actual value next to the threshold.
    expect(run(ge, { money: 12000 }).text).toBe('到位资金 12000万元 ≥ 10000万元');
    expect(run({ kind: 'not', of: A }, { a: true }).text).toBe('A：否');
  });
});

describe('derived facts', () => {
  it('expand to their base facts, nested, with missing facts from inside', () => {
    // Ensure a derived fact is evaluated through its rule and reports base facts as missing.
    const r: Rule = { kind: 'derived', name: 'rich_and_a' };
    expect(run(r, { money: 20000, a: true }).value).toBe(true);
    expect(run(r, { money: 20000, a: false }).value).toBe(false);
    expect(run(r, { money: 100 }).value).toBe(false);
    const u = run(r, { a: true });
    expect(u.value).toBe(null);
    expect(u.missing).toEqual(['money']);
    expect(u.text).toBe('属于大额且A');
  });
});

function handbookWith(rule: Rule, tiers: Handbook['policies'][number]['provisions'][number]['tiers'] = [], expires?: string): Handbook {
  return {
    meta: { title: 't', publisher: '', version: '1' },
    facts,
    derived,
    synonyms: { groups: [] },
    policies: [
      {
        id: 'p', title: '政策', issuer: '厅', date: '2012', effective: '2012-01-01', ...(expires ? { expires } : {}),
        provenance: 'illustrative', sources: [], tags: [], file: 'p.md', preamble: '', body: '', bodyLine: 1, sections: [],
        provisions: [{ id: 'p.x', policy: 'p', title: 'X', grants: 'g', rule, tiers, clause: 'p.1.1', source: { file: 'p.md', line: 3, column: 3 } }],
      },
    ],
  };
}

describe('check: tiers and dates', () => {
  const tiers = [
    { when: { kind: 'compare', fact: 'money', op: 'gte', value: 100000 } as Rule, amount: 500, unit: '万元' },
    { when: { kind: 'compare', fact: 'money', op: 'gte', value: 10000 } as Rule, amount: 200, unit: '万元' },
  ];
  const hb = handbookWith(A, tiers);
  it('picks the first tier whose condition holds', () => {
    // Ensure amounts come from the first matching tier, at the boundaries.
    const d = (money: number) => check(hb, { a: true, money }, { on: '2026-01-01' }).decisions[0]!;
    expect(d(100000).amount).toEqual({ value: 500, unit: '万元', text: '500万元' });
    expect(d(99999).amount?.value).toBe(200);
    expect(d(10000).amount?.value).toBe(200);
    expect(d(9999).amount).toBe(null);
  });
  it('leaves the amount undetermined, and asks for the deciding fact, when it is unknown', () => {
    // Ensure an eligible provision with an unknown tier fact lists that fact as missing.
    const d = check(hb, { a: true }, { on: '2026-01-01' }).decisions[0]!;
    expect(d.status).toBe('eligible');
    expect(d.amount).toBe(null);
    expect(d.missing).toEqual(['money']);
  });
  it('is not_in_force before effective and after expires, never eligible', () => {
    // Ensure dates take precedence over the rule's result.
    const h = handbookWith(A, [], '2020-12-31');
    expect(check(h, { a: true }, { on: '2011-12-31' }).decisions[0]!.status).toBe('not_in_force');
    expect(check(h, { a: true }, { on: '2012-01-01' }).decisions[0]!.status).toBe('eligible');
    expect(check(h, { a: true }, { on: '2020-12-31' }).decisions[0]!.status).toBe('eligible');
    expect(check(h, { a: true }, { on: '2021-01-01' }).decisions[0]!.status).toBe('not_in_force');
  });
  it('nextQuestions offers only facts that can still change a result, most decisive first', () => {
    // Ensure settled provisions generate no questions.
    const h = handbookWith({ kind: 'all', of: [A, B] });
    expect(nextQuestions(h, { a: false }, { on: '2026-01-01' })).toEqual([]);
    expect(nextQuestions(h, {}, { on: '2026-01-01' }).map((q) => q.fact.id)).toEqual(['a', 'b']);
    expect(nextQuestions(h, { a: true }, { on: '2026-01-01' }).map((q) => q.fact.id)).toEqual(['b']);
  });
});

describe('negation is read from the trace shape, not its words', () => {
  // Ensure a negated leaf folds its child into its own words, and a negated group (of any
  // kind, also a negated negation) shows its children beneath — decided by negatesLeaf, so the
  // explanation keeps its shape whatever the words are.
  const cases: [string, Rule, boolean][] = [
    ['a negated boolean fact', { kind: 'not', of: A }, true],
    ['a negated comparison', { kind: 'not', of: { kind: 'compare', fact: 'money', op: 'gte', value: 10000 } }, true],
    ['a negated derived fact', { kind: 'not', of: { kind: 'derived', name: 'rich' } }, true],
    ['a negated all', { kind: 'not', of: { kind: 'all', of: [A, B] } }, false],
    ['a negated any', { kind: 'not', of: { kind: 'any', of: [A, B] } }, false],
    ['a negated negation', { kind: 'not', of: { kind: 'not', of: A } }, false],
  ];
  for (const [name, rule, folded] of cases) {
    it(`${name}: ${folded ? 'one line' : 'its children beneath'}`, () => {
      const trace = run(rule, { a: true, b: false, money: 20000 });
      expect(negatesLeaf(trace)).toBe(folded);
      const lines = traceLines(trace);
      expect(lines.length > 1).toBe(!folded);
      // Same shape with no words at all (the batch's evaluator leaves every text empty).
      const bare = evaluate(rule, { ...makeContext(facts, derived, { a: true, b: false, money: 20000 }), words: false });
      expect(negatesLeaf(bare)).toBe(folded);
    });
  }
});
