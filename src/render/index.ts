//! The booklet: the handbook as one offline HTML file and a print-ready PDF.
//! In: a compiled Handbook, which policies (all, or a leaflet), the date. Out: HTML text
//! (renderBookletHtml) and PDF bytes (renderBookletPdf, which prints that HTML in Chromium);
//! renderBooklet does both as `handbook render` does, selection and search included (all three
//! in booklet.ts).
//! Library code: no argv, no TTY, no process.exit; progress is a callback.
//!
//! Heavy: imports unified and (lazily) playwright-core. The CLI loads this module with
//! `await import()` inside `handbook render` only.

export { openPrintPage, type PrintPage, type PdfResult } from './pdf.js';
export { resolveBookletDate, type BookletDate } from './date.js';
export {
  prepareBooklet,
  renderBookletHtml,
  renderBookletPdf,
  renderBooklet,
  type BookletOptions,
  type BookletPdfOptions,
  type RenderBookletOptions,
  type RenderBookletHooks,
  type RenderBookletResult,
} from './booklet.js';

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
