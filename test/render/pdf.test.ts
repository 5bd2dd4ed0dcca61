// The PDF, printed by the real Chromium and read back with poppler (pdftotext, pdffonts,
// pdfinfo, pdftohtml for the bookmarks). One render is shared by the assertions.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadHandbook } from '../../src/compiled/index.js';
import type { Handbook } from '../../src/model/index.js';
import { POLICIES } from '../helpers/cli.js';
import { render, tempDir } from './helpers.js';

const EPOCH = '1767225600'; // 2026-01-01T00:00:00Z
let handbook: Handbook;
let pdfPath: string;
let pdf: Buffer;
let pageCount: number;
const pageText: string[] = [];

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
}, 120_000);

describe('handbook render --pdf', () => {
  it('prints every policy title as extractable Chinese text', () => {
    const all = flat(pageText.join(''));
    for (const p of handbook.policies) expect(all).toContain(flat(p.title));
  });

  it('gives page numbers in the table of contents that equal the pages where the titles stand', () => {
    const firstPolicyPage = pageText.findIndex((t) => t !== undefined && flat(t).includes(flat(handbook.policies[0]!.issuer) + flat(handbook.policies[0]!.number ?? '') + flat(handbook.policies[0]!.title)));
    const toc = flat(pageText.slice(2, firstPolicyPage).join(''));
    for (const p of handbook.policies) {
      const m = new RegExp(`${flat(p.title).replace(/[()（）[\]]/g, '\\$&')}(?:〔示例文本〕)?(\\d+)`).exec(toc);
      expect(m, `目录中没有 ${p.title}`).not.toBeNull();
      const page = Number(m![1]);
      // The policy's head (issuer, number, title) stands on that page, with its footer number.
      expect(flat(pageText[page] ?? ''), `${p.id} 应在第 ${page} 页`).toContain(flat(p.issuer) + flat(p.number ?? '') + flat(p.title));
      expect(pageText[page]).toContain(`— ${page} —`);
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
