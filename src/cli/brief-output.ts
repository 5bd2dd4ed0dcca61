//! Writing the brief (政策服务说明) for `handbook brief` and `handbook ask --brief`: the HTML
//! and/or the PDF, each atomically, with the messages a user reads. The renderer (unified) and
//! Chromium are loaded only here, lazily, so no other command pays for them.

import { extname, resolve } from 'node:path';
import type { Handbook, Profile } from '../model/index.js';
import type { PrintPage } from '../render/pdf.js';
import { OutputPathError } from '../io/write.js';
import { outputPathsOk, writeOutputFile } from './output.js';
import { EXIT_INPUT, err, out } from './context.js';
import { closeBrowsersOnSignal } from './interrupt.js';
import { chromiumLookup, progressReporter, shownPath, sizeText } from './written-files.js';
import { writeErr, shownText } from './terminal-text.js';

/** Which files to write. */
export interface BriefFiles {
  html?: string;
  pdf?: string;
}

export interface WriteBriefOptions extends BriefFiles {
  /** The date decided on, YYYY-MM-DD. */
  on: string;
  /** The date printed, YYYY-MM-DD. */
  date: string;
  name?: string;
  /** --chromium PATH. */
  chromium?: string;
  /** A print page opened early (openPrintPage), so Chromium starts while the rest is done. */
  printPage?: Promise<PrintPage>;
}

/** `ask --brief FILE`: a .pdf file is the PDF, a .html or .htm file the HTML; anything else is undefined. */
export function briefFileOf(path: string): BriefFiles | undefined {
  const ext = extname(path).toLowerCase();
  return ext === '.pdf' ? { pdf: path } : ext === '.html' || ext === '.htm' ? { html: path } : undefined;
}


/** Starts Chromium now, for a PDF to come; a failure is reported where the page is used. */
export function openBriefPrintPage(explicit: string | undefined): Promise<PrintPage> {
  closeBrowsersOnSignal();
  const page = import('../render/pdf.js').then(({ openPrintPage }) => openPrintPage(chromiumLookup(explicit)));
  // Handled where the page is used; without this an early return would leave an unhandled rejection.
  page.catch(() => {});
  return page;
}

function written(path: string, bytes: number, what: string): void {
  writeErr(out.green(shownText(`已写出 ${shownPath(path)}（${sizeText(bytes)}，${what}）`)) + '\n');
}

/**
 * Makes the brief and writes the files asked for. Returns false (exit code 1 set, the message
 * printed) when a file cannot be written or Chromium cannot print; the HTML, when asked for, is
 * written before the PDF is printed.
 */
export async function writeBriefFiles(handbook: Handbook, profile: Profile, options: WriteBriefOptions): Promise<boolean> {
  // Output paths are checked before the browser starts or anything is made.
  if (!outputPathsOk([options.html, options.pdf])) {
    await options.printPage?.then((p) => p.browser.close()).catch(() => {});
    return false;
  }
  const progress = progressReporter();
  const printPage = options.pdf ? (options.printPage ?? openBriefPrintPage(options.chromium)) : undefined;
  const [{ briefFor }, render, { ChromiumNotFoundError }] = await Promise.all([import('../brief/brief.js'), import('../brief/render.js'), import('../render/chromium.js')]);
  const fail = async (message: string): Promise<false> => {
    progress.done();
    await printPage?.then((p) => p.browser.close()).catch(() => {});
    writeErr(err.red(shownText(message)) + '\n');
    process.exitCode = EXIT_INPUT;
    return false;
  };
  const brief = briefFor(handbook, profile, { on: options.on, date: options.date, ...(options.name !== undefined ? { name: options.name } : {}) });
  const what = `可享受 ${brief.eligible.length} 项，待确认 ${brief.undetermined.length} 项，差一点可享受 ${brief.nearMisses.length} 项`;
  let html: string;
  try {
    html = await render.renderBriefHtml(brief);
  } catch (e) {
    // A template missing or broken (templates/brief/): say so, without a stack trace.
    return fail(`无法生成政策服务说明：${(e as Error).message}`);
  }
  if (options.html) {
    let target: string;
    try {
      target = writeOutputFile(options.html, html);
    } catch (e) {
      if (!(e instanceof OutputPathError)) throw e;
      return fail(e.message);
    }
    written(target, Buffer.byteLength(html), what);
  }
  if (options.pdf && printPage) {
    let pdf: Uint8Array;
    try {
      pdf = await render.renderBriefPdf(html, brief, { chromium: printPage, onProgress: progress.step, onWarning: (m) => writeErr(err.yellow(shownText(m)) + '\n') });
    } catch (e) {
      return fail(e instanceof ChromiumNotFoundError ? e.message : `生成 PDF 失败：${(e as Error).message}`);
    }
    progress.done();
    let target: string;
    try {
      target = writeOutputFile(options.pdf, pdf);
    } catch (e) {
      if (!(e instanceof OutputPathError)) throw e;
      return fail(e.message);
    }
    written(target, pdf.byteLength, what);
  }
  return true;
}
