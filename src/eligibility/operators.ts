//! The comparison operators of the rule language, in one table: how each is written and
//! type-checked (validate/), how it tests a value (both evaluators), how it reads in words
//! (words.ts), its negation, and its SQL (export/). The table `satisfies` a Record over the
//! model's ComparisonOperator union, so an operator added to the union is a compile error
//! here until every one of those is given; nothing else switches on operators.

import type { ComparisonOperator, Scalar } from '../model/index.js';

/** The SQL dialects the export writes (docs/SQL.md). */
export type SqlDialect = 'ansi' | 'spark' | 'clickhouse';

export interface OperatorSpec {
  /** Takes a non-empty list of values (`in: [a, b]`) rather than one. */
  list: boolean;
  /** Orders numbers (`gte: 10000`): allowed on number facts only. */
  ordering: boolean;
  /** The operator that tests the opposite: ¬(a op v) ≡ a negated v, for a known a. */
  negated: ComparisonOperator;
  /** The test of a known value against the rule's value (a list for list operators). */
  test(actual: Scalar, expected: Scalar | readonly Scalar[]): boolean;
  /** In words, between the fact's label and the value: 为, 不为, ≥ … */
  words: string;
  /**
   * How a writer used to other notations writes this operator (`le`, `<=`, `max`): the
   * validator suggests the operator they mean, never one that merely looks close (`lt`).
   */
  alsoWritten: readonly string[];
  /**
   * As an SQL boolean over a column, given the value's literals (one, or the list), in a
   * dialect; NULL when the column is NULL, as the evaluator's unknown.
   */
  sql(column: string, literals: readonly string[], dialect: SqlDialect): string;
}

/** `col IN (…)` / `col NOT IN (…)`; ClickHouse's `NULL IN (…)` is 0, not NULL, so there the list is spelled out. */
function sqlList(negate: boolean): OperatorSpec['sql'] {
  return (col, lits, dialect) => {
    // An empty list: never in it (never "not in" it), yet unknown when the fact is.
    if (lits.length === 0) return negate ? `(${col} = ${col})` : `(${col} <> ${col})`;
    if (dialect === 'clickhouse') {
      const any = lits.length === 1 ? `${col} = ${lits[0]}` : `(${lits.map((v) => `${col} = ${v}`).join(' OR ')})`;
      return negate ? `NOT ${lits.length === 1 ? `(${any})` : any}` : any;
    }
    return `${col} ${negate ? 'NOT IN' : 'IN'} (${lits.join(', ')})`;
  };
}

const num = (v: Scalar | readonly Scalar[]) => v as number;

/** Every comparison operator, by the name a rule writes it with. */
export const OPERATORS = {
  equals: { list: false, ordering: false, negated: 'not_equals', alsoWritten: ['eq', '=', '==', 'is', 'equal', 'equal_to'], words: '为', test: (a, v) => a === v, sql: (c, [v]) => `${c} = ${v}` },
  not_equals: { list: false, ordering: false, negated: 'equals', alsoWritten: ['ne', 'neq', '!=', '<>', '≠', 'is_not', 'not_equal', 'not_equal_to'], words: '不为', test: (a, v) => a !== v, sql: (c, [v]) => `${c} <> ${v}` },
  in: { list: true, ordering: false, negated: 'not_in', alsoWritten: ['one_of', 'any_of', 'among'], words: '为', test: (a, v) => (v as readonly Scalar[]).includes(a), sql: sqlList(false) },
  not_in: { list: true, ordering: false, negated: 'in', alsoWritten: ['nin', 'notin', 'none_of', 'not_one_of', 'not_among'], words: '不为', test: (a, v) => !(v as readonly Scalar[]).includes(a), sql: sqlList(true) },
  gt: { list: false, ordering: true, negated: 'lte', alsoWritten: ['>', 'greater', 'greater_than', 'more_than', 'above'], words: '>', test: (a, v) => (a as number) > num(v), sql: (c, [v]) => `${c} > ${v}` },
  gte: { list: false, ordering: true, negated: 'lt', alsoWritten: ['ge', '>=', '≥', 'min', 'at_least', 'greater_or_equal', 'greater_than_or_equal'], words: '≥', test: (a, v) => (a as number) >= num(v), sql: (c, [v]) => `${c} >= ${v}` },
  lt: { list: false, ordering: true, negated: 'gte', alsoWritten: ['<', 'less', 'less_than', 'below'], words: '<', test: (a, v) => (a as number) < num(v), sql: (c, [v]) => `${c} < ${v}` },
  lte: { list: false, ordering: true, negated: 'gt', alsoWritten: ['le', '<=', '≤', 'max', 'at_most', 'less_or_equal', 'less_than_or_equal'], words: '≤', test: (a, v) => (a as number) <= num(v), sql: (c, [v]) => `${c} <= ${v}` },
} as const satisfies Record<ComparisonOperator, OperatorSpec>;

/** The operator names, in the table's order (for messages and "did you mean"). */
export const OPERATOR_NAMES = Object.keys(OPERATORS) as ComparisonOperator[];

/** Is `name` an operator of the rule language? (Own keys only: `constructor` is not one.) */
export function isOperator(name: string): name is ComparisonOperator {
  return Object.hasOwn(OPERATORS, name);
}

/** Lower-case, `-` and spaces as `_`: `Not-Equals` and `not equals` are `not_equals`. */
const spelling = (s: string) => s.trim().toLowerCase().replace(/[-\s]+/g, '_');

/** The operator a writer means by `written` (`le`, `<=`, `Not-Equals`), if the table knows it. */
export function operatorMeant(written: string): ComparisonOperator | undefined {
  const w = spelling(written);
  return OPERATOR_NAMES.find((op) => op === w || OPERATORS[op].alsoWritten.some((a) => spelling(a) === w));
}

/** The spec of an operator (typed as the general OperatorSpec). */
export function operator(op: ComparisonOperator): OperatorSpec {
  return OPERATORS[op];
}
