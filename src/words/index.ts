//! The words every output shares, written once: statuses, provenance, tier amounts,
//! clause labels as printed, a policy's period of validity. The terminal report, `show`,
//! `list`, the booklet, the brief and the CSV matrix all read these tables, so a word
//! changes in one place. In: model values. Out: Chinese text. Pure.

import type { Amount, Fact, Policy, Provenance, Status, Tier } from '../model/index.js';

/** A status as a reader sees it (the report's group titles, the CSV matrix's cells). */
export const STATUS_WORDS = {
  eligible: '符合',
  undetermined: '待定',
  ineligible: '不符合',
  not_in_force: '不在有效期内',
} as const satisfies Record<Status, string>;

/** A document's provenance, as a badge: [示例文本]. */
export const PROVENANCE_WORDS = {
  confirmed: '已核实',
  partial: '部分核实',
  illustrative: '示例文本',
} as const satisfies Record<Provenance, string>;

/** The tag a heading carries for a document whose text is not confirmed: [部分核实], [示例文本]; '' when confirmed. */
export function provenanceTag(provenance: Provenance): string {
  return provenance === 'confirmed' ? '' : `[${PROVENANCE_WORDS[provenance]}]`;
}

/** A provenance as a note after a title: 《…》（示例）; empty for a confirmed document. */
export const PROVENANCE_NOTES = {
  confirmed: '',
  partial: '（部分核实）',
  illustrative: '（示例）',
} as const satisfies Record<Provenance, string>;

/** What a tier grants, with its words: the tier's own `text`, else amount and unit (200万元). */
export function tierAmount(tier: Pick<Tier, 'amount' | 'unit' | 'text'>): Amount {
  return { value: tier.amount, unit: tier.unit, text: tier.text ?? `${tier.amount}${tier.unit}` };
}

/** A section number without its trailing punctuation: 二、 → 二. */
function sectionLabel(number: string): string {
  return number.replace(/[、.．\s]+$/, '');
}

/**
 * A clause id as printed: land.2.1 → 二（一）; a section alone → 二; an id the policy
 * does not have is returned as it is.
 */
export function clauseLabel(policy: Policy | undefined, clauseId: string): string {
  for (const s of policy?.sections ?? []) {
    if (s.id === clauseId) return sectionLabel(s.number);
    for (const c of s.clauses) if (c.id === clauseId) return `${sectionLabel(s.number)}${c.number}`;
  }
  return clauseId;
}

/** A policy's period of validity: 2012-01-01 起, or 2012-01-01 至 2016-12-31. */
export function validityWords(policy: Pick<Policy, 'effective' | 'expires'>): string {
  return policy.expires ? `${policy.effective} 至 ${policy.expires}` : `${policy.effective} 起`;
}

/** Missing facts as a report lists them: 到位资金（paid_in_wan）、企业规模（size）. */
export function missingWords(facts: readonly Pick<Fact, 'id' | 'label'>[], missing: readonly string[]): string {
  return missing.map((id) => `${facts.find((f) => f.id === id)?.label ?? id}（${id}）`).join('、');
}

/** What the missing facts still decide: the amount of an eligible provision, else its status. */
export function missingLead(status: Status): string {
  return status === 'eligible' ? '金额还取决于' : '还需了解';
}

/** The reasons a report shows: all of them, but for an ineligible provision only the failed (✗). */
export function shownReasons(decision: { status: Status; reasons: readonly string[] }): string[] {
  return decision.status === 'ineligible' ? decision.reasons.filter((r) => r.endsWith('✗')) : [...decision.reasons];
}
