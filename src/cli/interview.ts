//! The interview of `handbook ask`. Loaded only when `ask` runs (it pulls in
//! @inquirer/prompts). Asks the enterprise's name first (Enter skips it), then, one at a
//! time, only the facts whose answer can still change some provision (nextQuestions: the
//! most decisive first), shows how many provisions are settled, accepts 不清楚, goes back one
//! question on “← 上一题” (or `<` typed in a number question), and ends with the same report as
//! `check`; `--save` writes the answers as a YAML profile (atomically); then it offers the
//! brief (or `--brief` writes it). Ctrl+C offers to save what was answered so far (to
//! `--save`'s path when given, else to a file the user names).

import type { Fact, Handbook, Profile, Scalar } from '../model/index.js';
import { factType } from '../model/fact-types.js';
import { check, nextQuestions } from '../eligibility/check.js';
import { OutputPathError, writeFileAtomic } from '../io/write.js';
import { outputPathsOk } from './output.js';
import { emptyProfile, type ReadProfile } from '../profile/fields.js';
import { profileSpec, readTextValue, type ProfileSpec } from '../profile/values.js';
import { profileYaml } from '../profile/write.js';
import { EXIT_INPUT, err, out } from './context.js';
import { renderReport } from './report-text.js';
import { briefFileOf, writeBriefFiles, type BriefFiles } from './brief-output.js';
import { shown, writeErr, writeOut } from './terminal-text.js';

export interface AskOptions {
  on: string;
  save?: string;
  /** --brief FILE: write the brief at the end without asking. */
  brief?: BriefFiles;
}

/** The answer that skips a question. */
const UNSURE = Symbol('unsure');
const UNSURE_TEXT = '不清楚';
/** The answer that goes back one question. */
const BACK = Symbol('back');
export const BACK_TEXT = '← 上一题';
/** Typed in a number question: back one question. */
const BACK_KEY = '<';

/** Exit code of an interview cut short with Ctrl+C (128 + SIGINT). */
const EXIT_INTERRUPTED = 130;

type Prompts = typeof import('@inquirer/prompts');

const theme = {
  indexMode: 'number' as const,
  style: {
    keysHelpTip: () => out.dim('↑↓ 移动 · 数字键 直接选 · ⏎ 确定'),
  },
};

type Answer = Scalar | typeof UNSURE | typeof BACK;

async function askOne(prompts: Prompts, fact: Fact, spec: ProfileSpec, message: string, canGoBack: boolean): Promise<Answer> {
  const type = factType(fact.type);
  if (type.answer === 'choice') {
    // A boolean question is answered 是/否 (its true_text/false_text are for sentences).
    const choices: { name: string; value: Answer }[] = (type.choices(fact) ?? []).map((c) => ({
      name: typeof c.value === 'boolean' ? (c.value ? '是' : '否') : shown(c.text),
      value: c.value,
    }));
    choices.push({ name: UNSURE_TEXT, value: UNSURE });
    if (canGoBack) choices.push({ name: BACK_TEXT, value: BACK });
    return prompts.select<Answer>({ message, choices, theme, pageSize: Math.max(choices.length, 7) });
  }
  const back = canGoBack ? `，输入 ${BACK_KEY} 返回上一题` : '';
  const unit = fact.unit ? `（单位：${shown(fact.unit)}，直接回车表示不清楚${back}）` : `（直接回车表示不清楚${back}）`;
  const answer = await prompts.input({
    message: `${message}${unit}`,
    validate: (text) => {
      if (canGoBack && text.trim() === BACK_KEY) return true;
      const r = readTextValue(fact, text === UNSURE_TEXT ? '' : text, spec);
      return r.ok ? true : shown(r.message);
    },
  });
  if (canGoBack && answer.trim() === BACK_KEY) return BACK;
  const r = readTextValue(fact, answer === UNSURE_TEXT ? '' : answer, spec);
  return r.ok && r.value !== undefined ? r.value : UNSURE;
}

/** The enterprise's name, asked first; Enter skips it (undefined). */
async function askName(prompts: Prompts, previous: string | undefined): Promise<string | undefined> {
  const name = await prompts.input({ message: '企业名称（可直接回车跳过）：', ...(previous ? { default: previous } : {}) });
  return name.trim() === '' ? undefined : name.trim();
}

/** One step of the interview, for going back: the name, or a fact answered or skipped. */
type Step = { kind: 'name' } | { kind: 'fact'; id: string };

export async function runAsk(handbook: Handbook, start: ReadProfile, options: AskOptions): Promise<void> {
  // A --save path that can never be written is said before the first question.
  if (options.save !== undefined && !outputPathsOk([options.save])) return;
  const prompts = await import('@inquirer/prompts');
  const spec = profileSpec(handbook.facts, handbook.derived);
  const profile: Profile = Object.assign(emptyProfile(), start.profile);
  const skipped = new Set<string>();
  const total = handbook.policies.reduce((n, p) => n + p.provisions.length, 0);
  let name = start.name;
  let nameAsked = start.name !== undefined;
  const steps: Step[] = [];
  writeOut(out.bold(`${shown(handbook.meta.title)} · 适用性问答`) + out.dim('（只问还能改变结果的问题；不确定的选“不清楚”，选“← 上一题”可返回）') + '\n');
  try {
    for (;;) {
      if (!nameAsked) {
        name = await askName(prompts, name);
        nameAsked = true;
        steps.push({ kind: 'name' });
        continue;
      }
      const result = check(handbook, profile, { on: options.on });
      const question = nextQuestions(handbook, profile, { on: options.on }).find((q) => !skipped.has(q.fact.id));
      if (!question) break;
      const settled = result.decisions.filter((d) => d.status !== 'undetermined' && d.missing.length === 0).length;
      const progress = out.dim(`[已判定 ${settled}/${total} · 此题关系 ${question.decides} 个条目]`);
      const answer = await askOne(prompts, question.fact, spec, `${progress} ${shown(question.fact.question)}`, steps.length > 0);
      if (answer === BACK) {
        const last = steps.pop()!;
        if (last.kind === 'name') nameAsked = false;
        else {
          delete profile[last.id];
          skipped.delete(last.id);
        }
        continue;
      }
      if (answer === UNSURE) skipped.add(question.fact.id);
      else profile[question.fact.id] = answer;
      steps.push({ kind: 'fact', id: question.fact.id });
    }
  } catch (e) {
    if (e instanceof Error && e.name === 'ExitPromptError') {
      await offerToSave(prompts, handbook, profile, name, skipped, steps, options);
      process.exitCode = EXIT_INTERRUPTED;
      return;
    }
    throw e;
  }
  const result = check(handbook, profile, { on: options.on });
  writeOut('\n' + renderReport(handbook, result.decisions, result.summary, { on: options.on, afterInterview: true, profile, ...(name !== undefined ? { name } : {}) }));
  if (options.save !== undefined && !save(handbook, profile, name, skipped, options.on, options.save)) return;
  if (options.save !== undefined) writeOut(out.green(`\n回答已保存到 ${shown(options.save)}，可用 handbook check ${shown(options.save)} 再次查看。`) + '\n');
  const brief = options.brief ?? (await offerBrief(prompts));
  if (brief) await writeBriefFiles(handbook, profile, { on: options.on, date: options.on, ...(name !== undefined ? { name } : {}), ...brief });
}

/** Writes the answers as a YAML profile; false (message printed, exit code 1) when it cannot. */
function save(handbook: Handbook, profile: Profile, name: string | undefined, skipped: ReadonlySet<string>, on: string, path: string): boolean {
  try {
    writeFileAtomic(path, profileYaml(handbook, profile, name, skipped, on));
    return true;
  } catch (e) {
    if (!(e instanceof OutputPathError)) throw e;
    writeErr(err.red(`无法保存到 ${shown(path)}：${shown(e.message)}`) + '\n');
    process.exitCode = EXIT_INPUT;
    return false;
  }
}

/**
 * After Ctrl+C: when something was answered, offers to save it (to --save's path, else to a
 * file the user names). A second Ctrl+C leaves without saving.
 */
async function offerToSave(prompts: Prompts, handbook: Handbook, profile: Profile, name: string | undefined, skipped: ReadonlySet<string>, steps: readonly Step[], options: AskOptions): Promise<void> {
  const answered = steps.filter((s) => s.kind === 'fact').length;
  if (answered === 0 && name === undefined) {
    writeErr(err.yellow('\n已中止问答（尚未回答任何问题）。') + '\n');
    return;
  }
  try {
    writeOut('\n');
    const what = answered > 0 ? `已回答的 ${answered} 个问题` : '企业名称';
    if (!(await prompts.confirm({ message: `已中止问答。是否保存${what}？`, default: true }))) {
      writeErr(err.yellow('未保存。') + '\n');
      return;
    }
    const path =
      options.save ??
      (await prompts.input({
        message: '保存到哪个文件（YAML）：',
        default: '画像.yaml',
        validate: (text) => (text.trim() ? true : '请给出文件名'),
      })).trim();
    if (options.save === undefined && !outputPathsOk([path])) return;
    if (save(handbook, profile, name, skipped, options.on, path)) {
      writeOut(out.green(`已保存到 ${shown(path)}，可用 handbook ask ${shown(path)} 接着回答，或 handbook check ${shown(path)} 查看。`) + '\n');
    }
  } catch (e) {
    if (e instanceof Error && e.name === 'ExitPromptError') {
      writeErr(err.yellow('\n未保存。') + '\n');
      return;
    }
    throw e;
  }
}

/** At the end of the interview: whether to write the brief, and where (Ctrl+C: no). */
async function offerBrief(prompts: Prompts): Promise<BriefFiles | undefined> {
  try {
    writeOut('\n');
    if (!(await prompts.confirm({ message: '是否写出给企业的政策服务说明（handbook brief）？', default: false }))) return undefined;
    const file = await prompts.input({
      message: '写到哪个文件（.pdf 为 PDF，.html 为 HTML）：',
      default: '政策服务说明.pdf',
      validate: (text) => (briefFileOf(text.trim()) ? true : '文件名应以 .pdf 或 .html 结尾'),
    });
    return briefFileOf(file.trim());
  } catch (e) {
    if (e instanceof Error && e.name === 'ExitPromptError') return undefined;
    throw e;
  }
}
