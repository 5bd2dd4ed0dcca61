//! `handbook check`: an enterprise profile (file, `-`, `--set`) against every provision,
//! as a terminal report in status groups, as `--json`, or one provision `--explain`ed;
//! `--batch` streams a CSV/JSON Lines file through the library's runBatch (src/cli/batch.ts).

import type { Command } from 'commander';
import { check } from '../../eligibility/check.js';
import { provisionIds, toReport } from '../../eligibility/report.js';
import { closest } from '../../profile/values.js';
import { EXIT_INPUT, handbookOptions, printJson, requireHandbook, type HandbookOptions } from '../context.js';
import { formatOptions, outputFormat, parseOn, parseOnly, profileOptions, usage } from '../options.js';
import { readProfileArg } from '../profile-input.js';
import { renderExplanation, renderReport } from '../report-text.js';
import { writeOut } from '../terminal-text.js';

interface CheckOpts extends HandbookOptions {
  set?: string[];
  on?: string;
  json?: boolean;
  explain?: string;
  only?: string;
  batch?: string;
  format?: string;
}


export function registerCheck(program: Command): void {
  handbookOptions(
    formatOptions(
      profileOptions(
        program
          .command('check')
          .description('判断一家企业适用哪些政策条目：符合、待定、不符合，并说明理由')
          .argument('[profile]', '企业画像文件（YAML 或 JSON），- 表示从标准输入读取'),
      )
        .option('--explain <id>', '只显示一个条目的完整判断过程')
        .option('--only <status>', '只显示某些状态：eligible、undetermined、ineligible、not_in_force（逗号分隔）')
        .option('--batch <file>', '批量判断：CSV 或 JSON Lines 文件（- 为标准输入），每行一家企业'),
      '输出格式：单个画像为 text（默认）或 json（格式见 docs/CHECK.md）；--batch 为 jsonl（默认，每行一个 JSON）或 csv（矩阵，可用电子表格打开）',
      '输出 JSON（等同于 --format json；与 --batch 同用时为 jsonl）',
    ),
  )
    .addHelpText(
      'after',
      `
示例：
  $ handbook check examples/partial.yaml
  $ handbook check examples/partial.yaml --set needs_land=是 --set high_pollution=否
  $ handbook check --set investor_origin=省外浙商 --set paid_in_wan=12000 --json
  $ cat profile.json | handbook check - --only eligible
  $ handbook check examples/major-return-emerging.yaml --explain fiscal.hq-settlement-reward
  $ handbook check --batch examples/batch.csv --format csv > 结果.csv

画像的字段为 facts.yaml 中的事实 id（另可写 name），运行 handbook schema profile 查看。
是非题可写 true/false、是/否、yes/no（--set 与 CSV 中还可写 1/0）；数字只写阿拉伯数字，
不带千分位逗号和单位。退出码：0 完成；1 画像或批量文件有错误；2 用法错误。`,
    )
    .action(async (profileArg: string | undefined, opts: CheckOpts) => {
      const sets = opts.set ?? [];
      const on = parseOn(opts.on);
      if (on === undefined) return;
      const only = parseOnly(opts.only);
      if (only === false) return;
      const batchPath = opts.batch ?? (profileArg && /\.(csv|jsonl|ndjson)$/i.test(profileArg) ? profileArg : undefined);
      const batchFormats = ['jsonl', 'csv'] as const;
      const singleFormats = ['text', 'json'] as const;
      if (batchPath === undefined && opts.format !== undefined && (batchFormats as readonly string[]).includes(opts.format)) {
        return usage(`--format ${opts.format} 只用于 --batch；单个画像可用 --format text 或 json`);
      }
      if (batchPath !== undefined && opts.format !== undefined && (singleFormats as readonly string[]).includes(opts.format)) {
        return usage(`--batch 的输出格式为 jsonl 或 csv，而不是 ${opts.format}`);
      }
      const format = batchPath !== undefined ? outputFormat(opts, batchFormats, 'jsonl', 'jsonl') : outputFormat(opts, singleFormats, 'text');
      if (format === undefined) return;
      if (batchPath !== undefined) {
        if ((opts.batch && profileArg) || sets.length > 0 || opts.explain || opts.only) {
          return usage('--batch 不能与画像文件、--set、--explain 或 --only 同用');
        }
      } else if (profileArg === undefined && sets.length === 0) {
        return usage('请给出企业画像：handbook check 画像.yaml、handbook check -（标准输入）或 --set 事实id=值；也可以运行 handbook ask 逐项回答');
      }
      const { handbook } = await requireHandbook(opts);
      if (!handbook) {
        process.exitCode = EXIT_INPUT;
        return;
      }
      if (batchPath !== undefined) {
        const { runBatchCommand } = await import('../batch.js');
        await runBatchCommand(handbook, batchPath, { on, format: format === 'csv' ? 'csv' : 'jsonl' });
        return;
      }
      if (opts.explain !== undefined && !provisionIds(handbook).includes(opts.explain)) {
        return usage(`没有 id 为 "${opts.explain}" 的条目${closest(opts.explain, provisionIds(handbook))}（运行 handbook list 查看全部条目）`);
      }
      const read = await readProfileArg(handbook, profileArg, sets);
      if (!read) return;
      const result = check(handbook, read.profile, { on });
      if (opts.explain !== undefined) {
        if (format === 'json') {
          const report = toReport(handbook, result, { ...(read.name !== undefined ? { name: read.name } : {}) });
          const d = result.decisions.find((x) => x.id === opts.explain)!;
          printJson({ ...report, results: report.results.filter((r) => r.id === d.id).map((r) => ({ ...r, trace: d.trace })) });
        } else {
          writeOut(renderExplanation(handbook, read.profile, result, opts.explain)!);
        }
        return;
      }
      if (format === 'json') {
        printJson(toReport(handbook, result, { ...(read.name !== undefined ? { name: read.name } : {}), ...(only ? { only } : {}) }));
        return;
      }
      writeOut(renderReport(handbook, result.decisions, result.summary, { on, profile: read.profile, ...(read.name !== undefined ? { name: read.name } : {}), ...(only ? { only } : {}) }));
    });
}
