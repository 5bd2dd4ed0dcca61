//! The booklet's in-page search, bundled by scripts/build-booklet-search.mjs into
//! dist/booklet-search.js and inlined in the page. In: the JSON block #search-data (the
//! handbook's searchable text and the very index `handbook search` uses). Out: results under
//! the search box, each linking to its clause. Same code as the CLI: src/search-index.
//! Builds the DOM with textContent only: nothing from the data is parsed as HTML.

import { searchHandbook, type SearchIndexArtefact } from '../../src/search-index/index.js';
import type { Handbook } from '../../src/model/index.js';

interface SearchData {
  handbook: Handbook;
  index: SearchIndexArtefact;
  /** The printed policies of a leaflet; null for the whole handbook. */
  policies: string[] | null;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function start(): void {
  const dataEl = document.getElementById('search-data');
  const box = document.getElementById('search');
  const form = document.getElementById('search-form') as HTMLFormElement | null;
  const input = document.getElementById('search-input') as HTMLInputElement | null;
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  if (!dataEl || !box || !form || !input || !status || !list) return;
  // The data (handbook text and index) is parsed on first use, not on load: opening and
  // printing the page stay fast.
  let data: SearchData | undefined;
  const load = (): SearchData => (data ??= JSON.parse(dataEl.textContent ?? '{}') as SearchData);

  const run = (query: string) => {
    const { handbook, index, policies } = load();
    const options = policies ? { policy: policies } : {};
    list.replaceChildren();
    if (query.trim() === '') {
      status.textContent = '';
      return;
    }
    const response = searchHandbook(handbook, index, query, options);
    const also = response.alsoSearched.length ? `（同时搜索：${response.alsoSearched.join('、')}）` : '';
    if (response.results.length === 0) {
      const hints = [...response.suggestions.terms, ...response.suggestions.policies.map((p) => `《${p.title}》`)];
      status.textContent = `没有找到与“${query}”相关的条文${also}。${hints.length ? `可以试试：${hints.join('、')}` : ''}`;
      return;
    }
    status.textContent = `找到 ${response.results.length} 处${also}`;
    for (const hit of response.results) {
      const li = el('li');
      li.dataset.policy = hit.policy;
      li.dataset.clause = hit.clause;
      const a = el('a', 'hit-title', `《${hit.title}》${hit.clauseNumber}${hit.clauseTitle && hit.clauseTitle !== hit.title ? ` ${hit.clauseTitle}` : ''}`);
      a.href = `#${hit.clause}`;
      li.append(a);
      const snippet = el('span', 'hit-snippet');
      let at = 0;
      for (const [s, e] of hit.highlights) {
        if (s < at) continue;
        snippet.append(hit.snippet.slice(at, s), el('mark', undefined, hit.snippet.slice(s, e)));
        at = e;
      }
      snippet.append(hit.snippet.slice(at));
      li.append(snippet);
      list.append(li);
    }
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), 120);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    run(input.value);
  });
  // Esc closes the results (the query stays); following a result closes them too, so the
  // bar is short again and the clause is not under it.
  const closeResults = () => {
    clearTimeout(timer);
    list.replaceChildren();
    status.textContent = '';
  };
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && list.childElementCount + (status.textContent ? 1 : 0) > 0) {
      e.preventDefault();
      closeResults();
      input.focus();
    }
  });
  list.addEventListener('click', (e) => {
    if ((e.target as Element | null)?.closest?.('a')) closeResults();
  });
  box.hidden = false;
  keepBarClear(box);
}

/**
 * The sticky bar's height as the page's scroll padding (--bar-height, read by booklet.css),
 * so a link target, a search result or a focused element never lands under it (WCAG 2.4.11).
 * A rule added to the page's own stylesheet through the CSSOM: no style attribute, and
 * allowed by the page's CSP.
 */
function keepBarClear(bar: HTMLElement): void {
  const sheet = document.styleSheets[0];
  if (!sheet) return;
  const rule = sheet.cssRules[sheet.insertRule(':root {}', sheet.cssRules.length)] as CSSStyleRule;
  const set = () => rule.style.setProperty('--bar-height', `${Math.ceil(bar.getBoundingClientRect().height)}px`);
  set();
  if (typeof ResizeObserver !== 'undefined') new ResizeObserver(set).observe(bar);
}

start();
