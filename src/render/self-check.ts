//! The booklet's self-check (适用性自查): the same evaluator and words as `handbook check`, in
//! the page. In: the handbook, the printed policies and the booklet's date. Out: the page's
//! self-check (PageSelfCheck): the bundled browser script (dist/booklet-check.js, from
//! templates/booklet/self-check.ts by scripts/build-booklet-search.mjs), the JSON it reads
//! (the facts, derived facts and the printed policies' provisions, without their bodies), and
//! the panel's markup data: one control per fact, one result per provision (the contract of
//! docs/RENDER.md: name="<fact id>", data-provision, data-status). Pure but for reading the
//! bundled script.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, type Status } from '../eligibility/check.js';
import { clauseLabel, STATUS_WORDS } from '../words/index.js';
import type { Fact, Handbook, Policy, Rule } from '../model/index.js';
import { factType } from '../model/fact-types.js';

/** dist/render/self-check.js → dist/booklet-check.js */
export const SELF_CHECK_SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'booklet-check.js');

/** What the page's script reads: a Handbook of the printed policies, without bodies or sources. */
export interface SelfCheckData {
  handbook: Handbook;
  /** The booklet's date, YYYY-MM-DD: the date the page decides on until the reader changes it. */
  on: string;
  /** Key under which "保存到本机" keeps the answers (per handbook and version). */
  storageKey: string;
}

export interface FactControl {
  id: string;
  label: string;
  question: string;
  unit?: string;
  /** Enum and boolean facts: a <select>; value "" is 不清楚. */
  select: boolean;
  options: { value: string; text: string }[];
  number: boolean;
  text: boolean;
  /** As attribute text ("0" must show). */
  min?: string;
  max?: string;
}

export interface SelfCheckRow {
  id: string;
  title: string;
  clauseId: string;
  clauseLabel: string;
  policyTitle: string;
  status: Status;
  statusText: string;
}

export interface SelfCheckView {
  date: string;
  facts: FactControl[];
  provisions: SelfCheckRow[];
}

/** The page's self-check: a bundled script, its JSON and the panel's view. */
export interface PageSelfCheck {
  script: string;
  data: SelfCheckData;
  view: SelfCheckView;
}

/** A rule without its source positions (the page has no use for them). */
function bareRule(rule: Rule): Rule {
  switch (rule.kind) {
    case 'all':
    case 'any':
      return { kind: rule.kind, of: rule.of.map(bareRule) };
    case 'not':
      return { kind: 'not', of: bareRule(rule.of) };
    case 'fact':
      return { kind: 'fact', fact: rule.fact };
    case 'derived':
      return { kind: 'derived', name: rule.name };
    case 'compare':
      return { kind: 'compare', fact: rule.fact, op: rule.op, value: rule.value };
  }
}

const NOWHERE = { file: '', line: 0, column: 0 };

/**
 * The handbook as the page's evaluator needs it: every fact and derived fact, and the printed
 * policies with their dates and provisions; no bodies, sections, sources or positions.
 */
export function checkableHandbook(handbook: Handbook, policies: readonly Policy[]): Handbook {
  return {
    meta: handbook.meta,
    facts: handbook.facts.map((f) => ({ ...f, source: NOWHERE })),
    derived: handbook.derived.map((d) => ({ ...d, rule: bareRule(d.rule), source: NOWHERE })),
    synonyms: { groups: [] },
    policies: policies.map((p) => ({
      ...p,
      sources: [],
      tags: [],
      preamble: '',
      body: '',
      sections: [],
      provisions: p.provisions.map((pr) => ({
        ...pr,
        rule: bareRule(pr.rule),
        tiers: pr.tiers.map((t) => ({ ...t, when: bareRule(t.when) })),
        source: NOWHERE,
      })),
    })),
  };
}

function factControl(f: Fact): FactControl {
  const spec = factType(f.type);
  const options = (spec.choices(f) ?? []).map((c) => ({ value: String(c.value), text: c.text }));
  return {
    id: f.id,
    label: f.label,
    question: f.question,
    ...(f.unit ? { unit: f.unit } : {}),
    select: spec.answer === 'choice',
    options,
    number: spec.answer === 'number',
    text: spec.answer === 'text',
    ...(f.min !== undefined ? { min: String(f.min) } : {}),
    ...(f.max !== undefined ? { max: String(f.max) } : {}),
  };
}

/** The panel's controls and rows, with each provision's status for an empty profile on `date`. */
export function selfCheckView(handbook: Handbook, policies: readonly Policy[], date: string): SelfCheckView {
  const printed = checkableHandbook(handbook, policies);
  const decisions = new Map(check(printed, {}, { on: date, reasons: false }).decisions.map((d) => [d.id, d]));
  const provisions: SelfCheckRow[] = [];
  for (const policy of policies) {
    for (const p of policy.provisions) {
      const status = decisions.get(p.id)?.status ?? 'undetermined';
      provisions.push({ id: p.id, title: p.title, clauseId: p.clause, clauseLabel: clauseLabel(policy, p.clause), policyTitle: policy.title, status, statusText: STATUS_WORDS[status] });
    }
  }
  return { date, facts: handbook.facts.map(factControl), provisions };
}

/** The page's self-check, or undefined (with the reason) when the bundled script is missing. */
export function buildPageSelfCheck(
  handbook: Handbook,
  policies: readonly Policy[],
  date: string,
  scriptPath = SELF_CHECK_SCRIPT,
): { selfCheck: PageSelfCheck } | { missing: string } {
  let script: string;
  try {
    script = readFileSync(scriptPath, 'utf8');
  } catch {
    return { missing: scriptPath };
  }
  return {
    selfCheck: {
      script: script.trimEnd(),
      data: { handbook: checkableHandbook(handbook, policies), on: date, storageKey: `policy-handbook:self-check:${handbook.meta.title}:${handbook.meta.version}` },
      view: selfCheckView(handbook, policies, date),
    },
  };
}
