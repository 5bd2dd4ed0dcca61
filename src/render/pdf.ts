//! The booklet's HTML → an A4 PDF, printed by Chromium through playwright-core.
//! In: the page's HTML (html.ts), the footer template, how to find Chromium, the date. Out: PDF
//! bytes: tagged, with bookmarks from the headings, "— 1 —" page numbers at the foot, and the
//! table of contents' page numbers read from a first print.
//!
//! Table of contents, two passes: the first print (a quick one: untagged, no footer) carries no
//! page numbers; Chromium writes a
//! named destination for every element an in-page link targets,
//! so reading the first PDF's destinations gives the page of each policy. The numbers are written into the page and it is
//! printed again; the second print's destinations are checked against the numbers (the table
//! of contents has a page of its own, so a number's width cannot move a title to another page;
//! if one ever did, a third pass fixes it).
//!
//! Determinism: Chromium writes the same bytes for the same page except CreationDate and
//! ModDate, which are patched to the booklet's date when one is fixed.

import type { Browser, Page } from 'playwright-core';
import { launchChromium, type ChromiumLookup } from './chromium.js';
import { fixPdfDates, namedDestinationPages } from './pdf-file.js';

/** A browser with a page ready to print into; open it early, while the HTML is being made. */
export interface PrintPage {
  browser: Browser;
  page: Page;
}

/** Starts Chromium and opens an offline page that refuses every request. */
export async function openPrintPage(lookup: ChromiumLookup): Promise<PrintPage> {
  const browser = await launchChromium(lookup);
  try {
    const context = await browser.newContext({ javaScriptEnabled: true, offline: true });
    const page = await context.newPage();
    // The page needs nothing from anywhere; refuse any request outright.
    await page.route('**/*', (route) => route.abort('blockedbyclient'));
    return { browser, page };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

export interface PdfOptions {
  /** Where to find Chromium, or a page already opened with openPrintPage (closed afterwards). */
  chromium: ChromiumLookup | Promise<PrintPage>;
  /** The PDF's footer (page numbers); Chromium's header/footer template syntax. */
  footerTemplate: string;
  /** When set, the PDF's CreationDate and ModDate. */
  fixedDate?: Date;
  /** Ids of the table of contents' targets (its `.toc-page[data-for]` cells). */
  tocTargets: readonly string[];
  onProgress?: (step: string) => void;
}

export interface PdfResult {
  pdf: Uint8Array;
  /** Page of each table-of-contents target, as printed in the table. */
  tocPages: Map<string, number>;
}

const MAX_PASSES = 3;
/**
 * A full print (tagged, bookmarks, footer) or a quick one for finding pages: the footer sits
 * in the @page margin and tags and bookmarks do not move text, so both paginate alike (and
 * the full print that follows checks it).
 */
async function print(page: Page, footerTemplate: string, full: boolean): Promise<Uint8Array> {
  const buffer = await page.pdf({
    format: 'A4',
    preferCSSPageSize: true,
    printBackground: true,
    ...(full ? { displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate, tagged: true, outline: true } : { tagged: false, outline: false }),
  });
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Prints the page to PDF with the table of contents' page numbers filled in. */
export async function printBookletPdf(html: string, options: PdfOptions): Promise<PdfResult> {
  const progress = options.onProgress ?? (() => {});
  progress('正在启动 Chromium…');
  const { browser, page } = await (options.chromium instanceof Promise ? options.chromium : openPrintPage(options.chromium));
  try {
    progress('正在排版…');
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate('document.fonts.ready.then(() => undefined)');
    let written = new Map<string, number>();
    for (let pass = 1; pass <= MAX_PASSES; pass++) {
      progress(pass === 1 ? '正在打印（第 1 遍，确定页码）…' : `正在打印（第 ${pass} 遍，写入目录页码）…`);
      const pdf = await print(page, options.footerTemplate, pass > 1 || options.tocTargets.length === 0);
      const dests = namedDestinationPages(pdf);
      const pages = new Map<string, number>();
      for (const id of options.tocTargets) {
        const n = dests.get(id);
        if (n !== undefined) pages.set(id, n);
      }
      const settled = pass > 1 && options.tocTargets.every((id) => pages.get(id) === written.get(id));
      if (settled || options.tocTargets.length === 0) {
        progress('正在写出 PDF…');
        return { pdf: options.fixedDate ? fixPdfDates(pdf, options.fixedDate) : pdf, tocPages: pages };
      }
      written = pages;
      const entries = [...pages.entries()];
      // A string, not a function: this project's TypeScript has no DOM types.
      await page.evaluate(
        `for (const [id, n] of ${JSON.stringify(entries)}) for (const el of document.querySelectorAll('.toc-page')) if (el.getAttribute('data-for') === id) el.textContent = String(n);`,
      );
    }
    throw new Error('目录页码在多次排版后仍不稳定');
  } finally {
    await browser.close();
  }
}
