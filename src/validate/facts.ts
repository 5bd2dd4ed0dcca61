//! facts.yaml → declared facts and derived facts, with cycle detection.
//! In: the parsed facts.yaml. Out: Fact[] and DerivedFact[] (rules type-checked),
//! diagnostics for bad declarations, duplicate ids and cycles among derived facts.

import { isMap, isScalar, type YAMLMap } from 'yaml';
import type { DerivedFact, Fact, FactType } from '../model/index.js';
import { FACT_TYPE_NAMES, factType, isFactType, type FactTypeSpec } from '../model/fact-types.js';
import { DiagnosticBag } from '../diagnostics/index.js';
import { positionOf, type YamlSource } from '../load/parse.js';
import { expectMap, MapReader } from './fields.js';
import { parseRule, ruleReferences, type FactTable } from './rule.js';

/** The names of the fact types with a property, for messages: "enum", "number"… */
function typesWhere(test: (spec: FactTypeSpec) => boolean): string {
  return FACT_TYPE_NAMES.filter((t) => test(factType(t))).join('、');
}

const FACT_ID = /^[a-z][a-z0-9_]*$/;

export interface FactsResult {
  facts: Fact[];
  derived: DerivedFact[];
  table: FactTable;
}

export function validateFacts(src: YamlSource | undefined, diagnostics: DiagnosticBag): FactsResult {
  const result: FactsResult = { facts: [], derived: [], table: { facts: new Map(), derived: new Set(), broken: true } };
  if (!src) return result;
  const root = expectMap(src, src.doc.contents, diagnostics, 'facts.yaml');
  if (!root) return result;
  const broken = new Set<string>();
  result.table.broken = broken;
  const top = new MapReader(src, root, diagnostics, 'facts.yaml ');
  const factsNode = top.node('facts');
  const derivedNode = top.node('derived');
  top.checkUnknownKeys();
  if (factsNode === undefined) {
    top.missing('facts', '事实声明的映射（id: {type, label, question …}）');
    return result;
  }

  const factsMap = expectMap(src, factsNode, diagnostics, 'facts');
  for (const pair of factsMap?.items ?? []) {
    const id = checkId(src, pair.key, diagnostics);
    if (id === undefined) continue;
    const map = expectMap(src, pair.value, diagnostics, `事实 "${id}"`);
    const fact = map ? readFact(src, id, map, diagnostics) : undefined;
    if (fact) {
      result.facts.push(fact);
      result.table.facts.set(id, fact);
    } else {
      broken.add(id);
    }
  }

  // Derived facts: declare every name first so they may refer to one another.
  const derivedMap = derivedNode === undefined ? undefined : expectMap(src, derivedNode, diagnostics, 'derived');
  const pending: { id: string; map: YAMLMap }[] = [];
  for (const pair of derivedMap?.items ?? []) {
    const id = checkId(src, pair.key, diagnostics);
    if (id === undefined) continue;
    if (result.table.facts.has(id)) {
      diagnostics.error('facts/duplicate-id', `派生事实 "${id}" 与已声明的事实同名`, positionOf(src, pair.key));
      continue;
    }
    const map = expectMap(src, pair.value, diagnostics, `派生事实 "${id}"`);
    if (!map) {
      broken.add(id);
      continue;
    }
    result.table.derived.add(id);
    pending.push({ id, map });
  }
  for (const { id, map } of pending) {
    const r = new MapReader(src, map, diagnostics, `派生事实 "${id}" `);
    const label = r.string('label', true);
    const description = r.string('description', false);
    const ruleNode = r.node('rule');
    r.checkUnknownKeys();
    if (ruleNode === undefined) r.missing('rule', '规则');
    const rule = ruleNode === undefined ? undefined : parseRule(src, ruleNode, result.table, diagnostics);
    if (label !== undefined && rule !== undefined) {
      result.derived.push({ id, label, description, rule, source: positionOf(src, map) });
    } else {
      broken.add(id);
    }
  }
  reportCycles(result.derived, diagnostics);
  return result;
}

function checkId(src: YamlSource, key: unknown, diagnostics: DiagnosticBag): string | undefined {
  const id = isScalar(key) ? String(key.value) : '';
  if (!FACT_ID.test(id)) {
    diagnostics.error('facts/bad-id', `事实 id "${id}" 格式错误，应为小写字母开头的 snake_case（a-z、0-9、_）`, positionOf(src, key));
    return undefined;
  }
  return id;
}

function readFact(src: YamlSource, id: string, map: YAMLMap, diagnostics: DiagnosticBag): Fact | undefined {
  const r = new MapReader(src, map, diagnostics, `事实 "${id}" `);
  const typeNode = r.node('type');
  const type = r.string('type', true, `类型（${FACT_TYPE_NAMES.join(' | ')}）`);
  const label = r.string('label', true);
  const question = r.string('question', true);
  const unit = r.string('unit', false);
  const min = r.number('min', false);
  const max = r.number('max', false);
  const values = r.stringList('values', false);
  const trueText = r.string('true_text', false);
  const falseText = r.string('false_text', false);
  const changeable = r.boolean('changeable');
  r.checkUnknownKeys();
  if (type === undefined || label === undefined || question === undefined) return undefined;
  if (!isFactType(type)) {
    diagnostics.error('facts/type', `事实 "${id}" 的类型 "${type}" 未知，应为 ${FACT_TYPE_NAMES.join('、')} 之一`, r.at(typeNode));
    return undefined;
  }
  const t: FactType = type;
  const spec = factType(t);
  let ok = true;
  if (spec.declaresValues) {
    if (!values || values.length === 0) {
      diagnostics.error('facts/type', `枚举事实 "${id}" 缺少 values（可选取值列表）`, r.at(map));
      ok = false;
    } else {
      const dup = values.find((v, i) => values.indexOf(v) !== i);
      if (dup !== undefined) {
        diagnostics.error('facts/type', `枚举事实 "${id}" 的取值 "${dup}" 重复`, r.at(r.node('values')));
        ok = false;
      }
    }
  } else if (values !== undefined) {
    diagnostics.error('facts/type', `只有 ${typesWhere((s) => s.declaresValues)} 类型的事实可以有 values，"${id}" 是 ${t}`, r.at(r.node('values')));
    ok = false;
  }
  if ((min !== undefined || max !== undefined) && !spec.ordered) {
    diagnostics.error('facts/type', `只有 ${typesWhere((s) => s.ordered)} 类型的事实可以有 min/max，"${id}" 是 ${t}`, r.at(map));
    ok = false;
  }
  if (min !== undefined && max !== undefined && min > max) {
    diagnostics.error('facts/type', `事实 "${id}" 的 min ${min} 大于 max ${max}`, r.at(r.node('min')));
    ok = false;
  }
  if (!ok) return undefined;
  const fact: Fact = { id, type: t, label, question, source: positionOf(src, map) };
  if (values) fact.values = values;
  if (unit !== undefined) fact.unit = unit;
  if (min !== undefined) fact.min = min;
  if (max !== undefined) fact.max = max;
  if (trueText !== undefined) fact.trueText = trueText;
  if (falseText !== undefined) fact.falseText = falseText;
  if (changeable === true) fact.changeable = true;
  return fact;
}

/** Reports each cycle among derived facts once, at its first member. */
function reportCycles(derived: DerivedFact[], diagnostics: DiagnosticBag): void {
  const byId = new Map(derived.map((d) => [d.id, d]));
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = path.slice(path.indexOf(id));
      const key = [...cycle].sort().join(',');
      if (!reported.has(key)) {
        reported.add(key);
        const d = byId.get(id)!;
        diagnostics.error('rule/cycle', `派生事实循环引用：${[...cycle, id].join(' → ')}`, d.source);
      }
      return;
    }
    state.set(id, 'visiting');
    const d = byId.get(id);
    if (d) for (const ref of ruleReferences(d.rule).derived) visit(ref, [...path, id]);
    state.set(id, 'done');
  };
  for (const d of derived) visit(d.id, []);
}

