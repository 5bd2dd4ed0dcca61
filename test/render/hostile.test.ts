// The hostile fixture (fixtures/hostile): every string carries a payload. Loaded in the real
// Chromium from a file, as from a USB stick: no script of its runs, no request leaves the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../src/render/chromium.js';
import { HOSTILE, read, render } from './helpers.js';

let browser: Browser;
let page: Page;
let html: string;
const requests: string[] = [];
const dialogs: string[] = [];
let fileUrl: string;

beforeAll(async () => {
  const r = render(['--dir', HOSTILE, '--html', '$TMP/hostile.html', '--date', '2026-01-15']);
  expect(r.stderr).toContain('已写出');
  const file = join(r.dir, 'hostile.html');
  html = read(file);
  fileUrl = pathToFileURL(file).href;
  browser = await launchChromium({ env: process.env.HANDBOOK_CHROMIUM });
  page = await browser.newPage();
  page.on('request', (req) => requests.push(req.url()));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  // Records what the Content-Security-Policy had to block: nothing should even try.
  await page.addInitScript('window.__violations = []; document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.blockedURI + " " + e.violatedDirective));');
  await page.goto(fileUrl, { waitUntil: 'load' });
  await page.waitForTimeout(300);
  // Hover, focus and click everything a payload could hang on.
  await page.evaluate('for (const el of document.querySelectorAll("main *")) { el.dispatchEvent(new MouseEvent("mouseover", { bubbles: true })); }');
});

afterAll(async () => {
  await browser?.close();
});

describe('hostile Markdown in the real Chromium', () => {
  it('runs none of the payloads and opens no dialog', async () => {
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  it('sends no request besides the page itself', () => {
    expect(requests).toEqual([fileUrl]);
  });

  it('leaves the Content-Security-Policy nothing to block', async () => {
    expect(await page.evaluate('window.__violations')).toEqual([]);
  });

  it('keeps no dangerous element in the DOM', async () => {
    const inMain = await page.evaluate(
      'Array.from(document.querySelectorAll("main :is(iframe, object, embed, img, svg, math, video, audio, source, picture, link, base, form, input, select, button, details, template, noscript, meta, style, script)")).filter((e) => !(e.closest("#self-check") && /^(INPUT|SELECT|BUTTON)$/.test(e.tagName))).map((e) => e.tagName)',
    );
    // The self-check panel's own controls are the only inputs and buttons in the content.
    expect(inMain).toEqual([]);
    // Outside the content: the page's own stylesheet, the search's and the self-check's data and script only.
    const own = await page.evaluate('Array.from(document.querySelectorAll("style, script, link, base, meta[http-equiv]")).map((e) => e.tagName + (e.getAttribute("type") ?? "") + (e.getAttribute("http-equiv") ?? ""))');
    expect(own).toEqual(['METAContent-Security-Policy', 'STYLE', 'SCRIPTapplication/json', 'SCRIPT', 'SCRIPTapplication/json', 'SCRIPT']);
  });

  it('keeps no event-handler attribute, style attribute or script URL', async () => {
    const bad = await page.evaluate(
      'Array.from(document.querySelectorAll("*")).flatMap((e) => Array.from(e.attributes).filter((a) => /^on/i.test(a.name) || a.name === "style" || a.name === "srcset" || /^\\s*(javascript|vbscript|data):/i.test(a.value)).map((a) => e.tagName + " " + a.name + "=" + a.value))',
    );
    expect(bad).toEqual([]);
  });

  it('shows the payloads in titles and front matter as text', async () => {
    expect(await page.textContent('h1')).toContain("<script>window.__pwned='title'</script>");
    expect(html).not.toMatch(/<script>window/);
  });

  it('still links the body\'s in-page references', async () => {
    expect(await page.getAttribute('#evil\\.2\\.1 a[href="#evil.1.1"]', 'href')).toBe('#evil.1.1');
  });
});
