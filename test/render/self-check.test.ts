/// <reference lib="dom" />
// The booklet's self-check (适用性自查), driven through its controls in the real Chromium: every
// case of test/cases/eligibility gives the statuses `check` gives; the keyboard alone works;
// the answers are stored only when asked; the export is a profile `handbook check` reads;
// printing with answers prints the result only. One browser, one page load for the cases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../src/render/chromium.js';
import { loadHandbook } from '../../src/compiled/index.js';
import { check } from '../../src/eligibility/check.js';
import { describeAlternative } from '../../src/eligibility/qualify-words.js';
import type { Handbook, Profile } from '../../src/model/index.js';
import { POLICIES, runCli } from '../helpers/cli.js';
import { render, tempDir } from './helpers.js';

const CASES_DIR = join(import.meta.dirname, '..', 'cases', 'eligibility');
const DEFAULT_ON = '2026-11-30';

interface Case {
  file: string;
  name: string;
  on: string;
  profile: Profile;
}

const cases: Case[] = readdirSync(CASES_DIR)
  .filter((n) => n.endsWith('.yaml'))
  .sort()
  .flatMap((file) =>
    (parse(readFileSync(join(CASES_DIR, file), 'utf8')) as { cases: { name: string; on?: string; profile: Record<string, unknown> }[] }).cases.map((c) => {
      const profile: Profile = {};
      for (const [k, v] of Object.entries(c.profile ?? {})) if (k !== 'name') profile[k] = v as Profile[string];
      return { file, name: c.name, on: c.on ?? DEFAULT_ON, profile };
    }),
  );

let browser: Browser;
let page: Page;
let handbook: Handbook;
let url: string;
let dir: string;
const requests: string[] = [];

/** Every provision's data-status in the page. */
function statuses(p: Page): Promise<Record<string, string>> {
  return p.evaluate(() => Object.fromEntries([...document.querySelectorAll<HTMLElement>('[data-provision]')].map((e) => [e.dataset.provision!, e.dataset.status!])));
}

/** Sets every control as a reader would (value, then input and change events): the profile's answers, 不清楚 elsewhere. */
async function answer(p: Page, on: string, profile: Profile): Promise<void> {
  await p.evaluate(
    ({ on, profile }) => {
      const fire = (el: HTMLInputElement | HTMLSelectElement) => {
        el.dispatchEvent(new Event('input', { bubbles: true }));
        el.dispatchEvent(new Event('change', { bubbles: true }));
      };
      const date = document.getElementById('self-check-on') as HTMLInputElement;
      date.value = on;
      fire(date);
      for (const el of document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('#self-check [name]')) {
        const v = profile[el.name];
        el.value = v === undefined ? '' : String(v);
        fire(el);
      }
    },
    { on, profile },
  );
}

beforeAll(async () => {
  handbook = (await loadHandbook({ dir: POLICIES, out: join(tempDir(), '.handbook') })).handbook!;
  const r = render(['--html', '$TMP/booklet.html', '--date', '2026-01-15']);
  expect(r.code).toBe(0);
  dir = r.dir;
  url = pathToFileURL(join(r.dir, 'booklet.html')).href;
  browser = await launchChromium({ env: process.env.HANDBOOK_CHROMIUM });
  const context = await browser.newContext({ acceptDownloads: true });
  page = await context.newPage();
  page.on('request', (req) => requests.push(req.url()));
  await page.addInitScript(() => {
    (window as unknown as { __violations: string[] }).__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __violations: string[] }).__violations.push(e.violatedDirective));
  });
  await page.goto(url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('the booklet\'s self-check (适用性自查)', () => {
  // Ensure the panel is hidden until asked for, then opened from the top bar with its heading focused.
  it('opens from the top bar', async () => {
    expect(await page.isVisible('#self-check')).toBe(false);
    await page.click('#self-check-open');
    expect(await page.isVisible('#self-check')).toBe(true);
    expect(await page.getAttribute('#self-check-open', 'aria-expanded')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('self-check-title');
  });

  // Ensure the contract of docs/RENDER.md: one control per fact, named by its id, with 不清楚 as "" and the declared values.
  it('has one control per fact with the contract\'s names and values', async () => {
    const controls = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('#self-check [name]')].map((e) => ({
        name: e.name,
        tag: e.tagName,
        type: e instanceof HTMLInputElement ? e.type : '',
        options: e instanceof HTMLSelectElement ? [...e.options].map((o) => o.value) : [],
      })),
    );
    expect(controls.map((c) => c.name)).toEqual(handbook.facts.map((f) => f.id));
    for (const f of handbook.facts) {
      const c = controls.find((x) => x.name === f.id)!;
      if (f.type === 'enum') expect(c).toMatchObject({ tag: 'SELECT', options: ['', ...f.values!] });
      else if (f.type === 'boolean') expect(c).toMatchObject({ tag: 'SELECT', options: ['', 'true', 'false'] });
      else if (f.type === 'number') expect(c).toMatchObject({ tag: 'INPUT', type: 'number' });
    }
    expect(await page.inputValue('#self-check-on')).toBe('2026-01-15');
  });

  // Ensure every eligibility case, answered through the page's controls, gives every provision the status check gives.
  it(`gives the statuses of check for all ${cases.length} eligibility cases`, async () => {
    const wrong: string[] = [];
    for (const c of cases) {
      await answer(page, c.on, c.profile);
      const inPage = await statuses(page);
      const expected = Object.fromEntries(check(handbook, c.profile, { on: c.on }).decisions.map((d) => [d.id, d.status]));
      if (JSON.stringify(inPage) !== JSON.stringify(expected)) wrong.push(`${c.file} ${c.name}: ${JSON.stringify(inPage)} ≠ ${JSON.stringify(expected)}`);
    }
    expect(cases.length).toBeGreaterThan(20);
    expect(wrong).toEqual([]);
  });

  // Ensure each result shows check's words: status, amount, reasons and missing facts, and links to its clause.
  it('shows the status, amount, reasons and missing facts in check\'s words, linking to the clause', async () => {
    const profile: Profile = { investor_origin: '省外浙商', paid_in_wan: 3000, headquarters: '总部', registered_capital_wan: 10000 };
    await answer(page, DEFAULT_ON, profile);
    const d = check(handbook, profile, { on: DEFAULT_ON }).decisions;
    const row = async (id: string) =>
      page.evaluate((id) => {
        const r = document.querySelector(`[data-provision="${id}"]`)!;
        const t = (s: string) => r.querySelector(s)?.textContent ?? '';
        return { status: t('.sc-status'), amount: t('.sc-amount'), reasons: [...r.querySelectorAll('.sc-reasons li')].map((li) => li.textContent), missing: t('.sc-missing'), href: r.querySelector('a')?.getAttribute('href') };
      }, id);
    const hq = await row('fiscal.hq-settlement-reward');
    const hqDecision = d.find((x) => x.id === 'fiscal.hq-settlement-reward')!;
    expect(hq).toEqual({ status: '符合', amount: '200万元', reasons: hqDecision.reasons, missing: '', href: '#fiscal.2.1' });
    const land = await row('land.green-channel');
    expect(land.status).toBe('待定');
    expect(land.missing).toBe('还需了解：新增建设用地需求（needs_land）、重污染高耗能行业（high_pollution）');
    expect(await page.isVisible('#fiscal\\.2\\.1')).toBe(true);
  });

  // Ensure each result shows what it would take to qualify: check's toQualify (or the next tier) in describeAlternative's words.
  it('shows what it would take to qualify, as check computes it', async () => {
    const profile: Profile = { investor_origin: '省外浙商', paid_in_wan: 6000, headquarters: '总部', registered_capital_wan: 6000 };
    await answer(page, DEFAULT_ON, profile);
    const decisions = check(handbook, profile, { on: DEFAULT_ON }).decisions;
    const shown = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll<HTMLElement>('[data-provision]')].map((e) => [e.dataset.provision!, [...e.querySelectorAll('.sc-qualify li')].map((li) => li.textContent)])));
    for (const d of decisions) {
      const expected = d.toQualify.length
        ? d.toQualify.slice(0, 3).map((a) => describeAlternative(handbook, a, { profile }))
        : d.nextTier
          ? d.nextTier.toQualify.slice(0, 1).map((a) => describeAlternative(handbook, a, { profile, outcome: `可享受 ${d.nextTier!.amount.text}` }))
          : [];
      expect(shown[d.id], d.id).toEqual(expected);
    }
    expect(shown['fiscal.contribution-reward']).toEqual(['若到位资金达到 10000 万元（再增加 4000 万元），即可享受']);
    expect(shown['fiscal.hq-settlement-reward']).toEqual(['若注册资本达到 10000 万元（再增加 4000 万元），可享受 200万元']);
  });

  // Ensure a date before a policy takes effect puts its provisions out of force, as check --on does.
  it('decides on the date shown, which the reader can change', async () => {
    await answer(page, '2011-01-01', {});
    const s = await statuses(page);
    expect(Object.values(s).every((v) => v === 'not_in_force')).toBe(true);
    expect(await page.textContent('[data-provision="land.green-channel"] .sc-reasons')).toContain('有效期：2011-12-07 起');
  });

  // Ensure the result changes are announced politely, once per change.
  it('announces the summary politely', async () => {
    expect(await page.getAttribute('#self-check-summary', 'aria-live')).toBe('polite');
    await answer(page, DEFAULT_ON, { size: '小型' });
    expect(await page.textContent('#self-check-summary')).toMatch(/^2026-11-30 · 已回答 1 项 · 符合 \d+ 项 · 待定 \d+ 项 · 不符合 \d+ 项$/);
  });

  // Ensure nothing is written to the browser's storage until 保存到本机, and that saved answers come back on reload.
  it('stores the answers only when asked, and restores them', async () => {
    await answer(page, DEFAULT_ON, { size: '小型', high_tech: true });
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    await page.click('#self-check-save');
    expect(await page.evaluate(() => localStorage.length)).toBe(1);
    const other = await page.context().newPage();
    await other.goto(`${url}#self-check`);
    expect(await other.isVisible('#self-check')).toBe(true);
    expect(await other.inputValue('select[name=size]')).toBe('小型');
    expect(await other.inputValue('select[name=high_tech]')).toBe('true');
    await other.click('#self-check-forget');
    expect(await other.evaluate(() => localStorage.length)).toBe(0);
    await other.close();
  });

  // Ensure the exported file is a profile that handbook check reads, with the same statuses as the page.
  it('exports a profile file that handbook check reads to the same statuses', async () => {
    await answer(page, DEFAULT_ON, { investor_origin: '境外浙商', paid_in_wan: 60000, industry: '海洋经济', needs_land: true, high_pollution: false });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#self-check-export')]);
    expect(download.suggestedFilename()).toBe('企业画像.json');
    const file = join(dir, 'profile.json');
    await download.saveAs(file);
    const cli = runCli(['check', file, '--json', '--on', DEFAULT_ON]);
    expect(cli.code).toBe(0);
    const fromCli = Object.fromEntries((JSON.parse(cli.stdout) as { results: { id: string; status: string }[] }).results.map((r) => [r.id, r.status]));
    expect(fromCli).toEqual(await statuses(page));
    expect(fromCli['land.quota-priority']).toBe('eligible');
  });

  // Ensure printing with answers given prints the enterprise's result, not the whole booklet.
  it('prints only the result when answers are given', async () => {
    await answer(page, DEFAULT_ON, { size: '小型' });
    await page.emulateMedia({ media: 'print' });
    const shown = await page.evaluate(() => [...document.querySelectorAll('main > *')].filter((e) => getComputedStyle(e).display !== 'none').map((e) => e.id));
    await answer(page, DEFAULT_ON, {});
    const unanswered = await page.evaluate(() => [...document.querySelectorAll('main > *')].filter((e) => getComputedStyle(e).display !== 'none').map((e) => e.id));
    await page.emulateMedia({ media: 'screen' });
    expect(shown).toEqual(['self-check']);
    expect(unanswered).not.toContain('self-check');
    expect(unanswered).toContain('contents');
  });

  // Ensure the panel works with the keyboard alone: open with Enter, move with Tab, choose with arrows, close with Enter.
  it('is usable with the keyboard alone', async () => {
    const k = await page.context().newPage();
    await k.goto(url);
    // A fact's control by its name, anything else by its id.
    const focused = () => k.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name || document.activeElement?.id || '');
    for (let i = 0; i < 10 && (await focused()) !== 'self-check-open'; i++) await k.keyboard.press('Tab');
    expect(await focused()).toBe('self-check-open');
    await k.keyboard.press('Enter');
    expect(await k.isVisible('#self-check')).toBe(true);
    expect(await focused()).toBe('self-check-title');
    const before = await k.getAttribute('[data-provision="finance.micro-credit"]', 'data-status');
    for (let i = 0; i < 30 && (await focused()) !== 'size'; i++) await k.keyboard.press('Tab');
    expect(await focused()).toBe('size');
    // 大型, 中型, 小型: three steps down from 不清楚.
    for (let i = 0; i < 3; i++) await k.keyboard.press('ArrowDown');
    expect(await k.inputValue('select[name=size]')).toBe('小型');
    expect(before).toBe('undetermined');
    expect(await k.getAttribute('[data-provision="finance.micro-credit"]', 'data-status')).toBe('eligible');
    for (let i = 0; i < 30 && (await focused()) !== 'revenue_wan'; i++) await k.keyboard.press('Tab');
    expect(await focused()).toBe('revenue_wan');
    await k.keyboard.type('30000');
    expect(await k.getAttribute('[data-provision="finance.listing-cultivation"]', 'data-status')).toBe('undetermined');
    for (let i = 0; i < 40 && (await focused()) !== 'self-check-close'; i++) await k.keyboard.press('Shift+Tab');
    await k.keyboard.press('Enter');
    expect(await k.isVisible('#self-check')).toBe(false);
    expect(await focused()).toBe('self-check-open');
    await k.close();
  });

  // Ensure the contents open the panel too.
  it('opens from the table of contents', async () => {
    const t = await page.context().newPage();
    await t.goto(url);
    await t.click('#contents a[href="#self-check"]');
    expect(await t.isVisible('#self-check')).toBe(true);
    await t.close();
  });

  // Ensure the page made no request but itself and the CSP blocked nothing.
  it('makes no request and trips no CSP rule', async () => {
    expect(requests.filter((r) => !r.startsWith('blob:'))).toEqual([url]);
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
  });
});
