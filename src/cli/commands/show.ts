//! `handbook show ID`: a policy, section, clause or provision, readable in a terminal (the text
//! is made by src/cli/show-text.ts, which live search shares). The id may be written in any
//! case, or replaced by a Chinese title (src/model/lookup.ts); near matches are suggested.

import type { Command } from 'commander';
import { EXIT_INPUT, err, handbookOptions, out, requireHandbook, type HandbookOptions } from '../context.js';
import { formatShow } from '../show-text.js';
import { idOf, lookup, titleOf, type Found } from '../../model/lookup.js';
import { shown, writeErr, writeOut } from '../terminal-text.js';

/** One line per candidate: its id and its title. */
function candidateLines(found: readonly Found[]): string {
  return found.map((f) => `  ${err.cyan(shown(idOf(f)))}  ${shown(titleOf(f))}${f.kind === 'policy' ? '' : err.dim(`（《${shown(f.policy.title)}》）`)}`).join('\n') + '\n';
}

export function registerShow(program: Command): void {
  handbookOptions(
    program
      .command('show')
      .description('显示一份政策、一个章节、一条条文或一个条目（含适用条件）')
      .argument('<id>', '政策、章节、条文或条目的 id（不区分大小写），如 land、land.2.1、land.quota-priority；也可以写中文标题，如 用地指标倾斜'),
  )
    .addHelpText('after', '\n示例：\n  $ handbook show land\n  $ handbook show land.2.1\n  $ handbook show finance.micro-credit\n  $ handbook show 用地指标倾斜\n  $ handbook show land.2.1 | less')
    .action(async (id: string, opts: HandbookOptions) => {
      const { handbook } = await requireHandbook(opts);
      if (!handbook) {
        process.exitCode = EXIT_INPUT;
        return;
      }
      const r = lookup(handbook, id);
      if (r.found) {
        if (r.matchedBy === 'title' || r.matchedBy === 'title-part') writeErr(err.dim(`（按标题找到：${shown(idOf(r.found))}）`) + '\n');
        writeOut(formatShow(handbook, r.found, out) + '\n');
        return;
      }
      process.exitCode = EXIT_INPUT;
      if (r.candidates.length > 0) {
        writeErr(err.red(`“${shown(id.trim())}”对应多处，请用 id 指明其中一个：`) + '\n' + candidateLines(r.candidates));
        return;
      }
      writeErr(err.red(`未找到 id 或标题为“${shown(id.trim())}”的政策、条文或条目。`) + '\n');
      if (r.near.length > 0) writeErr(err.dim('相近的有：') + '\n' + candidateLines(r.near));
      writeErr(err.dim('可用 handbook list 查看政策与条目，或用 handbook search 检索条文。') + '\n');
    });
}
