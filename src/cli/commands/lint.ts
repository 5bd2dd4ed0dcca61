//! `handbook lint`: validate the handbook and write nothing.

import type { Command } from 'commander';
import { EXIT_INPUT, EXIT_OK, handbookOptions, out, printDiagnostics, printJson, resolveDir, summaryLine, type HandbookOptions } from '../context.js';
import { formatOptions, outputFormat } from '../options.js';
import { writeErr, shownText } from '../terminal-text.js';

export function registerLint(program: Command): void {
  handbookOptions(
    formatOptions(program.command('lint').description('检查手册的全部错误与警告，不写任何文件'), '输出格式：text（默认）或 json（供编辑器与 CI 使用）'),
  )
    .addHelpText('after', '\n示例：\n  $ handbook lint\n  $ handbook lint --dir ./my-policies --format json')
    .action(async (opts: HandbookOptions & { format?: string; json?: boolean }) => {
      const format = outputFormat(opts, ['text', 'json'] as const, 'text');
      if (format === undefined) return;
      const dir = resolveDir(opts);
      const { compileDir } = await import('../../validate/index.js');
      const { diagnostics } = compileDir(dir);
      const errors = diagnostics.filter((d) => d.severity === 'error').length;
      if (format === 'json') {
        printJson({ dir, diagnostics, summary: { errors, warnings: diagnostics.length - errors } });
      } else {
        printDiagnostics(diagnostics, dir);
        const line = `${dir}：${summaryLine(diagnostics)}`;
        writeErr((errors ? out.red(shownText(line)) : out.green(shownText(line))) + '\n');
      }
      process.exitCode = errors ? EXIT_INPUT : EXIT_OK;
    });
}
