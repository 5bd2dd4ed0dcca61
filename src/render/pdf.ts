//! The booklet's HTML → an A4 PDF, printed by Chromium driven over a pipe (cdp.ts).
//! In: the page's HTML (html.ts), how to find Chromium, the date. Out: PDF bytes: tagged, with
//! bookmarks from the headings, and the table of contents' page numbers read from a first print.
//! The pages' own numbers ("— 2 —", none on the cover) are the page's CSS: @page margin boxes in
//! booklet.css, which Chromium prints itself (no header/footer template).
//!
//! Table of contents, two passes: the first print (a quick one: everything hidden, untagged)
//! carries no numbers in the table; Chromium writes a named destination for every element an
//! in-page link targets, so reading the first PDF's destinations gives the page of each policy.
//! The physical page is the printed number, since the numbers count the cover as page 1. The
//! numbers are written into the page and it is printed again; the second print's destinations
//! are checked against the numbers (the table of contents has a page of its own, so a number's
//! width cannot move a title to another page; if one ever did, a third pass fixes it).
//!
//! Determinism: Chromium writes the same bytes for the same page except CreationDate and
//! ModDate, which are patched to the booklet's date when one is fixed.
//!
//! Fonts: the page is printed in the project's own faces (fonts.ts): their @font-face rules are
//! added to the page for the print, pointing at the font packages' files. A page may read
//! file: URLs only from a file: document, so the print page first opens an empty page in the
//! browser's own folder; every request but that page and the font files is refused. The printed
//! PDF's fonts are checked: one that is not CID TrueType (a Type 3 face) is reported by name.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchPrintBrowser, type ChromiumLookup } from './chromium.js';
import type { CdpBrowser } from './cdp.js';
import { BOOKLET_FACES, MARGIN_TEXT, embeddedFonts, withFontFaces } from './fonts.js';
import { fixPdfDates, namedDestinationPages, pdfFonts } from './pdf-file.js';

/** A browser with a page ready to print into; open it early, while the HTML is being made. */
export interface PrintPage {
  browser: CdpBrowser;
  frameId: string;
}

/**
 * Starts Chromium and readies its page: an empty file: page in the browser's folder, which may
 * read the font packages' files and nothing else (every other request is refused).
 */
export async function openPrintPage(lookup: ChromiumLookup): Promise<PrintPage> {
  const browser = await launchPrintBrowser(lookup);
  try {
    const blank = join(browser.folder, 'page.html');
    writeFileSync(blank, '<!DOCTYPE html><meta charset="utf-8">');
    const blankUrl = pathToFileURL(blank).href;
    const { roots } = embeddedFonts();
    browser.on((method, params) => {
      if (method !== 'Fetch.requestPaused') return;
      const url = String((params['request'] as { url?: string } | undefined)?.url ?? '');
      const allowed = url === blankUrl || (url.endsWith('.woff2') && roots.some((r) => url.startsWith(r)) && !url.includes('/../'));
      const reply = allowed ? browser.send('Fetch.continueRequest', { requestId: params['requestId'] }) : browser.send('Fetch.failRequest', { requestId: params['requestId'], errorReason: 'BlockedByClient' });
      reply.catch(() => {});
    });
    const [, tree] = await Promise.all([browser.send('Fetch.enable', { patterns: [{ urlPattern: '*' }] }), browser.send<{ frameTree: { frame: { id: string } } }>('Page.getFrameTree')]);
    await browser.send('Page.navigate', { url: blankUrl });
    await browser.send('Runtime.evaluate', { expression: READY, awaitPromise: true });
    return { browser, frameId: tree.frameTree.frame.id };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

export interface PdfOptions {
  /** Where to find Chromium, or a page already opened with openPrintPage (closed afterwards). */
  chromium: ChromiumLookup | Promise<PrintPage>;
  /** When set, the PDF's CreationDate and ModDate. */
  fixedDate?: Date;
  /** Ids of the table of contents' targets (its `.toc-page[data-for]` cells). */
  tocTargets: readonly string[];
  onProgress?: (step: string) => void;
  /** A face that could not be read or embedded as CID TrueType, in Chinese, naming the font. */
  onWarning?: (message: string) => void;
}

export interface PdfResult {
  pdf: Uint8Array;
  /** Page of each table-of-contents target, as printed in the table. */
  tocPages: Map<string, number>;
}

const MAX_PASSES = 3;

/**
 * The measuring print hides everything: visibility never moves a box, so the pages break
 * exactly as in the full print, and Chromium still writes every named destination, but with no
 * text to paint and no font to embed the print takes a third of the time. The full print that
 * follows checks the pages anyway. A constructed style sheet, because the page's
 * Content-Security-Policy admits no other.
 */
const HIDE = `globalThis.__handbookHide = new CSSStyleSheet(); __handbookHide.replaceSync('* { visibility: hidden !important; }'); document.adoptedStyleSheets = [...document.adoptedStyleSheets, __handbookHide];`;
const UNHIDE = `document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== globalThis.__handbookHide);`;

/** A4 in inches, no margins but the page's own (@page, preferCSSPageSize). */
const PAPER = { paperWidth: 8.27, paperHeight: 11.7, marginTop: 0, marginBottom: 0, marginLeft: 0, marginRight: 0, preferCSSPageSize: true };

/** A full print (tagged, bookmarks) or a measuring one (only the named destinations count). */
async function print(browser: CdpBrowser, full: boolean): Promise<Uint8Array> {
  if (!full) await browser.send('Runtime.evaluate', { expression: HIDE });
  const { data } = await browser.send<{ data: string }>('Page.printToPDF', {
    ...PAPER,
    ...(full
      ? { printBackground: true, generateTaggedPDF: true, generateDocumentOutline: true }
      : { printBackground: false, generateTaggedPDF: false, generateDocumentOutline: false }),
  });
  if (!full) await browser.send('Runtime.evaluate', { expression: UNHIDE });
  const buffer = Buffer.from(data, 'base64');
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Resolves once the document has loaded and its fonts are ready. */
const READY = `new Promise((done) => { const fonts = () => document.fonts.ready.then(() => done(true)); if (document.readyState === 'complete') fonts(); else addEventListener('load', fonts, { once: true }); })`;

/** Loads the slices of the print's faces that the margin boxes need (fonts.ts MARGIN_TEXT). */
const MARGIN_FONTS = `Promise.all(${JSON.stringify(Object.values(BOOKLET_FACES).map((f) => f.family))}.map((family) => document.fonts.load('16px "' + family + '"', ${JSON.stringify(MARGIN_TEXT)}).catch(() => [])))`;

/** The families of the faces that failed to load (a font file unreadable or broken). */
const FAILED_FACES = `JSON.stringify([...new Set([...document.fonts].filter((f) => f.status === 'error').map((f) => f.family))])`;

/** Loads the HTML into the page and waits for its load event and its fonts; returns the families that failed. */
async function load(target: PrintPage, html: string): Promise<string[]> {
  await target.browser.send('Page.setDocumentContent', { frameId: target.frameId, html });
  await target.browser.send('Runtime.evaluate', { expression: READY, awaitPromise: true });
  await target.browser.send('Runtime.evaluate', { expression: MARGIN_FONTS, awaitPromise: true });
  const reply = await target.browser.send<{ result?: { value?: unknown } }>('Runtime.evaluate', { expression: FAILED_FACES });
  const value = reply.result?.value;
  const failed: unknown = typeof value === 'string' ? JSON.parse(value) : [];
  return Array.isArray(failed) ? failed.map(String) : [];
}

/** What to say about the printed fonts: every one not embedded as CID TrueType, by name. */
export function fontProblems(pdf: Uint8Array): string[] {
  const bad = new Map<string, string>();
  let fonts: ReturnType<typeof pdfFonts>;
  try {
    fonts = pdfFonts(pdf);
  } catch {
    return ['无法读出 PDF 中的字体，未能检查它们是否以 CID TrueType 嵌入'];
  }
  for (const f of fonts) {
    if (f.kind === 'CIDFontType2') continue;
    const name = f.family ?? (f.name || '（无名字体）');
    bad.set(name, f.kind === 'Type3' ? 'Type 3' : f.kind);
  }
  return [...bad].map(([name, kind]) => `PDF 中的字体 ${name} 未能以 CID TrueType 嵌入（实为 ${kind}），其文字在 PDF 中是图形，不能可靠地复制与检索`);
}

/** Prints the page to PDF with the table of contents' page numbers filled in. */
export async function printBookletPdf(html: string, options: PdfOptions): Promise<PdfResult> {
  const progress = options.onProgress ?? (() => {});
  const warn = options.onWarning ?? (() => {});
  const fonts = embeddedFonts();
  for (const m of fonts.missing) warn(`未找到 PDF 的字体 ${m}，改用本机字体，PDF 的字形因机器而异`);
  progress('正在启动 Chromium…');
  const target = await (options.chromium instanceof Promise ? options.chromium : openPrintPage(options.chromium));
  const { browser } = target;
  try {
    progress('正在排版…');
    for (const family of await load(target, withFontFaces(html, fonts.css))) warn(`字体 ${family} 的文件无法读取，PDF 中改用本机字体`);
    let written = new Map<string, number>();
    for (let pass = 1; pass <= MAX_PASSES; pass++) {
      progress(pass === 1 ? '正在打印（第 1 遍，确定页码）…' : `正在打印（第 ${pass} 遍，写入目录页码）…`);
      const pdf = await print(browser, pass > 1 || options.tocTargets.length === 0);
      const dests = namedDestinationPages(pdf);
      const pages = new Map<string, number>();
      for (const id of options.tocTargets) {
        const n = dests.get(id);
        if (n !== undefined) pages.set(id, n);
      }
      const settled = pass > 1 && options.tocTargets.every((id) => pages.get(id) === written.get(id));
      if (settled || options.tocTargets.length === 0) {
        progress('正在写出 PDF…');
        for (const problem of fontProblems(pdf)) warn(problem);
        return { pdf: options.fixedDate ? fixPdfDates(pdf, options.fixedDate) : pdf, tocPages: pages };
      }
      written = pages;
      const entries = [...pages.entries()];
      // A string, not a function: this project's TypeScript has no DOM types.
      await browser.send('Runtime.evaluate', {
        expression: `for (const [id, n] of ${JSON.stringify(entries)}) for (const el of document.querySelectorAll('.toc-page')) if (el.getAttribute('data-for') === id) el.textContent = String(n);`,
      });
    }
    throw new Error('目录页码在多次排版后仍不稳定');
  } finally {
    await browser.close();
  }
}
