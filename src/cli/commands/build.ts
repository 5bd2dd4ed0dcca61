//! `handbook build`: validate, then write the compiled handbook atomically, where it belongs
//! (beside the handbook, else the user's cache; or --out).

import type { Command } from 'commander';
import { join } from 'node:path';
import { canWriteFolder, COMPILED_FILE, toCompiled, writeCompiled } from '../../compiled/index.js';
import { EXIT_INPUT, EXIT_OK, err, handbookOptions, out, outputFolders, printDiagnostics, resolveDir, summaryLine, type HandbookOptions } from '../context.js';
import { outputPathsOk } from '../output.js';
import { OutputPathError } from '../../io/write.js';
import { writeErr, shownText } from '../terminal-text.js';
import { shownPath } from '../written-files.js';

export function registerBuild(program: Command): void {
  handbookOptions(program.command('build').description('校验手册并写出编译产物（含检索索引）；有错误时不写任何文件'))
    .addHelpText('after', '\n示例：\n  $ handbook build\n  $ handbook build --dir ./my-policies --out ./dist-handbook')
    .action(async (opts: HandbookOptions) => {
      const dir = resolveDir(opts);
      // --out, else beside the handbook, else the user's cache: never another handbook's output.
      const folders = outputFolders(dir, opts);
      const folder = opts.out !== undefined ? folders[0]! : folders.find((f) => canWriteFolder(f));
      if (folder === undefined) {
        writeErr(err.red(shownText(`无法写出编译产物：${folders.join('、')} 均不可写。请用 --out 指定一个可写的目录。`)) + '\n');
        process.exitCode = EXIT_INPUT;
        return;
      }
      const target = join(folder, COMPILED_FILE);
      // Checked before the compile, which can take a while on a large handbook.
      if (!outputPathsOk([target])) return;
      const { compileDir } = await import('../../validate/index.js');
      const result = compileDir(dir);
      printDiagnostics(result.diagnostics, dir);
      if (!result.handbook) {
        writeErr(err.red(shownText(`编译失败：${summaryLine(result.diagnostics)}；未写出任何文件。`)) + '\n');
        process.exitCode = EXIT_INPUT;
        return;
      }
      const { compileArtefacts } = await import('../../artefacts.js');
      try {
        // Only the compiled file: the output folder is the same bytes for the same sources (the
        // stat cache, which holds this machine's file times, is written by the first reading command).
        writeCompiled(target, toCompiled(result.handbook, result.files, compileArtefacts(result.handbook)));
      } catch (e) {
        if (!(e instanceof OutputPathError)) throw e;
        writeErr(err.red(shownText(e.message)) + '\n');
        process.exitCode = EXIT_INPUT;
        return;
      }
      const h = result.handbook;
      const provisions = h.policies.reduce((n, p) => n + p.provisions.length, 0);
      writeErr(
        out.green(`已编译 ${h.policies.length} 份文件、${provisions} 个条目、${h.facts.length} 个事实 → ${shownPath(target)}`) +
          (result.diagnostics.length ? `（${summaryLine(result.diagnostics)}）` : '') +
          '\n',
      );
      process.exitCode = EXIT_OK;
    });
}
