//! What it would take to qualify, in Chinese words: an Alternative of `toQualify` as one
//! sentence, e.g. 若到位资金达到 10000 万元，即可享受. In: the handbook's facts, the
//! alternative, optionally the profile (to tell a change from a confirmation). Out: text.

import type { Fact, Profile, Scalar } from '../model/index.js';
import type { QualifyCondition } from './qualify.js';
import { formatValue, listWords } from './words.js';

/** How a number bound reads: 达到 10000 万元, 超过 0 万元, 不超过 …, 低于 …. */
const BOUND_WORDS = { '>=': '达到', '>': '超过', '<=': '不超过', '<': '低于' } as const;

/** A number with its unit as a sentence says it: 10000 万元, 3%. */
function amountWords(fact: Fact | undefined, value: number): string {
  const unit = fact?.unit ?? '';
  return unit === '' ? String(value) : unit === '%' ? `${value}%` : `${value} ${unit}`;
}

/** One fact's conditions (two for a range) as a phrase, without 若. */
function conditionPhrase(fact: Fact | undefined, id: string, conditions: QualifyCondition[], actual: Scalar | undefined, shortfall: boolean): string {
  const label = fact?.label ?? id;
  const first = conditions[0]!;
  if (first.op === '=' && typeof first.value === 'boolean') {
    return first.value ? (fact?.trueText ?? `${label}为是`) : (fact?.falseText ?? `${label}为否`);
  }
  if (first.op === '=' || first.op === 'in') {
    const values = Array.isArray(first.value) ? first.value : [first.value];
    return `${label}为${listWords(values.map((v) => formatValue(fact, v)))}`;
  }
  const bounds = conditions.map((c) => `${BOUND_WORDS[c.op as keyof typeof BOUND_WORDS]} ${amountWords(fact, c.value as number)}`);
  let text = `${label}${bounds.join('且')}`;
  // From a known amount: how far it is (到位资金达到 10000 万元（再增加 4000 万元）).
  const lower = conditions.find((c) => c.op === '>=' || c.op === '>');
  if (shortfall && typeof actual === 'number' && conditions.length === 1 && lower && actual < (lower.value as number)) {
    text += `（再增加 ${amountWords(fact, Number(((lower.value as number) - actual).toPrecision(12)))}）`;
  }
  return text;
}

/**
 * One way to qualify (an Alternative of `toQualify`) as a Chinese sentence: changes of
 * known facts first, then what is to be confirmed (facts the profile leaves unknown), e.g.
 * 若到位资金达到 10000 万元（再增加 4000 万元），即可享受 · 若是经认定的高新技术企业，即可享受 ·
 * 若确认投资方类别为省外浙商或境外浙商，且到位资金超过 0 万元，即可享受. Without a profile every
 * fact reads as a change; with one, a number below its bound says how far it is
 * (`shortfall: false` leaves that out). `outcome` ends the sentence (default 即可享受; a
 * tier says 可享受 200万元).
 */
export function describeAlternative(handbook: { facts: readonly Fact[] }, alternative: readonly QualifyCondition[], options: { profile?: Profile; outcome?: string; shortfall?: boolean } = {}): string {
  const facts = new Map(handbook.facts.map((f) => [f.id, f]));
  const byFact = new Map<string, QualifyCondition[]>();
  for (const c of alternative) byFact.set(c.fact, [...(byFact.get(c.fact) ?? []), c]);
  const changes: string[] = [];
  const confirms: string[] = [];
  for (const [id, conditions] of byFact) {
    const actual = options.profile?.[id] ?? undefined;
    const known = options.profile === undefined || actual !== undefined;
    (known ? changes : confirms).push(conditionPhrase(facts.get(id), id, conditions, actual, options.shortfall !== false));
  }
  const parts: string[] = [];
  if (changes.length > 0) parts.push(changes.join('，且'));
  if (confirms.length > 0) parts.push(`${changes.length > 0 ? '并' : ''}确认${confirms.join('，且')}`);
  return `若${parts.join('，')}，${options.outcome ?? '即可享受'}`;
}
