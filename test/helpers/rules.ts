// Random rule trees for property tests: any leaves, grown with all / any / not.
import fc from 'fast-check';
import type { Rule } from '../../src/model/index.js';

/** Rules made of `leaf` under all, any (1–4 parts) and not, kept small. */
export function ruleTree(leaf: fc.Arbitrary<Rule>): fc.Arbitrary<Rule> {
  return fc.letrec<{ rule: Rule }>((tie) => ({
    rule: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.record({ kind: fc.constantFrom('all' as const, 'any' as const), of: fc.array(tie('rule'), { minLength: 1, maxLength: 4 }) }),
      fc.record({ kind: fc.constant('not' as const), of: tie('rule') }),
    ),
  })).rule;
}
