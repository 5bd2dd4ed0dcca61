//! A check as terminal text: the report of `check` and `ask` (a heading, the summary, the
//! provisions in their status groups) and the `--explain` view of one provision. In: the
//! handbook, decisions, a chalk instance (no colour when piped). Out: text. The words come
//! from the library (src/words, src/eligibility); only layout and colour live here. Every
//! string that can hold a user's or an author's text passes the terminal sanitiser (`v`)
//! before it is coloured.

import type { ChalkInstance } from 'chalk';
import type { Handbook, Profile, Status } from '../model/index.js';
import { mark, type CheckResult, type Decision } from '../eligibility/check.js';
import { explain, groupByStatus, policyOf, qualifyWords, STATUSES } from '../eligibility/report.js';
import { clauseLabel, missingLead, missingWords, PROVENANCE_NOTES, shownReasons, STATUS_WORDS, validityWords } from '../words/index.js';
import { out } from './context.js';
import { shown as v } from './terminal-text.js';

const GROUP_MARK = { eligible: '✓', undetermined: '？', ineligible: '✗', not_in_force: '○' } as const satisfies Record<Status, string>;

function groupColour(c: ChalkInstance, status: Status): ChalkInstance {
  return status === 'eligible' ? c.green : status === 'undetermined' ? c.yellow : status === 'ineligible' ? c.red : c.dim;
}

function reasonColour(c: ChalkInstance, reason: string): string {
  if (reason.endsWith('✓')) return reason.slice(0, -1) + c.green('✓');
  if (reason.endsWith('✗')) return reason.slice(0, -1) + c.red('✗');
  return reason.slice(0, -1) + c.yellow(reason.slice(-1));
}

/** 《title》（示例） for an illustrative policy. */
function policyTitle(handbook: Handbook, policyId: string): string {
  const p = policyOf(handbook, policyId);
  return p ? `《${v(p.title)}》${PROVENANCE_NOTES[p.provenance]}` : v(policyId);
}

function decisionLines(handbook: Handbook, d: Decision, c: ChalkInstance, profile: Profile): string[] {
  const policy = policyOf(handbook, d.policy);
  const provision = policy?.provisions.find((p) => p.id === d.id);
  const colour = groupColour(c, d.status);
  const dimAll = d.status === 'ineligible' || d.status === 'not_in_force';
  const lines: string[] = [];
  const amount = d.amount ? `  ${c.bold(v(d.amount.text))}` : '';
  lines.push(`  ${colour(GROUP_MARK[d.status])} ${c.bold(v(d.title))}${amount}  ${c.dim(v(d.id))}`);
  const where = `${policyTitle(handbook, d.policy)}${v(clauseLabel(policy, d.source.clause))}`;
  lines.push(`    ${c.dim(where)}`);
  if (d.status === 'not_in_force' && policy) {
    lines.push(`    ${c.dim(`有效期：${v(validityWords(policy))}`)}`);
    return lines;
  }
  if (provision && d.status === 'eligible') lines.push(`    ${v(provision.grants)}`);
  // Why not: the failed conditions are enough (--explain shows all of them).
  const reasons = shownReasons(d).map(v);
  for (const r of reasons) lines.push(`    · ${dimAll ? c.dim(r.slice(0, -1)) + c.red(r.slice(-1)) : reasonColour(c, r)}`);
  if (d.missing.length > 0) {
    lines.push(`    ${c.yellow(`${missingLead(d.status)}：${v(missingWords(handbook.facts, d.missing))}`)}`);
  }
  for (const w of qualifyWords(handbook, d, profile)) lines.push(`    ${c.cyan('→')} ${v(w)}`);
  return lines;
}

export interface ReportOptions {
  name?: string;
  on: string;
  only?: readonly Status[];
  /** Printed at the end of `ask`: no hint to run `ask`. */
  afterInterview?: boolean;
  /** The profile checked: its ways to qualify tell a change from a confirmation. */
  profile?: Profile;
}

/** The report of `check` and `ask`: a heading, the summary, the groups, a hint. */
export function renderReport(handbook: Handbook, decisions: readonly Decision[], summary: Record<Status, number>, options: ReportOptions, c: ChalkInstance = out): string {
  const lines: string[] = [];
  const who = options.name ? ` · ${v(options.name)}` : '';
  lines.push(c.bold(`${v(handbook.meta.title)} ${v(handbook.meta.version)} · 适用性判断${who} · ${options.on}`));
  const counts = STATUSES.filter((s) => s !== 'not_in_force' || summary.not_in_force > 0).map((s) => groupColour(c, s)(`${STATUS_WORDS[s]} ${summary[s]}`));
  lines.push(counts.join(c.dim(' · ')));
  const keep = options.only && options.only.length > 0 ? new Set(options.only) : undefined;
  for (const group of groupByStatus(decisions)) {
    if (keep ? !keep.has(group.status) : group.status === 'not_in_force' && group.decisions.length === 0) continue;
    lines.push('', groupColour(c, group.status).bold(`${STATUS_WORDS[group.status]}（${group.decisions.length}）`));
    if (group.decisions.length === 0) lines.push(c.dim('  （无）'));
    for (const d of group.decisions) lines.push(...decisionLines(handbook, d, c, options.profile ?? {}), '');
    if (group.decisions.length > 0) lines.pop();
  }
  if (summary.undetermined > 0 && !options.afterInterview) {
    lines.push('', c.dim('待定的条目还需回答上面列出的问题：可运行 handbook ask 逐项回答，或用 --set 事实id=值 补充。'));
  }
  lines.push(c.dim('用 --explain 条目id 查看某一条目的完整判断过程。标“（示例）”的文件为示例文本，不是正式文件。'));
  return lines.join('\n') + '\n';
}

const TRUTH_MARK = (c: ChalkInstance, v: boolean | null): string => (v === true ? c.green(mark(v)) : v === false ? c.red(mark(v)) : c.yellow(mark(v)));

/** `--explain ID`: the provision, its decision, the whole trace and the tiers. */
export function renderExplanation(handbook: Handbook, profile: Profile, result: CheckResult, id: string, c: ChalkInstance = out): string | undefined {
  const e = explain(handbook, profile, result, id);
  if (!e) return undefined;
  const { decision: d, policy, provision } = e;
  const colour = groupColour(c, d.status);
  const lines: string[] = [];
  lines.push(`${c.bold(v(d.title))}  ${c.dim(v(d.id))}  ${colour.bold(STATUS_WORDS[d.status])}${d.amount ? `  ${c.bold(v(d.amount.text))}` : ''}`);
  lines.push(c.dim(`${policyTitle(handbook, policy.id)}${v(e.clause)} · ${v(d.source.file)}:${d.source.line}`));
  lines.push(c.dim(`有效期：${v(validityWords(policy))}${d.status === 'not_in_force' ? `（${result.on} 不在有效期内）` : ''}`));
  lines.push(`给予：${v(provision.grants)}`);
  lines.push('', c.bold('适用条件：'));
  for (const l of e.lines) lines.push(`${'  '.repeat(l.depth + 1)}${TRUTH_MARK(c, l.value)} ${v(l.text)}`);
  if (e.tiers.length > 0) {
    lines.push('', c.bold('金额档次（取第一个成立的档次）：'));
    for (const t of e.tiers) {
      const chosen = t.chosen ? c.green('  ← 适用') : '';
      lines.push(`  ${TRUTH_MARK(c, t.value)} ${v(t.condition)} → ${v(t.amount.text)}${chosen}`);
    }
  }
  if (d.missing.length > 0) lines.push('', c.yellow(`还需了解：${v(missingWords(handbook.facts, d.missing))}`));
  const ways = qualifyWords(handbook, d, profile);
  if (ways.length > 0) lines.push('', c.bold(d.nextTier ? `更高档次（${v(d.nextTier.amount.text)}）：` : '如何才能享受：'), ...ways.map((w) => `  ${c.cyan('→')} ${v(w)}`));
  const clause = policy.sections.flatMap((s) => s.clauses).find((cl) => cl.id === d.source.clause);
  if (clause) lines.push('', c.bold(`条款原文（${v(e.clause)}）：`), `  ${v(clause.text)}`);
  return lines.join('\n') + '\n';
}
