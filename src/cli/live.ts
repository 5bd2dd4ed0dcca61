//! Live search: results as you type (@inquirer/search), Enter shows the clause as `show` does.
//! In: the handbook options. Out: an exit code. Needs a terminal; inquirer is loaded here only.

import { EXIT_INPUT, EXIT_OK, EXIT_USAGE, err, out, type HandbookOptions } from './context.js';
import { highlight } from './search-output.js';
import { loadSearch, simplifierFor } from './search-session.js';
import { findById, formatShow } from './show-text.js';
import { provenanceTag } from '../words/index.js';
import { writeOut, writeErr, shownText } from './terminal-text.js';

export async function liveSearch(opts: HandbookOptions): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    writeErr(err.red('边输入边检索需要在终端中运行；在管道或脚本中请用 handbook search 检索词。') + '\n');
    return EXIT_USAGE;
  }
  const loaded = await loadSearch(opts);
  if (!loaded) return EXIT_INPUT;
  const { handbook, index, search: lib } = loaded;
  const { default: search } = await import('@inquirer/search');
  const width = Math.max(40, (process.stdout.columns ?? 80) - 8);
  try {
    const id = await search<string>({
      message: '检索条文（输入词语，↑↓ 选择，回车查看，Ctrl+C 退出）：',
      pageSize: 12,
      source: async (term) => {
        const q = (term ?? '').trim();
        if (!q) return [];
        const toSimplified = await simplifierFor(q, loaded);
        const response = lib.searchHandbook(handbook, index, q, { limit: 20, ...(toSimplified ? { toSimplified } : {}) });
        if (response.results.length === 0) {
          const hint = response.suggestions.terms.length ? `，试试：${response.suggestions.terms.slice(0, 4).join('、')}` : '';
          return [{ name: out.dim(`（没有相符的条文${hint}）`), value: '', disabled: ' ' }];
        }
        const rows = response.results.map((hit) => {
          const where = hit.clause === hit.policy ? '（整份文件）' : `${hit.clauseNumber ? hit.clauseNumber + ' ' : ''}${hit.clauseTitle}`;
          const short = hit.title.replace(/^关于/, '').slice(0, 16);
          return {
            name: `${out.cyan(where.slice(0, 24))} ${out.dim('《' + short + '》')}${hit.provenance === 'confirmed' ? '' : ' ' + out.yellow(provenanceTag(hit.provenance))}`,
            value: hit.clause,
            description: highlight({ ...hit, snippet: hit.snippet }, out).slice(0, width * 3),
          };
        });
        if (response.alsoSearched.length) {
          rows.unshift({ name: out.dim(`同时搜索：${response.alsoSearched.join('、')}`), value: '', description: '', disabled: ' ' } as never);
        }
        return rows;
      },
    });
    const shown = findById(handbook, id);
    if (shown) writeOut('\n' + formatShow(handbook, shown, out) + '\n');
    return EXIT_OK;
  } catch (e) {
    // Ctrl+C or Esc: leave quietly.
    if ((e as Error).name === 'ExitPromptError' || (e as Error).name === 'AbortPromptError') return EXIT_OK;
    throw e;
  }
}
