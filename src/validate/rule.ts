//! The rule language: YAML → Rule, type-checked against the declared facts.
//! In: a YAML node and the fact table. Out: a Rule tree with positions, or undefined
//! with diagnostics (unknown fact with "did you mean", type mismatch, undeclared enum value).
//!
//! Forms (see docs/FORMAT.md):
//!   needs_land                         a boolean fact is true, or a derived fact holds
//!   { all: [rule, …] }  { any: [rule, …] }  { not: rule }
//!   { fact: industry, in: [战略性新兴产业, 海洋经济] }
//!   { fact: paid_in_wan, gte: 10000 }  (equals, not_equals, in, not_in, gt, gte, lt, lte)

import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { ComparisonOperator, Fact, FactType, Rule, Scalar } from '../model/index.js';
import { factType } from '../model/fact-types.js';
import { isOperator, operator, operatorMeant, OPERATOR_NAMES } from '../eligibility/operators.js';
import { DiagnosticBag, suggestion, UNAMBIGUOUS } from '../diagnostics/index.js';
import { positionOf, type YamlSource } from '../load/parse.js';
import { typeName } from './fields.js';

export interface FactTable {
  facts: Map<string, Fact>;
  /** Derived fact ids (their rules are parsed separately). */
  derived: Set<string>;
  /**
   * Ids declared with errors, or true when facts.yaml itself is missing or broken:
   * rules naming them are not reported again (the declaration's error says it all).
   */
  broken: Set<string> | true;
}

function isBroken(table: FactTable, id: string): boolean {
  return table.broken === true || table.broken.has(id);
}

/** `（是否应为 "lte"？）` for `le`, `<=` or `≤`: what the writer meant, from the operator table, else an unambiguous near name. */
function operatorSuggestion(written: string): string {
  const meant = operatorMeant(written);
  return meant !== undefined ? `（是否应为 "${meant}"？）` : suggestion(written, OPERATOR_NAMES, UNAMBIGUOUS);
}

/** A comparison value checked against its fact's type: the value to keep, or why it is refused. */
type ValueCheck = { ok: true; value: Scalar } | { ok: false; code: 'rule/type-mismatch' | 'rule/unknown-value'; message: string };

/** Per fact type: is `v` (a YAML scalar, typed `what`) a value this fact can be compared with? */
const COMPARISON_VALUE = {
  boolean: (_f, name, v, what) =>
    typeof v === 'boolean' ? { ok: true, value: v } : { ok: false, code: 'rule/type-mismatch', message: `事实 "${name}" 是布尔类型，比较值应为 true 或 false，实际为${what}` },
  number: (_f, name, v, what) =>
    typeof v === 'number' ? { ok: true, value: v } : { ok: false, code: 'rule/type-mismatch', message: `事实 "${name}" 是数字类型，比较值应为数字，实际为${what}` },
  enum: (f, name, v) => {
    const s = String(v);
    return typeof v !== 'boolean' && f.values?.includes(s)
      ? { ok: true, value: s }
      : { ok: false, code: 'rule/unknown-value', message: `"${s}" 不是事实 "${name}" 声明的取值${suggestion(s, f.values ?? [], UNAMBIGUOUS)}，可选：${(f.values ?? []).join('、')}` };
  },
  string: (_f, name, v, what) =>
    typeof v !== 'boolean' ? { ok: true, value: String(v) } : { ok: false, code: 'rule/type-mismatch', message: `事实 "${name}" 是文本类型，比较值应为文本，实际为${what}` },
} satisfies Record<FactType, (fact: Fact, name: string, v: Scalar, what: string) => ValueCheck>;

/** Parses a rule node; returns undefined (with diagnostics) when it is not valid. */
export function parseRule(src: YamlSource, node: unknown, table: FactTable, diagnostics: DiagnosticBag): Rule | undefined {
  const at = positionOf(src, node);
  const known = () => [...table.facts.keys(), ...table.derived];

  if (isScalar(node) && typeof node.value === 'string') {
    const name = node.value.trim();
    if (table.derived.has(name)) return { kind: 'derived', name, at };
    const fact = table.facts.get(name);
    if (!fact) {
      if (!isBroken(table, name)) diagnostics.error('rule/unknown-fact', `未声明的事实 "${name}"${suggestion(name, known(), UNAMBIGUOUS)}`, at);
      return undefined;
    }
    if (fact.type !== 'boolean') {
      diagnostics.error(
        'rule/type-mismatch',
        `事实 "${name}" 是${factType(fact.type).label}类型，不能单独作为条件，应写成 { fact: ${name}, equals: … } 等比较`,
        at,
      );
      return undefined;
    }
    return { kind: 'fact', fact: name, at };
  }

  if (!isMap(node)) {
    diagnostics.error('rule/syntax', `规则应为事实 id 或 all/any/not/fact 映射，实际为${typeName(node)}`, at);
    return undefined;
  }

  const keys = node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
  const get = (k: string) => node.items.find((p) => isScalar(p.key) && String(p.key.value) === k)?.value as Node | undefined;

  for (const combinator of ['all', 'any'] as const) {
    if (keys.includes(combinator)) {
      if (keys.length !== 1) {
        diagnostics.error('rule/syntax', `"${combinator}" 应单独成一个映射，多出了：${keys.filter((k) => k !== combinator).join('、')}`, at);
        return undefined;
      }
      const list = get(combinator);
      if (!isSeq(list) || list.items.length === 0) {
        diagnostics.error('rule/syntax', `"${combinator}" 后应为非空的条件列表，实际为${typeName(list)}`, positionOf(src, list ?? node));
        return undefined;
      }
      const of = list.items.map((item) => parseRule(src, item, table, diagnostics));
      if (of.some((r) => r === undefined)) return undefined;
      return { kind: combinator, of: of as Rule[], at };
    }
  }

  if (keys.includes('not')) {
    if (keys.length !== 1) {
      diagnostics.error('rule/syntax', `"not" 应单独成一个映射，多出了：${keys.filter((k) => k !== 'not').join('、')}`, at);
      return undefined;
    }
    const inner = parseRule(src, get('not'), table, diagnostics);
    return inner ? { kind: 'not', of: inner, at } : undefined;
  }

  if (keys.includes('fact')) return parseComparison(src, node, keys, get, table, diagnostics);

  diagnostics.error(
    'rule/syntax',
    `无法识别的规则键：${keys.join('、') || '（空映射）'}${suggestion(keys[0] ?? '', ['all', 'any', 'not', 'fact'], UNAMBIGUOUS)}，应为 all、any、not 或 fact`,
    at,
  );
  return undefined;
}

function parseComparison(
  src: YamlSource,
  node: Node,
  keys: string[],
  get: (k: string) => Node | undefined,
  table: FactTable,
  diagnostics: DiagnosticBag,
): Rule | undefined {
  const at = positionOf(src, node);
  const factNode = get('fact');
  const name = isScalar(factNode) && typeof factNode.value === 'string' ? factNode.value.trim() : undefined;
  if (name === undefined) {
    diagnostics.error('rule/syntax', `"fact" 后应为事实 id，实际为${typeName(factNode)}`, positionOf(src, factNode ?? node));
    return undefined;
  }
  const ops = keys.filter((k) => k !== 'fact');
  if (ops.length !== 1 || !isOperator(ops[0]!)) {
    const bad = ops.find((k) => !isOperator(k));
    diagnostics.error(
      'rule/syntax',
      ops.length === 0
        ? `事实 "${name}" 缺少比较运算，应为 ${OPERATOR_NAMES.join('、')} 之一`
        : bad !== undefined
          ? `未知的比较运算 "${bad}"${operatorSuggestion(bad)}，应为 ${OPERATOR_NAMES.join('、')} 之一`
          : `一个比较只能有一个运算，实际有：${ops.join('、')}`,
      // An unknown operator is reported at its own key, where the fix goes.
      bad !== undefined ? positionOf(src, (node as YAMLMap).items.find((p) => isScalar(p.key) && String(p.key.value) === bad)?.key ?? node) : at,
    );
    return undefined;
  }
  const op = ops[0] as ComparisonOperator;
  if (table.derived.has(name)) {
    diagnostics.error('rule/type-mismatch', `"${name}" 是派生事实，应直接写 ${name} 或 { not: ${name} }，不能比较`, positionOf(src, factNode));
    return undefined;
  }
  const fact = table.facts.get(name);
  if (!fact) {
    if (isBroken(table, name)) return undefined;
    diagnostics.error('rule/unknown-fact', `未声明的事实 "${name}"${suggestion(name, [...table.facts.keys(), ...table.derived], UNAMBIGUOUS)}`, positionOf(src, factNode));
    return undefined;
  }
  const valueNode = get(op);
  const valuePos = positionOf(src, valueNode ?? node);
  if (operator(op).ordering && !factType(fact.type).ordered) {
    diagnostics.error('rule/type-mismatch', `事实 "${name}" 是${factType(fact.type).label}类型，不能用 ${op} 比较大小`, at);
    return undefined;
  }

  const checkOne = (n: unknown): Scalar | undefined => {
    const pos = positionOf(src, n ?? node);
    if (!isScalar(n) || n.value === null || !['string', 'number', 'boolean'].includes(typeof n.value)) {
      diagnostics.error('rule/type-mismatch', `事实 "${name}" 的比较值应为${factType(fact.type).label}，实际为${typeName(n)}`, pos);
      return undefined;
    }
    const checked = COMPARISON_VALUE[fact.type](fact, name, n.value as Scalar, typeName(n));
    if (!checked.ok) {
      diagnostics.error(checked.code, checked.message, pos);
      return undefined;
    }
    return checked.value;
  };

  if (operator(op).list) {
    if (!isSeq(valueNode) || valueNode.items.length === 0) {
      diagnostics.error('rule/syntax', `"${op}" 后应为非空的取值列表，实际为${typeName(valueNode)}`, valuePos);
      return undefined;
    }
    const values = valueNode.items.map(checkOne);
    if (values.some((v) => v === undefined)) return undefined;
    return { kind: 'compare', fact: name, op, value: values as Scalar[], at };
  }
  const value = checkOne(valueNode);
  if (value === undefined) return undefined;
  if (factType(fact.type).ordered && typeof value === 'number') {
    if ((fact.min !== undefined && value < fact.min) || (fact.max !== undefined && value > fact.max)) {
      diagnostics.warning(
        'rule/type-mismatch',
        `比较值 ${value} 超出事实 "${name}" 的取值范围 [${fact.min ?? '-∞'}, ${fact.max ?? '+∞'}]`,
        valuePos,
      );
    }
  }
  return { kind: 'compare', fact: name, op, value, at };
}

/** Every fact and derived-fact id a rule mentions (derived ones not expanded). */
export function ruleReferences(rule: Rule, out: { facts: Set<string>; derived: Set<string> } = { facts: new Set(), derived: new Set() }) {
  switch (rule.kind) {
    case 'all':
    case 'any':
      rule.of.forEach((r) => ruleReferences(r, out));
      break;
    case 'not':
      ruleReferences(rule.of, out);
      break;
    case 'fact':
    case 'compare':
      out.facts.add(rule.fact);
      break;
    case 'derived':
      out.derived.add(rule.name);
      break;
  }
  return out;
}
