// The batch evaluator (RuleCompiler, statusChecker) against the traced one (evaluate, check):
// random rules over a small fact set, and random profiles over the bundled handbook on
// several dates, must give the same values, statuses, amounts and missing facts in order.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { evaluate, makeContext, RuleCompiler } from '../../src/eligibility/evaluate.js';
import { check, statusChecker } from '../../src/eligibility/check.js';
import { compileDir } from '../../src/validate/index.js';
import type { DerivedFact, Fact, Handbook, Profile, Rule, Scalar } from '../../src/model/index.js';
import { FACTS, at } from '../helpers/facts.js';
import { ruleTree } from '../helpers/rules.js';

const facts = FACTS;
const derived: DerivedFact[] = [
  { id: 'rich', label: '大额项目', rule: { kind: 'compare', fact: 'money', op: 'gte', value: 10000 }, source: at },
  { id: 'rich_and_a', label: '大额且A', rule: { kind: 'all', of: [{ kind: 'derived', name: 'rich' }, { kind: 'any', of: [{ kind: 'fact', fact: 'a' }, { kind: 'fact', fact: 'b' }] }] }, source: at },
];

const leaf: fc.Arbitrary<Rule> = fc.oneof(
  fc.constantFrom<Rule>({ kind: 'fact', fact: 'a' }, { kind: 'fact', fact: 'b' }, { kind: 'derived', name: 'rich' }, { kind: 'derived', name: 'rich_and_a' }, { kind: 'derived', name: 'nowhere' }),
  fc.record({ kind: fc.constant('compare' as const), fact: fc.constant('money'), op: fc.constantFrom('gt' as const, 'gte' as const, 'lt' as const, 'lte' as const, 'equals' as const, 'not_equals' as const), value: fc.constantFrom(0, 500, 10000) }),
  fc.record({ kind: fc.constant('compare' as const), fact: fc.constant('size'), op: fc.constantFrom('in' as const, 'not_in' as const), value: fc.subarray(['大型', '中型', '小型', '微型']) }),
  fc.record({ kind: fc.constant('compare' as const), fact: fc.constant('size'), op: fc.constantFrom('equals' as const, 'not_equals' as const), value: fc.constantFrom('大型', '小型') }),
);
const rule = ruleTree(leaf);
const smallProfile: fc.Arbitrary<Profile> = fc.record(
  { a: fc.boolean(), b: fc.boolean(), money: fc.constantFrom(0, 499, 500, 9999, 10000, 20000), size: fc.constantFrom('大型', '中型', '小型', '微型') },
  { requiredKeys: [] },
);

describe('RuleCompiler', () => {
  // Ensure a compiled rule has the traced evaluator's value and missing facts (same order) on any profile.
  it('agrees with evaluate on random rules and profiles', () => {
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 3 }), fc.array(smallProfile, { minLength: 1, maxLength: 4 }), (rules, profiles) => {
        const compiler = new RuleCompiler(derived);
        const compiled = rules.map((r) => compiler.compile(r));
        for (const profile of profiles) {
          compiler.next();
          rules.forEach((r, i) => {
            const traced = evaluate(r, makeContext(facts, derived, profile));
            const value = compiled[i]!.value(profile);
            const missing: string[] = [];
            if (value === null) compiled[i]!.missing(profile, missing);
            expect({ value, missing }).toEqual({ value: traced.value, missing: traced.missing });
          });
        }
      }),
      { numRuns: 500 },
    );
  });
});

const compiled = compileDir(fileURLToPath(new URL('../../policies/', import.meta.url)));
const handbook = compiled.handbook as Handbook;

/** A value of a fact of the bundled handbook, around its rules' thresholds. */
function factValue(f: Fact): fc.Arbitrary<Scalar> {
  if (f.type === 'boolean') return fc.boolean();
  if (f.type === 'enum') return fc.constantFrom(...(f.values ?? ['x']));
  if (f.type === 'number') return fc.oneof(fc.integer({ min: 0, max: 200_000 }), fc.constantFrom(0, 1, 3, 5, 100, 500, 1000, 2000, 3000, 5000, 10000, 20000, 30000, 50000, 100000));
  return fc.string();
}

describe('statusChecker on the bundled handbook', () => {
  // Ensure the handbook compiled (otherwise every comparison below would be vacuous).
  it('has the bundled handbook', () => {
    expect(handbook.policies.flatMap((p) => p.provisions)).toHaveLength(28);
  });

  // Ensure statusChecker gives check()'s id, status, amount, missing, toQualify and nextTier for random profiles, on dates before, during and after the policies.
  it('agrees with check on random profiles and dates', () => {
    const profile = fc.record(Object.fromEntries(handbook.facts.map((f) => [f.id, factValue(f)])), { requiredKeys: [] }) as fc.Arbitrary<Profile>;
    for (const on of ['2011-01-01', '2011-12-01', '2026-11-30', '2099-12-31']) {
      const decide = statusChecker(handbook, { on });
      fc.assert(
        fc.property(fc.array(profile, { minLength: 1, maxLength: 5 }), (profiles) => {
          for (const p of profiles) {
            const full = check(handbook, p, { on });
            const fast = decide(p);
            expect(fast).toEqual({
              on,
              decisions: full.decisions.map((d) => ({ id: d.id, status: d.status, amount: d.amount, missing: d.missing, toQualify: d.toQualify, nextTier: d.nextTier })),
              summary: full.summary,
            });
          }
        }),
        { numRuns: 300 },
      );
    }
  });
});
