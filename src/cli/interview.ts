//! The interview of `handbook ask`. Loaded only when `ask` runs (it pulls in
//! @inquirer/prompts). Asks, one at a time, only the facts whose answer can still change
//! some provision (nextQuestions: the most decisive first), shows how many provisions are
//! settled, accepts 不清楚, and ends with the same report as `check`; `--save` writes the
//! answers as a YAML profile (atomically); then it offers the brief (or `--brief` writes it).

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
import { writeOut, writeErr, shownText } from './terminal-text.js';

export interface AskOptions {
  on: string;
  save?: string;
  /** --brief FILE: write the brief at the end without asking. */
  brief?: BriefFiles;
}

/** The answer that skips a question. */
const UNSURE = Symbol('unsure');
const UNSURE_TEXT = '不清楚';

/** Exit code of an interview cut short with Ctrl+C (128 + SIGINT). */
const EXIT_INTERRUPTED = 130;

type Prompts = typeof import('@inquirer/prompts');

const theme = {
  indexMode: 'number' as const,
  style: {
    keysHelpTip: () => out.dim('↑↓ 移动 · 数字键 直接选 · ⏎ 确定'),
  },
};

async function askOne(prompts: Prompts, fact: Fact, spec: ProfileSpec, message: string): Promise<Scalar | typeof UNSURE> {
  const type = factType(fact.type);
  if (type.answer === 'choice') {
    // A boolean question is answered 是/否 (its true_text/false_text are for sentences).
    const choices: { name: string; value: Scalar | typeof UNSURE }[] = (type.choices(fact) ?? []).map((c) => ({
      name: typeof c.value === 'boolean' ? (c.value ? '是' : '否') : c.text,
      value: c.value,
    }));
    choices.push({ name: UNSURE_TEXT, value: UNSURE });
    return prompts.select<Scalar | typeof UNSURE>({ message, choices, theme, pageSize: Math.max(choices.length, 7) });
  }
  const unit = fact.unit ? `（单位：${fact.unit}，直接回车表示不清楚）` : '（直接回车表示不清楚）';
  const answer = await prompts.input({
    message: `${message}${unit}`,
    validate: (text) => {
      const r = readTextValue(fact, text === UNSURE_TEXT ? '' : text, spec);
      return r.ok ? true : r.message;
    },
  });
  const r = readTextValue(fact, answer === UNSURE_TEXT ? '' : answer, spec);
  return r.ok && r.value !== undefined ? r.value : UNSURE;
}

export async function runAsk(handbook: Handbook, start: ReadProfile, options: AskOptions): Promise<void> {
  // A --save path that can never be written is said before the first question.
  if (options.save !== undefined && !outputPathsOk([options.save])) return;
  const prompts = await import('@inquirer/prompts');
  const spec = profileSpec(handbook.facts, handbook.derived);
  const profile: Profile = Object.assign(emptyProfile(), start.profile);
  const skipped = new Set<string>();
  const total = handbook.policies.reduce((n, p) => n + p.provisions.length, 0);
  writeOut(out.bold(`${handbook.meta.title} · 适用性问答`) + out.dim('（只问还能改变结果的问题；不确定的选“不清楚”）') + '\n');
  try {
    for (;;) {
      const result = check(handbook, profile, { on: options.on });
      const question = nextQuestions(handbook, profile, { on: options.on }).find((q) => !skipped.has(q.fact.id));
      if (!question) break;
      const settled = result.decisions.filter((d) => d.status !== 'undetermined' && d.missing.length === 0).length;
      const progress = out.dim(`[已判定 ${settled}/${total} · 此题关系 ${question.decides} 个条目]`);
      const answer = await askOne(prompts, question.fact, spec, `${progress} ${question.fact.question}`);
      if (answer === UNSURE) skipped.add(question.fact.id);
      else profile[question.fact.id] = answer;
    }
  } catch (e) {
    if (e instanceof Error && e.name === 'ExitPromptError') {
      writeErr(err.yellow('\n已中止问答，未保存。') + '\n');
      process.exitCode = EXIT_INTERRUPTED;
      return;
    }
    throw e;
  }
  const result = check(handbook, profile, { on: options.on });
  writeOut('\n' + renderReport(handbook, result.decisions, result.summary, { on: options.on, afterInterview: true, profile, ...(start.name !== undefined ? { name: start.name } : {}) }));
  if (options.save !== undefined) {
    try {
      writeFileAtomic(options.save, profileYaml(handbook, profile, start.name, skipped, options.on));
      writeOut(out.green(shownText(`\n回答已保存到 ${options.save}，可用 handbook check ${options.save} 再次查看。`)) + '\n');
    } catch (e) {
      if (!(e instanceof OutputPathError)) throw e;
      writeErr(err.red(shownText(`无法保存到 ${options.save}：${e.message}`)) + '\n');
      process.exitCode = EXIT_INPUT;
    }
  }
  const brief = options.brief ?? (await offerBrief(prompts));
  if (brief) await writeBriefFiles(handbook, profile, { on: options.on, date: options.on, ...(start.name !== undefined ? { name: start.name } : {}), ...brief });
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
