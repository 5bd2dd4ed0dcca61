//! Live search: results as you type (@inquirer/search), titles cut with `…` to the terminal's
//! width, the keys in Chinese at the foot. Enter opens the clause as `show` prints it, on the
//! terminal's alternate screen: Esc goes back to the list (with the words typed), q or Enter
//! leaves with the clause printed, Ctrl+C leaves. Ctrl+C in the list clears what the list drew.
//! In: the handbook options. Out: an exit code. Needs a terminal; inquirer is loaded here only.

import { EXIT_INPUT, EXIT_OK, EXIT_USAGE, err, out, type HandbookOptions } from './context.js';
import { highlight } from './search-output.js';
import { loadSearch, simplifierFor } from './search-session.js';
import { findById, formatShow } from './show-text.js';
import { charWidth } from './char-width.js';
import { displayWidth } from './table.js';
import { layoutFor, shown, writeErr } from './terminal-text.js';
import { provenanceTag } from '../words/index.js';
import type { SearchHit } from '../search-index/index.js';

/** The keys of the list, at its foot. */
export const LIST_KEYS = '↑↓ 选择 · ⏎ 查看条文 · Ctrl+C 退出';
/** The keys of an opened clause, at its foot. */
export const CLAUSE_KEYS = 'Esc 返回列表 · q 或 ⏎ 退出并保留此条文 · Ctrl+C 退出';

/** `s` cut to `width` columns, ending with `…` when cut. */
export function truncate(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  let used = 0;
  let result = '';
  for (const ch of s) {
    const w = charWidth(ch.codePointAt(0)!);
    if (used + w > width - 1) break;
    result += ch;
    used += w;
  }
  return result + '…';
}

/** One row of the list: where in the policy, then the policy's title, each cut to fit. */
export function rowName(hit: SearchHit, columns: number): string {
  const where = shown(hit.clause === hit.policy ? '（整份文件）' : `${hit.clauseNumber ? hit.clauseNumber + ' ' : ''}${hit.clauseTitle}`);
  const tag = hit.provenance === 'confirmed' ? '' : provenanceTag(hit.provenance);
  // The cursor and its space take two columns; the tag and the gaps their own.
  const room = Math.max(20, columns - 3 - (tag ? displayWidth(tag) + 1 : 0));
  const whereShown = truncate(where, Math.max(10, Math.floor(room * 0.6)));
  const title = truncate(`《${shown(hit.title.replace(/^关于/, ''))}》`, Math.max(4, room - displayWidth(whereShown) - 1));
  return `${out.cyan(whereShown)} ${out.dim(title)}${tag ? ' ' + out.yellow(tag) : ''}`;
}

/** The snippet under the list, at most two lines of the terminal, its matched words in colour. */
function description(hit: SearchHit, columns: number): string {
  const cut = truncate(hit.snippet, Math.max(20, columns * 2 - 4));
  const end = cut === hit.snippet ? hit.snippet.length : cut.length - 1;
  const highlights = hit.highlights.filter(([, b]) => b <= end);
  return highlight({ snippet: hit.snippet.slice(0, end), highlights }) + (end < hit.snippet.length ? '…' : '');
}

/** Waits for one key of the opened clause: back to the list, leave keeping it, or leave. */
function clauseKey(): Promise<'back' | 'keep' | 'quit'> {
  return new Promise((resolve) => {
    const stdin = process.stdin;
    stdin.setRawMode(true);
    stdin.resume();
    const onData = (data: Buffer) => {
      const key = data.toString('utf8');
      const action = key === '\x1b' ? 'back' : key === 'q' || key === 'Q' || key === '\r' || key === '\n' ? 'keep' : key === '\x03' ? 'quit' : undefined;
      if (!action) return;
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      resolve(action);
    };
    stdin.on('data', onData);
  });
}

const ALT_SCREEN_ON = '\x1b[?1049h\x1b[H\x1b[2J';
const ALT_SCREEN_OFF = '\x1b[?1049l';

export async function liveSearch(opts: HandbookOptions): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    writeErr(err.red('边输入边检索需要在终端中运行；在管道或脚本中请用 handbook search 检索词。') + '\n');
    return EXIT_USAGE;
  }
  const loaded = await loadSearch(opts);
  if (!loaded) return EXIT_INPUT;
  const { handbook, index, search: lib } = loaded;
  const { default: search } = await import('@inquirer/search');
  const columns = () => process.stdout.columns ?? 80;
  let term = '';
  for (;;) {
    let id: string;
    try {
      id = await search<string>(
        {
          message: '检索条文（输入词语）：',
          pageSize: 12,
          ...(term ? { initialValue: term } : {}),
          theme: { style: { keysHelpTip: () => out.dim(LIST_KEYS) } },
          source: async (typed) => {
            term = typed ?? '';
            const q = term.trim();
            if (!q) return term ? [{ name: out.dim('（请输入要检索的词语）'), value: '', disabled: ' ' }] : [];
            const toSimplified = await simplifierFor(q, loaded);
            const response = lib.searchHandbook(handbook, index, q, { limit: 20, ...(toSimplified ? { toSimplified } : {}) });
            if (response.results.length === 0) {
              const hint = response.suggestions.terms.length ? `，试试：${response.suggestions.terms.slice(0, 4).map(shown).join('、')}` : '';
              return [{ name: out.dim(`（没有相符的条文${hint}）`), value: '', disabled: ' ' }];
            }
            const rows = response.results.map((hit) => ({ name: rowName(hit, columns()), value: hit.clause, description: description(hit, columns()) }));
            if (response.alsoSearched.length) {
              rows.unshift({ name: out.dim(truncate(`同时搜索：${response.alsoSearched.map(shown).join('、')}`, columns() - 4)), value: '', description: '', disabled: ' ' } as never);
            }
            return rows;
          },
        },
        // Whatever ends the list (a choice, Ctrl+C) clears the lines it drew.
        { clearPromptOnDone: true },
      );
    } catch (e) {
      // Ctrl+C: leave quietly, the list already cleared.
      if ((e as Error).name === 'ExitPromptError' || (e as Error).name === 'AbortPromptError') return EXIT_OK;
      throw e;
    }
    const found = findById(handbook, id);
    if (!found) continue;
    const text = formatShow(handbook, found, out);
    process.stdout.write(ALT_SCREEN_ON + layoutFor(process.stdout, text + '\n\n' + out.dim(CLAUSE_KEYS)));
    const action = await clauseKey();
    process.stdout.write(ALT_SCREEN_OFF);
    if (action === 'back') continue;
    if (action === 'keep') process.stdout.write(layoutFor(process.stdout, text + '\n'));
    return EXIT_OK;
  }
}
