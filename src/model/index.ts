//! The handbook's data model: plain, serialisable types shared by every stage.
//! In: nothing. Out: the types of a compiled handbook (policies, clauses, provisions,
//! facts, rules) and of the positions that diagnostics and explanations cite.

/** A place in a source file: 1-based line and column. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export type FactType = 'boolean' | 'number' | 'enum' | 'string';

/** One question of the enterprise profile, declared in facts.yaml. */
export interface Fact {
  id: string;
  type: FactType;
  /** Short Chinese label, e.g. 到位资金. */
  label: string;
  /** The question put to a person, e.g. 来自省外（含境外）的实际到位资金是多少？ */
  question: string;
  /** Allowed values of an enum fact, in declared order. */
  values?: string[];
  unit?: string;
  min?: number;
  max?: number;
  /** Boolean facts: how "true" and "false" read in a sentence. */
  trueText?: string;
  falseText?: string;
  /**
   * The enterprise can act on it (raise its capital, get certified…): "what it would take
   * to qualify" may ask a known value of this fact to change. Others only when unknown.
   */
  changeable?: boolean;
  source: SourcePosition;
}

/** A named rule declared in facts.yaml and usable in any rule by its id. */
export interface DerivedFact {
  id: string;
  label: string;
  description?: string;
  rule: Rule;
  source: SourcePosition;
}

export type ComparisonOperator = 'equals' | 'not_equals' | 'in' | 'not_in' | 'gt' | 'gte' | 'lt' | 'lte';

export type Scalar = string | number | boolean;

/**
 * A rule, normalised. Rules are written in YAML (see docs/FORMAT.md) and compiled
 * into this tree; `at` is where the node stands in its source file.
 */
export type Rule =
  | { kind: 'all'; of: Rule[]; at?: SourcePosition }
  | { kind: 'any'; of: Rule[]; at?: SourcePosition }
  | { kind: 'not'; of: Rule; at?: SourcePosition }
  /** A boolean fact that must be true. */
  | { kind: 'fact'; fact: string; at?: SourcePosition }
  /** A derived fact (named rule) that must hold. */
  | { kind: 'derived'; name: string; at?: SourcePosition }
  | { kind: 'compare'; fact: string; op: ComparisonOperator; value: Scalar | Scalar[]; at?: SourcePosition };

/** An amount that a provision grants when its condition holds. */
export interface Tier {
  when: Rule;
  amount: number;
  unit: string;
  /** Optional wording, e.g. 一次性奖励500万元. */
  text?: string;
}

export interface Provision {
  /** `policy.slug`, e.g. land.quota-priority. */
  id: string;
  policy: string;
  title: string;
  grants: string;
  rule: Rule;
  tiers: Tier[];
  /** Id of the clause that states it, e.g. land.2.1. */
  clause: string;
  source: SourcePosition;
}

/** A numbered clause (（一）…) of a section, or a section's own text. */
export interface Clause {
  /** Stable anchor id: `policy.section.clause`, e.g. land.2.1. */
  id: string;
  /** As printed: （一）. */
  number: string;
  /** 1-based ordinal. */
  ordinal: number;
  /** The clause's lead-in, e.g. 用地指标倾斜 (the text up to the first 。 when short). */
  title: string;
  /** The clause's Markdown source. */
  markdown: string;
  /** The clause's plain text (Markdown syntax stripped), for search and terminals. */
  text: string;
  line: number;
}

export interface Section {
  /** `policy.section`, e.g. land.2. */
  id: string;
  /** As printed: 二、 */
  number: string;
  ordinal: number;
  title: string;
  /** Text of the section before its first clause (Markdown). */
  intro: string;
  clauses: Clause[];
  line: number;
}

export type Provenance = 'confirmed' | 'partial' | 'illustrative';

export interface Policy {
  id: string;
  title: string;
  issuer: string;
  number?: string;
  /** As the document is dated: YYYY, YYYY-MM or YYYY-MM-DD. */
  date: string;
  /** First day in force, YYYY-MM-DD. */
  effective: string;
  /** Last day in force, YYYY-MM-DD. */
  expires?: string;
  parent?: string;
  provenance: Provenance;
  sources: string[];
  tags: string[];
  /** Path of the source file, relative to the handbook folder. */
  file: string;
  /** Markdown before the first section (the preamble, an illustrative note). */
  preamble: string;
  /** The whole body, as Markdown. */
  body: string;
  /** Line in the source file where the body starts. */
  bodyLine: number;
  sections: Section[];
  provisions: Provision[];
}

export interface HandbookMeta {
  title: string;
  /** The compiling body, shown on the cover. */
  publisher: string;
  version: string;
  /**
   * This edition's date, YYYY-MM-DD (handbook.yaml `edition`): printed on the booklet's cover and
   * written into its PDF, so the same sources give the same booklet on any day.
   */
  edition?: string;
}

export interface Synonyms {
  /** Groups of words that mean the same to a searcher. */
  groups: string[][];
}

/** A compiled, validated handbook: what every command after `build` reads. */
export interface Handbook {
  meta: HandbookMeta;
  facts: Fact[];
  derived: DerivedFact[];
  policies: Policy[];
  synonyms: Synonyms;
}

/** A provision's decision for a profile: eligible, ineligible, undetermined (some fact unknown), or its policy not in force on the date asked. */
export type Status = 'eligible' | 'ineligible' | 'undetermined' | 'not_in_force';

/** An amount a provision grants, with its words. */
export interface Amount {
  value: number;
  unit: string;
  /** 200万元 */
  text: string;
}

/** A profile: fact id → value; a fact that is absent is unknown. */
export type Profile = Record<string, Scalar>;
