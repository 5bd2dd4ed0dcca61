// The booklet's search box, typed into in the real Chromium, against `handbook search`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../src/render/chromium.js';
import { runCli } from '../helpers/cli.js';
import { read, render } from './helpers.js';

const queries = (parse(read(join(import.meta.dirname, 'page-search.yaml'))) as { queries: string[] }).queries;

let browser: Browser;
let page: Page;
const requests: string[] = [];
let leafletUrl: string;

async function pageSearch(p: Page, q: string): Promise<{ policy: string | null; clause: string | null; status: string }> {
  await p.fill('#search-input', q);
  await p.press('#search-input', 'Enter');
  return p.evaluate(
    '({ policy: document.querySelector("#search-results li")?.dataset.policy ?? null, clause: document.querySelector("#search-results li")?.dataset.clause ?? null, status: document.querySelector("#search-status").textContent })',
  );
}

beforeAll(async () => {
  const r = render(['--html', '$TMP/leaflet.html', '--policy', 'land', 'talent']);
  const full = render(['--html', '$TMP/booklet.html']);
  expect(full.code).toBe(0);
  expect(r.code).toBe(0);
  browser = await launchChromium({ env: process.env.HANDBOOK_CHROMIUM });
  page = await browser.newPage();
  page.on('request', (req) => requests.push(req.url()));
  await page.goto(pathToFileURL(join(full.dir, 'booklet.html')).href);
  leafletUrl = pathToFileURL(join(r.dir, 'leaflet.html')).href;
});

afterAll(async () => {
  await browser?.close();
});

describe('the page\'s own search', () => {
  it('shows the search box once its script runs', async () => {
    expect(await page.isVisible('#search-input')).toBe(true);
  });

  it.each(queries)('finds the same top policy and clause as handbook search for %s', async (q) => {
    const cli = runCli(['search', '--json', q]);
    expect(cli.code === 0 || cli.code === 1).toBe(true);
    const top = (JSON.parse(cli.stdout) as { results: { policy: string; clause: string }[] }).results[0];
    const inPage = await pageSearch(page, q);
    expect(inPage.policy).toBe(top?.policy ?? null);
    expect(inPage.clause).toBe(top?.clause ?? null);
  });

  it('makes no request while searching', () => {
    expect(requests).toHaveLength(1);
  });

  it('searches only the printed policies in a leaflet', async () => {
    const leaflet = await browser.newPage();
    await leaflet.goto(leafletUrl);
    const hit = await pageSearch(leaflet, '小微企业贷款');
    expect(hit.policy === null || ['land', 'talent'].includes(hit.policy)).toBe(true);
    expect((await pageSearch(leaflet, '安家补助')).policy).toBe('talent');
    await leaflet.close();
  });
});
