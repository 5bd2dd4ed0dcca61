// `handbook ask` driven end to end in a real pseudo-terminal (tmux): the test reads each
// question off the screen, answers it from a known profile (不清楚 for a fact the profile
// does not give), and checks that every question asked could still change a result and
// was the most decisive one, and that the saved answers give the same results as `check`
// on the known profile.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileDir } from '../../src/validate/index.js';
import { check, nextQuestions } from '../../src/eligibility/check.js';
import type { Fact, Handbook, Profile, Rule, Scalar } from '../../src/model/index.js';
import { BIN, POLICIES, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { tmux, TmuxSessions } from '../helpers/tmux.js';

const MINI = fileURLToPath(new URL('./fixtures/mini/', import.meta.url));
const TMP = tempDir('hb-ask-');
const OUT = join(TMP, 'out');
const ON = '2026-11-30';
const terminal = new TmuxSessions('hb-ask');

/** Polls the pane (scrolled-off lines included) until `ready` holds; fails after a generous bound with the screen shown. */
const waitFor = (session: string, ready: (screen: string) => boolean, what: string) => terminal.waitFor(session, ready, { what, joined: true, scrollback: 200 });

/** Every value worth trying for a fact: its enum values, both booleans, or the numbers around each threshold the rules use. */
function candidates(handbook: Handbook, fact: Fact): Scalar[] {
  if (fact.type === 'boolean') return [true, false];
  if (fact.type === 'enum') return fact.values ?? [];
  const numbers = new Set<number>([fact.min ?? 0]);
  const visit = (rule: Rule): void => {
    if (rule.kind === 'all' || rule.kind === 'any') rule.of.forEach(visit);
    else if (rule.kind === 'not') visit(rule.of);
    else if (rule.kind === 'compare' && rule.fact === fact.id) {
      for (const v of [rule.value].flat()) if (typeof v === 'number') [v - 1, v, v + 1].forEach((n) => numbers.add(n));
    }
  };
  handbook.derived.forEach((d) => visit(d.rule));
  for (const p of handbook.policies) for (const pr of p.provisions) [pr.rule, ...pr.tiers.map((t) => t.when)].forEach(visit);
  return [...numbers].filter((n) => (fact.min === undefined || n >= fact.min) && (fact.max === undefined || n <= fact.max));
}

/** What a user sees of a result: each provision's status and amount. */
function outcome(handbook: Handbook, profile: Profile): string {
  return JSON.stringify(check(handbook, profile, { on: ON }).decisions.map((d) => [d.id, d.status, d.amount?.value ?? null]));
}

/** Whether some answer to `fact` would change some provision's status or amount. */
function canChange(handbook: Handbook, profile: Profile, fact: Fact): boolean {
  const now = outcome(handbook, profile);
  return candidates(handbook, fact).some((v) => outcome(handbook, { ...profile, [fact.id]: v }) !== now);
}

interface Interview {
  asked: string[];
  screen: string;
  saved: string;
}

/** The question that ends the interview: whether to write the brief. */
const OFFER = /^\? 是否写出给企业的政策服务说明/m;

/**
 * Runs `handbook ask` in tmux and answers from `known`; checks each question as it comes.
 * At the end it declines the offer of a brief, or accepts it with the file `brief.accept`;
 * `brief.flag` passes --brief FILE instead (then no offer may come).
 */
async function interview(dir: string, handbook: Handbook, known: Profile, name: string, brief: { accept?: string; flag?: string } = {}): Promise<Interview> {
  const save = join(TMP, `${name}.yaml`);
  const flag = brief.flag ? ` --brief '${brief.flag}'` : '';
  const session = terminal.start(`NO_COLOR=1 '${process.execPath}' '${BIN}' ask --dir '${dir}' --out '${OUT}' --on ${ON} --save '${save}'${flag}; echo "EXIT=$?"; sleep 600`, 200, 50);
  const byQuestion = new Map(handbook.facts.map((f) => [f.question, f]));
  const answers: Profile = {};
  const skipped = new Set<string>();
  const asked: string[] = [];
  // The enterprise's name comes first: skipped with Enter.
  await waitFor(session, (s) => /^\? 企业名称（可直接回车跳过）/m.test(s), '企业名称');
  tmux('send-keys', '-t', session, 'Enter');
  for (let n = 0; n < 50; n++) {
    // A question is on screen when the last prompt line starts with "?", or the command has ended.
    const screen = await waitFor(
      session,
      (s) => /^EXIT=\d+/m.test(s) || (s.split('\n').filter((l) => /^[?✔] /.test(l)).length === n + 2 && /^\? /m.test(s)),
      `第 ${n + 1} 个问题`,
    );
    if (/^EXIT=\d+/m.test(screen) && !/^\? /m.test(screen)) {
      expect(screen).toMatch(/^EXIT=0$/m);
      return { asked, screen, saved: readFileSync(save, 'utf8') };
    }
    if (OFFER.test(screen)) {
      expect(brief.flag, '给出 --brief 时不应再询问').toBeUndefined();
      tmux('send-keys', '-t', session, '-l', brief.accept ? 'y' : 'n');
      tmux('send-keys', '-t', session, 'Enter');
      if (brief.accept) {
        await waitFor(session, (s) => /^\? 写到哪个文件/m.test(s), '文件名提问');
        tmux('send-keys', '-t', session, '-l', brief.accept);
        tmux('send-keys', '-t', session, 'Enter');
      }
      const end = await waitFor(session, (s) => /^EXIT=\d+/m.test(s), '问答结束');
      expect(end).toMatch(/^EXIT=0$/m);
      return { asked, screen: end, saved: readFileSync(save, 'utf8') };
    }
    const line = screen.split('\n').find((l) => l.startsWith('? '))!;
    const m = /^\? \[已判定 (\d+)\/(\d+) · 此题关系 (\d+) 个条目\] (\S+？)/.exec(line);
    expect(m, `无法识别的提问：${line}`).not.toBeNull();
    const fact = byQuestion.get(m![4]!)!;
    expect(fact, `屏幕上的问题不是 facts.yaml 中的问题：${line}`).toBeDefined();
    // The question is the most decisive one still open, and some answer to it could change a result.
    const open = nextQuestions(handbook, answers, { on: ON }).filter((q) => !skipped.has(q.fact.id));
    expect(open[0]?.fact.id, `问了 ${fact.id}，应先问 ${open[0]?.fact.id}`).toBe(fact.id);
    expect(Number(m![3])).toBe(open[0]!.decides);
    expect(canChange(handbook, answers, fact), `${fact.id} 的任何回答都不会改变结果，不应提问`).toBe(true);
    expect(asked).not.toContain(fact.id);
    asked.push(fact.id);
    // Answer from the known profile.
    const value = known[fact.id];
    if (fact.type === 'enum' || fact.type === 'boolean') {
      const choices: Scalar[] = fact.type === 'boolean' ? [true, false] : (fact.values ?? []);
      const index = value === undefined ? choices.length + 1 : choices.indexOf(value) + 1;
      tmux('send-keys', '-t', session, '-l', String(index));
      tmux('send-keys', '-t', session, 'Enter');
    } else {
      if (value !== undefined) tmux('send-keys', '-t', session, '-l', String(value));
      tmux('send-keys', '-t', session, 'Enter');
    }
    if (value === undefined) skipped.add(fact.id);
    else answers[fact.id] = value;
  }
  throw new Error('问题太多：问答没有结束');
}

/** check --json for a profile file (or --set pairs): each provision's status, amount and missing facts, and the summary. */
function checkJson(dir: string, args: string[]): { results: unknown; summary: unknown } {
  const r = runCli(['check', '--dir', dir, '--out', OUT, '--on', ON, '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  const j = JSON.parse(r.stdout) as { results: { id: string; status: string; amount: unknown; missing: string[] }[]; summary: unknown };
  return { results: j.results.map((x) => [x.id, x.status, x.amount, x.missing]), summary: j.summary };
}

const setsOf = (p: Profile) => Object.entries(p).flatMap(([k, v]) => ['--set', `${k}=${String(v)}`]);

describe('handbook ask in a pseudo-terminal', () => {
  // Ensure an interview on the fixture handbook asks only decisive questions and ends with the same results as check.
  it('fixture handbook: same results as check, no useless question', async () => {
    const handbook = compileDir(MINI).handbook!;
    const known: Profile = { investor_origin: '境外浙商', paid_in_wan: 12000, registered_capital_wan: 20000, needs_land: true, region: '杭州', rd_ratio_pct: 5 };
    const { asked, screen, saved } = await interview(MINI, handbook, known, 'mini');
    expect(asked[0]).toBe('investor_origin');
    // high_pollution is unknown: skipped with 不清楚, and the green channel stays undetermined.
    expect(asked).toContain('high_pollution');
    expect(saved).toContain('# high_pollution:');
    // Facts no rule in force uses are never asked.
    expect(asked).not.toContain('region');
    expect(asked).not.toContain('rd_ratio_pct');
    expect(asked).not.toContain('contact');
    expect(screen).toContain('符合（2）');
    expect(screen).toContain('回答已保存到');
    const savedPath = join(TMP, 'mini.yaml');
    const a = checkJson(MINI, [savedPath]);
    const b = checkJson(MINI, setsOf(known));
    expect(a.results).toEqual(b.results);
    expect(a.summary).toEqual(b.summary);
  });

  // Ensure the interview ends by offering the brief, and writes it to the file named in answer.
  it('offers the brief at the end and writes it where asked', async () => {
    const handbook = compileDir(MINI).handbook!;
    const file = join(TMP, 'offered.html');
    const { screen } = await interview(MINI, handbook, { investor_origin: '境外浙商', paid_in_wan: 12000 }, 'offer', { accept: file });
    expect(screen).toContain('已写出');
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('政策服务说明');
    expect(html).toContain('可享受的政策');
  });

  // Ensure --brief FILE writes the brief without asking (an offer on screen fails the interview).
  it('ask --brief FILE writes the brief without asking', async () => {
    const handbook = compileDir(MINI).handbook!;
    const file = join(TMP, 'flag.html');
    const { screen } = await interview(MINI, handbook, { investor_origin: '境外浙商', paid_in_wan: 12000 }, 'flag', { flag: file });
    expect(screen).not.toMatch(OFFER);
    expect(readFileSync(file, 'utf8')).toContain('需要补充确认');
  });

  // Ensure the same on the bundled handbook, for a profile with some facts unknown.
  it('bundled handbook: same results as check, no useless question', async () => {
    const handbook = compileDir(POLICIES).handbook!;
    const known: Profile = {
      investor_origin: '省外浙商',
      paid_in_wan: 12000,
      registered_capital_wan: 20000,
      industry: '先进制造业',
      high_pollution: false,
      size: '中型',
      headquarters: '区域总部',
      import_export: true,
      talent: '省级',
      rd_ratio_pct: 4,
    };
    const { asked, saved } = await interview(POLICIES, handbook, known, 'bundled');
    expect(asked).not.toContain('region');
    expect(saved).toMatch(/^paid_in_wan: 12000 {2}# 到位资金$/m);
    const a = checkJson(POLICIES, [join(TMP, 'bundled.yaml')]);
    const b = checkJson(POLICIES, setsOf(known));
    expect(a.results).toEqual(b.results);
    expect(a.summary).toEqual(b.summary);
  });
});
