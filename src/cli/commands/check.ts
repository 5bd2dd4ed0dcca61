//! `handbook check`: an enterprise profile (file, `-`, `--set`) against every provision,
//! as a terminal report in three groups, as `--json`, or one provision `--explain`ed;
//! `--batch` streams a CSV/JSON Lines file (see batch.ts). Also registers `ask` (loaded
//! lazily from ask.ts: inquirer never loads on this path) and `schema` (schema.ts).
//! The shared pieces of the profile commands live here: reading a profile, the date,
//! the report's terminal rendering.

import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ChalkInstance } from 'chalk';
import type { Handbook, Profile } from '../../model/index.js';
import { check, mark, type Decision, type Status } from '../../eligibility/check.js';
import { clauseLabel, explain, groupByStatus, policyOf, provisionIds, qualifyWords, toReport, STATUSES } from '../../eligibility/report.js';
import { suggestion } from '../../diagnostics/index.js';
import { decodeSource } from '../../load/read.js';
import { applySets, readProfileObject, type ReadProfile } from '../../profile/fields.js';
import { readFlatJsonObject } from '../../profile/json-line.js';
import { closest, formatProfileIssue, profileSpec, type ProfileIssue, type ProfileSpec } from '../../profile/values.js';
import { EXIT_INPUT, EXIT_USAGE, collect, err, handbookOptions, out, printJson, requireHandbook, type HandbookOptions } from '../context.js';
import { registerSchema } from './schema.js';

export { registerSchema };

/** Today's date where the users are: China Standard Time (UTC+8, no daylight saving). */
export function todayInChina(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
}

/** `--on`: a real calendar date YYYY-MM-DD, or undefined (with a message) when it is not. */
export function parseOn(value: string | undefined): string | undefined {
  if (value === undefined) return todayInChina();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!d || d.toISOString().slice(0, 10) !== value) {
    usage(`--on "${value}" 不是有效日期，应写成 YYYY-MM-DD，如 --on 2026-11-30`);
    return undefined;
  }
  return value;
}

/** Prints a usage error and sets exit code 2. */
export function usage(message: string): void {
  process.stderr.write(err.red(message) + '\n');
  process.exitCode = EXIT_USAGE;
}

const ONLY_WORDS: Record<string, Status> = {
  eligible: 'eligible',
  undetermined: 'undetermined',
  ineligible: 'ineligible',
  not_in_force: 'not_in_force',
  符合: 'eligible',
  待定: 'undetermined',
  不符合: 'ineligible',
  未生效: 'not_in_force',
};

function parseOnly(value: string | undefined): Status[] | undefined | false {
  if (value === undefined) return undefined;
  const statuses: Status[] = [];
  for (const w of value.split(/[,，]/).map((s) => s.trim()).filter(Boolean)) {
    const s = ONLY_WORDS[w];
    if (!s) {
      usage(`--only "${w}" 无法识别，应为 eligible、undetermined、ineligible 或 not_in_force（可用逗号分隔多个）${suggestion(w, Object.keys(ONLY_WORDS))}`);
      return false;
    }
    statuses.push(s);
  }
  return statuses;
}

export function printProfileIssues(issues: readonly ProfileIssue[]): void {
  for (const i of issues) process.stderr.write(err.red(formatProfileIssue(i)) + '\n');
}

/**
 * A profile file's text → profile. A valid JSON profile is read without loading the YAML
 * parser (the fast path of scripts); anything else, or JSON with problems, goes through
 * `yaml`, which gives every problem its line and column.
 */
async function parseProfileFile(text: string, file: string, spec: ProfileSpec): Promise<ReadProfile> {
  // A flat JSON object in one pass (src/profile/json-line.ts). A repeated key, a problem, or
  // anything it declines (not JSON, nested values) goes to YAML, which locates it.
  const flat = readFlatJsonObject(text);
  if (flat && flat.repeated === undefined) {
    const fast = readProfileObject(flat.value, spec);
    if (fast.issues.length === 0) return fast;
  }
  const { parseProfileText } = await import('../../profile/read.js');
  return parseProfileText(text, file, spec);
}

/**
 * Reads a profile file (`-` = standard input) and applies `--set`; prints every problem
 * and returns undefined (exit code 1 set) when there is any.
 */
export async function readProfileArg(handbook: Handbook, path: string | undefined, sets: readonly string[]): Promise<ReadProfile | undefined> {
  const spec = profileSpec(handbook.facts, handbook.derived);
  let read: ReadProfile = { profile: {}, issues: [] };
  if (path !== undefined) {
    const file = path === '-' ? '-' : path;
    let bytes: Buffer;
    try {
      bytes = readFileSync(path === '-' ? 0 : path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个目录' : (e as Error).message;
      printProfileIssues([{ code: 'profile/syntax', field: '', message: `无法读取画像文件：${why}`, file }]);
      process.exitCode = EXIT_INPUT;
      return undefined;
    }
    const text = decodeSource(bytes);
    if (text === undefined) {
      printProfileIssues([{ code: 'profile/syntax', field: '', message: '画像文件不是合法的 UTF-8 文本（请另存为 UTF-8 编码）', file, line: 1, column: 1 }]);
      process.exitCode = EXIT_INPUT;
      return undefined;
    }
    read = await parseProfileFile(text, file, spec);
  }
  applySets(read, sets, spec);
  if (read.issues.length > 0) {
    printProfileIssues(read.issues);
    process.stderr.write(err.red(`画像有 ${read.issues.length} 处错误，未做判断。`) + '\n');
    process.exitCode = EXIT_INPUT;
    return undefined;
  }
  return read;
}

// ---------------------------------------------------------------------------
// The terminal report

const GROUP_TITLE: Record<Status, string> = { eligible: '符合', undetermined: '待定', ineligible: '不符合', not_in_force: '不在有效期内' };
const GROUP_MARK: Record<Status, string> = { eligible: '✓', undetermined: '？', ineligible: '✗', not_in_force: '○' };

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
  if (!p) return policyId;
  const note = p.provenance === 'illustrative' ? '（示例）' : p.provenance === 'partial' ? '（部分核实）' : '';
  return `《${p.title}》${note}`;
}

function missingWords(handbook: Handbook, missing: readonly string[]): string {
  return missing.map((id) => `${handbook.facts.find((f) => f.id === id)?.label ?? id}（${id}）`).join('、');
}

function decisionLines(handbook: Handbook, d: Decision, c: ChalkInstance, profile: Profile): string[] {
  const policy = policyOf(handbook, d.policy);
  const provision = policy?.provisions.find((p) => p.id === d.id);
  const colour = groupColour(c, d.status);
  const dimAll = d.status === 'ineligible' || d.status === 'not_in_force';
  const lines: string[] = [];
  const amount = d.amount ? `  ${c.bold(d.amount.text)}` : '';
  lines.push(`  ${colour(GROUP_MARK[d.status])} ${c.bold(d.title)}${amount}  ${c.dim(d.id)}`);
  const where = `${policyTitle(handbook, d.policy)}${clauseLabel(policy, d.source.clause)}`;
  lines.push(`    ${c.dim(where)}`);
  if (d.status === 'not_in_force' && policy) {
    const span = policy.expires ? `${policy.effective} 至 ${policy.expires}` : `${policy.effective} 起`;
    lines.push(`    ${c.dim(`有效期：${span}`)}`);
    return lines;
  }
  if (provision && d.status === 'eligible') lines.push(`    ${provision.grants}`);
  // Why not: the failed conditions are enough (--explain shows all of them).
  const reasons = d.status === 'ineligible' ? d.reasons.filter((r) => r.endsWith('✗')) : d.reasons;
  for (const r of reasons) lines.push(`    · ${dimAll ? c.dim(r.slice(0, -1)) + c.red(r.slice(-1)) : reasonColour(c, r)}`);
  if (d.missing.length > 0) {
    const what = d.status === 'eligible' ? '金额还取决于' : '还需了解';
    lines.push(`    ${c.yellow(`${what}：${missingWords(handbook, d.missing)}`)}`);
  }
  for (const w of qualifyWords(handbook, d, profile)) lines.push(`    ${c.cyan('→')} ${w}`);
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
  const who = options.name ? ` · ${options.name}` : '';
  lines.push(c.bold(`${handbook.meta.title} ${handbook.meta.version} · 适用性判断${who} · ${options.on}`));
  const counts = STATUSES.filter((s) => s !== 'not_in_force' || summary.not_in_force > 0).map((s) => groupColour(c, s)(`${GROUP_TITLE[s]} ${summary[s]}`));
  lines.push(counts.join(c.dim(' · ')));
  const keep = options.only && options.only.length > 0 ? new Set(options.only) : undefined;
  for (const group of groupByStatus(decisions)) {
    if (keep ? !keep.has(group.status) : group.status === 'not_in_force' && group.decisions.length === 0) continue;
    lines.push('', groupColour(c, group.status).bold(`${GROUP_TITLE[group.status]}（${group.decisions.length}）`));
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
export function renderExplanation(handbook: Handbook, profile: Profile, result: ReturnType<typeof check>, id: string, c: ChalkInstance = out): string | undefined {
  const e = explain(handbook, profile, result, id);
  if (!e) return undefined;
  const { decision: d, policy, provision } = e;
  const colour = groupColour(c, d.status);
  const lines: string[] = [];
  lines.push(`${c.bold(d.title)}  ${c.dim(d.id)}  ${colour.bold(GROUP_TITLE[d.status])}${d.amount ? `  ${c.bold(d.amount.text)}` : ''}`);
  lines.push(c.dim(`${policyTitle(handbook, policy.id)}${e.clause} · ${d.source.file}:${d.source.line}`));
  const span = policy.expires ? `${policy.effective} 至 ${policy.expires}` : `${policy.effective} 起`;
  lines.push(c.dim(`有效期：${span}${d.status === 'not_in_force' ? `（${result.on} 不在有效期内）` : ''}`));
  lines.push(`给予：${provision.grants}`);
  lines.push('', c.bold('适用条件：'));
  for (const l of e.lines) lines.push(`${'  '.repeat(l.depth + 1)}${TRUTH_MARK(c, l.value)} ${l.text}`);
  if (e.tiers.length > 0) {
    lines.push('', c.bold('金额档次（取第一个成立的档次）：'));
    for (const t of e.tiers) {
      const chosen = t.chosen ? c.green('  ← 适用') : '';
      lines.push(`  ${TRUTH_MARK(c, t.value)} ${t.condition} → ${t.amount.text}${chosen}`);
    }
  }
  if (d.missing.length > 0) lines.push('', c.yellow(`还需了解：${missingWords(handbook, d.missing)}`));
  const ways = qualifyWords(handbook, d, profile);
  if (ways.length > 0) lines.push('', c.bold(d.nextTier ? `更高档次（${d.nextTier.amount.text}）：` : '如何才能享受：'), ...ways.map((w) => `  ${c.cyan('→')} ${w}`));
  const clause = policy.sections.flatMap((s) => s.clauses).find((cl) => cl.id === d.source.clause);
  if (clause) lines.push('', c.bold(`条款原文（${e.clause}）：`), `  ${clause.text}`);
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------
// The commands

interface CheckOpts extends HandbookOptions {
  set?: string[];
  on?: string;
  json?: boolean;
  explain?: string;
  only?: string;
  batch?: string;
  format?: string;
}


export function registerCheck(program: Command): void {
  handbookOptions(
    program
      .command('check')
      .description('判断一家企业适用哪些政策条目：符合、待定、不符合，并说明理由')
      .argument('[profile]', '企业画像文件（YAML 或 JSON），- 表示从标准输入读取')
      .option('--set <fact=value>', '设置一项事实（事实id=值），可重复；与画像文件同用时覆盖文件中的值', collect)
      .option('--on <YYYY-MM-DD>', '按哪一天判断政策是否有效（默认：今天，北京时间）')
      .option('--json', '输出 JSON（格式见 docs/CHECK.md）')
      .option('--explain <id>', '只显示一个条目的完整判断过程')
      .option('--only <status>', '只显示某些状态：eligible、undetermined、ineligible、not_in_force（逗号分隔）')
      .option('--batch <file>', '批量判断：CSV 或 JSON Lines 文件（- 为标准输入），每行一家企业')
      .option('--format <format>', '批量输出格式：jsonl（默认，每行一个 JSON）或 csv（矩阵，可用电子表格打开）'),
  )
    .addHelpText(
      'after',
      `
示例：
  $ handbook check examples/partial.yaml
  $ handbook check examples/partial.yaml --set needs_land=是 --set high_pollution=否
  $ handbook check --set investor_origin=省外浙商 --set paid_in_wan=12000 --json
  $ cat profile.json | handbook check - --only eligible
  $ handbook check examples/major-return-emerging.yaml --explain fiscal.hq-settlement-reward
  $ handbook check --batch examples/batch.csv --format csv > 结果.csv

画像的字段为 facts.yaml 中的事实 id（另可写 name），运行 handbook schema profile 查看。
是非题可写 true/false、是/否、yes/no（--set 与 CSV 中还可写 1/0）；数字只写阿拉伯数字，
不带千分位逗号和单位。退出码：0 完成；1 画像或批量文件有错误；2 用法错误。`,
    )
    .action(async (profileArg: string | undefined, opts: CheckOpts) => {
      const sets = opts.set ?? [];
      const on = parseOn(opts.on);
      if (on === undefined) return;
      const only = parseOnly(opts.only);
      if (only === false) return;
      const batchPath = opts.batch ?? (profileArg && /\.(csv|jsonl|ndjson)$/i.test(profileArg) ? profileArg : undefined);
      if (opts.format !== undefined && !['jsonl', 'csv'].includes(opts.format)) {
        return usage(`未知的 --format "${opts.format}"，应为 jsonl 或 csv`);
      }
      if (batchPath !== undefined) {
        if ((opts.batch && profileArg) || sets.length > 0 || opts.explain || opts.only) {
          return usage('--batch 不能与画像文件、--set、--explain 或 --only 同用');
        }
      } else if (opts.format !== undefined) {
        return usage('--format 只用于 --batch；单个画像请用 --json');
      } else if (profileArg === undefined && sets.length === 0) {
        return usage('请给出企业画像：handbook check 画像.yaml、handbook check -（标准输入）或 --set 事实id=值；也可以运行 handbook ask 逐项回答');
      }
      const { handbook } = await requireHandbook(opts);
      if (!handbook) {
        process.exitCode = EXIT_INPUT;
        return;
      }
      if (batchPath !== undefined) {
        const { runBatch } = await import('./batch.js');
        await runBatch(handbook, batchPath, { on, format: opts.format === 'csv' ? 'csv' : 'jsonl' });
        return;
      }
      if (opts.explain !== undefined && !provisionIds(handbook).includes(opts.explain)) {
        return usage(`没有 id 为 "${opts.explain}" 的条目${closest(opts.explain, provisionIds(handbook))}（运行 handbook list 查看全部条目）`);
      }
      const read = await readProfileArg(handbook, profileArg, sets);
      if (!read) return;
      const result = check(handbook, read.profile, { on });
      if (opts.explain !== undefined) {
        if (opts.json) {
          const report = toReport(handbook, result, { ...(read.name !== undefined ? { name: read.name } : {}) });
          const d = result.decisions.find((x) => x.id === opts.explain)!;
          printJson({ ...report, results: report.results.filter((r) => r.id === d.id).map((r) => ({ ...r, trace: d.trace })) });
        } else {
          process.stdout.write(renderExplanation(handbook, read.profile, result, opts.explain)!);
        }
        return;
      }
      if (opts.json) {
        printJson(toReport(handbook, result, { ...(read.name !== undefined ? { name: read.name } : {}), ...(only ? { only } : {}) }));
        return;
      }
      process.stdout.write(renderReport(handbook, result.decisions, result.summary, { on, profile: read.profile, ...(read.name !== undefined ? { name: read.name } : {}), ...(only ? { only } : {}) }));
    });
}

interface AskOpts extends HandbookOptions {
  on?: string;
  save?: string;
  set?: string[];
}

export function registerAsk(program: Command): void {
  handbookOptions(
    program
      .command('ask')
      .description('在终端中逐项提问，只问还能改变结果的问题，最后给出与 check 相同的报告')
      .argument('[profile]', '已有的画像文件，从它接着问（可选）')
      .option('--set <fact=value>', '预先设置一项事实（事实id=值），可重复', collect)
      .option('--on <YYYY-MM-DD>', '按哪一天判断政策是否有效（默认：今天，北京时间）')
      .option('--save <file>', '把回答保存为画像文件（YAML），之后可用 handbook check 使用'),
  )
    .addHelpText(
      'after',
      `
示例：
  $ handbook ask
  $ handbook ask --save 我的企业.yaml
  $ handbook ask examples/partial.yaml --save 补全.yaml

每个问题都可以选“不清楚”跳过。需要在终端中运行；在脚本中请使用 handbook check。`,
    )
    .action(async (profileArg: string | undefined, opts: AskOpts) => {
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        return usage('handbook ask 需要在终端中交互使用；在脚本或管道中请使用 handbook check 画像.yaml（或 handbook check --set 事实id=值）');
      }
      const on = parseOn(opts.on);
      if (on === undefined) return;
      const { handbook } = await requireHandbook(opts);
      if (!handbook) {
        process.exitCode = EXIT_INPUT;
        return;
      }
      const read = await readProfileArg(handbook, profileArg, opts.set ?? []);
      if (!read) return;
      const { runAsk } = await import('./ask.js');
      await runAsk(handbook, read, { on, ...(opts.save !== undefined ? { save: opts.save } : {}) });
    });
}
