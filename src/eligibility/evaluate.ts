//! The rule evaluator: three-valued (Kleene) logic over a profile, with a trace.
//! In: a Rule, a Profile and the handbook's facts. Out: a TraceNode tree — each node's
//! value (true, false, or null for unknown), its words, and the unknown facts that could
//! still decide it. Pure: no I/O, no clock.

import type { DerivedFact, Fact, Profile, Rule, Scalar } from '../model/index.js';
import { describeLeaf, describeWithActual } from './words.js';

/** true, false, or null when unknown. */
export type Truth = boolean | null;

export interface TraceNode {
  kind: Rule['kind'];
  value: Truth;
  /** The condition in words, e.g. 到位资金 ≥ 10000万元. */
  text: string;
  /** For leaves: the fact tested and the profile's value (undefined when unknown). */
  fact?: string;
  actual?: Scalar;
  /** For derived facts: its id. */
  derived?: string;
  children: TraceNode[];
  /** Unknown base facts whose answers could still decide this node (empty unless value is null). */
  missing: string[];
}

export interface EvalContext {
  facts: ReadonlyMap<string, Fact>;
  derived: ReadonlyMap<string, DerivedFact>;
  profile: Profile;
  /** Memo of derived facts already evaluated for this profile. */
  memo?: Map<string, TraceNode>;
  /** Build each node's words (default). `false` leaves every `text` empty: batch speed. */
  words?: boolean;
}

export function makeContext(facts: readonly Fact[], derived: readonly DerivedFact[], profile: Profile): EvalContext {
  return {
    facts: new Map(facts.map((f) => [f.id, f])),
    derived: new Map(derived.map((d) => [d.id, d])),
    profile,
    memo: new Map(),
  };
}

function union(nodes: TraceNode[]): string[] {
  const out = new Set<string>();
  for (const n of nodes) for (const m of n.missing) out.add(m);
  return [...out];
}

/** Kleene AND: false if any is false; true if all true; unknown otherwise. */
export function and(values: Truth[]): Truth {
  if (values.some((v) => v === false)) return false;
  return values.every((v) => v === true) ? true : null;
}

/** Kleene OR: true if any is true; false if all false; unknown otherwise. */
export function or(values: Truth[]): Truth {
  if (values.some((v) => v === true)) return true;
  return values.every((v) => v === false) ? false : null;
}

export function not(value: Truth): Truth {
  return value === null ? null : !value;
}

function compare(op: string, actual: Scalar, expected: Scalar | Scalar[]): boolean {
  switch (op) {
    case 'equals':
      return actual === expected;
    case 'not_equals':
      return actual !== expected;
    case 'in':
      return (expected as Scalar[]).includes(actual);
    case 'not_in':
      return !(expected as Scalar[]).includes(actual);
    case 'gt':
      return (actual as number) > (expected as number);
    case 'gte':
      return (actual as number) >= (expected as number);
    case 'lt':
      return (actual as number) < (expected as number);
    case 'lte':
      return (actual as number) <= (expected as number);
  }
  return false;
}

/** Evaluates a rule against the context's profile. */
export function evaluate(rule: Rule, ctx: EvalContext): TraceNode {
  switch (rule.kind) {
    case 'all':
    case 'any': {
      const children = rule.of.map((r) => evaluate(r, ctx));
      const value = (rule.kind === 'all' ? and : or)(children.map((c) => c.value));
      const text = rule.kind === 'all' ? '同时满足以下全部条件' : '满足以下任一条件';
      return { kind: rule.kind, value, text, children, missing: value === null ? union(children.filter((c) => c.value === null)) : [] };
    }
    case 'not': {
      const inner = evaluate(rule.of, ctx);
      const value = not(inner.value);
      const leafLike = inner.kind === 'fact' || inner.kind === 'compare' || inner.kind === 'derived';
      const text = ctx.words === false ? '' : leafLike ? describeLeaf(rule.of, ctx.facts, ctx.derived, true) : '不满足以下条件';
      return { kind: 'not', value, text, children: [inner], missing: inner.missing };
    }
    case 'derived': {
      const memo = ctx.memo?.get(rule.name);
      const d = ctx.derived.get(rule.name);
      const text = ctx.words === false ? '' : describeLeaf(rule, ctx.facts, ctx.derived, false);
      if (!d) return { kind: 'derived', value: null, text, derived: rule.name, children: [], missing: [] };
      const inner = memo ?? evaluate(d.rule, ctx);
      if (!memo) ctx.memo?.set(rule.name, inner);
      return { kind: 'derived', value: inner.value, text, derived: rule.name, children: [inner], missing: inner.missing };
    }
    case 'fact':
    case 'compare': {
      const actual = ctx.profile[rule.fact];
      const text = ctx.words === false ? '' : describeLeaf(rule, ctx.facts, ctx.derived, false);
      if (actual === undefined || actual === null) {
        return { kind: rule.kind, value: null, text, fact: rule.fact, children: [], missing: [rule.fact] };
      }
      const value = rule.kind === 'fact' ? actual === true : compare(rule.op, actual, rule.value);
      const withActual = ctx.words === false ? '' : describeWithActual(text, ctx.facts.get(rule.fact), rule, actual);
      return { kind: rule.kind, value, text: withActual, fact: rule.fact, actual, children: [], missing: [] };
    }
  }
}
