//! `handbook list`: the policies and their provisions, as a table or as JSON.

import type { Command } from 'commander';
import { EXIT_INPUT, handbookOptions, out, printJson, requireHandbook, type HandbookOptions } from '../context.js';
import { formatOptions, outputFormat } from '../options.js';
import { formatTable } from '../table.js';
import { provenanceTag } from '../../words/index.js';

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
      const lines: string[] = [out.bold(handbook.meta.title)];
      for (const p of handbook.policies) {
        const meta = [p.issuer, p.number, p.date].filter(Boolean).join(' · ');
        const badge = p.provenance === 'confirmed' ? '' : ` ${out.yellow(provenanceTag(p.provenance))}`;
        lines.push('', `${out.cyan.bold(p.id)}  ${out.bold(p.title)}${badge}`, `  ${out.dim(meta)}`);
        const rows = p.provisions.map((pr) => ['  ' + pr.id, pr.title, out.dim(pr.clause)]);
        lines.push(...formatTable(rows));
      }
      const n = handbook.policies.reduce((s, p) => s + p.provisions.length, 0);
      lines.push('', out.dim(`共 ${handbook.policies.length} 份文件，${n} 个条目`));
      process.stdout.write(lines.join('\n') + '\n');
    });
}
