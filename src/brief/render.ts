//! The brief as one self-contained HTML page and as an A4 PDF.
//! In: a Brief (brief.ts). Out: HTML text — templates/brief/brief.html, styled by the booklet's
//! own booklet.css (its fonts, GB/T 9704 margins and page numbers) followed by brief.css, every
//! clause's Markdown through the booklet's sanitiser, a Content-Security-Policy that allows only
//! that style — and PDF bytes, printed by the booklet's Chromium path (src/render/pdf.ts), in the
//! booklet's own faces (src/render/fonts.ts), embedded as CID TrueType whatever the machine has.
//! Deterministic: the same brief gives the same bytes; the PDF's dates are the brief's date.
//!
//! Heavy: imports unified (through src/render/markdown.ts). Loaded only by `handbook brief`,
//! `ask --brief` and the `policy-handbook/render` entry point.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TEMPLATES_DIR } from '../render/html.js';
import { renderMarkdownFragment } from '../render/markdown.js';
import { printBookletPdf, type PrintPage } from '../render/pdf.js';
import type { ChromiumLookup } from '../render/chromium.js';
import { renderTemplate } from '../render/template.js';
import type { Brief, BriefEligible, BriefNearMiss, BriefPolicy, BriefProvision, BriefUndetermined } from './brief.js';

/** templates/brief of the package: dist/brief/render.js → ../../templates/brief. */
export const BRIEF_TEMPLATES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates', 'brief');

/** A longer name is cut (with …) where it is printed, so no name can fill pages. */
export const MAX_PRINTED_NAME = 80;
/** Ways to qualify printed per provision at most (the nearest); the rest are counted. */
export const MAX_PRINTED_WAYS = 3;

export interface BriefRenderOptions {
  /** The folder of brief.html, its partials and brief.css (default: the package's templates/brief). */
  templatesDir?: string;
  /** The folder of booklet.css, whose typography the brief shares (default: templates/booklet). */
  bookletTemplatesDir?: string;
}

interface PolicyGroup<T> {
  policy: BriefPolicy & { meta: string; marked: boolean };
  items: T[];
}

/** 二（一） → 第二（一）项; a section alone (二) → 第二部分. */
function citation(label: string): string {
  return /[（(]/.test(label) ? `第${label}项` : /^[〇零一二两三四五六七八九十百]+$/.test(label) ? `第${label}部分` : label;
}

function groupByPolicy<T extends BriefProvision>(items: readonly T[]): PolicyGroup<T>[] {
  const groups: PolicyGroup<T>[] = [];
  for (const item of items) {
    let group = groups.find((g) => g.policy.id === item.policy.id);
    if (!group) {
      const p = item.policy;
      group = { policy: { ...p, meta: [p.issuer, p.number].filter(Boolean).join(' '), marked: p.provenance !== 'confirmed' }, items: [] };
      groups.push(group);
    }
    group.items.push(item);
  }
  return groups;
}

function printedName(name: string | null): string | null {
  if (name === null) return null;
  const chars = [...name];
  return chars.length > MAX_PRINTED_NAME ? `${chars.slice(0, MAX_PRINTED_NAME).join('')}…` : name;
}

const SECTION_NUMBERS = ['一', '二', '三', '四'] as const;

/** The template's view: the brief's sections, grouped by policy, with each clause rendered. */
async function briefView(brief: Brief) {
  const name = printedName(brief.enterprise);
  const withClause = async (p: BriefEligible) => ({
    ...p,
    nextTier: p.nextTier ? { ...p.nextTier, ways: p.nextTier.ways.slice(0, MAX_PRINTED_WAYS) } : null,
    citation: citation(p.clause.label),
    clauseHtml: await renderMarkdownFragment(p.clause.markdown, { key: `brief-${p.id}`, headingLevel: 6, ids: new Set() }),
  });
  const eligible = await Promise.all(brief.eligible.map(withClause));
  const undetermined = brief.undetermined.map((p: BriefUndetermined) => ({ ...p, citation: citation(p.clause.label) }));
  const nearMisses = brief.nearMisses.map((p: BriefNearMiss) => ({
    ...p,
    citation: citation(p.clause.label),
    ways: p.ways.slice(0, MAX_PRINTED_WAYS),
    otherWays: Math.max(0, p.ways.length - MAX_PRINTED_WAYS),
  }));
  const headings = ['可享受的政策', '需要补充确认', '差一点可享受', '本说明所依据的企业信息'].map((h, i) => `${SECTION_NUMBERS[i]}、${h}`);
  return {
    ...brief,
    name,
    addressee: name ?? '贵企业',
    pageTitle: `政策服务说明${name ? ` · ${name}` : ''}`,
    headings,
    counts: { eligible: brief.eligible.length, undetermined: brief.undetermined.length, nearMisses: brief.nearMisses.length },
    eligibleGroups: groupByPolicy(eligible),
    undeterminedGroups: groupByPolicy(undetermined),
    nearMissGroups: groupByPolicy(nearMisses),
    unknownLabels: brief.unknownFacts.map((f) => f.label).join('、'),
  };
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The brief as one self-contained HTML page (A4 in print, page numbers as the booklet's).
 * Every text of the brief is escaped; each clause's Markdown is sanitised.
 * @example
 * const html = await renderBriefHtml(briefFor(handbook, profile, { on: '2026-11-30' }));
 */
export async function renderBriefHtml(brief: Brief, options: BriefRenderOptions = {}): Promise<string> {
  const dir = options.templatesDir ?? BRIEF_TEMPLATES_DIR;
  const css = `${readFileSync(join(options.bookletTemplatesDir ?? DEFAULT_TEMPLATES_DIR, 'booklet.css'), 'utf8')}\n${readFileSync(join(dir, 'brief.css'), 'utf8')}`;
  if (/<\/style/i.test(css)) throw new Error('brief.css 或 booklet.css 中不能出现 "</style"');
  const csp = ["default-src 'none'", `style-src ${sha256(css)}`, "script-src 'none'", "img-src 'none'", "font-src 'none'", "connect-src 'none'", "object-src 'none'", "frame-src 'none'", "form-action 'none'", "base-uri 'none'"].join('; ');
  const view = await briefView(brief);
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const partials = { 'policy-title': read('policy-title.html'), 'item-head': read('item-head.html') };
  return renderTemplate(read('brief.html'), { ...view, css, csp }, partials, 'brief.html');
}

export interface BriefPdfOptions {
  /** Where to find Chromium, or a page opened early with openPrintPage (closed afterwards). */
  chromium: ChromiumLookup | Promise<PrintPage>;
  onProgress?: (step: string) => void;
  /** A face of the project's own (src/render/fonts.ts) that could not be embedded as CID TrueType, naming it. */
  onWarning?: (message: string) => void;
}

/** The brief's date as the PDF's CreationDate and ModDate: that day, 00:00 UTC. */
function fixedDate(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

/**
 * Prints the brief's HTML (from renderBriefHtml) to an A4 PDF in Chromium, dated the brief's
 * date, so the same brief gives the same bytes. Throws ChromiumNotFoundError (with the install
 * command) when no recent enough browser can be started.
 * @example
 * const pdf = await renderBriefPdf(html, brief, { chromium: {} });
 */
export async function renderBriefPdf(html: string, brief: Pick<Brief, 'date'>, options: BriefPdfOptions): Promise<Uint8Array> {
  const { pdf } = await printBookletPdf(html, {
    chromium: options.chromium,
    tocTargets: [],
    fixedDate: fixedDate(brief.date),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
  return pdf;
}
