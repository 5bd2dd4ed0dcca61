//! The booklet: the handbook as one offline HTML file and a print-ready PDF.
//! In: a compiled Handbook, which policies (all, or a leaflet), the date. Out: HTML text
//! (renderBookletHtml) and PDF bytes (renderBookletPdf, which prints that HTML in Chromium);
//! renderBooklet (booklet.ts) does both as `handbook render` does, selection and search included.
//! Library code: no argv, no TTY, no process.exit; progress is a callback.
//!
//! Heavy: imports unified and (lazily) playwright-core. The CLI loads this module with
//! `await import()` inside `handbook render` only.

import type { Handbook, Policy } from '../model/index.js';
import type { Lexicon } from '../search-index/index.js';
import type { BookletDate } from './date.js';
import { loadTemplates, renderFragments, renderPage, type PageSearch } from './html.js';
import { printBookletPdf, type PdfResult, type PrintPage } from './pdf.js';
export { openPrintPage, type PrintPage, type PdfResult } from './pdf.js';
export { resolveBookletDate, type BookletDate } from './date.js';
export { renderBooklet, type RenderBookletOptions, type RenderBookletHooks, type RenderBookletResult } from './booklet.js';
import type { ChromiumLookup } from './chromium.js';
import { buildBookletView, type BookletView } from './view.js';
import type { PageSelfCheck } from './self-check.js';

export { selectPolicies, buildBookletView, chineseDate, factsOfRule, type PolicySelection, type BookletView, type BookletViewOptions } from './view.js';
export { keepTogether, titleHtml, wordBoundaries, KEEP_TOGETHER } from './typeset.js';
export { chromiumCandidates, launchChromium, ChromiumNotFoundError, INSTALL_HINT, PDF_PACKAGES, MIN_PRINT_CHROMIUM, printVersionProblem, type ChromiumLookup, type ChromiumTarget } from './chromium.js';
export { namedDestinationPages, fixPdfDates } from './pdf-file.js';
export { renderMarkdownFragment, MarkdownTooDeepError, SANITIZE_SCHEMA } from './markdown.js';
export { renderTemplate, escapeHtml } from './template.js';
export { buildPageSearch, searchableHandbook, SEARCH_SCRIPT } from './search.js';
export { buildPageSelfCheck, checkableHandbook, selfCheckView, SELF_CHECK_SCRIPT, type PageSelfCheck, type SelfCheckView } from './self-check.js';
export { loadTemplates, renderPage, DEFAULT_TEMPLATES_DIR, type PageSearch, type Templates } from './html.js';
// The brief for one enterprise (政策服务说明), printed the booklet's way: see src/brief/render.ts.
export { renderBriefHtml, renderBriefPdf, BRIEF_TEMPLATES_DIR, MAX_PRINTED_NAME, MAX_PRINTED_WAYS, type BriefRenderOptions, type BriefPdfOptions } from '../brief/render.js';

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

/**
 * The booklet as one self-contained HTML page.
 * @example const html = await renderBookletHtml(handbook, { date: { date: '2026-01-15' } });
 */
export async function renderBookletHtml(handbook: Handbook, options: BookletOptions): Promise<string> {
  const view = await prepareBooklet(handbook, options);
  return renderPage(view, loadTemplates(options.templatesDir), options.search, options.selfCheck);
}

export interface BookletPdfOptions {
  /** Where to find Chromium, or a page opened early with openPrintPage. */
  chromium: ChromiumLookup | Promise<PrintPage>;
  date: BookletDate;
  /** Ids of the table of contents' entries (BookletView.toc). */
  tocTargets: readonly string[];
  onProgress?: (step: string) => void;
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
  });
}
