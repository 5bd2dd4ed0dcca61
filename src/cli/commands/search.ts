//! `handbook search QUERY`: clauses ranked and grouped by policy, with the matched words
//! highlighted and the provisions each clause states; `--json` is the stable contract
//! (docs/SEARCH.md). `-i` (or `handbook` alone on a terminal) searches as you type.
//! The search library, opencc and inquirer are loaded only inside the actions.

import type { Command } from 'commander';
import { suggestion } from '../../diagnostics/index.js';
import { EXIT_INPUT, EXIT_USAGE, err, handbookOptions, printJson, type HandbookOptions } from '../context.js';
import { collectList, formatOptions, outputFormat } from '../options.js';
import { formatResults, toJson } from '../search-output.js';
import { loadSearch, simplifierFor } from '../search-session.js';
import { writeOut, writeErr, shownText } from '../terminal-text.js';

interface SearchCommandOptions extends HandbookOptions {
  policy?: string[];
  issuer?: string;
  tag?: string;
  limit?: string;
  format?: string;
  json?: boolean;
  interactive?: boolean;
}

export function registerSearch(program: Command): void {
  handbookOptions(
    formatOptions(
      program
        .command('search')
        .description('按条文检索手册：结果按政策分组，显示条文编号、命中词语与条目')
        .argument('[query...]', '检索词，如 用地指标、小微企业贷款、去国外参展有没有补贴')
        .option('--policy <id>', '只在这些政策中检索（可重复或用逗号分隔）', collectList)
        .option('--issuer <text>', '只检索发文单位包含此文字的政策')
        .option('--tag <tag>', '只检索带此标签的政策')
        .option('--limit <n>', '最多显示的结果数（默认 10）')
        .option('-i, --interactive', '边输入边检索（需要终端）'),
      '输出格式：text（默认）或 json（稳定格式，见 docs/SEARCH.md）',
    ),
  )
    .addHelpText(
      'after',
      `
示例：
  $ handbook search 用地指标
  $ handbook search 小微企业贷款 --limit 3
  $ handbook search 去国外参展有没有补贴
  $ handbook search 浙委〔2011〕119号
  $ handbook search 补助 --policy fiscal,industry --json
  $ handbook search -i

没有结果时退出码为 0 并给出相近的词语与文件；检索词为空时退出码为 2。`,
    )
    .action(async (words: string[], opts: SearchCommandOptions) => {
      const format = outputFormat(opts, ['text', 'json'] as const, 'text');
      if (format === undefined) return;
      if (opts.interactive) {
        const { liveSearch } = await import('../live.js');
        process.exitCode = await liveSearch(opts);
        return;
      }
      const query = words.join(' ');
      const limit = Number(opts.limit ?? '10');
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        writeErr(err.red(shownText(`--limit 应为 1 到 1000 之间的整数，而不是 "${opts.limit}"。`)) + '\n');
        process.exitCode = EXIT_USAGE;
        return;
      }
      const loaded = await loadSearch(opts);
      if (!loaded) {
        process.exitCode = EXIT_INPUT;
        return;
      }
      const { handbook, index, search } = loaded;
      // The policies are listed only to check --policy (a search reads only its results' policies).
      const known = opts.policy?.length ? handbook.policies.map((p) => p.id) : [];
      for (const id of opts.policy ?? []) {
        if (!known.includes(id)) {
          writeErr(err.red(shownText(`--policy：没有 id 为 "${id}" 的政策${suggestion(id, known)}。`)) + '\n' + err.dim(shownText(`可用的 id：${known.join('、')}`)) + '\n');
          process.exitCode = EXIT_USAGE;
          return;
        }
      }
      const normalized = search.normalizeQuery(query, search.lexiconOf(index));
      if (!normalized) {
        const why = query.trim() ? '检索词中没有可检索的文字（只有标点、符号或空白）' : '请给出检索词';
        writeErr(err.red(shownText(`${why}，例如：handbook search 用地指标`)) + '\n' + err.dim('在终端中也可以用 handbook search -i 边输入边检索。') + '\n');
        process.exitCode = EXIT_USAGE;
        return;
      }
      const toSimplified = await simplifierFor(query, loaded);
      const response = search.searchHandbook(handbook, index, query, {
        ...(opts.policy ? { policy: opts.policy } : {}),
        ...(opts.issuer ? { issuer: opts.issuer } : {}),
        ...(opts.tag ? { tag: opts.tag } : {}),
        limit,
        ...(toSimplified ? { toSimplified } : {}),
      });
      if (format === 'json') printJson(toJson(response));
      else writeOut(formatResults(response) + '\n');
    });
}
