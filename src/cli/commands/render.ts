//! `handbook render --html FILE --pdf FILE`: the booklet as one offline HTML file and/or a
//! print-ready PDF (Chromium). Thin shell over src/render, which is imported lazily here so
//! that other commands never load unified or playwright-core.

import type { Command } from 'commander';
import { EXIT_INPUT, EXIT_OK, EXIT_USAGE, err, handbookOptions, out, requireHandbook, type HandbookOptions } from '../context.js';
import { collect } from '../options.js';
import { chromiumLookup, progressReporter, shownPath as shown, sizeText as size, timing } from '../written-files.js';
import { STDOUT_PATH, outputPathsOk, writeOutput } from '../output.js';
import { closeBrowsersOnSignal } from '../interrupt.js';
import { writeErr, shownText } from '../terminal-text.js';

interface RenderOptions extends HandbookOptions {
  html?: string;
  pdf?: string;
  policy?: string[];
  tag?: string[];
  date?: string;
  chromium?: string;
}


export function registerRender(program: Command): void {
  handbookOptions(
    program
      .command('render')
      .description('排印手册：生成可离线打开的单个 HTML 文件和/或 A4 PDF（经 Chromium 打印）')
      .option('--html <file>', '写出 HTML 文件（样式与脚本内嵌，无任何外部请求）；- 表示标准输出')
      .option('--pdf <file>', '写出 PDF 文件（需要 Chromium）；- 表示标准输出')
      .option('--policy <id...>', '只排印这些政策文件（选印本），可写多个 id')
      .option('--tag <tag>', '只排印带有此标签的政策文件，可重复', collect)
      .option('--date <YYYY-MM-DD>', '封面与 PDF 的日期（默认：环境变量 SOURCE_DATE_EPOCH，否则 handbook.yaml 的 edition，否则今天）')
      .option('--chromium <path>', 'Chromium/Chrome/Edge 可执行文件（默认：环境变量 HANDBOOK_CHROMIUM，否则自动查找）'),
  )
    .addHelpText(
      'after',
      `
示例：
  $ handbook render --html 汇编.html --pdf 汇编.pdf
  $ handbook render --pdf 用地.pdf --policy opinions land
  $ handbook render --html 人才.html --tag 人才
  $ handbook render --pdf 汇编.pdf --date 2026-01-15   封面与 PDF 的日期（默认取 handbook.yaml 的 edition）

相同的源文件得到字节相同的 PDF。PDF 需要 Chromium：sudo apt-get install chromium（字体随本工具安装）`,
    )
    .action(async (opts: RenderOptions) => {
      if (!opts.html && !opts.pdf) {
        writeErr(err.red('请至少指定 --html FILE 或 --pdf FILE 之一。') + '\n（使用 handbook render --help 查看用法）\n');
        process.exitCode = EXIT_USAGE;
        return;
      }
      if (opts.html === STDOUT_PATH && opts.pdf === STDOUT_PATH) {
        writeErr(err.red('--html 与 --pdf 不能同时写到标准输出（-）。') + '\n');
        process.exitCode = EXIT_USAGE;
        return;
      }
      // Output paths are checked before the browser starts or anything is made.
      if (!outputPathsOk([opts.html, opts.pdf])) return;
      timing('action');
      // Chromium starts first, and starts up while the handbook is loaded and the HTML made
      // (pdf.js is light: the unified stack comes with index.js below).
      const progress = progressReporter();
      if (opts.pdf) progress.step('正在启动 Chromium…');
      const printPage = opts.pdf ? (await import('../../render/pdf.js')).openPrintPage(chromiumLookup(opts.chromium)) : undefined;
      // Handled by renderBooklet; without this an early return would leave an unhandled rejection.
      printPage?.catch(() => {});
      const closeEarly = async () => {
        progress.done();
        await printPage?.then((p) => p.browser.close()).catch(() => {});
      };
      // Ctrl-C or a kill while printing: the browser and its temporary folder go first (exit 130/143).
      if (printPage) closeBrowsersOnSignal();
      const render = await import('../../render/index.js');
      timing('render module loaded');
      // --date, else SOURCE_DATE_EPOCH: checked before the handbook is loaded (a usage error).
      const sourceDateEpoch = process.env.SOURCE_DATE_EPOCH;
      const given = opts.date !== undefined || sourceDateEpoch ? render.resolveBookletDate({ date: opts.date, sourceDateEpoch }) : undefined;
      if (given && 'error' in given) {
        await closeEarly();
        writeErr(err.red(shownText(given.error)) + '\n');
        process.exitCode = EXIT_USAGE;
        return;
      }
      const loaded = await requireHandbook(opts, { artefacts: true }).catch(async (e: unknown) => {
        await closeEarly();
        throw e;
      });
      timing('handbook loaded');
      if (!loaded.handbook) {
        await closeEarly();
        process.exitCode = EXIT_INPUT;
        return;
      }
      // Else the handbook's edition date (checked when it was compiled), else today in China.
      const booklet = given ?? render.resolveBookletDate({ edition: loaded.handbook.meta.edition });
      if ('error' in booklet) throw new Error(booklet.error);
      // The HTML is made (and written) before the print: a print that fails still leaves it.
      let htmlMade = false;
      let htmlWritten = true;
      let result: Awaited<ReturnType<typeof render.renderBooklet>>;
      try {
        result = await render.renderBooklet(
          loaded.handbook,
          { date: booklet, policies: opts.policy ?? [], tags: opts.tag ?? [], searchIndex: loaded.artefacts['search'], ...(printPage ? { pdf: { chromium: printPage } } : {}) },
          {
            onProgress: progress.step,
            onWarning: (message) => writeErr(err.yellow(shownText(message)) + '\n'),
            onHtml: (html, { printed }) => {
              htmlMade = true;
              timing('html built');
              if (!opts.html) return;
              const target = writeOutput(opts.html, html);
              if (target === undefined) return (htmlWritten = false);
              if (printPage) progress.done();
              writeErr(out.green(shownText(`已写出 ${shown(target)}（${size(Buffer.byteLength(html))}，${printed} 份文件）`)) + '\n');
            },
          },
        );
      } catch (e) {
        progress.done();
        if (!htmlMade || !htmlWritten) throw e;
        const message = e instanceof render.ChromiumNotFoundError ? e.message : `生成 PDF 失败：${(e as Error).message}`;
        writeErr(err.red(shownText(message)) + '\n');
        process.exitCode = EXIT_INPUT;
        return;
      }
      progress.done();
      if ('problems' in result) {
        for (const p of result.problems) writeErr(err.red(shownText(p)) + '\n');
        process.exitCode = EXIT_USAGE;
        return;
      }
      if (!htmlWritten) return;
      if (opts.pdf && result.pdf) {
        timing('pdf done');
        const target = writeOutput(opts.pdf, result.pdf);
        if (target === undefined) return;
        writeErr(out.green(shownText(`已写出 ${shown(target)}（${size(result.pdf.byteLength)}）`)) + '\n');
      }
      timing('written');
      process.exitCode = EXIT_OK;
    });
}
