//! The fact types as one table: what each type of facts.yaml allows and how it is asked.
//! Every consumer that behaves differently per type reads this table, or keeps its own
//! `satisfies Record<FactType, …>` table next to its code (reading a value: profile/values.ts;
//! checking a rule's comparison value: validate/rule.ts; the JSON Schema: profile/schema.ts;
//! SQL column types: export/sql.ts), so adding a type to `FactType` is a compile error at
//! every place that must handle it (test/rules/fact-type-table.test.ts proves it).

import type { Fact, FactType, Scalar } from './index.js';

/** One answer a person can pick for a fact with a closed set of values. */
export interface FactChoice {
  value: Scalar;
  /** The words shown for it: 是/否 (or the fact's true_text/false_text), or the enum value. */
  text: string;
}

export interface FactTypeSpec {
  /** The type's name in messages: 布尔、数字、枚举、文本. */
  label: string;
  /** May be compared by size (lt, lte, gt, gte) and given min/max in facts.yaml. */
  ordered: boolean;
  /** Declares its values in facts.yaml (`values:`). */
  declaresValues: boolean;
  /** How a person answers it: picks one of its choices, types a number, or types text. */
  answer: 'choice' | 'number' | 'text';
  /** The values a person can pick, in their order (a closed type), or null (an open one). */
  choices(fact: Fact): FactChoice[] | null;
}

export const FACT_TYPES = {
  boolean: {
    label: '布尔',
    ordered: false,
    declaresValues: false,
    answer: 'choice',
    choices: (f) => [
      { value: true, text: f.trueText ?? '是' },
      { value: false, text: f.falseText ?? '否' },
    ],
  },
  number: { label: '数字', ordered: true, declaresValues: false, answer: 'number', choices: () => null },
  enum: {
    label: '枚举',
    ordered: false,
    declaresValues: true,
    answer: 'choice',
    choices: (f) => (f.values ?? []).map((v) => ({ value: v, text: v })),
  },
  string: { label: '文本', ordered: false, declaresValues: false, answer: 'text', choices: () => null },
} as const satisfies Record<FactType, FactTypeSpec>;

/** The fact types' names, in the table's order (for messages and validation). */
export const FACT_TYPE_NAMES = Object.keys(FACT_TYPES) as FactType[];

export function isFactType(name: string): name is FactType {
  return Object.hasOwn(FACT_TYPES, name);
}

/** The table's entry for a fact's type. */
export function factType(type: FactType): FactTypeSpec {
  return FACT_TYPES[type];
}

/** The values a fact can take when they are a closed set (boolean, enum), in order; null otherwise. */
export function closedValues(fact: Fact): Scalar[] | null {
  return factType(fact.type).choices(fact)?.map((c) => c.value) ?? null;
}
