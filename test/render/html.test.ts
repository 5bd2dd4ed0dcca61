import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HtmlValidate } from 'html-validate';
import { runCli } from '../helpers/cli.js';
import { read, render, tempDir } from './helpers.js';

// Dotted ids (land.2.1) are the handbook's anchor contract and valid HTML; html-validate's
// strict id rule allows only letters, digits, - and _, so its relaxed form is used here.
const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'valid-id': ['error', { relaxed: true }] } });

let html: string;

beforeAll(() => {
  const r = render(['--html', '$TMP/booklet.html', '--date', '2026-01-15']);
  expect(r.stderr).toContain('已写出');
  expect(r.code).toBe(0);
  html = read(join(r.dir, 'booklet.html'));
});

describe('handbook render --html', () => {
  it('writes a page in which html-validate finds no error', async () => {
    const report = await validator.validateString(html, 'booklet.html');
    const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`));
    expect(messages).toEqual([]);
  });

  it('gives the same bytes for the same input', () => {
    const again = render(['--html', '$TMP/b.html', '--date', '2026-01-15']);
    expect(read(join(again.dir, 'b.html'))).toBe(html);
  });

  it('gives the same bytes from a compiled handbook (handbook build) as from the sources', () => {
    const dir = tempDir();
    expect(runCli(['build', '--out', join(dir, '.handbook')]).code).toBe(0);
    const r = runCli(['render', '--out', join(dir, '.handbook'), '--html', join(dir, 'c.html'), '--date', '2026-01-15']);
    expect(r.code).toBe(0);
    expect(read(join(dir, 'c.html'))).toBe(html);
  });

  it('takes the cover date from SOURCE_DATE_EPOCH when --date is absent', () => {
    const r = render(['--html', '$TMP/b.html'], { SOURCE_DATE_EPOCH: '1767225600' });
    expect(read(join(r.dir, 'b.html'))).toContain('2026年1月1日');
  });

  it('is self-contained: inline CSS, no external reference, a CSP that allows nothing else', () => {
    // CSS url(), not the script's URL.createObjectURL( (the self-check's export).
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|<object\b|<embed\b|\ssrc=|@import|(?<![a-z])url\(/i);
    expect(html).toContain('<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-');
    expect(html).toContain('<style>');
  });

  it('gives every policy, section and clause an anchor, and links each provision to its clause', () => {
    for (const id of ['opinions', 'land', 'land.2', 'land.2.1', 'land.3.1', 'headquarters']) expect(html).toContain(`id="${id}"`);
    expect(html).toMatch(/<tr id="land.quota-priority">\s*<th scope="row"><a href="#land.2.1">用地指标倾斜<\/a>/);
  });

  it('shows the cover, the table of contents, the provision tables and the fact index', () => {
    // The title breaks between words only (<wbr> at the lexicon's word boundaries).
    expect(html).toContain('class="cover-title">浙商<wbr>创业<wbr>创新<wbr>政策<wbr>汇编</h1>');
    expect(html).toContain('目　录');
    expect(html).toContain('<th scope="col">适用条件</th><th scope="col">支持内容</th><th scope="col">金额</th>');
    expect(html).toContain('按事实查条目索引');
  });

  it('puts a visible note on every illustrative document', () => {
    const articles = html.split('<article ').slice(1);
    const illustrative = articles.filter((a) => a.startsWith('class="policy provenance-illustrative"'));
    expect(illustrative.length).toBeGreaterThan(0);
    for (const a of illustrative) expect(a).toContain('<span class="provenance-badge">示例文本</span>');
  });

  it('includes print CSS', () => {
    expect(html).toMatch(/@page \{ size: A4;/);
    expect(html).toContain('@media print');
  });
});

describe('handbook render: leaflets and usage errors', () => {
  it('prints a leaflet of just the policies asked for', () => {
    const r = render(['--html', '$TMP/l.html', '--policy', 'land', 'talent', '--date', '2026-01-15']);
    expect(r.code).toBe(0);
    const leaflet = read(join(r.dir, 'l.html'));
    expect(leaflet.match(/<article /g)).toHaveLength(2);
    expect(leaflet).toContain('id="land"');
    expect(leaflet).not.toContain('id="fiscal"');
    // The parent is not printed, so the link to it is plain text.
    expect(leaflet).not.toContain('href="#opinions"');
  });

  it('prints a leaflet of the policies carrying a tag', () => {
    const r = render(['--html', '$TMP/t.html', '--tag', '人才']);
    expect(r.code).toBe(0);
    expect(read(join(r.dir, 't.html'))).toContain('id="talent"');
  });

  it('refuses to run without --html or --pdf (exit 2)', () => {
    const r = render([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--html');
  });

  it('refuses an unknown policy id with the known ids (exit 2) and writes nothing', () => {
    const r = render(['--html', '$TMP/x.html', '--policy', 'lnad']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('未知的政策 id "lnad"');
    expect(existsSync(join(r.dir, 'x.html'))).toBe(false);
  });

  it('refuses a malformed --date (exit 2)', () => {
    const r = render(['--html', '$TMP/x.html', '--date', '2026-02-30']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('YYYY-MM-DD');
  });
});
