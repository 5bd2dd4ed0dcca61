//! `handbook search QUERY`: clauses ranked and grouped by policy, with the matched words
//! highlighted and the provisions each clause states; `--json` is the stable contract
//! (docs/SEARCH.md). `-i` (or `handbook` alone on a terminal) searches as you type.
//! The search library, opencc and inquirer are loaded only inside the actions.

import type { Command } from 'commander';
import type { Handbook } from '../../model/index.js';
import type { SearchHit, SearchIndexArtefact, SearchResponse } from '../../search-index/index.js';
import { suggestion } from '../../diagnostics/index.js';
import { provenanceTag } from '../../words/provenance.js';
import { EXIT_INPUT, EXIT_USAGE, err, handbookOptions, out, printJson, requireHandbook, type HandbookOptions } from '../context.js';
export { registerShow } from './show.js';

export interface SearchCommandOptions extends HandbookOptions {
  policy?: string[];
  issuer?: string;
  tag?: string;
  limit?: string;
  json?: boolean;
  interactive?: boolean;
}

export interface LoadedSearch {
  handbook: Handbook;
  index: SearchIndexArtefact;
  search: typeof import('../../search-index/index.js');
}

/**
 * The handbook and its search index: from the compiled file when it is fresh and of this
 * index version, else rebuilt in memory (with a note that `handbook build` makes it faster).
 */
export async function loadSearch(opts: HandbookOptions): Promise<LoadedSearch | undefined> {
  const search = await import('../../search-index/index.js');
  const loaded = await requireHandbook(opts, { artefacts: true });
  if (!loaded.handbook) return undefined;
  let index = loaded.artefacts['search'];
  if (!search.isSearchIndex(index)) {
    if (loaded.from === 'compiled') {
      process.stderr.write(err.dim('编译产物中的检索索引版本不符，已在内存中重建；运行 handbook build 可加快检索。') + '\n');
    }
    const { compileArtefacts } = await import('../../artefacts.js');
    index = compileArtefacts(loaded.handbook)['search'];
  }
  return { handbook: loaded.handbook, index: index as SearchIndexArtefact, search };
}

/** opencc-js traditional → simplified, loaded only for queries with characters the corpus lacks. */
export async function simplifierFor(query: string, loaded: LoadedSearch): Promise<((s: string) => string) | undefined> {
  const { search, index } = loaded;
  if (!search.hasUnknownHan(query, search.lexiconOf(index))) return undefined;
  try {
    const { Converter } = await import('opencc-js/t2cn');
    const fromTw = Converter({ from: 'tw', to: 'cn' });
    const fromHk = Converter({ from: 'hk', to: 'cn' });
    return (s) => fromHk(fromTw(s));
  } catch {
    return undefined;
  }
}

/** A snippet with its matched words in colour, or in 【】 when there is no colour. */
export function highlight(hit: Pick<SearchHit, 'snippet' | 'highlights'>, c = out): string {
  let s = '';
  let at = 0;
  for (const [a, b] of hit.highlights) {
    s += hit.snippet.slice(at, a);
    const word = hit.snippet.slice(a, b);
    s += c.level > 0 ? c.bold.yellow(word) : `【${word}】`;
    at = b;
  }
  return s + hit.snippet.slice(at);
}

/** A query as it may be echoed to a terminal: no control characters, at most 40 characters. */
function printable(query: string): string {
  const chars = Array.from(query.replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, '').trim());
  return chars.length > 40 ? chars.slice(0, 40).join('') + '…' : chars.join('');
}

/** The terminal report of a search response (without the trailing newline). */
export function formatResults(response: SearchResponse, c = out): string {
  const lines: string[] = [];
  if (response.alsoSearched.length) lines.push(c.dim(`同时搜索：${response.alsoSearched.join('、')}`));
  if (response.results.length === 0) {
    lines.push(`没有找到与“${printable(response.query)}”相符的条文。`);
    const { terms, policies } = response.suggestions;
    if (terms.length) lines.push(`可以试试这些词：${terms.join('、')}`);
    if (policies.length) {
      lines.push('相近的政策文件：');
      for (const p of policies) lines.push(`  ${c.cyan(p.id.padEnd(14))}${p.title}`);
    }
    lines.push(c.dim('提示：换用更短的词语，或用 handbook list 浏览全部文件。'));
    return lines.join('\n');
  }
  let policy = '';
  for (const hit of response.results) {
    if (hit.policy !== policy) {
      policy = hit.policy;
      const tag = hit.provenance === 'confirmed' ? '' : `  ${c.yellow(provenanceTag(hit.provenance))}`;
      lines.push('', `${c.bold(hit.title)}  ${c.dim(hit.policy)}${tag}`);
    }
    const number = hit.clauseNumber ? `${hit.clauseNumber} ` : '';
    const where = hit.clause === hit.policy ? '（整份文件）' : number + hit.clauseTitle;
    lines.push(`  ${c.cyan(where)}  ${c.dim(hit.clause)}`);
    lines.push(`    ${highlight(hit, c)}`);
    if (hit.provisions.length) lines.push(`    ${c.green('条目：')}${hit.provisions.join('、')}`);
  }
  lines.push('', c.dim(`共 ${response.results.length} 条结果。用 handbook show <id> 查看全文。`));
  return lines.join('\n').replace(/^\n/, '');
}

/** The `--json` contract: {query, results: [{policy, clause, title, score, snippet, provisions}]} and more. */
export function toJson(response: SearchResponse): unknown {
  return {
    query: response.query,
    normalized: response.normalized,
    alsoSearched: response.alsoSearched,
    results: response.results.map((r) => ({
      policy: r.policy,
      clause: r.clause,
      title: r.title,
      score: r.score,
      snippet: r.snippet,
      provisions: r.provisions,
      clauseNumber: r.clauseNumber,
      clauseTitle: r.clauseTitle,
      highlights: r.highlights,
      provenance: r.provenance,
    })),
    suggestions: response.suggestions,
  };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(/[,，]/).map((s) => s.trim()).filter(Boolean)];
}

export function registerSearch(program: Command): void {
  handbookOptions(
    program
      .command('search')
      .description('按条文检索手册：结果按政策分组，显示条文编号、命中词语与条目')
      .argument('[query...]', '检索词，如 用地指标、小微企业贷款、去国外参展有没有补贴')
      .option('--policy <id>', '只在这些政策中检索（可重复或用逗号分隔）', collect)
      .option('--issuer <text>', '只检索发文单位包含此文字的政策')
      .option('--tag <tag>', '只检索带此标签的政策')
      .option('--limit <n>', '最多显示的结果数（默认 10）')
      .option('--json', '输出 JSON（稳定格式，见 docs/SEARCH.md）')
      .option('-i, --interactive', '边输入边检索（需要终端）'),
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
      if (opts.interactive) {
        const { liveSearch } = await import('../live.js');
        process.exitCode = await liveSearch(opts);
        return;
      }
      const query = words.join(' ');
      const limit = Number(opts.limit ?? '10');
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        process.stderr.write(err.red(`--limit 应为 1 到 1000 之间的整数，而不是 "${opts.limit}"。`) + '\n');
        process.exitCode = EXIT_USAGE;
        return;
      }
      const loaded = await loadSearch(opts);
      if (!loaded) {
        process.exitCode = EXIT_INPUT;
        return;
      }
      const { handbook, index, search } = loaded;
      const known = handbook.policies.map((p) => p.id);
      for (const id of opts.policy ?? []) {
        if (!known.includes(id)) {
          process.stderr.write(err.red(`--policy：没有 id 为 "${id}" 的政策${suggestion(id, known)}。`) + '\n' + err.dim(`可用的 id：${known.join('、')}`) + '\n');
          process.exitCode = EXIT_USAGE;
          return;
        }
      }
      const normalized = search.normalizeQuery(query, search.lexiconOf(index));
      if (!normalized) {
        const why = query.trim() ? '检索词中没有可检索的文字（只有标点、符号或空白）' : '请给出检索词';
        process.stderr.write(err.red(`${why}，例如：handbook search 用地指标`) + '\n' + err.dim('在终端中也可以用 handbook search -i 边输入边检索。') + '\n');
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
      if (opts.json) printJson(toJson(response));
      else process.stdout.write(formatResults(response) + '\n');
    });
}
