/// <reference lib="dom" />
// The booklet's accessibility (WCAG 2.2 AA) in the real Chromium: axe-core finds no violation
// (as loaded, with search results open, with the self-check open); nothing is hidden under
// the sticky bar (SC 2.4.11); Esc closes the search results; the page reflows at 320 CSS px
// (SC 1.4.10) with no label or button broken one character per line. One browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../src/render/chromium.js';
import { render } from './helpers.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let browser: Browser;
let page: Page;
let url: string;

/** axe-core's violations on the page as it is now: "rule: target…". */
async function axeViolations(p: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, not as a page script: the page's CSP stays as it is.
  if (!(await p.evaluate('typeof window.axe !== "undefined"'))) await p.evaluate(AXE_SOURCE);
  const violations = (await p.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG22_AA)} }, resultTypes: ['violations'] }).then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')))`)) as string[];
  return violations;
}

/** The elements a point near the top of `selector` hits, and whether that is the element itself. */
async function topIsUncovered(p: Page, selector: string): Promise<{ covered: string | null }> {
  return p.evaluate((selector) => {
    const el = document.querySelector(selector)!;
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(Math.min(r.left + 8, innerWidth - 1), r.top + 2);
    return { covered: hit && (hit === el || el.contains(hit)) ? null : `${hit?.tagName}#${hit?.id}.${hit?.className}` };
  }, selector);
}

beforeAll(async () => {
  const r = render(['--html', '$TMP/booklet.html', '--date', '2026-01-15']);
  expect(r.code).toBe(0);
  url = pathToFileURL(join(r.dir, 'booklet.html')).href;
  browser = await launchChromium({ env: process.env.HANDBOOK_CHROMIUM });
  page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
  await page.goto(url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('the booklet and WCAG 2.2 AA', () => {
  // Ensure axe-core finds no WCAG 2.2 A/AA violation on the page as loaded.
  it('has no axe violation as loaded', async () => {
    expect(await axeViolations(page)).toEqual([]);
  });

  // Ensure none with search results open either.
  it('has no axe violation with search results open', async () => {
    await page.fill('#search-input', '用地指标');
    await page.press('#search-input', 'Enter');
    expect(await page.locator('#search-results li').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  // Ensure Esc closes the search results and leaves the focus in the box.
  it('closes the search results with Esc', async () => {
    await page.focus('#search-input');
    await page.keyboard.press('Escape');
    expect(await page.locator('#search-results li').count()).toBe(0);
    expect(await page.isVisible('#search-results')).toBe(false);
    expect(await page.inputValue('#search-input')).toBe('用地指标');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-input');
  });

  // Ensure none with the self-check open and answered.
  it('has no axe violation with the self-check open', async () => {
    await page.click('#self-check-open');
    await page.selectOption('select[name=investor_origin]', '省外浙商');
    await page.fill('input[name=paid_in_wan]', '12000');
    expect(await axeViolations(page)).toEqual([]);
    await page.click('#self-check-close');
  });

  // Ensure a link target's top is not under the sticky bar (SC 2.4.11), from the contents and from a search result.
  it('keeps a link target clear of the sticky bar', async () => {
    await page.click('#contents a[href="#land"]');
    expect(await topIsUncovered(page, '#land')).toEqual({ covered: null });
    await page.click('.provision-table a[href="#land.2.1"]');
    expect(await topIsUncovered(page, '#land\\.2\\.1')).toEqual({ covered: null });
    await page.fill('#search-input', '安家补助');
    await page.press('#search-input', 'Enter');
    const href = await page.getAttribute('#search-results li a', 'href');
    await page.click('#search-results li a');
    expect(await topIsUncovered(page, `#${href!.slice(1).replace(/\./g, '\\.')}`)).toEqual({ covered: null });
  });

  // Ensure an element focused with Tab is never hidden under the sticky bar (SC 2.4.11).
  it('keeps a focused element clear of the sticky bar', async () => {
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
    await page.focus('#contents a[href="#fiscal"]');
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const sel = await page.evaluate(() => {
      const a = document.activeElement as HTMLAnchorElement;
      return `#contents a[href="${a.getAttribute('href')}"]`;
    });
    expect(await topIsUncovered(page, sel)).toEqual({ covered: null });
  });

  // Ensure the page reflows at 320 CSS px: no sideways scrolling, with the self-check open too (SC 1.4.10).
  it('reflows at 320 CSS px without sideways scrolling', async () => {
    const narrow = await browser.newPage({ viewport: { width: 320, height: 640 } });
    await narrow.goto(url);
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await narrow.click('#self-check-open');
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    // Labels and buttons keep their words on a line: none is one character per line.
    const broken = await narrow.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('button, label, .sc-label, .sc-status, .toc-title, .provisions-title')]
        .filter((e) => e.offsetParent !== null)
        .filter((e) => {
          const chars = [...(e.textContent ?? '').replace(/\s/g, '')].length;
          const lineHeight = parseFloat(getComputedStyle(e).lineHeight) || parseFloat(getComputedStyle(e).fontSize) * 1.2;
          const lines = Math.round(e.getBoundingClientRect().height / lineHeight);
          return chars >= 3 && lines >= chars;
        })
        .map((e) => e.textContent),
    );
    expect(broken).toEqual([]);
    await narrow.close();
  });
});
