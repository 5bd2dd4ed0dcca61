// The rule language's operators are one table: a new operator is a compile error until the
// table gives everything every stage needs (validator, evaluators, words, SQL), and once it
// does, nothing else needs touching — no switch elsewhere can silently answer false or
// write `undefined` into SQL.
import { describe, expect, it } from 'vitest';
import { typecheckEdited } from '../helpers/typecheck.js';

const FAKE_OPERATOR = { file: 'model/index.ts', from: "| 'lt' | 'lte';", to: "| 'lt' | 'lte' | 'fake_op';" };

/** src/ with the operator union extended by `fake_op`, type-checked; `tableEntry` is added to OPERATORS when given. */
function typecheckWithFakeOperator(tableEntry?: string) {
  const table = '} as const satisfies Record<ComparisonOperator, OperatorSpec>;';
  return typecheckEdited(tableEntry ? [FAKE_OPERATOR, { file: 'eligibility/operators.ts', from: table, to: `  ${tableEntry}\n${table}` }] : [FAKE_OPERATOR]);
}

describe('the operator table', () => {
  // Ensure an operator added to the model's union fails to compile, and the error is the table's.
  it('makes a new operator a compile error at the table', () => {
    const r = typecheckWithFakeOperator();
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/src\/eligibility\/operators\.ts.*fake_op/s);
    expect(r.files).toEqual(['src/eligibility/operators.ts']);
  }, 180_000);

  // Ensure the table entry is all a new operator needs: the rest of src/ compiles with it.
  it('needs nothing but its table entry', () => {
    const r = typecheckWithFakeOperator(
      "fake_op: { list: false, ordering: true, negated: 'fake_op', alsoWritten: ['approx'], words: '≈', test: (a, v) => a === v, sql: (c, [v]) => `${c} = ${v}` },",
    );
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  }, 180_000);
});
