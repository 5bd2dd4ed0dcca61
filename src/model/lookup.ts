//! Finding what a reader names: a policy, a section, a clause or a provision, by its id (exact,
//! then without regard to case) or by its Chinese title (exact, then a unique part of one),
//! with near matches when nothing is found. In: a handbook and what the reader typed. Out: the
//! thing found, or the candidates (several titles match) and the near matches. Pure: `show`
//! prints the result, live search and the library use the same function.

import type { Clause, Handbook, Policy, Provision, Section } from './index.js';
import { compareText } from '../diagnostics/index.js';
import { levenshtein } from '../diagnostics/index.js';

export type Found =
  | { kind: 'policy'; policy: Policy }
  | { kind: 'section'; policy: Policy; section: Section }
  | { kind: 'clause'; policy: Policy; section: Section; clause: Clause }
  | { kind: 'provision'; policy: Policy; provision: Provision };

/** How a name was found. */
export type MatchedBy = 'id' | 'id-case' | 'title' | 'title-part';

export interface Lookup {
  /** What the name names, when it names one thing. */
  found?: Found;
  matchedBy?: MatchedBy;
  /** Several things match equally (a title shared, or a part of several titles): the reader chooses. */
  candidates: Found[];
  /** Nothing found: the closest ids and titles (at most 5), best first. */
  near: Found[];
}

/** Every thing `show` can show, in handbook order. */
export function everything(handbook: Handbook): Found[] {
  return everythingIn(handbook.policies);
}

function everythingIn(policies: readonly Policy[]): Found[] {
  const all: Found[] = [];
  for (const policy of policies) {
    all.push({ kind: 'policy', policy });
    for (const section of policy.sections) {
      all.push({ kind: 'section', policy, section });
      for (const clause of section.clauses) all.push({ kind: 'clause', policy, section, clause });
    }
    for (const provision of policy.provisions) all.push({ kind: 'provision', policy, provision });
  }
  return all;
}

/** The id of a found thing. */
export function idOf(f: Found): string {
  return f.kind === 'policy' ? f.policy.id : f.kind === 'section' ? f.section.id : f.kind === 'clause' ? f.clause.id : f.provision.id;
}

/** The title of a found thing, as a reader would name it. */
export function titleOf(f: Found): string {
  return f.kind === 'policy' ? f.policy.title : f.kind === 'section' ? f.section.title : f.kind === 'clause' ? f.clause.title : f.provision.title;
}

/** A title or a name as compared: no spaces, no 《》“”, full-width letters and digits as ASCII, lower case. */
export function titleKey(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s《》〈〉“”"'‘’「」]/g, '')
    .toLowerCase();
}

/**
 * What `name` names in the handbook.
 *
 * @example
 * lookup(handbook, 'LAND.2.1').found?.kind        // 'clause' (ids match without regard to case)
 * lookup(handbook, '用地指标倾斜').found           // the clause or provision of that title
 * lookup(handbook, 'lnad').near.map(idOf)         // ['land', …]
 */
export function lookup(handbook: Handbook, name: string): Lookup {
  const wanted = name.trim();
  const withId = (list: Found[]) => list.find((f) => idOf(f) === wanted);
  // Every section, clause and provision id is `<policy id>.…` (src/validate/): the policies whose
  // id begins the name are looked in first, so a compiled handbook decodes only their text (show,
  // live search). Then the whole handbook, for one built without that rule.
  const exact = withId(everythingIn(handbook.policies.filter((p) => wanted === p.id || wanted.startsWith(p.id + '.'))));
  if (exact) return { found: exact, matchedBy: 'id', candidates: [], near: [] };
  const all = everything(handbook);
  const anywhere = withId(all);
  if (anywhere) return { found: anywhere, matchedBy: 'id', candidates: [], near: [] };
  const lower = wanted.toLowerCase();
  const byCase = all.filter((f) => idOf(f).toLowerCase() === lower);
  if (byCase.length === 1) return { found: byCase[0]!, matchedBy: 'id-case', candidates: [], near: [] };
  const key = titleKey(wanted);
  if (key === '') return { candidates: [], near: [] };
  const byTitle = preferClauses(all.filter((f) => titleKey(titleOf(f)) === key));
  if (byTitle.length === 1) return { found: byTitle[0]!, matchedBy: 'title', candidates: [], near: [] };
  if (byTitle.length > 1) return { candidates: byTitle, near: [] };
  // A part of a title: at least two characters, so one character never picks a clause.
  if (Array.from(key).length >= 2) {
    const byPart = preferClauses(all.filter((f) => titleKey(titleOf(f)).includes(key)));
    if (byPart.length === 1) return { found: byPart[0]!, matchedBy: 'title-part', candidates: [], near: [] };
    if (byPart.length > 1) return { candidates: byPart.slice(0, 10), near: [] };
  }
  return { candidates: [], near: nearMatches(all, wanted) };
}

/**
 * A clause and the provision it states often share a title: the clause is shown (its view lists
 * the provision). Other matches stay, for the reader to choose.
 */
function preferClauses(matches: Found[]): Found[] {
  const clauses = new Set(matches.filter((f) => f.kind === 'clause').map(idOf));
  return matches.filter((f) => !(f.kind === 'provision' && clauses.has(f.provision.clause)));
}

/** The closest ids (edit distance) and titles (shared characters), at most five. */
function nearMatches(all: Found[], wanted: string): Found[] {
  const lower = wanted.toLowerCase();
  const key = titleKey(wanted);
  const chars = new Set(Array.from(key));
  const scored: { f: Found; score: number }[] = [];
  for (const f of all) {
    const id = idOf(f).toLowerCase();
    const d = levenshtein(lower, id);
    const idScore = d <= Math.max(2, Math.floor(Math.max(lower.length, id.length) / 3)) ? 10 - d : 0;
    const title = new Set(Array.from(titleKey(titleOf(f))));
    let shared = 0;
    for (const c of chars) if (title.has(c)) shared++;
    // Titles: at least half of the name's characters (and two), only for names of two or more.
    const titleScore = chars.size >= 2 && shared >= Math.max(2, Math.ceil(chars.size / 2)) ? (shared / chars.size) * 8 : 0;
    const score = Math.max(idScore, titleScore);
    if (score > 0) scored.push({ f, score });
  }
  scored.sort((a, b) => b.score - a.score || compareText(idOf(a.f), idOf(b.f)));
  return preferClauses(scored.map((s) => s.f)).slice(0, 5);
}
