//! The commander program: one file per command under commands/, Chinese help,
//! exit codes 0 ok / 1 input errors / 2 usage. `run(argv)` never calls process.exit; `main(argv)`
//! (the bin entry) is run() guarded by fatal.ts: one Chinese line, never a stack trace.

import { Command, CommanderError, Help } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_USAGE, PACKAGE_ROOT } from './context.js';
import { registerBuild } from './commands/build.js';
import { registerInit } from './commands/init.js';
import { registerLint } from './commands/lint.js';
import { registerList } from './commands/list.js';
import { registerSearch } from './commands/search.js';
import { registerShow } from './commands/show.js';
import { registerCheck } from './commands/check.js';
import { registerAsk } from './commands/ask.js';
import { registerSchema } from './commands/schema.js';
import { registerRender } from './commands/render.js';
import { registerBrief } from './commands/brief.js';
import { registerExport } from './commands/export.js';
import { guardProcess, reportInternalError } from './fatal.js';
import { shownText } from './terminal-text.js';

const TITLES: Record<string, string> = {
  'Usage:': '用法：',
  'Options:': '选项：',
  'Commands:': '命令：',
  'Arguments:': '参数：',
  'Global Options:': '全局选项：',
};

/** commander's usage errors, in Chinese (the rest of the message is kept as is). */
const ERRORS: [RegExp, string][] = [
  [/^error: unknown option '([^']*)'/, '错误：未知选项 "$1"'],
  [/^error: unknown command '([^']*)'/, '错误：未知命令 "$1"'],
  [/^error: missing required argument '([^']*)'/, '错误：缺少参数 <$1>'],
  [/^error: option '([^']*)' argument missing/, '错误：选项 $1 缺少取值'],
  [/^error: required option '([^']*)' not specified/, '错误：缺少必需的选项 $1'],
  [/^error: too many arguments(?: for '([^']*)')?\. Expected (\d+) arguments? but got (\d+)\./, '错误：参数过多（应为 $2 个，实际 $3 个）'],
  [/^error: option '([^']*)' argument '([^']*)' is invalid\./, '错误：选项 $1 的取值 "$2" 无效。'],
  [/\(Did you mean ([^)]*)\?\)/, '（是否应为 $1？）'],
];

export function translateError(message: string): string {
  return ERRORS.reduce((m, [re, zh]) => m.replace(re, zh), message);
}

class ChineseHelp extends Help {
  override styleTitle(str: string): string {
    return TITLES[str] ?? str;
  }
}

function version(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

export function createProgram(): Command {
  const program = new Command('handbook');
  program.createHelp = () => Object.assign(new ChineseHelp(), program.configureHelp());
  program
    .description('浙商创业创新政策汇编：编译、检索、适用性判断与排印')
    .version(version(), '-V, --version', '显示版本号')
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [command]', '显示某个命令的帮助')
    .showHelpAfterError('（使用 handbook --help 查看用法）')
    // commander's errors echo the arguments: shown safely, like every other message.
    .configureOutput({ outputError: (s, write) => write(shownText(translateError(s))) })
    .exitOverride()
    .addHelpText(
      'after',
      `
示例：
  $ handbook search 用地指标              按条文检索
  $ handbook show land.2.1                显示一条条文
  $ handbook check examples/partial.yaml  判断一家企业适用哪些条目
  $ handbook ask --save profile.yaml      逐项提问后给出报告
  $ handbook render --pdf 汇编.pdf        排印手册（另有 --html）
  $ handbook brief 企业.yaml --pdf a.pdf  给企业的政策服务说明（另有 --html）
  $ handbook export --sql > 状态.sql      全部条目导出为一条 SQL 查询
  $ handbook build                        编译内置手册
  $ handbook lint --dir ./my-policies     检查另一个手册目录
  $ handbook                              （在终端中）边输入边检索

退出码：0 成功；1 输入有错误；2 用法错误。设置 NO_COLOR 可关闭颜色。`,
    );
  registerSearch(program);
  registerShow(program);
  registerCheck(program);
  registerAsk(program);
  registerRender(program);
  registerBrief(program);
  registerBuild(program);
  registerLint(program);
  registerList(program);
  registerInit(program);
  registerSchema(program);
  registerExport(program);
  for (const cmd of program.commands) {
    cmd.helpOption('-h, --help', '显示帮助').exitOverride();
    cmd.createHelp = program.createHelp;
  }
  return program;
}

/** Runs the CLI; resolves to the exit code (also set on process.exitCode). */
export async function run(argv: string[]): Promise<number> {
  const program = createProgram();
  if (argv.length === 0) {
    // The default action: on a terminal, live search; otherwise the help text.
    if (process.stdin.isTTY && process.stdout.isTTY) {
      const { liveSearch } = await import('./live.js');
      process.exitCode = await liveSearch({});
    } else {
      program.outputHelp();
      process.exitCode = 0;
    }
    return Number(process.exitCode);
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      const ok = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help';
      process.exitCode = ok ? 0 : EXIT_USAGE;
      return process.exitCode;
    }
    throw e;
  }
  return Number(process.exitCode ?? 0);
}

/**
 * The `handbook` command's entry (bin/handbook.js): run() with the process guarded, so a
 * failed write to stdout or an unexpected error ends in one Chinese line, never a stack trace.
 */
export async function main(argv: string[]): Promise<void> {
  guardProcess();
  try {
    await run(argv);
  } catch (e) {
    reportInternalError(e);
  }
}
