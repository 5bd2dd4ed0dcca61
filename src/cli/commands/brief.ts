//! `handbook brief [profile] --html FILE --pdf FILE`: the brief (政策服务说明) for one enterprise,
//! to hand over after a visit: what it can have, what needs an answer, what it nearly reaches,
//! and the facts it was based on. Reads the profile as `check` does; writes through brief-output.

import type { Command } from 'commander';
import { parseIsoDate } from '../../calendar/index.js';
import { EXIT_INPUT, handbookOptions, requireHandbook, type HandbookOptions } from '../context.js';
import { parseOn, profileOptions, usage } from '../options.js';
import { readProfileArg } from '../profile-input.js';
import { openBriefPrintPage, writeBriefFiles } from '../brief-output.js';

interface BriefOpts extends HandbookOptions {
  html?: string;
  pdf?: string;
  set?: string[];
  on?: string;
  date?: string;
  chromium?: string;
}

export function registerBrief(program: Command): void {
  handbookOptions(
    profileOptions(
      program
        .command('brief')
        .description('为一家企业写出政策服务说明（A4 HTML/PDF）：可享受、待确认、差一点可享受的条目')
        .argument('[profile]', '企业画像文件（YAML 或 JSON），- 表示从标准输入读取')
        .option('--html <file>', '写出 HTML 文件（样式内嵌，无任何外部请求）')
        .option('--pdf <file>', '写出 PDF 文件（需要 Chromium）'),
    )
      .option('--date <YYYY-MM-DD>', '说明上印的日期（默认：与 --on 相同）')
      .option('--chromium <path>', 'Chromium/Chrome/Edge 可执行文件（默认：环境变量 HANDBOOK_CHROMIUM，否则自动查找）'),
  )
    .addHelpText(
      'after',
      `
示例：
  $ handbook brief examples/overseas-hq.yaml --pdf 服务说明.pdf
  $ handbook brief examples/partial.yaml --html 说明.html --pdf 说明.pdf --on 2026-11-30
  $ handbook brief --set name=某某公司 --set investor_origin=省外浙商 --set paid_in_wan=12000 --pdf 说明.pdf
  $ cat profile.json | handbook brief - --pdf 说明.pdf --date 2026-12-01

相同的画像、--on 与 --date 得到字节相同的 HTML 和 PDF。
PDF 需要 Chromium：sudo apt-get install chromium（字体随本工具安装）
退出码：0 已写出；1 画像有错误、文件无法写出或 Chromium 无法启动；2 用法错误。`,
    )
    .action(async (profileArg: string | undefined, opts: BriefOpts) => {
      if (!opts.html && !opts.pdf) return usage('请至少指定 --html FILE 或 --pdf FILE 之一。（使用 handbook brief --help 查看用法）');
      const sets = opts.set ?? [];
      if (profileArg === undefined && sets.length === 0) {
        return usage('请给出企业画像：handbook brief 画像.yaml --pdf 说明.pdf、- 表示标准输入，或 --set 事实id=值');
      }
      const on = parseOn(opts.on);
      if (on === undefined) return;
      const date = opts.date ?? on;
      if (!parseIsoDate(date)) return usage(`--date "${date}" 不是有效日期，应写成 YYYY-MM-DD，如 --date 2026-11-30`);
      // Chromium starts while the handbook and the profile are read.
      const printPage = opts.pdf ? openBriefPrintPage(opts.chromium) : undefined;
      const closeEarly = () => printPage?.then((p) => p.browser.close()).catch(() => {});
      const { handbook } = await requireHandbook(opts);
      if (!handbook) {
        await closeEarly();
        process.exitCode = EXIT_INPUT;
        return;
      }
      const read = await readProfileArg(handbook, profileArg, sets);
      if (!read) {
        await closeEarly();
        return;
      }
      await writeBriefFiles(handbook, read.profile, {
        on,
        date,
        ...(read.name !== undefined ? { name: read.name } : {}),
        ...(opts.html ? { html: opts.html } : {}),
        ...(opts.pdf ? { pdf: opts.pdf } : {}),
        ...(printPage ? { printPage } : {}),
      });
    });
}
