//! The booklet's content, decided: Handbook (+ subset, date) → a plain view for the templates.
//! In: a compiled Handbook, the policies to print and the booklet's date. Out: cover, table of
//! contents, each policy with its provision table (rules in Chinese words from describeRule) and
//! its body's fragments to render, and the index of provisions by fact. Pure; no I/O.

import type { DerivedFact, Fact, Handbook, Policy, Provision, Rule } from '../model/index.js';
import { describeRule } from '../eligibility/words.js';
import { clauseLabel, PROVENANCE_WORDS, tierAmount } from '../words/index.js';
import type { Lexicon } from '../search-index/index.js';
import { citedTitleHtml, keepTogether, titleHtml } from './typeset.js';

export { PROVENANCE_WORDS };

/** Which policies a booklet prints: all, or a leaflet of some (by id and/or tag). */
export interface PolicySelection {
  policies?: readonly string[];
  tags?: readonly string[];
}

export interface SelectionResult {
  policies: Policy[];
  /** Chinese messages for ids or tags that match nothing. */
  problems: string[];
}

/** Picks the policies of a leaflet, in the handbook's order; reports unknown ids and tags. */
export function selectPolicies(handbook: Handbook, selection: PolicySelection): SelectionResult {
  const ids = selection.policies ?? [];
  const tags = selection.tags ?? [];
  const problems: string[] = [];
  const known = new Set(handbook.policies.map((p) => p.id));
  for (const id of ids) {
    if (!known.has(id)) problems.push(`未知的政策 id "${id}"，应为 ${[...known].join('、')} 之一`);
  }
  const allTags = new Set(handbook.policies.flatMap((p) => p.tags));
  for (const tag of tags) {
    if (!allTags.has(tag)) problems.push(`没有政策带有标签 "${tag}"；已有的标签：${[...allTags].join('、')}`);
  }
  if (ids.length === 0 && tags.length === 0) return { policies: [...handbook.policies], problems };
  const policies = handbook.policies.filter((p) => ids.includes(p.id) || p.tags.some((t) => tags.includes(t)));
  return { policies, problems };
}

/** A clause's opening words as written: （一）用地指标倾斜。 (or only （一） when there is no short lead-in). */
const CLAUSE_LEAD = /^[（(][〇零一二两三四五六七八九十百]+[）)](?:[^。：；\n*_\[\]`<>]{1,30}[。：；])?/;

/** 2011-12-07 → 2011年12月7日; 2012 → 2012年; 2012-03 → 2012年3月. */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${m ? `${Number(m)}月` : ''}${d ? `${Number(d)}日` : ''}`;
}

export interface FragmentRef {
  /** Unique key, also the element id where the fragment has one. */
  key: string;
  markdown: string;
  headingLevel: 3 | 4 | 5 | 6;
  lead?: string;
  /** Filled by the HTML stage. */
  html?: string;
}

export interface ProvisionRow {
  id: string;
  title: string;
  clauseId: string;
  /** As printed: 二（一）. */
  clauseLabel: string;
  condition: string;
  grants: string;
  amounts: string[];
  /** The same as HTML (escaped; numbers kept with their units). */
  conditionHtml: string;
  grantsHtml: string;
  amountsHtml: string[];
}

export interface ClauseView {
  id: string;
  fragment: FragmentRef;
  provisions: { id: string; title: string }[];
}

export interface SectionView {
  id: string;
  heading: string;
  intro?: FragmentRef;
  clauses: ClauseView[];
}

export interface PolicyView {
  id: string;
  /** 1-based position in the booklet. */
  ordinal: number;
  title: string;
  /** The title as HTML: escaped, breaking only between words (typeset.ts). */
  titleHtml: string;
  issuer: string;
  number?: string;
  dateText: string;
  effectiveText: string;
  expiresText?: string;
  isParent: boolean;
  kindLabel: string;
  provenance: string;
  provenanceLabel: string;
  illustrative: boolean;
  partial: boolean;
  sources: string[];
  tags: string[];
  preamble?: FragmentRef;
  sections: SectionView[];
  provisions: ProvisionRow[];
}

export interface FactIndexEntry {
  id: string;
  label: string;
  kind: '事实' | '派生事实';
  question?: string;
  definition?: string;
  /** `citedTitleHtml`: 《policyTitle》 as HTML that breaks only between words. */
  provisions: { id: string; title: string; clauseId: string; clauseLabel: string; policyTitle: string; citedTitleHtml: string; via?: string }[];
}

export interface TocEntry {
  id: string;
  label: string;
  /** The label as HTML, breaking only between words. */
  labelHtml: string;
  meta?: string;
  level: 1 | 2;
  /** Filled by the PDF stage (page numbers); empty in the HTML. */
  page?: string;
  illustrative?: boolean;
  partial?: boolean;
}

export interface BookletView {
  title: string;
  titleHtml: string;
  subtitle?: string;
  /** The subtitle as HTML: each title in it breaks only between words. */
  subtitleHtml?: string;
  publisher: string;
  version: string;
  date: string;
  dateText: string;
  leaflet: boolean;
  provenanceNote: string;
  counts: { confirmed: number; partial: number; illustrative: number; policies: number; provisions: number };
  toc: TocEntry[];
  policies: PolicyView[];
  factIndex: FactIndexEntry[];
  /** Every element id in the page that links may target. */
  ids: Set<string>;
  /** The lexicon titles were broken with: the body's cited titles (《…》) break with it too. */
  lexicon?: Lexicon;
}

/** Facts a rule reads: directly, or through a derived fact (named by its label). */
export function factsOfRule(rule: Rule, derived: ReadonlyMap<string, DerivedFact>, via?: string, out = new Map<string, Set<string>>()): Map<string, Set<string>> {
  const add = (fact: string) => {
    let s = out.get(fact);
    if (!s) out.set(fact, (s = new Set()));
    s.add(via ?? '');
  };
  switch (rule.kind) {
    case 'all':
    case 'any':
      for (const r of rule.of) factsOfRule(r, derived, via, out);
      break;
    case 'not':
      factsOfRule(rule.of, derived, via, out);
      break;
    case 'fact':
    case 'compare':
      add(rule.fact);
      break;
    case 'derived': {
      add(`derived:${rule.name}`);
      const d = derived.get(rule.name);
      if (d) factsOfRule(d.rule, derived, via ?? d.label, out);
      break;
    }
  }
  return out;
}

function amountWords(p: Provision, facts: ReadonlyMap<string, Fact>, derived: ReadonlyMap<string, DerivedFact>): string[] {
  return p.tiers.map((t) => {
    return `${describeRule(t.when, facts, derived)}：${tierAmount(t).text}`;
  });
}

function policyView(policy: Policy, ordinal: number, handbook: Handbook, facts: ReadonlyMap<string, Fact>, derived: ReadonlyMap<string, DerivedFact>, lexicon?: Lexicon): PolicyView {
  const byClause = new Map<string, { id: string; title: string }[]>();
  for (const p of policy.provisions) {
    const list = byClause.get(p.clause) ?? [];
    list.push({ id: p.id, title: p.title });
    byClause.set(p.clause, list);
  }
  const parentTitle = policy.parent ? handbook.policies.find((p) => p.id === policy.parent)?.title : undefined;
  const view: PolicyView = {
    id: policy.id,
    ordinal,
    title: policy.title,
    titleHtml: titleHtml(policy.title, lexicon),
    issuer: policy.issuer,
    dateText: chineseDate(policy.date),
    effectiveText: chineseDate(policy.effective),
    isParent: policy.parent === undefined,
    kindLabel: policy.parent === undefined ? '主文件' : parentTitle ? `《${parentTitle}》配套文件` : '配套文件',
    provenance: policy.provenance,
    provenanceLabel: PROVENANCE_WORDS[policy.provenance],
    illustrative: policy.provenance === 'illustrative',
    partial: policy.provenance === 'partial',
    sources: policy.sources,
    tags: policy.tags,
    sections: policy.sections.map((s) => ({
      id: s.id,
      heading: `${s.number}${s.title}`,
      ...(s.intro ? { intro: { key: `${s.id}.intro`, markdown: s.intro, headingLevel: 4 as const } } : {}),
      clauses: s.clauses.map((c) => {
        const lead = CLAUSE_LEAD.exec(c.markdown)?.[0];
        return {
          id: c.id,
          fragment: { key: c.id, markdown: c.markdown, headingLevel: 4 as const, ...(lead ? { lead } : {}) },
          provisions: byClause.get(c.id) ?? [],
        };
      }),
    })),
    provisions: policy.provisions.map((p) => {
      const condition = describeRule(p.rule, facts, derived);
      const amounts = amountWords(p, facts, derived);
      return {
        id: p.id,
        title: p.title,
        clauseId: p.clause,
        clauseLabel: clauseLabel(policy, p.clause),
        condition,
        grants: p.grants,
        amounts,
        conditionHtml: keepTogether(condition),
        grantsHtml: keepTogether(p.grants),
        amountsHtml: amounts.map(keepTogether),
      };
    }),
  };
  if (policy.number) view.number = policy.number;
  if (policy.expires) view.expiresText = chineseDate(policy.expires);
  if (policy.preamble) view.preamble = { key: `${policy.id}.preamble`, markdown: policy.preamble, headingLevel: 3 };
  return view;
}

function factIndex(policies: readonly Policy[], handbook: Handbook, facts: ReadonlyMap<string, Fact>, derived: ReadonlyMap<string, DerivedFact>, lexicon?: Lexicon): FactIndexEntry[] {
  const uses = new Map<string, FactIndexEntry['provisions']>();
  for (const policy of policies) {
    for (const p of policy.provisions) {
      const read = factsOfRule(p.rule, derived);
      for (const t of p.tiers) factsOfRule(t.when, derived, undefined, read);
      for (const [fact, vias] of read) {
        const direct = vias.has('');
        const via = [...vias].filter((v) => v !== '');
        const list = uses.get(fact) ?? [];
        list.push({
          id: p.id,
          title: p.title,
          clauseId: p.clause,
          clauseLabel: clauseLabel(policy, p.clause),
          policyTitle: policy.title,
          citedTitleHtml: citedTitleHtml(`《${policy.title}》`, lexicon),
          ...(!direct && via.length ? { via: `经由“${via.join('”“')}”` } : {}),
        });
        uses.set(fact, list);
      }
    }
  }
  const entries: FactIndexEntry[] = [];
  for (const f of handbook.facts) {
    entries.push({ id: `fact-${f.id}`, label: f.label, kind: '事实', question: f.question, provisions: uses.get(f.id) ?? [] });
  }
  for (const d of handbook.derived) {
    entries.push({
      id: `fact-${d.id}`,
      label: d.label,
      kind: '派生事实',
      definition: `${describeRule(d.rule, facts, derived)}${d.description ? `（${d.description}）` : ''}`,
      provisions: uses.get(`derived:${d.id}`) ?? [],
    });
  }
  return entries.filter((e) => e.provisions.length > 0);
}

export interface BookletViewOptions {
  /** The corpus's lexicon (the search index's): titles then break only between its words. */
  lexicon?: Lexicon;
}

/** Decides everything the booklet shows. `date` is YYYY-MM-DD. */
export function buildBookletView(handbook: Handbook, policies: readonly Policy[], date: string, options: BookletViewOptions = {}): BookletView {
  const { lexicon } = options;
  const facts = new Map(handbook.facts.map((f) => [f.id, f]));
  const derived = new Map(handbook.derived.map((d) => [d.id, d]));
  const views = policies.map((p, i) => policyView(p, i + 1, handbook, facts, derived, lexicon));
  const counts = {
    confirmed: policies.filter((p) => p.provenance === 'confirmed').length,
    partial: policies.filter((p) => p.provenance === 'partial').length,
    illustrative: policies.filter((p) => p.provenance === 'illustrative').length,
    policies: policies.length,
    provisions: policies.reduce((n, p) => n + p.provisions.length, 0),
  };
  const leaflet = policies.length !== handbook.policies.length;
  const parts = [
    counts.confirmed ? `${counts.confirmed} 份的标题、发文单位、文号与要点已核实（正文为本汇编整理的摘要，并非经核实的原文）` : '',
    counts.partial ? `${counts.partial} 份为部分核实文本（标题与要点见于公开记录，条款为整理稿）` : '',
    counts.illustrative ? `${counts.illustrative} 份为示例文本（依常见做法编写，并非正式文件）` : '',
  ].filter(Boolean);
  const provenanceNote =
    `本${leaflet ? '选印本' : '汇编'}收录政策文件 ${counts.policies} 份，其中${parts.join('，')}。` +
    '各文件的核实情况标注在其标题下方，目录中也标出部分核实与示例文本；各文件正文中的条款、适用条件和数额仅供参考，办理时请以有关部门发布的正式文件为准。' +
    '条目表中的适用条件由条目的规则自动生成文字。';

  const toc: TocEntry[] = [];
  for (const v of views) {
    toc.push({
      id: v.id,
      label: v.title,
      labelHtml: v.titleHtml,
      meta: [v.issuer, v.number].filter(Boolean).join(' '),
      level: 1,
      ...(v.illustrative ? { illustrative: true } : {}),
      ...(v.partial ? { partial: true } : {}),
    });
  }
  const index = factIndex(policies, handbook, facts, derived, lexicon);
  if (index.length) toc.push({ id: 'fact-index', label: '按事实查条目索引', labelHtml: titleHtml('按事实查条目索引', lexicon), level: 1 });

  const ids = new Set<string>(['cover', 'contents', 'fact-index']);
  for (const p of policies) {
    ids.add(p.id);
    ids.add(`${p.id}-provisions`);
    for (const s of p.sections) {
      ids.add(s.id);
      for (const c of s.clauses) ids.add(c.id);
    }
    for (const pr of p.provisions) ids.add(pr.id);
  }
  for (const e of index) ids.add(e.id);

  return {
    title: handbook.meta.title,
    titleHtml: titleHtml(handbook.meta.title, lexicon),
    ...(leaflet
      ? {
          subtitle: `选印本：${policies.map((p) => `《${p.title}》`).join('')}`,
          subtitleHtml: `选印本：${policies.map((p) => citedTitleHtml(`《${p.title}》`, lexicon)).join('')}`,
        }
      : {}),
    publisher: handbook.meta.publisher,
    version: handbook.meta.version,
    date,
    dateText: chineseDate(date),
    leaflet,
    provenanceNote,
    counts,
    toc,
    policies: views,
    factIndex: index,
    ids,
    ...(lexicon ? { lexicon } : {}),
  };
}
