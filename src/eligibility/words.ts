//! Rules in Chinese words, generated from the rule itself: used by explanations,
//! the terminal report and the booklet's provision tables.
//! In: a Rule and the declared facts. Out: text such as
//! "到位资金 ≥ 10000万元" or "不属于重污染、高耗能行业".

import type { ComparisonOperator, DerivedFact, Fact, Rule, Scalar } from '../model/index.js';

const OP_WORDS: Record<ComparisonOperator, string> = {
  equals: '为',
  not_equals: '不为',
  in: '为',
  not_in: '不为',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
};
const NEGATED: Record<ComparisonOperator, ComparisonOperator> = {
  equals: 'not_equals',
  not_equals: 'equals',
  in: 'not_in',
  not_in: 'in',
  gt: 'lte',
  gte: 'lt',
  lt: 'gte',
  lte: 'gt',
};

/** A value as a reader sees it: 12000万元, 是, 杭州. */
export function formatValue(fact: Fact | undefined, value: Scalar): string {
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return `${value}${fact?.unit ?? ''}`;
  return value;
}

/** A、B或C */
export function listWords(values: string[], conj = '或'): string {
  if (values.length <= 1) return values[0] ?? '';
  return `${values.slice(0, -1).join('、')}${conj}${values[values.length - 1]}`;
}

/** A leaf (fact, derived or comparison), optionally negated, in words. */
export function describeLeaf(
  rule: Rule,
  facts: ReadonlyMap<string, Fact>,
  derived: ReadonlyMap<string, DerivedFact>,
  negated: boolean,
): string {
  switch (rule.kind) {
    case 'fact': {
      const f = facts.get(rule.fact);
      const label = f?.label ?? rule.fact;
      return negated ? (f?.falseText ?? `${label}：否`) : (f?.trueText ?? `${label}：是`);
    }
    case 'derived': {
      const label = derived.get(rule.name)?.label ?? rule.name;
      return negated ? `不属于${label}` : `属于${label}`;
    }
    case 'compare': {
      const f = facts.get(rule.fact);
      const label = f?.label ?? rule.fact;
      const op = negated ? NEGATED[rule.op] : rule.op;
      if (f?.type === 'boolean' && typeof rule.value === 'boolean') {
        const truth = (op === 'equals') === rule.value;
        return truth ? (f.trueText ?? `${label}：是`) : (f.falseText ?? `${label}：否`);
      }
      const value = Array.isArray(rule.value)
        ? listWords(rule.value.map((v) => formatValue(f, v)))
        : formatValue(f, rule.value);
      const sym = OP_WORDS[op];
      return /[<>≤≥]/.test(sym) ? `${label} ${sym} ${value}` : `${label}${sym}${value}`;
    }
    default:
      return describeRule(rule, facts, derived);
  }
}

/** A whole rule as one sentence: A，且B，且C / A或B / 并非（…）. */
export function describeRule(rule: Rule, facts: ReadonlyMap<string, Fact>, derived: ReadonlyMap<string, DerivedFact>): string {
  const part = (r: Rule): string => {
    const s = describeRule(r, facts, derived);
    return r.kind === 'all' || r.kind === 'any' ? `（${s}）` : s;
  };
  switch (rule.kind) {
    case 'all':
      return rule.of.map(part).join('，且');
    case 'any':
      return rule.of.map(part).join('，或');
    case 'not':
      return rule.of.kind === 'all' || rule.of.kind === 'any'
        ? `并非${part(rule.of)}`
        : describeLeaf(rule.of, facts, derived, true);
    default:
      return describeLeaf(rule, facts, derived, false);
  }
}

/** A leaf with the profile's value: "到位资金 12000万元 ≥ 10000万元". */
export function describeWithActual(text: string, fact: Fact | undefined, rule: Rule, actual: Scalar | undefined): string {
  if (actual === undefined || rule.kind !== 'compare' || fact?.type === 'boolean') return text;
  if (fact?.type === 'number') {
    const label = fact.label;
    return text.startsWith(label) ? `${label} ${formatValue(fact, actual)}${text.slice(label.length)}` : text;
  }
  return `${text}（实际：${formatValue(fact, actual)}）`;
}
