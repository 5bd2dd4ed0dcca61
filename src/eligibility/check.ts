//! Deciding provisions for a profile on a date, and choosing the next questions.
//! In: a Handbook, a Profile, a date (YYYY-MM-DD). Out: one Decision per provision —
//! status, amount from tiers, the facts still missing, reasons in words, the full trace —
//! and, for an interview, the unknown facts ranked by how many provisions they can settle.
//! Pure: the date is an argument, never read from the clock here.

import type { Amount, Fact, Handbook, Policy, Profile, Provision, Status } from '../model/index.js';
import { tierAmount } from '../words/index.js';
import { inForce } from './provision.js';
import { nextTierFrom, planAlternatives, qualifyPlan, QualifyMemo, tierPlan, type Alternative, type NextTier } from './qualify.js';
import { evaluate, factValue, makeContext, negatesLeaf, RuleCompiler, type CompiledRule, type EvalContext, type TraceNode } from './evaluate.js';

export type { Amount, Status };
export { inForce };

export interface Decision {
  id: string;
  policy: string;
  title: string;
  status: Status;
  /** The amount a tier gives; null when no tier applies or the deciding fact is unknown. */
  amount: Amount | null;
  /** Unknown facts whose answers could decide the status or the amount. */
  missing: string[];
  /** The top-level conditions with ✓ ✗ ?, in words. */
  reasons: string[];
  /**
   * Ways to become eligible, keeping every other fact (see qualify.ts): [] when eligible,
   * not in force, or when no allowed change can make it eligible.
   */
  toQualify: Alternative[];
  /** For an eligible provision whose tier is not the best: what the next better tier needs; else null. */
  nextTier: NextTier | null;
  trace: TraceNode;
  source: { file: string; line: number; clause: string };
}

export interface CheckOptions {
  /** The date asked about, YYYY-MM-DD. */
  on: string;
  /**
   * Build the reasons and the trace's words (default true). `false` leaves `reasons`
   * empty and the trace's texts blank — statuses, amounts and missing facts are the same,
   * several times faster: for batches.
   */
  reasons?: boolean;
}

export interface CheckResult {
  on: string;
  decisions: Decision[];
  summary: Record<Status, number>;
}

const MARK = { true: '✓', false: '✗', null: '？' } as const;

export function mark(value: boolean | null): string {
  return MARK[String(value) as keyof typeof MARK];
}

/** A condition in one line: a leaf's words, or a group's parts with their marks in brackets. */
function inlineText(n: TraceNode): string {
  if (n.kind === 'all' || n.kind === 'any') {
    return `（${n.children.map((c) => `${inlineText(c)} ${mark(c.value)}`).join(n.kind === 'all' ? '，且' : '，或')}）`;
  }
  if (n.kind === 'not' && !negatesLeaf(n)) return `并非${inlineText(n.children[0]!)}`;
  return n.text;
}

/** The top-level conditions of a trace, each with its mark. */
function reasonsOf(trace: TraceNode): string[] {
  const nodes = trace.kind === 'all' || trace.kind === 'any' ? trace.children : [trace];
  return nodes.map((n) => `${inlineText(n)} ${mark(n.value)}`);
}

function decideProvision(handbook: Handbook, provision: Provision, policy: Policy, ctx: EvalContext, inForceOn: boolean, qualify: boolean): Decision {
  const trace = evaluate(provision.rule, ctx);
  let status: Status = trace.value === true ? 'eligible' : trace.value === false ? 'ineligible' : 'undetermined';
  let missing = trace.missing;
  let amount: Amount | null = null;
  let chosen = -1;
  if (status === 'eligible' && provision.tiers.length > 0) {
    for (const [i, tier] of provision.tiers.entries()) {
      const t = evaluate(tier.when, ctx);
      if (t.value === true) {
        amount = tierAmount(tier);
        chosen = i;
        break;
      }
      if (t.value === null) {
        missing = [...new Set([...missing, ...t.missing])];
        break;
      }
    }
  }
  let alternatives: Alternative[] = [];
  let next: NextTier | null = null;
  if (!inForceOn) {
    status = 'not_in_force';
    missing = [];
    amount = null;
  } else if (qualify && status !== 'eligible') {
    alternatives = planAlternatives(qualifyPlan(handbook, provision.rule), ctx.profile);
  } else if (qualify && provision.tiers.length > 0) {
    next = nextTierFrom(provision, chosen, (i) => planAlternatives(tierPlan(handbook, provision, i), ctx.profile));
  }
  return {
    id: provision.id,
    policy: policy.id,
    title: provision.title,
    status,
    amount,
    missing,
    reasons: ctx.words === false ? [] : reasonsOf(trace),
    toQualify: alternatives,
    nextTier: next,
    trace,
    source: { file: provision.source.file, line: provision.source.line, clause: provision.clause },
  };
}

/**
 * Decides every provision of the handbook for one profile on one date.
 *
 * @example
 * const result = check(handbook, { investor_origin: '省外浙商', paid_in_wan: 12000 }, { on: '2026-11-30' });
 * result.decisions.find((d) => d.id === 'fiscal.contribution-reward')?.status; // 'eligible'
 */
export function check(handbook: Handbook, profile: Profile, options: CheckOptions): CheckResult {
  const decisions = decideAll(handbook, profile, options.on, options.reasons !== false, true);
  const summary: Record<Status, number> = { eligible: 0, ineligible: 0, undetermined: 0, not_in_force: 0 };
  for (const d of decisions) summary[d.status]++;
  return { on: options.on, decisions, summary };
}

/** Every provision's decision; with `on` undefined every policy counts as in force. */
function decideAll(handbook: Handbook, profile: Profile, on: string | undefined, words: boolean, qualify: boolean): Decision[] {
  const ctx = makeContext(handbook.facts, handbook.derived, profile);
  if (!words) ctx.words = false;
  const decisions: Decision[] = [];
  for (const policy of handbook.policies) {
    const inForceOn = on === undefined || inForce(policy, on);
    for (const provision of policy.provisions) decisions.push(decideProvision(handbook, provision, policy, ctx, inForceOn, qualify));
  }
  return decisions;
}

/** A decision without words or trace: what a batch writes for each provision. */
export type StatusDecision = Pick<Decision, 'id' | 'status' | 'amount' | 'missing' | 'toQualify' | 'nextTier'>;

/** The statuses of every provision for one profile (a CheckResult without words or traces). */
export interface StatusResult {
  on: string;
  decisions: StatusDecision[];
  summary: Record<Status, number>;
}

/**
 * Compiles a handbook's rules once for one date and returns a function that decides every
 * provision for a profile: the same ids, statuses, amounts and missing facts, in the same
 * order, as `check(handbook, profile, { on })`, without reasons or traces — for batches of
 * many profiles. The function keeps state between calls (it is not reentrant).
 *
 * @example
 * const decide = statusChecker(handbook, { on: '2026-11-30' });
 * for (const profile of profiles) decide(profile).summary.eligible;
 */
export function statusChecker(handbook: Handbook, options: Pick<CheckOptions, 'on'>): (profile: Profile) => StatusResult {
  const on = options.on;
  const compiler = new RuleCompiler(handbook.derived);
  interface Plan {
    id: string;
    inForce: boolean;
    rule: CompiledRule;
    tiers: { when: CompiledRule; amount: Amount }[];
    /** toQualify of the rule, and of each tier (with the rule), memoised by how a profile stands. */
    qualify: QualifyMemo;
    tierQualify: QualifyMemo[];
    provision: Provision;
  }
  const plans: Plan[] = [];
  for (const policy of handbook.policies) {
    const inForceOn = inForce(policy, on);
    for (const provision of policy.provisions) {
      plans.push({
        id: provision.id,
        inForce: inForceOn,
        rule: compiler.compile(provision.rule),
        tiers: provision.tiers.map((tier) => ({
          when: compiler.compile(tier.when),
          amount: Object.freeze(tierAmount(tier)),
        })),
        qualify: new QualifyMemo(qualifyPlan(handbook, provision.rule)),
        tierQualify: provision.tiers.map((_t, i) => new QualifyMemo(tierPlan(handbook, provision, i))),
        provision,
      });
    }
  }
  const scratch: string[] = [];
  return (profile) => {
    compiler.next();
    const summary: Record<Status, number> = { eligible: 0, ineligible: 0, undetermined: 0, not_in_force: 0 };
    const decisions: StatusDecision[] = new Array(plans.length);
    for (let i = 0; i < plans.length; i++) {
      const plan = plans[i]!;
      let status: Status = 'not_in_force';
      let amount: Amount | null = null;
      let alternatives: Alternative[] = NONE;
      let next: NextTier | null = null;
      // Gathered in one scratch list, copied out at their exact size (less garbage per row).
      scratch.length = 0;
      if (plan.inForce) {
        const value = plan.rule.value(profile);
        if (value === null) {
          status = 'undetermined';
          plan.rule.missing(profile, scratch);
          alternatives = plan.qualify.alternatives(profile);
        } else if (value) {
          status = 'eligible';
          // The first tier that holds gives the amount; an unknown one before it leaves it open.
          let chosen = -1;
          for (let t = 0; t < plan.tiers.length; t++) {
            const tier = plan.tiers[t]!;
            const v = tier.when.value(profile);
            if (v === true) {
              amount = tier.amount;
              chosen = t;
              break;
            }
            if (v === null) {
              tier.when.missing(profile, scratch);
              break;
            }
          }
          if (chosen !== 0 && plan.tiers.length > 0) next = nextTierFrom(plan.provision, chosen, (t) => plan.tierQualify[t]!.alternatives(profile));
        } else {
          status = 'ineligible';
          alternatives = plan.qualify.alternatives(profile);
        }
      }
      summary[status]++;
      decisions[i] = { id: plan.id, status, amount, missing: scratch.length === 0 ? [] : scratch.slice(), toQualify: alternatives, nextTier: next };
    }
    return { on, decisions, summary };
  };
}

/** One shared empty list of alternatives (frozen: a batch hands it to every eligible row). */
const NONE: Alternative[] = Object.freeze([]) as unknown as Alternative[];

export interface Question {
  fact: Fact;
  /** How many provisions this fact's answer could still change. */
  decides: number;
  /** Provision ids it could change. */
  provisions: string[];
}

/**
 * The unknown facts whose answers can still change some result, most decisive first
 * (the fact that appears in the most undetermined provisions; ties in declared order).
 * Without `on`, every policy counts as in force; with it, provisions not in force on
 * that date ask nothing.
 *
 * @example
 * nextQuestions(handbook, { size: '小型' }, { on: '2026-11-30' })[0]?.fact.id; // e.g. 'investor_origin'
 */
export function nextQuestions(handbook: Handbook, profile: Profile, options?: Pick<CheckOptions, 'on'>): Question[] {
  const decisions = decideAll(handbook, profile, options?.on, false, false);
  const byFact = new Map<string, string[]>();
  for (const d of decisions) {
    for (const f of d.missing) {
      if (!byFact.has(f)) byFact.set(f, []);
      byFact.get(f)!.push(d.id);
    }
  }
  const order = new Map(handbook.facts.map((f, i) => [f.id, i]));
  return handbook.facts
    .filter((f) => byFact.has(f.id) && factValue(profile, f.id) === undefined)
    .map((fact) => ({ fact, decides: byFact.get(fact.id)!.length, provisions: byFact.get(fact.id)! }))
    .sort((a, b) => b.decides - a.decides || order.get(a.fact.id)! - order.get(b.fact.id)!);
}

