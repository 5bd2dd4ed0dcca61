//! `handbook show ID`: a policy, section, clause or provision, readable in a terminal
//! (the text is made by src/cli/show-text.ts, which live search shares).

import type { Command } from 'commander';
import { suggestion } from '../../diagnostics/index.js';
import { EXIT_INPUT, err, handbookOptions, out, requireHandbook, type HandbookOptions } from '../context.js';
import { allIds, findById, formatShow } from '../show-text.js';
import { writeOut, writeErr, shownText } from '../terminal-text.js';

export function registerShow(program: Command): void {
  handbookOptions(
    program
      .command('show')
      .description('显示一份政策、一个章节、一条条文或一个条目（含适用条件）')
      .argument('<id>', '政策、章节、条文或条目的 id，如 land、land.2.1、land.quota-priority'),
  )
    .addHelpText('after', '\n示例：\n  $ handbook show land\n  $ handbook show land.2.1\n  $ handbook show finance.micro-credit\n  $ handbook show land.2.1 | less')
    .action(async (id: string, opts: HandbookOptions) => {
      const { handbook } = await requireHandbook(opts);
      if (!handbook) {
        process.exitCode = EXIT_INPUT;
        return;
      }
      const shown = findById(handbook, id.trim());
      if (!shown) {
        writeErr(err.red(shownText(`未找到 id "${id.replace(/[\p{Cc}\p{Cf}]/gu, "")}"${suggestion(id.trim(), allIds(handbook))}。`)) + '\n' + err.dim('可用 handbook list 查看政策与条目，或用 handbook search 检索条文。') + '\n');
        process.exitCode = EXIT_INPUT;
        return;
      }
      writeOut(formatShow(handbook, shown, out) + '\n');
    });
}
