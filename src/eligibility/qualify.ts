//! What it would take to qualify: for a provision a profile does not (yet) qualify for,
//! every way it could become eligible, keeping every other fact as it is.
//! In: a Handbook, a Profile and a Provision. Out: alternatives — lists of conditions
//! `{fact, op, value}` (`=` `in` `>=` `>` `<=` `<`) — each of which, applied to the profile,
//! makes the provision eligible; and for an eligible provision with tiers, what the next
//! better tier would need. Pure: no I/O.
//!
//! How: a rule (derived facts expanded, negations pushed to the leaves) is put in
//! disjunctive normal form once per rule, each term merged into one constraint per fact
//! (contradictory terms dropped). For a profile, a term gives an alternative when every
//! fact it constrains either already satisfies it, or may be set — unknown in the profile,
//! or declared `changeable` — to a value the constraint allows; the alternative names just
//! those facts, with the rule's own thresholds. Alternatives that ask more than another
//! are dropped; the rest are ordered by fewest conditions. Costs are capped (MAX_TERMS,
//! MAX_ALTERNATIVES) so a hostile handbook cannot make this exponential.

import { operator } from './operators.js';
import type { Amount, ComparisonOperator, Fact, Handbook, Profile, Provision, Rule, Scalar } from '../model/index.js';
import { evaluate, makeContext } from './evaluate.js';
import { tierAmount } from '../words/index.js';
import { inForce } from './provision.js';
import { closedValues, factType } from '../model/fact-types.js';

/** The operators of a condition: `=` for a boolean or one enum value, `in` for several enum values. */
export type QualifyOp = '=' | 'in' | '>=' | '>' | '<=' | '<';

/** One fact's required value: `{ fact: 'paid_in_wan', op: '>=', value: 10000 }`. */
export interface QualifyCondition {
  fact: string;
  op: QualifyOp;
  /** An array for `in` (enum values in declared order); one value otherwise. */
  value: Scalar | Scalar[];
}

/** One way to qualify: every condition together. Two conditions on one fact bound a range. */
export type Alternative = QualifyCondition[];

/** What the next better amount tier of an eligible provision would need. */
export interface NextTier {
  /** The better tier's amount, e.g. 200万元. */
  amount: Amount;
  /** Ways to reach it (the provision staying eligible); never empty. */
  toQualify: Alternative[];
}

export interface QualifyOptions {
  /** The date asked about (YYYY-MM-DD): a provision whose policy is not in force then gets []. Default: every policy in force. */
  on?: string;
  /** At most this many alternatives (default and ceiling MAX_ALTERNATIVES). */
  limit?: number;
}

/** Alternatives per provision at most (the fewest-condition ones are kept). */
export const MAX_ALTERNATIVES = 16;
/** Terms of a rule's normal form at most; a rule with more keeps the first (each still valid). */
export const MAX_TERMS = 256;
/** Derived facts nested deeper than this are taken as never holding (a cycle or a hostile handbook). */
const MAX_DEPTH = 32;

// ---------------------------------------------------------------------------
// Constraints: what one term asks of one fact

/** Allowed values of a boolean, enum or string fact; `allowed` null = any value not excluded. */
interface SetConstraint {
  kind: 'set';
  allowed: Scalar[] | null;
  excluded: Scalar[];
}

/** A number in an interval, minus some points; `points` non-null = only these values. */
interface NumberConstraint {
  kind: 'number';
  lo: number;
  loStrict: boolean;
  hi: number;
  hiStrict: boolean;
  points: number[] | null;
  excluded: number[];
}

type Constraint = SetConstraint | NumberConstraint;

/** One leaf of the normal form: a fact and what it must be (negation already applied). */
interface Literal {
  fact: string;
  op: ComparisonOperator | 'true' | 'not_true';
  value: Scalar | Scalar[];
}


/** A conjunction of literals; a rule's normal form is a list of them (none = never holds). */
type Conjunction = Literal[];

/** The rule as a disjunction of conjunctions (derived facts expanded, negations at the leaves). */
function normalForm(rule: Rule, handbook: Handbook, negated = false, depth = 0): Conjunction[] {
  switch (rule.kind) {
    case 'not':
      return normalForm(rule.of, handbook, !negated, depth);
    case 'all':
    case 'any': {
      const parts = rule.of.map((r) => normalForm(r, handbook, negated, depth));
      if ((rule.kind === 'any') !== negated) return parts.flat().slice(0, MAX_TERMS);
      let acc: Conjunction[] = [[]];
      for (const part of parts) {
        const next: Conjunction[] = [];
        for (const a of acc) for (const b of part) if (next.length < MAX_TERMS) next.push([...a, ...b]);
        acc = next;
        if (acc.length === 0) break;
      }
      return acc;
    }
    case 'derived': {
      const d = handbook.derived.find((x) => x.id === rule.name);
      // The evaluator leaves an unknown derived fact unknown: it never holds, nor does its negation.
      if (!d || depth >= MAX_DEPTH) return [];
      return normalForm(d.rule, handbook, negated, depth + 1);
    }
    case 'fact':
      return [[{ fact: rule.fact, op: negated ? 'not_true' : 'true', value: true }]];
    case 'compare':
      return [[{ fact: rule.fact, op: negated ? operator(rule.op).negated : rule.op, value: rule.value }]];
  }
}

function universe(fact: Fact | undefined): Scalar[] | null {
  return fact ? closedValues(fact) : null;
}

/** A literal as a constraint on its fact. */
function constraintOf(lit: Literal, fact: Fact | undefined): Constraint {
  if (fact && factType(fact.type).ordered) {
    const c: NumberConstraint = { kind: 'number', lo: -Infinity, loStrict: false, hi: Infinity, hiStrict: false, points: null, excluded: [] };
    const v = lit.value;
    switch (lit.op) {
      case 'gt':
      case 'gte':
        c.lo = v as number;
        c.loStrict = lit.op === 'gt';
        break;
      case 'lt':
      case 'lte':
        c.hi = v as number;
        c.hiStrict = lit.op === 'lt';
        break;
      case 'equals':
        c.points = typeof v === 'number' ? [v] : [];
        break;
      case 'in':
        c.points = (v as Scalar[]).filter((x): x is number => typeof x === 'number');
        break;
      case 'not_equals':
        if (typeof v === 'number') c.excluded = [v];
        break;
      case 'not_in':
        c.excluded = (v as Scalar[]).filter((x): x is number => typeof x === 'number');
        break;
      case 'true':
        c.points = [];
        break;
      case 'not_true':
        break;
    }
    return c;
  }
  const all = universe(fact);
  let allowed: Scalar[] | null = null;
  let excluded: Scalar[] = [];
  switch (lit.op) {
    case 'true':
      allowed = [true];
      break;
    case 'not_true':
      excluded = [true];
      break;
    case 'equals':
      allowed = [lit.value as Scalar];
      break;
    case 'in':
      allowed = [...(lit.value as Scalar[])];
      break;
    case 'not_equals':
      excluded = [lit.value as Scalar];
      break;
    case 'not_in':
      excluded = [...(lit.value as Scalar[])];
      break;
    default:
      // An ordering on a fact that is not a number never holds (validation refuses it).
      allowed = [];
  }
  // With the fact's values known, keep only what is allowed: complement within them.
  if (all) {
    allowed = (allowed ?? all).filter((x) => all.includes(x) && !excluded.includes(x));
    excluded = [];
  }
  return { kind: 'set', allowed, excluded };
}

function intersect(a: Constraint, b: Constraint): Constraint {
  if (a.kind === 'number' && b.kind === 'number') {
    const c: NumberConstraint = { ...a, excluded: [...a.excluded, ...b.excluded] };
    if (b.lo > c.lo || (b.lo === c.lo && b.loStrict)) [c.lo, c.loStrict] = [b.lo, b.loStrict];
    if (b.hi < c.hi || (b.hi === c.hi && b.hiStrict)) [c.hi, c.hiStrict] = [b.hi, b.hiStrict];
    c.points = a.points === null ? b.points : b.points === null ? a.points : a.points.filter((p) => b.points!.includes(p));
    return c;
  }
  if (a.kind === 'set' && b.kind === 'set') {
    const allowed = a.allowed === null ? b.allowed : b.allowed === null ? a.allowed : a.allowed.filter((x) => b.allowed!.includes(x));
    return { kind: 'set', allowed, excluded: [...a.excluded, ...b.excluded] };
  }
  return { kind: 'set', allowed: [], excluded: [] };
}

function inInterval(c: NumberConstraint, v: number): boolean {
  return (c.loStrict ? v > c.lo : v >= c.lo) && (c.hiStrict ? v < c.hi : v <= c.hi);
}

/** Does a known value satisfy the constraint, exactly as the evaluator's comparisons decide? */
function satisfies(c: Constraint, v: Scalar): boolean {
  if (c.kind === 'set') return (c.allowed === null || c.allowed.includes(v)) && !c.excluded.includes(v);
  if (typeof v !== 'number') return false;
  return inInterval(c, v) && (c.points === null || c.points.includes(v)) && !c.excluded.includes(v);
}

// ---------------------------------------------------------------------------
// Pieces: a constraint as conditions the six operators can say

/** One representable part of a constraint: a set of values, or a range (domain-clipped). */
type Piece =
  | { kind: 'set'; values: Scalar[] }
  | { kind: 'range'; lo: number; loStrict: boolean; hi: number; hiStrict: boolean };

/** A piece with its conditions made once (shared by every profile that needs it). */
interface FactPiece {
  fact: string;
  order: number;
  piece: Piece;
  conditions: QualifyCondition[];
  /** Sort key among pieces of the same fact. */
  key: string;
}

/** The constraint as pieces a condition list can state (several when a point is excluded); [] when none. */
function piecesOf(c: Constraint, fact: Fact | undefined, order: number, id: string): FactPiece[] {
  const make = (piece: Piece): FactPiece | undefined => {
    const conditions = conditionsOf(piece, fact, id);
    if (conditions.length === 0) return undefined;
    return { fact: id, order, piece, conditions, key: JSON.stringify(conditions.map((x) => [x.op, x.value])) };
  };
  const out: FactPiece[] = [];
  if (c.kind === 'set') {
    // Only exclusions (a string fact): "anything but" cannot be said with the six operators.
    if (c.allowed === null) return [];
    const values = c.allowed.filter((v, i) => !c.excluded.includes(v) && c.allowed!.indexOf(v) === i);
    // In the fact's own order (enum values as declared; true before false).
    const order = universe(fact);
    if (order) values.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const p = values.length > 0 ? make({ kind: 'set', values }) : undefined;
    return p ? [p] : [];
  }
  // Clip to the fact's declared [min, max]: a value outside it cannot be given.
  const r: NumberConstraint = { ...c };
  if (fact?.min !== undefined && (fact.min > r.lo || (fact.min === r.lo && !r.loStrict))) [r.lo, r.loStrict] = [fact.min, false];
  if (fact?.max !== undefined && (fact.max < r.hi || (fact.max === r.hi && !r.hiStrict))) [r.hi, r.hiStrict] = [fact.max, false];
  if (r.points !== null) {
    for (const p of [...new Set(r.points)].sort((a, b) => a - b)) {
      if (inInterval(r, p) && !r.excluded.includes(p) && out.length < MAX_ALTERNATIVES) {
        const piece = make({ kind: 'range', lo: p, loStrict: false, hi: p, hiStrict: false });
        if (piece) out.push(piece);
      }
    }
    return out;
  }
  // The interval split at each excluded point inside it: (lo, p1), (p1, p2), … (pn, hi).
  const cuts = [...new Set(r.excluded)].filter((p) => inInterval(r, p)).sort((a, b) => a - b);
  let lo = r.lo;
  let loStrict = r.loStrict;
  for (const p of [...cuts, undefined]) {
    const hi = p ?? r.hi;
    const hiStrict = p === undefined ? r.hiStrict : true;
    const nonEmpty = lo < hi || (lo === hi && !loStrict && !hiStrict);
    if (nonEmpty && out.length < MAX_ALTERNATIVES) {
      const piece = make({ kind: 'range', lo, loStrict, hi, hiStrict });
      if (piece) out.push(piece);
    }
    if (p !== undefined) [lo, loStrict] = [p, true];
  }
  return out;
}

/** A piece as conditions: bounds the fact's own min/max already give are left out. */
function conditionsOf(piece: Piece, fact: Fact | undefined, id: string): QualifyCondition[] {
  if (piece.kind === 'set') {
    return piece.values.length === 1 ? [{ fact: id, op: '=', value: piece.values[0]! }] : [{ fact: id, op: 'in', value: piece.values }];
  }
  const out: QualifyCondition[] = [];
  const lower: QualifyCondition | undefined = Number.isFinite(piece.lo) ? { fact: id, op: piece.loStrict ? '>' : '>=', value: piece.lo } : undefined;
  const upper: QualifyCondition | undefined = Number.isFinite(piece.hi) ? { fact: id, op: piece.hiStrict ? '<' : '<=', value: piece.hi } : undefined;
  const lowerImplied = !lower || (fact?.min === piece.lo && !piece.loStrict);
  const upperImplied = !upper || (fact?.max === piece.hi && !piece.hiStrict);
  if (lower && !lowerImplied) out.push(lower);
  if (upper && !upperImplied) out.push(upper);
  // The whole declared range (an unknown fact that only has to be given): say its bound anyway.
  if (out.length === 0) {
    if (lower) out.push(lower);
    else if (upper) out.push(upper);
  }
  return out;
}

/** Is every value of piece `a` also allowed by piece `b`? */
function within(a: Piece, b: Piece): boolean {
  if (a.kind === 'set' && b.kind === 'set') return a.values.every((v) => b.values.includes(v));
  if (a.kind === 'range' && b.kind === 'range') {
    const loOk = a.lo > b.lo || (a.lo === b.lo && (a.loStrict || !b.loStrict));
    const hiOk = a.hi < b.hi || (a.hi === b.hi && (a.hiStrict || !b.hiStrict));
    return loOk && hiOk;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Plans: a rule's terms, made once; alternatives for a profile, made from them

/** One term's constraint on one fact, with the ways to state it. */
interface TermFact {
  fact: string;
  constraint: Constraint;
  /** Known and not satisfied, may the fact change? */
  changeable: boolean;
  pieces: FactPiece[];
}

/** A rule compiled for `toQualify`: its satisfiable terms. */
export interface QualifyPlan {
  terms: TermFact[][];
  /** Number of (term, fact) cells: the size of a profile's signature. */
  cells: number;
}

/** Compiles a rule (a provision's, or a provision's and a tier's together) into a plan. */
export function qualifyPlan(handbook: Handbook, rule: Rule): QualifyPlan {
  const facts = new Map(handbook.facts.map((f, i) => [f.id, { fact: f, order: i }]));
  const terms: TermFact[][] = [];
  const seen = new Set<string>();
  for (const conj of normalForm(rule, handbook)) {
    const merged = new Map<string, Constraint>();
    for (const lit of conj) {
      const c = constraintOf(lit, facts.get(lit.fact)?.fact);
      const prev = merged.get(lit.fact);
      merged.set(lit.fact, prev ? intersect(prev, c) : c);
    }
    const term: TermFact[] = [];
    let possible = true;
    // In declared fact order, so alternatives read and sort in that order.
    const ids = [...merged.keys()].sort((a, b) => (facts.get(a)?.order ?? Infinity) - (facts.get(b)?.order ?? Infinity) || (a < b ? -1 : a > b ? 1 : 0));
    for (const id of ids) {
      const info = facts.get(id);
      const constraint = merged.get(id)!;
      const pieces = piecesOf(constraint, info?.fact, info?.order ?? Infinity, id);
      // A set constraint with nothing allowed can never hold; so neither can the term.
      if (constraint.kind === 'set' && constraint.allowed !== null && constraint.allowed.every((v) => constraint.excluded.includes(v))) possible = false;
      if (constraint.kind === 'number' && pieces.length === 0 && isEmptyNumber(constraint)) possible = false;
      term.push({ fact: id, constraint, changeable: info?.fact.changeable === true, pieces });
    }
    if (!possible) continue;
    const key = JSON.stringify(term.map((t) => [t.fact, t.constraint]));
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push(term);
  }
  return { terms, cells: terms.reduce((n, t) => n + t.length, 0) };
}

function isEmptyNumber(c: NumberConstraint): boolean {
  if (!(c.lo < c.hi || (c.lo === c.hi && !c.loStrict && !c.hiStrict))) return true;
  if (c.points !== null) return !c.points.some((p) => inInterval(c, p) && !c.excluded.includes(p));
  return c.lo === c.hi && c.excluded.includes(c.lo);
}

/**
 * The state of one (term, fact) cell for a profile: satisfied already, to be given (unknown),
 * to be changed (known, changeable, not satisfied), or blocked (known, fixed, not satisfied).
 * Unknown and to-change are told apart so that profiles sharing a memo entry also share
 * which facts are to be confirmed (the words of an alternative depend on it).
 */
const SATISFIED = 0;
const UNKNOWN = 1;
const CHANGE = 2;
const BLOCKED = 3;
const STATES = 4;

function cellState(t: TermFact, profile: Profile): number {
  const v = profile[t.fact];
  if (v === undefined || v === null) return UNKNOWN;
  if (satisfies(t.constraint, v)) return SATISFIED;
  return t.changeable ? CHANGE : BLOCKED;
}

interface Candidate {
  pieces: FactPiece[];
  size: number;
  key: string;
}

/** The alternatives a plan gives for cell states (one per cell, term by term). */
function alternativesFor(plan: QualifyPlan, states: ArrayLike<number>, limit: number): Alternative[] {
  const candidates: Candidate[] = [];
  let cell = 0;
  for (const term of plan.terms) {
    const needed: TermFact[] = [];
    let blocked = false;
    for (const t of term) {
      const s = states[cell++]!;
      if (s === BLOCKED || (s !== SATISFIED && t.pieces.length === 0)) blocked = true;
      else if (s !== SATISFIED) needed.push(t);
    }
    // The rule already holds through this term: nothing to ask (the provision is eligible).
    if (blocked) continue;
    if (needed.length === 0) return [];
    // One piece per needed fact: the product (an excluded point splits a fact in two).
    let combos: FactPiece[][] = [[]];
    for (const t of needed) {
      const next: FactPiece[][] = [];
      for (const c of combos) for (const p of t.pieces) if (next.length < MAX_TERMS) next.push([...c, p]);
      combos = next;
    }
    for (const pieces of combos) {
      if (candidates.length >= MAX_TERMS) break;
      candidates.push({ pieces, size: pieces.reduce((n, p) => n + p.conditions.length, 0), key: pieces.map((p) => `${p.order}:${p.fact}:${p.key}`).join('|') });
    }
  }
  // Fewest conditions first, then by facts in declared order and their values: deterministic.
  candidates.sort((a, b) => a.size - b.size || compareCandidates(a, b));
  // Drop one that asks at least as much as another (its facts or more, each no looser); of
  // two that ask the same, the first stays.
  const kept = candidates.filter((c, i) => !candidates.some((k, j) => j !== i && asksNoMore(k, c) && (j < i || !asksNoMore(c, k))));
  return kept.slice(0, limit).map((c) => c.pieces.flatMap((p) => p.conditions));
}

function compareCandidates(a: Candidate, b: Candidate): number {
  const n = Math.min(a.pieces.length, b.pieces.length);
  for (let i = 0; i < n; i++) {
    const pa = a.pieces[i]!;
    const pb = b.pieces[i]!;
    if (pa.order !== pb.order) return pa.order - pb.order;
    if (pa.fact !== pb.fact) return pa.fact < pb.fact ? -1 : 1;
    if (pa.key !== pb.key) return pa.key < pb.key ? -1 : 1;
  }
  return a.pieces.length - b.pieces.length;
}

/** Does `k` ask no more than `c`: each of k's facts is in c, with c's piece within k's? */
function asksNoMore(k: Candidate, c: Candidate): boolean {
  return k.pieces.every((kp) => c.pieces.some((cp) => cp.fact === kp.fact && within(cp.piece, kp.piece)));
}

/** The cell states of a profile for a plan. */
function statesOf(plan: QualifyPlan, profile: Profile): number[] {
  const states: number[] = [];
  for (const term of plan.terms) for (const t of term) states.push(cellState(t, profile));
  return states;
}

/** A plan's alternatives for a profile (the rule is assumed not to hold yet). */
export function planAlternatives(plan: QualifyPlan, profile: Profile, limit = MAX_ALTERNATIVES): Alternative[] {
  return alternativesFor(plan, statesOf(plan, profile), Math.min(limit, MAX_ALTERNATIVES));
}

/**
 * A plan with a memo of results by cell states, for batches: profiles that stand the same
 * way towards every term get the same (shared, frozen) alternatives without recomputing.
 */
export class QualifyMemo {
  private readonly memo = new Map<number, Alternative[]>();
  private readonly states: Uint8Array;
  /** Signatures as base-4 numbers stay exact up to 26 cells; beyond that, no memo. */
  private readonly usable: boolean;

  constructor(readonly plan: QualifyPlan) {
    this.states = new Uint8Array(plan.cells);
    this.usable = plan.cells <= 26;
  }

  alternatives(profile: Profile): Alternative[] {
    const states = this.states;
    let sig = 0;
    let cell = 0;
    for (const term of this.plan.terms) {
      for (const t of term) {
        const s = cellState(t, profile);
        states[cell++] = s;
        sig = sig * STATES + s;
      }
    }
    if (!this.usable) return alternativesFor(this.plan, states, MAX_ALTERNATIVES);
    let alts = this.memo.get(sig);
    if (alts === undefined) {
      alts = deepFreeze(alternativesFor(this.plan, states, MAX_ALTERNATIVES));
      if (this.memo.size < 4096) this.memo.set(sig, alts);
    }
    return alts;
  }
}

function deepFreeze(alts: Alternative[]): Alternative[] {
  for (const a of alts) {
    for (const c of a) Object.freeze(c);
    Object.freeze(a);
  }
  return Object.freeze(alts) as Alternative[];
}

// ---------------------------------------------------------------------------
// The public functions

function policyInForce(handbook: Handbook, provision: Provision, on: string | undefined): boolean {
  if (on === undefined) return true;
  const policy = handbook.policies.find((p) => p.id === provision.policy) ?? handbook.policies.find((p) => p.provisions.includes(provision));
  return policy !== undefined && inForce(policy, on);
}

/**
 * Every way a provision the profile is not eligible for (ineligible or undetermined) could
 * become eligible, keeping every other fact as it is. Applying all conditions of one
 * alternative to the profile makes the provision eligible (a fact unknown in the profile is
 * set to a value the condition allows). A condition names only facts unknown in the profile
 * or declared `changeable`; alternatives are minimal (none asks at least as much as another)
 * and tight (a number's bound is the rule's own threshold), fewest conditions first, at
 * most MAX_ALTERNATIVES. [] for an eligible provision, one not in force on `on`, and one
 * no allowed change can make eligible.
 *
 * @example
 * const p = handbook.policies.flatMap((x) => x.provisions).find((x) => x.id === 'fiscal.contribution-reward')!;
 * toQualify(handbook, { investor_origin: '省外浙商', paid_in_wan: 6000 }, p);
 * // [[{ fact: 'paid_in_wan', op: '>=', value: 10000 }]]
 */
export function toQualify(handbook: Handbook, profile: Profile, provision: Provision, options: QualifyOptions = {}): Alternative[] {
  if (!policyInForce(handbook, provision, options.on)) return [];
  const ctx = makeContext(handbook.facts, handbook.derived, profile);
  ctx.words = false;
  if (evaluate(provision.rule, ctx).value === true) return [];
  return planAlternatives(qualifyPlan(handbook, provision.rule), profile, options.limit);
}

/**
 * For an eligible provision with tiers whose amount is not the best: the nearest better
 * tier that some allowed change can reach, and how (the provision staying eligible). Tiers
 * are best first (the first whose condition holds gives the amount). When no tier is
 * decided yet (its fact unknown or none holds), the nearest tier from the last upwards.
 * null when the provision is not eligible, has no tiers, already has the first tier, or
 * no better tier can be reached.
 *
 * @example
 * nextTier(handbook, { investor_origin: '省外浙商', paid_in_wan: 100, headquarters: '总部', registered_capital_wan: 6000 }, hqReward);
 * // { amount: { value: 200, unit: '万元', text: '200万元' }, toQualify: [[{ fact: 'registered_capital_wan', op: '>=', value: 10000 }]] }
 */
export function nextTier(handbook: Handbook, profile: Profile, provision: Provision, options: QualifyOptions = {}): NextTier | null {
  if (provision.tiers.length === 0 || !policyInForce(handbook, provision, options.on)) return null;
  const ctx = makeContext(handbook.facts, handbook.derived, profile);
  ctx.words = false;
  if (evaluate(provision.rule, ctx).value !== true) return null;
  return nextTierFrom(provision, chosenTier(provision, (rule) => evaluate(rule, ctx).value), (i) => planAlternatives(tierPlan(handbook, provision, i), profile, options.limit));
}

/** The index of the tier that gives the amount (-1 when none is decided), as check() picks it. */
export function chosenTier(provision: Provision, value: (rule: Rule) => boolean | null): number {
  for (let i = 0; i < provision.tiers.length; i++) {
    const v = value(provision.tiers[i]!.when);
    if (v === true) return i;
    if (v === null) return -1;
  }
  return -1;
}

/** The plan of "the provision holds and tier i holds". */
export function tierPlan(handbook: Handbook, provision: Provision, i: number): QualifyPlan {
  return qualifyPlan(handbook, { kind: 'all', of: [provision.rule, provision.tiers[i]!.when] });
}

/** Walks from the chosen tier upwards to the first better tier with a way to reach it. */
export function nextTierFrom(provision: Provision, chosen: number, alternatives: (tier: number) => Alternative[]): NextTier | null {
  const start = chosen === -1 ? provision.tiers.length - 1 : chosen - 1;
  for (let i = start; i >= 0; i--) {
    const alts = alternatives(i);
    if (alts.length > 0) return { amount: tierAmount(provision.tiers[i]!), toQualify: alts };
  }
  return null;
}
