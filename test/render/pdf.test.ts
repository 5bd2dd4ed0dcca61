// The PDF, printed by the real Chromium and read back with poppler (pdftotext, pdffonts,
// pdfinfo, pdftohtml for the bookmarks). One render is shared by the assertions.
// Page numbers are checked where they stand (pdftotext -bbox) against the type area that
// booklet.css's @page margins leave on A4 (210 mm × 297 mm).
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadHandbook } from '../../src/compiled/index.js';
import type { Handbook } from '../../src/model/index.js';
import { chineseDate } from '../../src/render/view.js';
import { POLICIES } from '../helpers/cli.js';
import { buildSearchIndex, lexiconOf, type Lexicon } from '../../src/search-index/index.js';
import { KEEP_TOGETHER, wordBoundaries } from '../../src/render/typeset.js';
import { render, tempDir } from './helpers.js';

/** A word as pdftotext -bbox places it: points from the page's top left. */
interface Word {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}

const EPOCH = '1767225600'; // 2026-01-01T00:00:00Z
let handbook: Handbook;
let lexicon: Lexicon;
let pdfPath: string;
let pdf: Buffer;
let pageCount: number;
const pageText: string[] = [];
/** Per page (1-based), the words below the type area: where the page number stands. */
const footWords: Word[][] = [];
/** Per page (1-based), the lines of the type area, top to bottom: words on one baseline, joined, spaces dropped. */
const pageLines: string[][] = [];

const PT = 72 / 25.4; // points per mm
const CSS = readFileSync(join(import.meta.dirname, '..', '..', 'templates', 'booklet', 'booklet.css'), 'utf8');
const [TOP, RIGHT, BOTTOM, LEFT] = /@page\s*\{[^{}]*?\bmargin:\s*([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm/
  .exec(CSS)!
  .slice(1)
  .map(Number) as [number, number, number, number];
/** The type area (版心) in points. */
const TYPE_AREA = { left: LEFT * PT, right: (210 - RIGHT) * PT, top: TOP * PT, bottom: (297 - BOTTOM) * PT };
/** 4号: the page number's size, and its "one character" (空一字). */
const SIZE = 14;
/** Chromium lays out in CSS pixels; what it prints lands within a point of the ideal. */
const NEAR = 1;

const poppler = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const flat = (s: string) => s.replace(/\s+/g, '');

beforeAll(async () => {
  handbook = (await loadHandbook({ dir: POLICIES, out: join(tempDir(), '.handbook') })).handbook!;
  const r = render(['--pdf', '$TMP/booklet.pdf'], { SOURCE_DATE_EPOCH: EPOCH });
  expect(r.stderr).toContain('已写出');
  // CI and a pipe: no progress lines.
  expect(r.stderr).not.toContain('正在');
  expect(r.code).toBe(0);
  pdfPath = join(r.dir, 'booklet.pdf');
  pdf = readFileSync(pdfPath);
  pageCount = Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', [pdfPath]))![1]);
  for (let n = 1; n <= pageCount; n++) pageText[n] = poppler('pdftotext', ['-layout', '-f', String(n), '-l', String(n), pdfPath, '-']);
  const pages = poppler('pdftotext', ['-bbox', pdfPath, '-']).split('<page ').slice(1);
  expect(pages).toHaveLength(pageCount);
  pages.forEach((page, i) => {
    const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map(
      (m): Word => ({ x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]), text: m[5]! }),
    );
    footWords[i + 1] = words.filter((w) => w.y0 >= TYPE_AREA.bottom);
    const lines = new Map<number, Word[]>();
    for (const w of words.filter((w) => w.y0 < TYPE_AREA.bottom)) {
      const key = [...lines.keys()].find((y) => Math.abs(y - w.y1) < 2) ?? w.y1;
      lines.set(key, [...(lines.get(key) ?? []), w]);
    }
    pageLines[i + 1] = [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([, ws]) => flat(ws.sort((a, b) => a.x0 - b.x0).map((w) => w.text).join('')));
  });
  lexicon = lexiconOf(buildSearchIndex(handbook));
}, 120_000);

/** The number printed at the foot of page n ("— 12 —"), or undefined. */
function printedNumber(n: number): number | undefined {
  const m = /^[—―] (\d+) [—―]$/.exec((footWords[n] ?? []).map((w) => w.text).join(' '));
  return m ? Number(m[1]) : undefined;
}

/** The page (after the table of contents) whose text contains `text`, spaces ignored. */
function pageWith(text: string, from: number): number {
  return pageText.findIndex((t, n) => n >= from && t !== undefined && flat(t).includes(flat(text)));
}

describe('handbook render --pdf', () => {
  it('prints every policy title as extractable Chinese text', () => {
    const all = flat(pageText.join(''));
    for (const p of handbook.policies) expect(all).toContain(flat(p.title));
  });

  it('gives page numbers in the table of contents that are the numbers printed where the titles stand', () => {
    const head = (p: Handbook['policies'][number]) => flat(p.issuer) + flat(p.number ?? '') + flat(p.title);
    const firstPolicyPage = pageWith(head(handbook.policies[0]!), 2);
    // The table's text, without its pages' own numbers.
    const toc = flat(pageText.slice(2, firstPolicyPage).map((t) => t.replace(/[—―] \d+ [—―]/g, '')).join(''));
    const cited = (label: string) => {
      const m = new RegExp(`${flat(label).replace(/[()（）[\]]/g, '\\$&')}(?:〔示例文本〕|〔部分核实〕)?(\\d+)`).exec(toc);
      expect(m, `目录中没有 ${label}`).not.toBeNull();
      return Number(m![1]);
    };
    for (const p of handbook.policies) {
      // The policy's head (issuer, number, title) stands on the page whose printed number the table cites.
      const page = pageWith(head(p), firstPolicyPage);
      expect(page, `${p.id} 的文头不在任何页上`).toBeGreaterThan(0);
      expect(printedNumber(page), `${p.id} 的文头所在页`).toBe(cited(p.title));
    }
    const factIndexPage = pageWith('按事实查条目索引下表列出', firstPolicyPage);
    expect(printedNumber(factIndexPage)).toBe(cited('按事实查条目索引'));
  });

  // Ensure a title broken over lines (in its head or in the contents) breaks between two words of the lexicon, never inside one (GB/T 9704 7.3.1).
  it('breaks titles between words, never inside one', () => {
    const titles = [handbook.meta.title, ...handbook.policies.map((p) => p.title)];
    const inside: string[] = [];
    let broken = 0;
    for (let n = 1; n <= pageCount; n++) {
      const lines = pageLines[n]!;
      for (let i = 0; i + 1 < lines.length; i++) {
        const line = lines[i]!;
        for (const title of titles) {
          // The line is the title's first part (a head) or ends with it (the contents' label).
          const k = line === title.slice(0, line.length) ? line.length : 0;
          if (k < 2 || k >= title.length || !lines[i + 1]!.startsWith(title.slice(k, k + 2))) continue;
          broken++;
          const chars = Array.from(title);
          if (!wordBoundaries(chars, lexicon)[k - 1]) inside.push(`第 ${n} 页：${title.slice(0, k)} / ${title.slice(k)}`);
        }
      }
    }
    expect(broken, '没有找到任何分行的标题').toBeGreaterThan(3);
    expect(inside).toEqual([]);
    const all = pageLines.flat().join('\n');
    // The two breaks once seen: 创新促 / 进浙江, 先进制造 / 业.
    expect(all).not.toMatch(/创新促\n进浙江|先进制造\n业/);
  });

  // Ensure no number is parted from its unit (100万 / 元) or a comparison sign from its number at a line's end.
  it('keeps numbers with their units and comparisons with their operands', () => {
    const split: string[] = [];
    for (let n = 1; n <= pageCount; n++) {
      const lines = pageLines[n]!;
      for (let i = 0; i + 1 < lines.length; i++) {
        const tail = lines[i]!.slice(-12);
        const joined = tail + lines[i + 1]!.slice(0, 8);
        for (const m of joined.matchAll(KEEP_TOGETHER)) {
          if (m.index < tail.length && m.index + m[0].length > tail.length) split.push(`第 ${n} 页：${tail} / ${lines[i + 1]!.slice(0, 8)}`);
        }
      }
    }
    expect(split).toEqual([]);
  });

  // Ensure no page ends with a heading (一、…, 条目一览), and the fact index's first page holds entries, not only its heading and intro.
  it('puts no heading at the foot of a page, and no page of a heading and intro alone', () => {
    const feet = [];
    for (let n = 2; n <= pageCount; n++) {
      const last = pageLines[n]!.at(-1) ?? '';
      if (/^[一二三四五六七八九十]+、/.test(last) || last === '条目一览' || last === '目录') feet.push(`第 ${n} 页：${last}`);
    }
    expect(feet).toEqual([]);
    const factIndexPage = pageLines.findIndex((lines, n) => n > 2 && lines?.includes('按事实查条目索引'));
    expect(factIndexPage).toBeGreaterThan(2);
    expect(pageLines[factIndexPage]!.some((l) => l.startsWith('问题：'))).toBe(true);
  });

  // Ensure each document's head gives the day it takes effect, and the contents mark partial documents as well as illustrative ones.
  it('dates each document\'s effect in its head and marks partial documents in the contents', () => {
    for (const p of handbook.policies) {
      const words = `自${chineseDate(p.effective)}起施行`;
      expect(pageLines.some((lines) => lines?.some((l) => l.startsWith(words))), p.id).toBe(true);
    }
    const toc = pageLines.slice(2, 4).flat().join('');
    expect(toc).toContain('〔部分核实〕');
    expect(toc).toContain('〔示例文本〕');
  });

  it('prints no page number on the cover, and "— n —" on every other page n (the cover counts as 1)', () => {
    expect(footWords[1]).toEqual([]);
    expect(pageText[1]).not.toMatch(/—\s*\d+\s*—/);
    for (let n = 2; n <= pageCount; n++) expect(printedNumber(n), `第 ${n} 页的页码`).toBe(n);
  });

  it('sets page numbers after GB/T 9704: 14pt, 7 mm below the type area, odd ones one character in from its right edge, even ones from its left', () => {
    for (let n = 2; n <= pageCount; n++) {
      const [open, digits, close] = footWords[n]!;
      const where = `第 ${n} 页`;
      // 4号: a 一字线 is one 14pt em wide; each Arabic digit is half-width (the print's Song,
      // Noto Serif SC, has proportional digits of about half an em, 0.47 to 0.56).
      expect(open!.x1 - open!.x0, where).toBeCloseTo(SIZE, 0);
      expect(close!.x1 - close!.x0, where).toBeCloseTo(SIZE, 0);
      const digit = (digits!.x1 - digits!.x0) / digits!.text.length;
      expect(digit, where).toBeGreaterThan(SIZE * 0.4);
      expect(digit, where).toBeLessThan(SIZE * 0.6);
      // The line's top 7 mm below the type area: the em box's, half an em above the centre of
      // the glyphs' box (pdftotext's box spans the face's ascent and descent, 1.44 em in Noto Serif SC).
      expect(Math.abs((open!.y0 + open!.y1) / 2 - SIZE / 2 - (TYPE_AREA.bottom + 7 * PT)), where).toBeLessThan(NEAR);
      if (n % 2 === 1) expect(Math.abs(TYPE_AREA.right - SIZE - close!.x1), `${where}（单页码居右空一字）`).toBeLessThan(NEAR);
      else expect(Math.abs(open!.x0 - (TYPE_AREA.left + SIZE)), `${where}（双页码居左空一字）`).toBeLessThan(NEAR);
    }
  });

  it('embeds every font as a real font: none Type 3, none left out', () => {
    const rows = poppler('pdffonts', [pdfPath]).split('\n').slice(2).filter((l) => l.trim() !== '');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).not.toContain('Type 3');
      expect(row).toMatch(/CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    }
  });

  it('has bookmarks for every policy and every section', () => {
    const xml = poppler('pdftohtml', ['-xml', '-stdout', '-i', '-q', pdfPath]);
    const items = [...xml.matchAll(/<item page="\d+">([^<]*)<\/item>/g)].map((m) => m[1]!);
    for (const p of handbook.policies) {
      expect(items).toContain(p.title);
      for (const s of p.sections) expect(items).toContain(`${s.number}${s.title}`);
    }
  });

  it('is a tagged A4 PDF dated from SOURCE_DATE_EPOCH', () => {
    const info = poppler('pdfinfo', ['-isodates', pdfPath]);
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);
    expect(info).toMatch(/CreationDate:\s+2026-01-01T00:00:00/);
    expect(info).toMatch(/ModDate:\s+2026-01-01T00:00:00/);
  });

  it('gives a byte-identical PDF for the same input once the date is fixed', () => {
    const again = render(['--pdf', '$TMP/again.pdf'], { SOURCE_DATE_EPOCH: EPOCH });
    expect(again.code).toBe(0);
    expect(readFileSync(join(again.dir, 'again.pdf')).equals(pdf)).toBe(true);
  }, 120_000);
});

describe('handbook render --pdf without Chromium', () => {
  it('prints one error with the install command, exits 1, and still writes the HTML', () => {
    const r = render(['--html', '$TMP/b.html', '--pdf', '$TMP/b.pdf', '--chromium', '/nonexistent/chromium'], { CI: undefined });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('apt-get install chromium');
    // One error line; no progress on a pipe even outside CI.
    expect(r.stderr.trim().split('\n').filter((l) => !l.startsWith('已写出'))).toHaveLength(1);
    expect(r.stderr).not.toContain('正在');
    expect(existsSync(join(r.dir, 'b.html'))).toBe(true);
    expect(existsSync(join(r.dir, 'b.pdf'))).toBe(false);
  });
});
