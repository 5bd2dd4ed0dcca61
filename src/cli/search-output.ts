//! Search results as terminal text (matched words in colour, or in 【】 without colour)
//! and as the stable `search --json` contract (docs/SEARCH.md).

import type { SearchHit, SearchResponse } from '../search-index/index.js';
import { out } from './context.js';
import { provenanceTag } from '../words/index.js';
import { forTerminal, shown } from './terminal-text.js';

/** A snippet with its matched words in colour, or in 【】 when there is no colour. */
export function highlight(hit: Pick<SearchHit, 'snippet' | 'highlights'>, c = out): string {
  // Each piece is made safe on its own: the highlights are offsets into the raw snippet.
  let s = '';
  let at = 0;
  for (const [a, b] of hit.highlights) {
    s += shown(hit.snippet.slice(at, a));
    const word = shown(hit.snippet.slice(a, b));
    s += c.level > 0 ? c.bold.yellow(word) : `【${word}】`;
    at = b;
  }
  return s + shown(hit.snippet.slice(at));
}

/** A query as it may be echoed to a terminal: control characters shown, at most 40 characters. */
function printable(query: string): string {
  const chars = Array.from(shown(query.trim()));
  return chars.length > 40 ? chars.slice(0, 40).join('') + '…' : chars.join('');
}

/** The terminal report of a search response (without the trailing newline); every string shown safely. */
export function formatResults(raw: SearchResponse, c = out): string {
  const response = { ...forTerminal(raw), query: raw.query };
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
  for (const [i, hit] of response.results.entries()) {
    if (hit.policy !== policy) {
      policy = hit.policy;
      const tag = hit.provenance === 'confirmed' ? '' : `  ${c.yellow(provenanceTag(hit.provenance))}`;
      lines.push('', `${c.bold(hit.title)}  ${c.dim(hit.policy)}${tag}`);
    }
    const number = hit.clauseNumber ? `${hit.clauseNumber} ` : '';
    const where = hit.clause === hit.policy ? '（整份文件）' : number + hit.clauseTitle;
    lines.push(`  ${c.cyan(where)}  ${c.dim(hit.clause)}`);
    lines.push(`    ${highlight(raw.results[i]!, c)}`);
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
