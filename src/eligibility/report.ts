//! The report of a check, as plain data: the `--json` contract, the groups of the
//! terminal report, and the full explanation of one provision (its trace and its tiers).
//! In: a Handbook, a CheckResult (and for explanations the profile). Out: serialisable
//! objects; the CLI only prints them. Pure: no I/O, no colours.

import type { Handbook, Policy, Profile, Provision } from '../model/index.js';
import { evaluate, makeContext, negatesLeaf, type TraceNode, type Truth } from './evaluate.js';
import { describeRule } from './words.js';
import { clauseLabel, tierAmount } from '../words/index.js';
import type { Amount, CheckResult, Decision, Status } from './check.js';
import { describeAlternative } from './qualify-words.js';

/** One provision in the `--json` contract: a Decision without its trace (see --explain). */
export type ReportResult = Omit<Decision, 'trace'>;

/** The `handbook check --json` document (docs/CHECK.md). */
export interface Report {
  handbook: { title: string; version: string };
  /** The enterprise's name from the profile, or null. */
  name: string | null;
  on: string;
  results: ReportResult[];
  summary: Record<Status, number>;
}

export const STATUSES: readonly Status[] = ['eligible', 'undetermined', 'ineligible', 'not_in_force'];

function resultOf(d: Decision): ReportResult {
  return {
    id: d.id,
    policy: d.policy,
    title: d.title,
    status: d.status,
    amount: d.amount,
    missing: d.missing,
    reasons: d.reasons,
    toQualify: d.toQualify,
    nextTier: d.nextTier,
    source: d.source,
  };
}

/**
 * The `--json` contract of a check: every provision's status, amount, missing facts,
 * reasons and source; `only` keeps the results of some statuses (the summary stays whole).
 *
 * @example
 * const report = toReport(handbook, check(handbook, profile, { on: '2026-11-30' }), { name: '之澜新能源' });
 * report.summary.eligible; // 12
 */
export function toReport(handbook: Handbook, result: CheckResult, options: { name?: string; only?: readonly Status[] } = {}): Report {
  const keep = options.only && options.only.length > 0 ? new Set(options.only) : undefined;
  return {
    handbook: { title: handbook.meta.title, version: handbook.meta.version },
    name: options.name ?? null,
    on: result.on,
    results: result.decisions.filter((d) => !keep || keep.has(d.status)).map(resultOf),
    summary: result.summary,
  };
}

/** The decisions grouped by status, in report order: 符合, 待定, 不符合, then 未生效. */
export function groupByStatus(decisions: readonly Decision[]): { status: Status; decisions: Decision[] }[] {
  return STATUSES.map((status) => ({ status, decisions: decisions.filter((d) => d.status === status) }));
}

/** The policy a provision belongs to. */
export function policyOf(handbook: Handbook, policyId: string): Policy | undefined {
  return handbook.policies.find((p) => p.id === policyId);
}

/** One line of an explanation: a trace node at its depth. */
export interface TraceLine {
  depth: number;
  value: Truth;
  text: string;
}

/** A trace as lines, depth first. A derived fact's own rule is shown beneath it. */
export function traceLines(node: TraceNode, depth = 0, out: TraceLine[] = []): TraceLine[] {
  out.push({ depth, value: node.value, text: node.text });
  // A negated leaf already says "not …" in its words; its child would only repeat it.
  const children = negatesLeaf(node) ? [] : node.children;
  for (const c of children) traceLines(c, depth + 1, out);
  return out;
}

export interface TierExplanation {
  /** The tier's condition in words, e.g. 注册资本 ≥ 10000万元. */
  condition: string;
  value: Truth;
  amount: Amount;
  /** This tier gives the amount (the first whose condition holds). */
  chosen: boolean;
}

export interface Explanation {
  decision: Decision;
  provision: Provision;
  policy: Policy;
  /** As printed, e.g. 二（一）. */
  clause: string;
  lines: TraceLine[];
  tiers: TierExplanation[];
}

/**
 * Everything about one provision's decision: the full trace in words and each tier's
 * condition against the profile. Undefined when the id is not a provision of the handbook.
 */
export function explain(handbook: Handbook, profile: Profile, result: CheckResult, id: string): Explanation | undefined {
  const decision = result.decisions.find((d) => d.id === id);
  const policy = decision && policyOf(handbook, decision.policy);
  const provision = policy?.provisions.find((p) => p.id === id);
  if (!decision || !policy || !provision) return undefined;
  const ctx = makeContext(handbook.facts, handbook.derived, profile);
  // As check() picks: the first tier that holds, provided every tier before it is false.
  let open = decision.status === 'eligible';
  const tiers = provision.tiers.map((tier) => {
    const value = evaluate(tier.when, ctx).value;
    const isChosen = open && value === true;
    if (value !== false) open = false;
    return {
      condition: describeRule(tier.when, ctx.facts, ctx.derived),
      value,
      amount: tierAmount(tier),
      chosen: isChosen,
    };
  });
  return { decision, provision, policy, clause: clauseLabel(policy, decision.source.clause), lines: traceLines(decision.trace), tiers };
}

/**
 * What a decision says it would take, in words, one sentence per way: for a provision not
 * yet eligible its `toQualify` (若…，即可享受), for an eligible one its next tier (若…，可享受
 * 200万元); [] when there is nothing to say. The profile tells changes from confirmations.
 *
 * @example
 * qualifyWords(handbook, decision, profile); // ['若到位资金达到 10000 万元（再增加 4000 万元），即可享受']
 */
export function qualifyWords(handbook: Handbook, decision: Pick<Decision, 'toQualify' | 'nextTier'>, profile: Profile): string[] {
  if (decision.nextTier) {
    const outcome = `可享受 ${decision.nextTier.amount.text}`;
    return decision.nextTier.toQualify.map((a) => describeAlternative(handbook, a, { profile, outcome }));
  }
  return decision.toQualify.map((a) => describeAlternative(handbook, a, { profile }));
}

/** All provision ids of a handbook, for "did you mean". */
export function provisionIds(handbook: Handbook): string[] {
  return handbook.policies.flatMap((p) => p.provisions.map((pr) => pr.id));
}
