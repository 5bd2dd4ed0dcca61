//! `handbook ask`: the interview on a terminal (src/cli/interview.ts, loaded only here:
//! inquirer never loads for other commands), from an optional profile and `--set`s.

import type { Command } from 'commander';
import { EXIT_INPUT, handbookOptions, requireHandbook, type HandbookOptions } from '../context.js';
import { parseOn, profileOptions, usage } from '../options.js';
import { readProfileArg } from '../profile-input.js';
import { briefFileOf } from '../brief-output.js';

interface AskOpts extends HandbookOptions {
  on?: string;
  save?: string;
  brief?: string;
  set?: string[];
}

export function registerAsk(program: Command): void {
  handbookOptions(
    profileOptions(
      program
        .command('ask')
        .description('在终端中逐项提问，只问还能改变结果的问题，最后给出与 check 相同的报告')
        .argument('[profile]', '已有的画像文件，从它接着问（可选）'),
    )
      .option('--save <file>', '把回答保存为画像文件（YAML），之后可用 handbook check 使用')
      .option('--brief <file>', '问答结束后直接写出政策服务说明：.pdf 为 PDF，.html 为 HTML（不再询问）'),
  )
    .addHelpText(
      'after',
      `
示例：
  $ handbook ask
  $ handbook ask --save 我的企业.yaml
  $ handbook ask examples/partial.yaml --save 补全.yaml
  $ handbook ask --save 我的企业.yaml --brief 服务说明.pdf

问答结束时会询问是否写出政策服务说明（见 handbook brief）；给出 --brief 时直接写出。

每个问题都可以选“不清楚”跳过。需要在终端中运行；在脚本中请使用 handbook check。`,
    )
    .action(async (profileArg: string | undefined, opts: AskOpts) => {
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        return usage('handbook ask 需要在终端中交互使用；在脚本或管道中请使用 handbook check 画像.yaml（或 handbook check --set 事实id=值）');
      }
      const on = parseOn(opts.on);
      if (on === undefined) return;
      const brief = opts.brief === undefined ? undefined : briefFileOf(opts.brief);
      if (opts.brief !== undefined && !brief) return usage(`--brief "${opts.brief}" 应以 .pdf 或 .html 结尾（按扩展名写出 PDF 或 HTML）`);
      const { handbook } = await requireHandbook(opts);
      if (!handbook) {
        process.exitCode = EXIT_INPUT;
        return;
      }
      const read = await readProfileArg(handbook, profileArg, opts.set ?? []);
      if (!read) return;
      const { runAsk } = await import('../interview.js');
      await runAsk(handbook, read, { on, ...(opts.save !== undefined ? { save: opts.save } : {}), ...(brief ? { brief } : {}) });
    });
}
