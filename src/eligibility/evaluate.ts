//! The rule evaluator: three-valued (Kleene) logic over a profile, with a trace.
//! In: a Rule, a Profile and the handbook's facts. Out: a TraceNode tree — each node's
//! value (true, false, or null for unknown), its words, and the unknown facts that could
//! still decide it. Pure: no I/O, no clock.

import type { DerivedFact, Fact, Profile, Rule, Scalar } from '../model/index.js';
import { describeLeaf, describeWithActual } from './words.js';
import { operator } from './operators.js';

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

/**
 * A fact's value in a profile, or undefined when unknown. Own keys only: a profile is data,
 * so a fact named `constructor` is never answered by Object.prototype.
 */
export function factValue(profile: Profile, fact: string): Scalar | undefined {
  return Object.hasOwn(profile, fact) ? profile[fact] : undefined;
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

/** The words of a negated group (a negated leaf says "not …" in its own words instead). */
export const NEGATED_GROUP_WORDS = '不满足以下条件';

/** A leaf of a trace: a fact, a comparison or a derived fact, worded in one phrase. */
function isLeafLike(n: TraceNode): boolean {
  return n.kind === 'fact' || n.kind === 'compare' || n.kind === 'derived';
}

/**
 * True for a negation whose own words already say what its child says ("到位资金 不低于 …"):
 * a negated leaf. A negated group is worded NEGATED_GROUP_WORDS and shows its child beneath.
 * Decided from the trace's shape, never from its words.
 */
export function negatesLeaf(n: TraceNode): boolean {
  return n.kind === 'not' && n.children.length === 1 && isLeafLike(n.children[0]!);
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
      const text = ctx.words === false ? '' : isLeafLike(inner) ? describeLeaf(rule.of, ctx.facts, ctx.derived, true) : NEGATED_GROUP_WORDS;
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
      const actual = factValue(ctx.profile, rule.fact);
      const text = ctx.words === false ? '' : describeLeaf(rule, ctx.facts, ctx.derived, false);
      if (actual === undefined || actual === null) {
        return { kind: rule.kind, value: null, text, fact: rule.fact, children: [], missing: [rule.fact] };
      }
      const value = rule.kind === 'fact' ? actual === true : operator(rule.op).test(actual, rule.value);
      const withActual = ctx.words === false ? '' : describeWithActual(text, ctx.facts.get(rule.fact), rule, actual);
      return { kind: rule.kind, value, text: withActual, fact: rule.fact, actual, children: [], missing: [] };
    }
  }
}

/**
 * A rule compiled to closures for batches: the same truth values and missing facts as
 * `evaluate`, without building a trace (no objects per node, no words).
 */
export interface CompiledRule {
  /** The rule's value for the profile (same as `evaluate(rule, ctx).value`). */
  value(profile: Profile): Truth;
  /**
   * Appends to `out`, without repeats and in the same order as `evaluate(rule, ctx).missing`,
   * the unknown facts that could decide the rule. Call it only when `value` is null.
   */
  missing(profile: Profile, out: string[]): void;
}

/**
 * Compiles rules against one handbook's derived facts. Derived facts are evaluated once
 * per profile: call `next()` before each new profile (values are remembered until then).
 */
export class RuleCompiler {
  private readonly derived: ReadonlyMap<string, DerivedFact>;
  private readonly compiledDerived = new Map<string, { rule: CompiledRule; slot: number }>();
  /** Per derived fact: the profile generation its remembered value belongs to, and the value. */
  private stamps = new Int32Array(0);
  private values: Truth[] = [];
  private generation = 1;

  constructor(derived: readonly DerivedFact[]) {
    this.derived = new Map(derived.map((d) => [d.id, d]));
  }

  /** Forget the derived values of the previous profile. */
  next(): void {
    if (++this.generation === 0x7fffffff) {
      this.generation = 1;
      this.stamps.fill(0);
    }
  }

  compile(rule: Rule): CompiledRule {
    switch (rule.kind) {
      case 'all':
      case 'any':
        return this.group(rule.kind === 'all', rule.of.map((r) => this.compile(r)));
      case 'not': {
        const inner = this.compile(rule.of);
        return {
          value: (p) => {
            const v = inner.value(p);
            return v === null ? null : !v;
          },
          missing: (p, out) => inner.missing(p, out),
        };
      }
      case 'derived':
        return this.derivedRule(rule.name);
      case 'fact':
      case 'compare': {
        const fact = rule.fact;
        const spec = rule.kind === 'compare' ? operator(rule.op) : undefined;
        const expected = rule.kind === 'compare' ? rule.value : true;
        const test = spec ? (a: Scalar) => spec.test(a, expected) : (a: Scalar) => a === true;
        // A plain read is the fast path; a fact named like a property of Object.prototype
        // (`constructor`) is read as an own key only, the same as factValue.
        const inherited = fact in Object.prototype;
        return {
          value: (p) => {
            const a = inherited ? factValue(p, fact) : p[fact];
            return a === undefined || a === null ? null : test(a);
          },
          missing: (_p, out) => {
            if (!out.includes(fact)) out.push(fact);
          },
        };
      }
    }
  }

  /** Kleene AND (`all`) or OR (`any`) over compiled parts; the first deciding part ends it. */
  private group(isAll: boolean, parts: CompiledRule[]): CompiledRule {
    const decisive = !isAll; // false decides an AND, true decides an OR
    const value = (p: Profile): Truth => {
      let unknown = false;
      for (let i = 0; i < parts.length; i++) {
        const v = parts[i]!.value(p);
        if (v === decisive) return decisive;
        if (v === null) unknown = true;
      }
      return unknown ? null : !decisive;
    };
    return {
      value,
      missing: (p, out) => {
        for (let i = 0; i < parts.length; i++) if (parts[i]!.value(p) === null) parts[i]!.missing(p, out);
      },
    };
  }

  private derivedRule(name: string): CompiledRule {
    const d = this.derived.get(name);
    if (!d) return { value: () => null, missing: () => {} };
    let entry = this.compiledDerived.get(name);
    if (!entry) {
      // Registered before compiling its rule; a slot per derived fact remembers its value.
      const slot = this.compiledDerived.size;
      const holder: { rule: CompiledRule; slot: number } = { rule: { value: () => null, missing: () => {} }, slot };
      this.compiledDerived.set(name, holder);
      this.stamps = new Int32Array(this.compiledDerived.size);
      this.values.length = this.compiledDerived.size;
      holder.rule = this.compile(d.rule);
      entry = holder;
    }
    const e = entry;
    return {
      value: (p) => {
        if (this.stamps[e.slot] === this.generation) return this.values[e.slot]!;
        const v = e.rule.value(p);
        this.stamps[e.slot] = this.generation;
        this.values[e.slot] = v;
        return v;
      },
      missing: (p, out) => e.rule.missing(p, out),
    };
  }
}
