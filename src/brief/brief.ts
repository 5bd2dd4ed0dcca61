//! The brief: what a service group hands one enterprise after a visit, as plain data.
//! In: a compiled Handbook, the enterprise's profile, the date asked about (`on`) and the date
//! printed. Out: a Brief — the provisions it can have (with grant, amount, policy and the
//! clause's own text), those that need an answer first (with the questions), those it nearly
//! reaches (with what it would take), and the facts it was based on, so the enterprise can
//! correct them. Pure: no I/O, no clock; the HTML and PDF are made from it by src/brief/render.ts.

import type { Fact, Handbook, Policy, Profile, Provenance, Provision } from '../model/index.js';
import { check, type Decision } from '../eligibility/check.js';
import type { Alternative, QualifyCondition } from '../eligibility/qualify.js';
import { describeAlternative } from '../eligibility/qualify-words.js';
import { formatValue } from '../eligibility/words.js';
import { chineseDate } from '../render/view.js';
import { clauseLabel, PROVENANCE_WORDS } from '../words/index.js';

export interface BriefOptions {
  /** The date the provisions are decided on (policies in force), YYYY-MM-DD. */
  on: string;
  /** The date printed on the brief, YYYY-MM-DD (default: `on`). */
  date?: string;
  /** The enterprise's name (a profile file's `name`). */
  name?: string;
}

/** A policy a brief cites: its head and its provenance, marked as the booklet marks it. */
export interface BriefPolicy {
  id: string;
  title: string;
  issuer: string;
  number?: string;
  provenance: Provenance;
  /** 已核实 / 部分核实 / 示例文本 */
  provenanceLabel: string;
}

export interface BriefClause {
  id: string;
  /** As printed: 二（一）. */
  label: string;
  /** The clause's own text, Markdown (untrusted: sanitised when rendered). */
  markdown: string;
  /** The same as plain text. */
  text: string;
}

/** A fact the brief asks about or was based on. */
export interface BriefFact {
  id: string;
  label: string;
  question: string;
  /** The value as a reader sees it (12000万元, 是, 杭州); null when the profile does not give it. */
  value: string | null;
  unit?: string;
}

/** A provision as every section shows it. */
export interface BriefProvision {
  id: string;
  title: string;
  /** What it gives (支持内容). */
  grants: string;
  policy: BriefPolicy;
  clause: BriefClause;
}

export interface BriefEligible extends BriefProvision {
  /** The amount of the tier that applies (200万元), or null when none applies or it is still open. */
  amount: string | null;
  /** Unknown facts the amount still depends on. */
  amountDependsOn: BriefFact[];
  /** When a better amount tier is within reach: its amount and the ways to it; else null. */
  nextTier: { amount: string; ways: BriefWay[] } | null;
}

export interface BriefUndetermined extends BriefProvision {
  /** The questions whose answers would settle it (the decision's missing facts). */
  questions: BriefFact[];
}

/** One way to qualify (an Alternative of check's `toQualify`), with its words. */
export interface BriefWay {
  conditions: QualifyCondition[];
  /** In words (describeAlternative): 若到位资金达到 10000 万元（再增加 4000 万元），即可享受. */
  words: string;
}

export interface BriefNearMiss extends BriefProvision {
  /** What it would take (check's `toQualify`, keeping every other fact), fewest conditions first. */
  ways: BriefWay[];
}

export interface Brief {
  /** The enterprise's name, control characters removed; null when the profile has none. */
  enterprise: string | null;
  /** The printed date, YYYY-MM-DD, and in words (2026年11月30日). */
  date: string;
  dateText: string;
  /** The date decided on, YYYY-MM-DD, and in words. */
  on: string;
  onText: string;
  handbook: { title: string; publisher: string; version: string };
  /** What the brief is: a service document, not an official decision. */
  serviceNote: string;
  /** On illustrative or partly confirmed texts, when the brief cites any; else null. */
  provenanceNote: string | null;
  /** Every policy the brief cites, in the handbook's order. */
  policies: BriefPolicy[];
  eligible: BriefEligible[];
  undetermined: BriefUndetermined[];
  nearMisses: BriefNearMiss[];
  /** The facts the profile gives, in declared order. */
  facts: BriefFact[];
  /** The facts it does not give, in declared order. */
  unknownFacts: BriefFact[];
}

export const SERVICE_NOTE =
  '本说明由服务组依据企业提供的信息、按政策汇编所列条目逐条对照生成，是服务材料，不是任何部门的正式认定或决定；能否享受、享受多少，以有关部门依正式文件审核的结果为准。';

/** Control characters (C0, DEL, C1) and the bidirectional overrides: dropped from a name. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** A name as it is printed: no control characters, runs of spaces as one. */
export function printableName(name: string | undefined): string | null {
  if (name === undefined) return null;
  const clean = name.replace(UNPRINTABLE, ' ').replace(/\s+/g, ' ').trim();
  return clean === '' ? null : clean;
}

function policyRef(policy: Policy): BriefPolicy {
  return {
    id: policy.id,
    title: policy.title,
    issuer: policy.issuer,
    ...(policy.number ? { number: policy.number } : {}),
    provenance: policy.provenance,
    provenanceLabel: PROVENANCE_WORDS[policy.provenance],
  };
}

function factOf(fact: Fact, profile: Profile): BriefFact {
  const v = profile[fact.id];
  return { id: fact.id, label: fact.label, question: fact.question, value: v === undefined ? null : formatValue(fact, v), ...(fact.unit ? { unit: fact.unit } : {}) };
}

function provenanceNote(policies: readonly BriefPolicy[]): string | null {
  const illustrative = policies.filter((p) => p.provenance === 'illustrative').length;
  const partial = policies.filter((p) => p.provenance === 'partial').length;
  if (illustrative === 0 && partial === 0) return null;
  const parts = [
    illustrative ? `标“示例文本”的 ${illustrative} 份文件是依常见做法编写的示例，并非正式文件` : '',
    partial ? `标“部分核实”的 ${partial} 份文件标题与要点见于公开记录，条款为整理稿` : '',
  ].filter(Boolean);
  return `本说明引用的政策文件中，${parts.join('；')}；其中的条款、条件与数额仅供参考，请以有关部门发布的正式文件为准。`;
}

/**
 * The brief for one enterprise: every provision decided on `on`, in the handbook's order,
 * sorted into the brief's sections. Provisions not in force on `on` are left out; the
 * near-misses are the ineligible provisions that `check` finds a way to (`toQualify`).
 *
 * @example
 * const brief = briefFor(handbook, { investor_origin: '省外浙商', paid_in_wan: 12000 }, { on: '2026-11-30', name: '之澜新能源' });
 * brief.eligible.map((p) => `${p.title} ${p.amount ?? ''}`);
 * brief.undetermined[0]?.questions.map((q) => q.question);
 */
export function briefFor(handbook: Handbook, profile: Profile, options: BriefOptions): Brief {
  const result = check(handbook, profile, { on: options.on, reasons: false });
  const facts = new Map(handbook.facts.map((f) => [f.id, f]));
  const asked = (ids: readonly string[]): BriefFact[] => ids.flatMap((id) => (facts.has(id) ? [factOf(facts.get(id)!, profile)] : []));
  const ways = (alternatives: readonly Alternative[], outcome?: string): BriefWay[] =>
    alternatives.map((conditions) => ({ conditions, words: describeAlternative(handbook, conditions, { profile, ...(outcome ? { outcome } : {}) }) }));
  const byId = new Map<string, { policy: Policy; provision: Provision }>();
  for (const policy of handbook.policies) for (const provision of policy.provisions) byId.set(provision.id, { policy, provision });

  const cited = new Set<string>();
  const base = (d: Decision): BriefProvision => {
    const { policy, provision } = byId.get(d.id)!;
    cited.add(policy.id);
    const clause = policy.sections.flatMap((s) => s.clauses).find((c) => c.id === provision.clause);
    return {
      id: d.id,
      title: provision.title,
      grants: provision.grants,
      policy: policyRef(policy),
      clause: { id: provision.clause, label: clauseLabel(policy, provision.clause), markdown: clause?.markdown ?? '', text: clause?.text ?? '' },
    };
  };

  const eligible: BriefEligible[] = [];
  const undetermined: BriefUndetermined[] = [];
  const nearMisses: { item: BriefNearMiss; order: number }[] = [];
  for (const d of result.decisions) {
    if (d.status === 'eligible') {
      const next = d.nextTier ? { amount: d.nextTier.amount.text, ways: ways(d.nextTier.toQualify, `可享受 ${d.nextTier.amount.text}`) } : null;
      eligible.push({ ...base(d), amount: d.amount?.text ?? null, amountDependsOn: asked(d.missing), nextTier: next });
    } else if (d.status === 'undetermined') {
      undetermined.push({ ...base(d), questions: asked(d.missing) });
    } else if (d.status === 'ineligible' && d.toQualify.length > 0) {
      // check gives the alternatives fewest conditions first.
      nearMisses.push({ item: { ...base(d), ways: ways(d.toQualify) }, order: nearMisses.length });
    }
  }
  // Nearest first: the fewest conditions to meet, then the handbook's order.
  nearMisses.sort((a, b) => a.item.ways[0]!.conditions.length - b.item.ways[0]!.conditions.length || a.order - b.order);

  const policies = handbook.policies.filter((p) => cited.has(p.id)).map(policyRef);
  const date = options.date ?? options.on;
  return {
    enterprise: printableName(options.name),
    date,
    dateText: chineseDate(date),
    on: options.on,
    onText: chineseDate(options.on),
    handbook: { title: handbook.meta.title, publisher: handbook.meta.publisher, version: handbook.meta.version },
    serviceNote: SERVICE_NOTE,
    provenanceNote: provenanceNote(policies),
    policies,
    eligible,
    undetermined,
    nearMisses: nearMisses.map((n) => n.item),
    facts: handbook.facts.filter((f) => profile[f.id] !== undefined).map((f) => factOf(f, profile)),
    unknownFacts: handbook.facts.filter((f) => profile[f.id] === undefined).map((f) => factOf(f, profile)),
  };
}
