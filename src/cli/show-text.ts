//! Handbook content as terminal text: a policy, section, clause or provision, readable —
//! headings, lists, tables, and the provisions with their rules in words. Plain text (no
//! colour codes) when piped or with NO_COLOR. Used by `show` and by live search.

import type { ChalkInstance } from 'chalk';
import type { Clause, Handbook, Policy, Provision, Section } from '../model/index.js';
import { describeRule } from '../eligibility/words.js';
import { clauseLabel, PROVENANCE_WORDS, provenanceTag, tierAmount } from '../words/index.js';
import { formatTable } from './table.js';
import { lookup, type Found } from '../model/lookup.js';
import { forTerminal, shown, shownText } from './terminal-text.js';
import { replaceLinks } from '../text/markdown.js';

/** A heading's provenance tag in colour, after two spaces ('' for a confirmed policy). */
function badge(policy: Policy, c: ChalkInstance): string {
  return policy.provenance === 'confirmed' ? '' : '  ' + c.yellow(provenanceTag(policy.provenance));
}

/** Inline Markdown → terminal text: **bold**, links to their text, `code` plain. */
function inline(md: string, c: ChalkInstance): string {
  return replaceLinks(md, 'optional')
    .replace(/\*\*([^*]+)\*\*|__([^_]+)__/g, (_m, a: string | undefined, b: string | undefined) => c.bold(a ?? b ?? ''))
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(^|[^*])\*([^*\n]+)\*/g, '$1$2');
}

/** Block Markdown → terminal lines: paragraphs, lists, block quotes, tables, headings (control characters shown). */
export function markdownLines(md: string, c: ChalkInstance, indent = ''): string[] {
  const lines: string[] = [];
  const src = shownText(md).split('\n');
  for (let i = 0; i < src.length; i++) {
    const line = src[i]!;
    if (/^\s*\|.*\|\s*$/.test(line)) {
      const rows: string[][] = [];
      while (i < src.length && /^\s*\|.*\|\s*$/.test(src[i]!)) {
        const cells = src[i]!.trim().replace(/^\||\|$/g, '').split('|').map((s) => s.trim());
        if (!cells.every((s) => /^:?-{2,}:?$/.test(s))) rows.push(cells.map((s) => inline(s, c)));
        i++;
      }
      i--;
      const [head, ...body] = rows;
      if (head) lines.push(...formatTable([head.map((h) => c.bold(h)), ...body]).map((l) => indent + l));
      continue;
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      lines.push(indent + c.bold(inline(heading[1]!, c)));
      continue;
    }
    const quote = /^>\s?(.*)$/.exec(line);
    if (quote) {
      lines.push(indent + c.dim('│ ' + inline(quote[1]!, c)));
      continue;
    }
    const item = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (item) {
      const bullet = /\d/.test(item[2]!) ? item[2]! : '•';
      lines.push(indent + item[1]! + bullet + ' ' + inline(item[3]!, c));
      continue;
    }
    if (line.trim() === '') {
      if (lines.length && lines[lines.length - 1] !== '') lines.push('');
      continue;
    }
    lines.push(indent + inline(line.trim(), c));
  }
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** What `show` shows: a policy, a section, a clause or a provision (src/model/lookup.ts). */
export type Shown = Found;

/** Finds what an id names exactly: a policy, a section, a clause or a provision. */
export function findById(handbook: Handbook, id: string): Shown | undefined {
  const r = lookup(handbook, id);
  return r.matchedBy === 'id' ? r.found : undefined;
}

/** Every id `show` accepts, for suggestions. */
export function allIds(handbook: Handbook): string[] {
  return handbook.policies.flatMap((p) => [
    p.id,
    ...p.provisions.map((pr) => pr.id),
    ...p.sections.flatMap((s) => [s.id, ...s.clauses.map((cl) => cl.id)]),
  ]);
}

/** The facts and derived facts a rule is described with, by id (made safe for the terminal). */
interface RuleWords {
  facts: Map<string, Handbook['facts'][number]>;
  derived: Map<string, Handbook['derived'][number]>;
}

function ruleWords(handbook: Handbook): RuleWords {
  return {
    facts: new Map(forTerminal(handbook.facts).map((f) => [f.id, f])),
    derived: new Map(forTerminal(handbook.derived).map((d) => [d.id, d])),
  };
}

function provisionLines({ facts, derived }: RuleWords, policy: Policy, pr: Provision, c: ChalkInstance, indent: string, withSource = true): string[] {
  const lines = [`${indent}${c.cyan(pr.id)}  ${c.bold(pr.title)}${withSource ? c.dim(`（${clauseLabel(policy, pr.clause)}）`) : ''}`];
  lines.push(`${indent}  给予：${pr.grants}`);
  lines.push(`${indent}  条件：${describeRule(pr.rule, facts, derived)}`);
  if (pr.tiers.length) {
    lines.push(`${indent}  数额（按第一个符合的档次）：`);
    for (const t of pr.tiers) {
      lines.push(`${indent}    • ${describeRule(t.when, facts, derived)} → ${tierAmount(t).text}`);
    }
  }
  return lines;
}

function policyHeader(policy: Policy, c: ChalkInstance): string[] {
  const meta = [policy.issuer, policy.number, policy.date, `施行 ${policy.effective}`, policy.expires ? `截止 ${policy.expires}` : '']
    .filter(Boolean)
    .join(' · ');
  return [c.bold.underline(policy.title) + badge(policy, c), c.dim(`${meta}  （id：${policy.id}）`)];
}

function clauseLines(words: RuleWords, policy: Policy, clause: Clause, c: ChalkInstance, indent: string): string[] {
  const lines = markdownLines(clause.markdown, c, indent);
  const stated = policy.provisions.filter((pr) => pr.clause === clause.id);
  if (stated.length) {
    lines.push('', indent + c.green('本条规定的条目：'));
    for (const pr of stated) lines.push(...provisionLines(words, policy, pr, c, indent + '  ', false));
  }
  return lines;
}

/**
 * What `show` prints for an id (without the trailing newline). Every string printed — the shown
 * policy's, and the facts' a rule names — passes the terminal sanitiser (forTerminal) before it
 * is laid out and coloured. Nothing else of the handbook is read: from a compiled handbook, only
 * the shown policy's text is decoded.
 */
export function formatShow(handbook: Handbook, rawShown: Shown, c: ChalkInstance): string {
  const words = ruleWords(handbook);
  const view = forTerminal(rawShown);
  const lines: string[] = [];
  const { policy } = view;
  switch (view.kind) {
    case 'policy': {
      lines.push(...policyHeader(policy, c));
      if (policy.tags.length) lines.push(c.dim(`标签：${policy.tags.join('、')}`));
      if (policy.preamble.trim()) lines.push('', ...markdownLines(policy.preamble, c));
      for (const s of policy.sections) {
        lines.push('', c.bold(`${s.number}${s.title}`));
        if (s.intro.trim()) lines.push(...markdownLines(s.intro, c, '  '));
        for (const cl of s.clauses) lines.push(...markdownLines(cl.markdown, c, '  '));
      }
      if (policy.provisions.length) {
        lines.push('', c.green.bold('条目'));
        for (const pr of policy.provisions) lines.push(...provisionLines(words, policy, pr, c, '  '));
      }
      break;
    }
    case 'section': {
      const { section } = view;
      lines.push(c.dim(`《${policy.title}》`) + badge(policy, c), c.bold(`${section.number}${section.title}`) + c.dim(`  （id：${section.id}）`));
      if (section.intro.trim()) lines.push(...markdownLines(section.intro, c));
      for (const cl of section.clauses) lines.push('', ...clauseLines(words, policy, cl, c, ''));
      break;
    }
    case 'clause': {
      const { section, clause } = view;
      lines.push(
        c.dim(`《${policy.title}》 › ${section.number}${section.title} › ${clause.number}`) + c.dim(`  （id：${clause.id}）`) + badge(policy, c),
        '',
        ...clauseLines(words, policy, clause, c, ''),
      );
      if (policy.provenance !== 'confirmed') lines.push('', c.yellow(`注：本文件为${PROVENANCE_WORDS[policy.provenance]}，以正式文件为准。`));
      break;
    }
    case 'provision': {
      const { provision } = view;
      lines.push(c.dim(`《${policy.title}》 ${clauseLabel(policy, provision.clause)}`) + badge(policy, c), '');
      lines.push(...provisionLines(words, policy, provision, c, '', false));
      const clause = policy.sections.flatMap((s) => s.clauses).find((cl) => cl.id === provision.clause);
      if (clause) lines.push('', c.dim('条文：'), ...markdownLines(clause.markdown, c, '  '));
      break;
    }
  }
  return lines.join('\n');
}

/**
 * What `list` prints: the policies, their provenance, and their provisions as a table (without
 * the trailing newline). Only the strings printed pass the sanitiser (`shown`): no policy's
 * body is copied.
 */
export function formatList(handbook: Handbook, c: ChalkInstance): string {
  const lines: string[] = [c.bold(shown(handbook.meta.title))];
  for (const p of handbook.policies) {
    const meta = shown([p.issuer, p.number, p.date].filter(Boolean).join(' · '));
    const tag = p.provenance === 'confirmed' ? '' : ` ${c.yellow(provenanceTag(p.provenance))}`;
    lines.push('', `${c.cyan.bold(shown(p.id))}  ${c.bold(shown(p.title))}${tag}`, `  ${c.dim(meta)}`);
    const rows = p.provisions.map((pr) => ['  ' + shown(pr.id), shown(pr.title), c.dim(shown(pr.clause))]);
    lines.push(...formatTable(rows));
  }
  const n = handbook.policies.reduce((s, p) => s + p.provisions.length, 0);
  lines.push('', c.dim(`共 ${handbook.policies.length} 份文件，${n} 个条目`));
  return lines.join('\n');
}
