// Line breaks in running text (GB/T 9704 7.3.1 回行时要做到词意完整), in the real Chromium:
// a document title cited in the body or the fact index (《…》) breaks only between words,
// read back from the PDF with pdftotext -bbox; on a 320 CSS px screen a comparison sign stays
// with its operand (≥ 10000万元) and a cited title breaks only at its <wbr>s, in the
// self-check panel's rows too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { loadHandbook } from '../../src/compiled/index.js';
import { launchChromium } from '../../src/render/chromium.js';
import { renderMarkdownFragment } from '../../src/render/markdown.js';
import { citedTitleHtml, titleBreaks } from '../../src/render/typeset.js';
import { buildSearchIndex, lexiconOf, type Lexicon } from '../../src/search-index/index.js';
import { POLICIES } from '../helpers/cli.js';
import { render, tempDir } from './helpers.js';

let lexicon: Lexicon;
let dir: string;
let compiled: string;
let browser: Browser;
/** The PDF's lines, in reading order: the words on one baseline, joined, spaces dropped. */
const lines: { page: number; text: string }[] = [];

beforeAll(async () => {
  compiled = tempDir();
  const handbook = (await loadHandbook({ dir: POLICIES, out: join(compiled, '.handbook') })).handbook!;
  lexicon = lexiconOf(buildSearchIndex(handbook));
  const r = render(['--pdf', '$TMP/booklet.pdf', '--html', '$TMP/booklet.html', '--date', '2026-01-15']);
  expect(r.code).toBe(0);
  dir = r.dir;
  const bbox = execFileSync('pdftotext', ['-bbox', join(dir, 'booklet.pdf'), '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  bbox
    .split('<page ')
    .slice(1)
    .forEach((page, i) => {
      const byLine = new Map<number, { x: number; text: string }[]>();
      for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
        const y = Number(m[2]);
        const key = [...byLine.keys()].find((k) => Math.abs(k - y) < 2) ?? y;
        byLine.set(key, [...(byLine.get(key) ?? []), { x: Number(m[1]), text: m[3]! }]);
      }
      for (const [, words] of [...byLine.entries()].sort((a, b) => a[0] - b[0])) {
        lines.push({ page: i + 1, text: words.sort((a, b) => a.x - b.x).map((w) => w.text).join('') });
      }
    });
  browser = await launchChromium({ env: process.env.HANDBOOK_CHROMIUM });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const d of [dir, compiled]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('titles cited in running text', () => {
  // Ensure a cited title is one span with <wbr> only where ICU and the lexicon both end a word (浙商, 建设, 制造业 whole).
  it('marks the word boundaries of a cited title, and only those', () => {
    expect(citedTitleHtml('《关于支持浙商回归项目规划建设服务的意见》', lexicon)).toBe(
      '<span class="cite">《关于<wbr>支持<wbr>浙商回归项目<wbr>规划建设<wbr>服务<wbr>的<wbr>意见》</span>',
    );
    const chars = Array.from('关于加快发展先进制造业和战略性新兴产业的实施意见');
    const pieces = chars.map((c, i) => c + (titleBreaks(chars, lexicon)[i] ? '/' : '')).join('');
    // ICU alone gives 制造/业 and 战略/性: the lexicon keeps those words whole.
    expect(pieces).toBe('关于/加快/发展/先进制造业/和/战略性新兴产业/的/实施/意见');
  });

  // Ensure the Markdown body wraps 《…》 (inside a link too) and still keeps numbers with units, the same bytes each time.
  it('sets cited titles in the body as .cite spans, deterministically', async () => {
    const md = '依据[《关于支持浙商创业创新促进浙江发展的若干意见》](#opinions)，对投资1亿元以上的项目按《浙商总部回归认定和扶持办法》执行。';
    const ctx = { key: 't', headingLevel: 4 as const, ids: new Set(['opinions']), lexicon };
    const html = await renderMarkdownFragment(md, ctx);
    expect(html).toBe(await renderMarkdownFragment(md, ctx));
    expect(html).toContain('<a href="#opinions"><span class="cite">《关于<wbr>支持<wbr>浙商<wbr>创业<wbr>创新<wbr>促进<wbr>浙江<wbr>发展<wbr>的<wbr>若干<wbr>意见》</span></a>');
    expect(html).toContain('<span class="nb">1亿元</span>');
    expect(html).toContain('<span class="cite">《浙商<wbr>总部回归<wbr>认定<wbr>和<wbr>扶持<wbr>办法》</span>');
    // What the title holds is escaped like any text: the span adds markup, never lets any in.
    expect(await renderMarkdownFragment('见《甲 &amp; 乙 > 丙 &lt;i&gt;》。', ctx)).toBe('<p>见<span class="cite">《甲 &amp; 乙 &gt; 丙 &lt;i&gt;》</span>。</p>');
  });

  // Ensure every line of the PDF that ends inside a cited title (body text or the fact index's sources) ends between two of its words.
  it('breaks cited titles in the PDF only between words', () => {
    const inside: string[] = [];
    let broken = 0;
    for (let i = 0; i + 1 < lines.length; i++) {
      const line = lines[i]!.text;
      const open = line.lastIndexOf('《');
      if (open < 0 || line.indexOf('》', open) >= 0) continue;
      const next = lines[i + 1]!.text;
      const close = next.indexOf('》');
      if (close < 0) continue;
      const head = line.slice(open);
      const chars = Array.from(head + next.slice(0, close + 1));
      const k = Array.from(head).length;
      broken++;
      if (!titleBreaks(chars, lexicon)[k - 1]) inside.push(`第 ${lines[i]!.page} 页：${head} / ${next.slice(0, close + 1)}`);
    }
    expect(broken, '没有找到任何分行的引用标题').toBeGreaterThan(10);
    expect(inside).toEqual([]);
  });
});

describe('a 320 CSS px screen', () => {
  // Ensure a comparison sign never ends a line without its operand, and each piece of a cited title between two <wbr>s stays on one line.
  it('keeps comparisons with their operands and cited titles whole between words', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 640 } });
    await page.goto(pathToFileURL(join(dir, 'booklet.html')).href);
    const measure = () => page.evaluate(() => {
      const lineTops = (node: Node) => {
        const range = document.createRange();
        range.selectNodeContents(node);
        return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.bottom)));
      };
      const visible = (e: Element) => (e as HTMLElement).offsetParent !== null;
      const cmp = [...document.querySelectorAll('.cmp')].filter(visible);
      const cite = [...document.querySelectorAll('.cite')].filter(visible);
      const texts = cite.flatMap((c) => {
        const walker = document.createTreeWalker(c, NodeFilter.SHOW_TEXT);
        const out: Text[] = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n as Text);
        return out;
      });
      return {
        comparisons: cmp.length,
        splitComparisons: cmp.filter((e) => lineTops(e).size > 1).map((e) => e.textContent),
        citedPieces: texts.length,
        splitPieces: texts.filter((t) => lineTops(t).size > 1).map((t) => t.data),
        brokenTitles: cite.filter((e) => lineTops(e).size > 1).length,
        scrollWidth: document.documentElement.scrollWidth,
      };
    });
    const result = await measure();
    // With the self-check open, its rows' sources (《…》第…项) too.
    await page.click('#self-check-open');
    const panel = await measure();
    await page.close();
    expect(result.comparisons).toBeGreaterThan(5);
    expect(result.splitComparisons).toEqual([]);
    expect(result.citedPieces).toBeGreaterThan(50);
    // At this width titles do break (between words), so the check above has something to check.
    expect(result.brokenTitles).toBeGreaterThan(5);
    expect(result.splitPieces).toEqual([]);
    expect(result.scrollWidth).toBeLessThanOrEqual(320);
    expect(panel.citedPieces).toBeGreaterThan(result.citedPieces);
    expect(panel.splitPieces).toEqual([]);
    expect(panel.splitComparisons).toEqual([]);
  });
});
