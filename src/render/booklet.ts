//! The booklet: its view with the Markdown rendered (prepareBooklet), its HTML page
//! (renderBookletHtml), that page printed (renderBookletPdf), and the one use case of
//! `handbook render` (renderBooklet), callable from a build script, which is the first three.
//! In: a compiled Handbook (and, when it has one, its search index artefact), which policies,
//! the date, whether to print a PDF and with which browser. Out: the booklet's HTML, the PDF's
//! bytes when asked for, or the problems of the selection; warnings and progress through hooks.
//! Library code: no argv, no TTY, no process.exit, no file written (the caller writes what it gets).

import type { Handbook, Policy } from '../model/index.js';
import { isSearchIndex, lexiconOf, type Lexicon, type SearchIndexArtefact } from '../search-index/index.js';
import { compileArtefacts } from '../artefacts.js';
import { loadTemplates, renderFragments, renderPage, type PageSearch } from './html.js';
import { printBookletPdf, type PdfResult, type PrintPage } from './pdf.js';
import type { ChromiumLookup } from './chromium.js';
import { buildPageSearch } from './search.js';
import { buildPageSelfCheck, type PageSelfCheck } from './self-check.js';
import { buildBookletView, selectPolicies, type BookletView } from './view.js';
import type { BookletDate } from './date.js';

export interface BookletOptions {
  date: BookletDate;
  /** The policies to print, from selectPolicies (default: all). */
  policies?: readonly Policy[];
  /** The in-page search (bundled script + data); omitted → a page without a search box. */
  search?: PageSearch;
  /** The self-check panel (bundled script + data + view); omitted → a page without it. */
  selfCheck?: PageSelfCheck;
  templatesDir?: string;
  /** The corpus's lexicon (lexiconOf the search index): titles break only between its words. */
  lexicon?: Lexicon;
}

/** The booklet's view with every Markdown fragment rendered. */
export async function prepareBooklet(handbook: Handbook, options: BookletOptions): Promise<BookletView> {
  const view = buildBookletView(handbook, options.policies ?? handbook.policies, options.date.date, options.lexicon ? { lexicon: options.lexicon } : {});
  await renderFragments(view);
  return view;
}

/** The booklet's page and the view it was made from (renderBooklet prints its table of contents). */
async function bookletPage(handbook: Handbook, options: BookletOptions): Promise<{ view: BookletView; html: string }> {
  const view = await prepareBooklet(handbook, options);
  return { view, html: renderPage(view, loadTemplates(options.templatesDir), options.search, options.selfCheck) };
}

/**
 * The booklet as one self-contained HTML page.
 * @example const html = await renderBookletHtml(handbook, { date: { date: '2026-01-15' } });
 */
export async function renderBookletHtml(handbook: Handbook, options: BookletOptions): Promise<string> {
  return (await bookletPage(handbook, options)).html;
}

export interface BookletPdfOptions {
  /** Where to find Chromium, or a page opened early with openPrintPage. */
  chromium: ChromiumLookup | Promise<PrintPage>;
  date: BookletDate;
  /** Ids of the table of contents' entries (BookletView.toc). */
  tocTargets: readonly string[];
  onProgress?: (step: string) => void;
  /** What the PDF lacks and why (a face it could not embed as CID TrueType), in Chinese; the PDF is still made. */
  onWarning?: (message: string) => void;
}

/**
 * Prints booklet HTML (from renderBookletHtml) to PDF in Chromium. The page numbers come with
 * the HTML (booklet.css's @page rules), so the PDF is printed from the page alone.
 * Throws ChromiumNotFoundError when no browser can be started, or none is recent enough
 * (Chromium 131, for the CSS margin boxes that print the page numbers).
 */
export async function renderBookletPdf(html: string, options: BookletPdfOptions): Promise<PdfResult> {
  return printBookletPdf(html, {
    chromium: options.chromium,
    tocTargets: options.tocTargets,
    ...(options.date.fixed ? { fixedDate: options.date.fixed } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
}

export interface RenderBookletOptions {
  /** The cover's date and the PDF's (resolveBookletDate). */
  date: BookletDate;
  /** Only these policy ids (a leaflet); with `tags`, policies matching either. Default: all. */
  policies?: readonly string[];
  /** Only policies with one of these tags. */
  tags?: readonly string[];
  /** The search index the page searches with (the compiled handbook's); built when absent or not an index. */
  searchIndex?: SearchIndexArtefact | unknown;
  /** Print a PDF too: where to find Chromium, or a page opened early with openPrintPage (always closed). */
  pdf?: { chromium: ChromiumLookup | Promise<PrintPage> };
  /** The booklet's templates folder (default: the package's templates/booklet). */
  templatesDir?: string;
  /** The bundled page scripts (default: the package's dist/booklet-search.js and dist/booklet-check.js). */
  scripts?: { search?: string; selfCheck?: string };
}

export interface RenderBookletHooks {
  /** Each step, in words ("正在打印（第 1 遍，确定页码）…"). */
  onProgress?: (step: string) => void;
  /** What the booklet lacks and why (a bundled script not built, a face the PDF could not embed as CID TrueType), in Chinese; the booklet is still made. */
  onWarning?: (message: string) => void;
  /**
   * The HTML, as soon as it is made and before any printing, so it can be written even when the
   * PDF then fails. Return false to stop there (no PDF is printed; the print page is closed).
   */
  onHtml?: (html: string, made: { printed: number }) => boolean | void;
}

export type RenderBookletResult =
  /** The selection was refused (an unknown id or tag, or nothing selected): nothing was made. */
  | { problems: string[] }
  | {
      html: string;
      /** The PDF, when `pdf` was asked for and onHtml did not stop. */
      pdf?: Uint8Array;
      /** How many policies were printed. */
      printed: number;
      /** Page of each table-of-contents target, as printed (with the PDF). */
      tocPages?: Map<string, number>;
    };

async function closePage(page: ChromiumLookup | Promise<PrintPage> | undefined): Promise<void> {
  if (page instanceof Promise) await page.then((p) => p.browser.close()).catch(() => {});
}

/**
 * Renders the booklet: the selection's policies as one offline HTML page (with in-page search and
 * self-check), and when asked, that page printed to an A4 PDF with its table of contents' page
 * numbers. The same handbook, selection and date give the same bytes.
 *
 * Throws ChromiumNotFoundError when a PDF is asked for and no recent enough browser starts, and
 * the print's own errors; the HTML has then already been handed to `onHtml`.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { compileDir, renderBooklet, resolveBookletDate } from 'policy-handbook';
 *
 * const { handbook } = compileDir('policies');
 * const date = resolveBookletDate({ date: '2026-01-15' });
 * if ('error' in date) throw new Error(date.error);
 * const result = await renderBooklet(handbook!, { date, tags: ['人才'], pdf: { chromium: {} } }, {
 *   onProgress: (step) => console.error(step),
 *   onHtml: (html) => writeFileSync('人才.html', html),
 * });
 * if ('problems' in result) console.error(result.problems.join('\n'));
 * else writeFileSync('人才.pdf', result.pdf!);
 */
export async function renderBooklet(handbook: Handbook, options: RenderBookletOptions, hooks: RenderBookletHooks = {}): Promise<RenderBookletResult> {
  const printPage = options.pdf?.chromium;
  try {
    const selection = selectPolicies(handbook, { policies: [...(options.policies ?? [])], tags: [...(options.tags ?? [])] });
    if (selection.problems.length) return { problems: selection.problems };
    if (selection.policies.length === 0) return { problems: ['所选范围内没有政策文件，未写出任何文件。'] };
    // The page searches with the very index `handbook search` uses (rebuilt if stale).
    const index = isSearchIndex(options.searchIndex) ? options.searchIndex : compileArtefacts(handbook)['search'];
    const pageSearch = isSearchIndex(index) ? buildPageSearch(handbook, selection.policies, index, ...(options.scripts?.search ? [options.scripts.search] : [])) : { missing: '检索索引' };
    if ('missing' in pageSearch) hooks.onWarning?.(`未找到页内检索脚本 ${pageSearch.missing}（运行 npm run build:ts 生成），本次 HTML 不含检索框。`);
    const pageCheck = buildPageSelfCheck(handbook, selection.policies, options.date.date, ...(options.scripts?.selfCheck ? [options.scripts.selfCheck] : []));
    if ('missing' in pageCheck) hooks.onWarning?.(`未找到页内自查脚本 ${pageCheck.missing}（运行 npm run build:ts 生成），本次 HTML 不含适用性自查。`);
    const { view, html } = await bookletPage(handbook, {
      date: options.date,
      policies: selection.policies,
      ...('search' in pageSearch ? { search: pageSearch.search } : {}),
      ...('selfCheck' in pageCheck ? { selfCheck: pageCheck.selfCheck } : {}),
      ...(options.templatesDir !== undefined ? { templatesDir: options.templatesDir } : {}),
      ...(isSearchIndex(index) ? { lexicon: lexiconOf(index) } : {}),
    });
    const printed = selection.policies.length;
    if (hooks.onHtml?.(html, { printed }) === false || printPage === undefined) return { html, printed };
    const result = await renderBookletPdf(html, {
      chromium: printPage,
      date: options.date,
      tocTargets: view.toc.map((t) => t.id),
      ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
      ...(hooks.onWarning ? { onWarning: hooks.onWarning } : {}),
    });
    return { html, printed, pdf: result.pdf, tocPages: result.tocPages };
  } finally {
    // printBookletPdf closes the page it printed with; every other way out closes it here.
    await closePage(printPage);
  }
}
