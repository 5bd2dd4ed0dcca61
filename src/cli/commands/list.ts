//! `handbook list`: the policies and their provisions, as a table (src/cli/show-text.ts) or as JSON.

import type { Command } from 'commander';
import { EXIT_INPUT, handbookOptions, out, printJson, requireHandbook, type HandbookOptions } from '../context.js';
import { formatOptions, outputFormat } from '../options.js';
import { formatList } from '../show-text.js';
import { writeOut } from '../terminal-text.js';

export function registerList(program: Command): void {
  handbookOptions(formatOptions(program.command('list').description('列出手册中的政策文件及其条目'), '输出格式：text（默认）或 json'))
    .addHelpText('after', '\n示例：\n  $ handbook list\n  $ handbook list --json | jq ".policies[].id"')
    .action(async (opts: HandbookOptions & { format?: string; json?: boolean }) => {
      const format = outputFormat(opts, ['text', 'json'] as const, 'text');
      if (format === undefined) return;
      const { handbook } = await requireHandbook(opts);
      if (!handbook) {
        process.exitCode = EXIT_INPUT;
        return;
      }
      if (format === 'json') {
        printJson({
          handbook: { title: handbook.meta.title, version: handbook.meta.version },
          policies: handbook.policies.map((p) => ({
            id: p.id,
            title: p.title,
            issuer: p.issuer,
            number: p.number ?? null,
            date: p.date,
            effective: p.effective,
            expires: p.expires ?? null,
            provenance: p.provenance,
            file: p.file,
            provisions: p.provisions.map((pr) => ({ id: pr.id, title: pr.title, clause: pr.clause })),
          })),
        });
        return;
      }
      writeOut(formatList(handbook, out) + '\n');
    });
}
