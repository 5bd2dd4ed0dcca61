//! `handbook lint`: validate the handbook and write nothing.

import type { Command } from 'commander';
import { EXIT_INPUT, EXIT_OK, EXIT_USAGE, handbookOptions, out, printDiagnostics, printJson, resolveDir, summaryLine, type HandbookOptions } from '../context.js';

export function registerLint(program: Command): void {
  handbookOptions(
    program
      .command('lint')
      .description('检查手册的全部错误与警告，不写任何文件')
      .option('--format <format>', '输出格式：text 或 json（供编辑器与 CI 使用）', 'text'),
  )
    .addHelpText('after', '\n示例：\n  $ handbook lint\n  $ handbook lint --dir ./my-policies --format json')
    .action(async (opts: HandbookOptions & { format: string }) => {
      if (opts.format !== 'text' && opts.format !== 'json') {
        process.stderr.write(`未知的 --format "${opts.format}"，应为 text 或 json\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      const dir = resolveDir(opts);
      const { compileDir } = await import('../../validate/index.js');
      const { diagnostics } = compileDir(dir);
      const errors = diagnostics.filter((d) => d.severity === 'error').length;
      if (opts.format === 'json') {
        printJson({ dir, diagnostics, summary: { errors, warnings: diagnostics.length - errors } });
      } else {
        printDiagnostics(diagnostics, dir);
        const line = `${dir}：${summaryLine(diagnostics)}`;
        process.stderr.write((errors ? out.red(line) : out.green(line)) + '\n');
      }
      process.exitCode = errors ? EXIT_INPUT : EXIT_OK;
    });
}
