//! The search documents of a handbook: one per policy (its title, provisions, section
//! names, preamble), per section with its own text, and per clause, each with the policy's
//! meta line; and the domain words the handbook declares. In: a Handbook. Out: plain records
//! that the index builder cuts and the query path shows. Pure.

import type { Handbook, Policy } from '../model/index.js';
import { normalizeQueryText, normalizeText } from './normalize.js';
import { markdownToText } from '../text/markdown.js';

export type DocumentKind = 'clause' | 'section' | 'policy';

/** One searchable unit. */
export interface SearchDocument {
  id: string;
  policy: string;
  kind: DocumentKind;
  title: string;
  provisions: string;
  section: string;
  text: string;
  meta: string;
}

function policyMeta(p: Policy): string {
  return [p.title, p.issuer, p.number ?? '', p.tags.join(' ')].join(' ');
}

/** The documents of a handbook, in handbook order. */
export function searchDocuments(handbook: Handbook): SearchDocument[] {
  const docs: SearchDocument[] = [];
  for (const p of handbook.policies) {
    const meta = policyMeta(p);
    docs.push({
      id: p.id,
      policy: p.id,
      kind: 'policy',
      title: p.title,
      provisions: p.provisions.map((pr) => pr.title).join(' '),
      section: p.sections.map((s) => s.title).join(' '),
      text: markdownToText(p.preamble),
      meta,
    });
    for (const s of p.sections) {
      const intro = markdownToText(s.intro);
      if (intro || s.clauses.length === 0) {
        docs.push({ id: s.id, policy: p.id, kind: 'section', title: s.title, provisions: '', section: s.title, text: intro, meta });
      }
      for (const c of s.clauses) {
        const stated = p.provisions.filter((pr) => pr.clause === c.id);
        docs.push({
          id: c.id,
          policy: p.id,
          kind: 'clause',
          title: c.title,
          provisions: stated.map((pr) => `${pr.title} ${pr.grants}`).join(' '),
          section: s.title,
          text: c.text,
          meta,
        });
      }
    }
  }
  return docs;
}

/** Domain words the handbook declares: titles, tags, synonyms, facts, issuers, document numbers (each once). */
export function domainWords(handbook: Handbook): string[] {
  const words: string[] = [];
  for (const p of handbook.policies) {
    words.push(p.issuer, ...p.tags);
    if (p.number) words.push(p.number.replace(/〔.*$/, ''));
    for (const pr of p.provisions) words.push(pr.title);
    for (const s of p.sections) {
      words.push(s.title);
      for (const c of s.clauses) words.push(c.title);
    }
  }
  for (const g of handbook.synonyms.groups) words.push(...g);
  for (const f of handbook.facts) words.push(f.label, ...(f.values ?? []));
  for (const d of handbook.derived) words.push(d.label);
  return [...new Set(words)].map((w) => normalizeText(w));
}

/** Code points of a term. */
const lengthOf = (term: string): number => Array.from(term).length;

const namesCache = new WeakMap<Handbook, { id: string; names: string[] }[]>();

/** Each policy's names as a query would hold them: title, short title (when its own), document number (once per handbook). */
export function documentNames(handbook: Handbook): { id: string; names: string[] }[] {
  let cached = namesCache.get(handbook);
  if (cached) return cached;
  const squeeze = (s: string) => normalizeQueryText(s).replace(/\s+/g, '');
  const titles = handbook.policies.map((p) => squeeze(p.title));
  const shortOf = (title: string) => title.slice(title.lastIndexOf('的') + 1);
  const shortCount = new Map<string, number>();
  for (const t of titles) shortCount.set(shortOf(t), (shortCount.get(shortOf(t)) ?? 0) + 1);
  cached = handbook.policies.map((p, i) => {
    const title = titles[i]!;
    const short = shortOf(title);
    const names = [title];
    if (short !== title && lengthOf(short) >= 4 && shortCount.get(short) === 1) names.push(short);
    if (p.number) names.push(squeeze(p.number).replace(/^[^〔]*(?=〔)/, ''));
    return { id: p.id, names: names.filter(Boolean) };
  });
  namesCache.set(handbook, cached);
  return cached;
}
