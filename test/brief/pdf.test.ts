// `handbook brief` end to end: the real CLI writes the PDF through the real Chromium, read back
// with poppler (pdftotext, pdffonts, pdfinfo). For several example profiles, the worst case (a
// profile that makes the most provisions eligible: 25 of 28, the rest exclude each other) and an
// empty one: every eligible provision's title and amount, every undetermined one with its
// questions, every near-miss with its ways to qualify, at most 10 pages, real embedded fonts, page numbers; a hostile name printed as text;
// the same bytes twice. And the command's usage and input errors, which need no browser.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { compileDir } from '../../src/validate/index.js';
import { briefFor, type Brief } from '../../src/brief/brief.js';
import { MAX_PRINTED_WAYS } from '../../src/brief/render.js';
import { readProfileObject } from '../../src/profile/fields.js';
import { profileSpec } from '../../src/profile/values.js';
import type { Handbook } from '../../src/model/index.js';
import { POLICIES, ROOT, runCli, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../render/helpers.js';

const ON = '2026-11-30';
const DATE = '2026-12-01';
const TMP = tempDir();
const poppler = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const flat = (s: string) => s.replace(/\s+/g, '');

/** The most provisions eligible at once (found by a search over the rules' thresholds). */
const MOST = {
  name: '全部适用测试企业',
  region: '舟山',
  investor_origin: '境外浙商',
  paid_in_wan: 50000,
  registered_capital_wan: 5000,
  industry: '先进制造业',
  high_pollution: false,
  size: '微型',
  revenue_wan: 50000,
  high_tech: true,
  headquarters: '总部',
  import_export: true,
  needs_land: true,
  talent: '国家级',
  rd_ratio_pct: 50,
};
/** Where an enterprise stands that could reach nearly everything: the facts it cannot change favour it, the ones it can are at zero. */
const REACHABLE = {
  name: '差一点测试企业',
  region: '杭州',
  investor_origin: '省外浙商',
  industry: '战略性新兴产业',
  high_pollution: false,
  size: '小型',
  needs_land: true,
  paid_in_wan: 0,
  registered_capital_wan: 0,
  revenue_wan: 0,
  high_tech: false,
  headquarters: '否',
  import_export: false,
  talent: '无',
  rd_ratio_pct: 0,
};
const HOSTILE_NAME = `<script>alert(1)</script></title>\u0007\u001b[31m${'很长的名字'.repeat(100)}`;

interface Printed {
  brief: Brief;
  pdf: Buffer;
  path: string;
  pages: string[];
  text: string;
}

let handbook: Handbook;
const printed = new Map<string, Printed>();

function brief(args: string[]): CliResult {
  return runCli(['brief', '--out', join(TMP, '.handbook'), ...args], { env: { CI: 'true' } });
}

/** Writes the profile, prints its brief, and reads the PDF back page by page. */
function print(key: string, profile: Record<string, unknown>): Printed {
  const file = join(TMP, `${key}.json`);
  writeFileSync(file, JSON.stringify(profile));
  const path = join(TMP, `${key}.pdf`);
  const r = brief([file, '--pdf', path, '--on', ON, '--date', DATE]);
  expect(r.stderr, key).toContain('已写出');
  expect(r.code, r.stderr).toBe(0);
  const read = readProfileObject(profile, profileSpec(handbook.facts, handbook.derived));
  expect(read.issues).toEqual([]);
  const count = Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', [path]))![1]);
  const pages: string[] = [];
  for (let n = 1; n <= count; n++) pages.push(poppler('pdftotext', ['-layout', '-f', String(n), '-l', String(n), path, '-']));
  return {
    brief: briefFor(handbook, read.profile, { on: ON, date: DATE, ...(read.name ? { name: read.name } : {}) }),
    pdf: readFileSync(path),
    path,
    pages,
    text: flat(pages.join('')),
  };
}

const example = (name: string) => parse(readFileSync(join(ROOT, 'examples', `${name}.yaml`), 'utf8')) as Record<string, unknown>;

beforeAll(() => {
  handbook = compileDir(POLICIES).handbook!;
  for (const name of ['major-return-emerging', 'partial', 'small-trader', 'traditional-polluter']) printed.set(name, print(name, example(name)));
  printed.set('most', print('most', MOST));
  printed.set('reachable', print('reachable', REACHABLE));
  printed.set('empty', print('empty', {}));
  printed.set('hostile', print('hostile', { name: HOSTILE_NAME, size: '小型' }));
}, 240_000);

describe('handbook brief --pdf', () => {
  // Ensure the worst cases are what they claim: nearly everything eligible, and everything undetermined.
  it('covers the worst cases', () => {
    expect(printed.get('most')!.brief.eligible.length).toBe(25);
    expect(printed.get('reachable')!.brief.nearMisses.length).toBeGreaterThan(20);
    expect(printed.get('empty')!.brief.undetermined.length).toBe(handbook.policies.reduce((n, p) => n + p.provisions.length, 0));
  });

  // Ensure the brief is short: at most 10 A4 pages for any of these profiles, each page numbered "— n —".
  it('stays within 10 A4 pages, each with its page number', () => {
    for (const [key, p] of printed) {
      expect(p.pages.length, key).toBeLessThanOrEqual(10);
      expect(poppler('pdfinfo', [p.path]), key).toMatch(/Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);
      p.pages.forEach((page, i) => expect(page, `${key} 第 ${i + 1} 页`).toMatch(new RegExp(`[—―] ${i + 1} [—―]\\s*$`)));
    }
  });

  // Ensure the head: the enterprise's name, the printed date, the handbook's title and edition, the service note.
  it('is addressed to the enterprise, dated, and says what it is', () => {
    const p = printed.get('major-return-emerging')!;
    const first = flat(p.pages[0]!);
    expect(first).toContain('致：之澜新能源科技股份有限公司');
    expect(first).toContain('2026年12月1日');
    expect(first).toContain(flat(`《${handbook.meta.title}》（${handbook.meta.version} 版）`));
    expect(first).toContain('不是任何部门的正式认定或决定');
    expect(first).toContain('示例文本');
    for (const h of ['一、可享受的政策', '二、需要补充确认', '三、差一点可享受', '四、本说明所依据的企业信息']) expect(p.text).toContain(h);
  });

  // Ensure every eligible provision is there with its title, amount, policy title and the clause's own text.
  it('prints each eligible provision with its amount, policy and clause', () => {
    for (const [key, p] of printed) {
      for (const e of p.brief.eligible) {
        expect(p.text, `${key}: ${e.id}`).toContain(flat(e.title));
        if (e.amount) expect(p.text, `${key}: ${e.id}`).toContain(flat(`${e.title}${e.amount}`));
        expect(p.text, `${key}: ${e.id}`).toContain(flat(`《${e.policy.title}》`));
        expect(p.text, `${key}: ${e.id}`).toContain(flat(e.clause.text).slice(0, 30));
      }
    }
  });

  // Ensure every undetermined provision is there with each of its questions.
  it('prints each undetermined provision with its questions', () => {
    for (const [key, p] of printed) {
      for (const u of p.brief.undetermined) {
        expect(p.text, `${key}: ${u.id}`).toContain(flat(u.title));
        expect(u.questions.length).toBeGreaterThan(0);
        for (const q of u.questions) expect(p.text, `${key}: ${u.id}`).toContain(flat(q.question));
      }
    }
    expect(printed.get('empty')!.brief.undetermined.length).toBeGreaterThan(0);
  });

  // Ensure every near-miss is there with what it would take, in words (the nearest ways, as printed).
  it('prints each near-miss with its ways to qualify', () => {
    for (const [key, p] of printed) {
      for (const n of p.brief.nearMisses) {
        expect(p.text, `${key}: ${n.id}`).toContain(flat(n.title));
        for (const w of n.ways.slice(0, MAX_PRINTED_WAYS)) expect(p.text, `${key}: ${n.id}`).toContain(flat(`${w.words}。`));
      }
    }
    expect(printed.get('small-trader')!.text).toContain('三、差一点可享受');
  });

  // Ensure the facts the brief was based on are listed with their values and units, and the unknown ones named.
  it('lists the facts it was based on', () => {
    const p = printed.get('partial')!;
    expect(p.text).toContain('到位资金60000万元');
    expect(p.text).toContain(flat(`尚未提供${p.brief.unknownFacts.map((f) => f.label).join('、')}。`));
  });

  // Ensure a hostile name is printed as plain text (cut short), never run or lost.
  it('prints a hostile name as text', () => {
    const p = printed.get('hostile')!;
    expect(p.text).toContain('致：<script>alert(1)</script></title>');
    expect(p.text).toContain(`${'很长的名字'.repeat(3)}`);
    expect(p.pages.length).toBeLessThanOrEqual(10);
  });

  // Ensure every font is a real embedded font (CID TrueType subset with ToUnicode), never Type 3.
  it('embeds every font, none Type 3', () => {
    for (const [key, p] of printed) {
      const rows = poppler('pdffonts', [p.path]).split('\n').slice(2).filter((l) => l.trim() !== '');
      expect(rows.length, key).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row, key).not.toContain('Type 3');
        expect(row, key).toMatch(/CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
      }
    }
  });

  // Ensure the same profile, --on and --date give the same PDF and HTML bytes, dated the printed date.
  it('is byte-identical for the same inputs', () => {
    const p = printed.get('major-return-emerging')!;
    const again = join(TMP, 'again.pdf');
    const html = [join(TMP, 'a.html'), join(TMP, 'b.html')];
    const r = brief([join(TMP, 'major-return-emerging.json'), '--pdf', again, '--html', html[0]!, '--on', ON, '--date', DATE]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(again).equals(p.pdf)).toBe(true);
    expect(brief([join(TMP, 'major-return-emerging.json'), '--html', html[1]!, '--on', ON, '--date', DATE]).code).toBe(0);
    expect(readFileSync(html[0]!, 'utf8')).toBe(readFileSync(html[1]!, 'utf8'));
    expect(poppler('pdfinfo', ['-isodates', again])).toMatch(/CreationDate:\s+2026-12-01T00:00:00/);
  }, 60_000);
});

describe('handbook brief: usage and input errors', () => {
  // Ensure neither --html nor --pdf is a usage error (exit 2) that writes nothing.
  it('requires --html or --pdf', () => {
    const r = brief([join(ROOT, 'examples', 'partial.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--html FILE 或 --pdf FILE');
  });

  // Ensure a missing profile and a malformed date are usage errors.
  it('requires a profile and real dates', () => {
    expect(brief(['--html', join(TMP, 'x.html')]).code).toBe(2);
    const r = brief([join(ROOT, 'examples', 'partial.yaml'), '--html', join(TMP, 'x.html'), '--date', '2026-02-30']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--date "2026-02-30" 不是有效日期');
    expect(existsSync(join(TMP, 'x.html'))).toBe(false);
  });

  // Ensure a bad profile exits 1 with the positioned message, and no file is written.
  it('reports a bad profile with its position and writes nothing', () => {
    const file = join(TMP, 'bad.yaml');
    writeFileSync(file, 'name: 某公司\npaid_in_wan: 很多\n');
    const out = [join(TMP, 'bad.html'), join(TMP, 'bad.pdf')];
    const r = brief([file, '--html', out[0]!, '--pdf', out[1]!]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:2:14: error 字段 paid_in_wan：.*\[profile\/type\]/);
    for (const o of out) expect(existsSync(o)).toBe(false);
  });

  // Ensure a missing browser gives one error with the install command, exit 1, and still the HTML.
  it('without Chromium says how to install it', () => {
    const out = [join(TMP, 'nochrome.html'), join(TMP, 'nochrome.pdf')];
    const r = brief([join(ROOT, 'examples', 'partial.yaml'), '--html', out[0]!, '--pdf', out[1]!, '--chromium', '/nonexistent/chromium']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('apt-get install chromium');
    expect(existsSync(out[0]!)).toBe(true);
    expect(existsSync(out[1]!)).toBe(false);
  });

  // Ensure --help shows the options and examples in Chinese.
  it('has help with examples', () => {
    const r = brief(['--help']);
    expect(r.code).toBe(0);
    for (const s of ['--html <file>', '--pdf <file>', '--on <YYYY-MM-DD>', '--date <YYYY-MM-DD>', '--set <fact=value>', '示例：', 'handbook brief examples/']) expect(r.stdout).toContain(s);
  });
});
