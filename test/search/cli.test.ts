// `handbook search` and `handbook show` as a user runs them: the real bin/handbook.js in a
// child process, on the bundled handbook compiled into a temporary folder.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { readCompiled } from '../../src/compiled/index.js';
import { tempDir } from '../helpers/temp.js';

let out: string;
const search = (...args: string[]) => runCli(['search', ...args, '--out', out]);
const show = (...args: string[]) => runCli(['show', ...args, '--out', out]);

beforeAll(() => {
  out = join(tempDir('hb-search-'), '.handbook');
  const r = runCli(['build', '--out', out]);
  if (r.code !== 0) throw new Error(r.stderr);
});

describe('handbook build', () => {
  // Ensure the compiled output carries the versioned search index with its options.
  it('writes the search index into handbook.json', () => {
    const compiled = readCompiled(join(out, 'handbook.json'));
    expect(compiled.artefacts.search).toMatchObject({ version: expect.any(Number), options: { tokenizer: 'lexicon-search-mode' } });
    expect((compiled.artefacts.search as { lexicon: { words: string[] } }).lexicon.words).toContain('浙商');
  });
});

describe('handbook search', () => {
  // Ensure the text report names the policy, the clause number, highlights the words and lists provisions.
  it('prints grouped results with highlights and provisions', () => {
    const r = search('用地指标');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('关于支持浙商创业创新用地保障的实施意见');
    expect(r.stdout).toContain('二（一） 用地指标倾斜');
    expect(r.stdout).toContain('【用地指标】');
    expect(r.stdout).toContain('条目：land.quota-priority');
    expect(r.stdout).toContain('同时搜索：土地');
  });

  // Ensure --json is the documented contract.
  it('prints the --json contract', () => {
    const r = search('小微企业贷款', '--json', '--limit', '3');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.query).toBe('小微企业贷款');
    expect(json.results).toHaveLength(3);
    expect(json.results[0]).toEqual(
      expect.objectContaining({
        policy: 'finance',
        clause: 'finance.2.1',
        title: '关于支持浙商创业创新的金融服务意见',
        score: expect.any(Number),
        snippet: expect.stringContaining('小微企业'),
        provisions: ['finance.micro-credit'],
      }),
    );
  });

  // Ensure a question in everyday words, with synonyms, finds the clause that answers it.
  it('answers 去国外参展有没有补贴 with the overseas-fair clause', () => {
    const r = search('去国外参展有没有补贴', '--json');
    expect(JSON.parse(r.stdout).results[0]).toMatchObject({ clause: 'commerce.2.2', provisions: ['commerce.overseas-fair'] });
  });

  // Ensure traditional characters the handbook never uses are converted (opencc, loaded on demand).
  it('accepts traditional characters', () => {
    const r = search('國外參展補貼', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results[0].clause).toBe('commerce.2.2');
  });

  // Ensure the filters reach the library.
  it('filters by --policy, --issuer and --tag', () => {
    const byPolicy = JSON.parse(search('补助', '--policy', 'industry,talent', '--json', '--limit', '50').stdout);
    expect(new Set(byPolicy.results.map((x: { policy: string }) => x.policy))).toEqual(new Set(['industry', 'talent']));
    const byIssuer = JSON.parse(search('补助', '--issuer', '商务厅', '--json').stdout);
    expect(new Set(byIssuer.results.map((x: { policy: string }) => x.policy))).toEqual(new Set(['commerce']));
    const byTag = JSON.parse(search('服务', '--tag', '贷款', '--json').stdout);
    expect(new Set(byTag.results.map((x: { policy: string }) => x.policy))).toEqual(new Set(['finance']));
  });

  // Ensure no result is not an error: a helpful message and exit 0.
  it('explains an empty result and exits 0', () => {
    const r = search('qwertyuiop');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('没有找到与“qwertyuiop”相符的条文');
    const filtered = search('用地', '--tag', '金融');
    expect(filtered.code).toBe(0);
    expect(filtered.stdout).toContain('相近的政策文件');
    expect(filtered.stdout).toContain('land');
  });

  // Ensure a query the handbook has no answer for (专利, a sport) gets no results, a Chinese message, indexed words to try, and exit 0.
  it('answers 专利 and a sport question with nothing, and suggests indexed words', () => {
    for (const q of ['专利', '篮球比赛几点开始']) {
      const r = search(q);
      expect(r.code, q).toBe(0);
      expect(r.stdout).toContain(`没有找到与“${q}”相符的条文`);
      const tried = /可以试试这些词：(.*)/.exec(r.stdout)?.[1]?.split('、') ?? [];
      expect(tried.length, r.stdout).toBeGreaterThan(0);
      expect(tried).not.toContain(q);
      const json = JSON.parse(search(q, '--json').stdout);
      expect(json.results).toEqual([]);
      expect(json.suggestions.terms).toEqual(tried);
    }
  });

  // Ensure --json gives each result its policy's provenance, and the text report tags the policy heading.
  it('marks partial and illustrative documents', () => {
    const json = JSON.parse(search('浙商回归', '--json', '--limit', '100').stdout);
    const byPolicy = Object.fromEntries(json.results.map((x: { policy: string; provenance: string }) => [x.policy, x.provenance]));
    expect(byPolicy).toMatchObject({ opinions: 'confirmed', land: 'partial', finance: 'illustrative' });
    const text = search('用地指标').stdout;
    expect(text).toMatch(/关于支持浙商创业创新用地保障的实施意见 {2}land {2}\[部分核实\]/);
    const confirmed = search('浙委〔2011〕119号').stdout;
    expect(confirmed).toMatch(/关于支持浙商创业创新促进浙江发展的若干意见 {2}opinions\n/);
  });

  // Ensure an empty or punctuation-only query is a usage error with a clear message, not a crash.
  it('rejects an empty or punctuation-only query with exit 2', () => {
    for (const q of [[], ['！？。'], ['   ']]) {
      const r = search(...q);
      expect(r.code, q.join()).toBe(2);
      expect(r.stderr).toMatch(/检索词/);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    }
  });

  // Ensure hostile input (regex characters, emoji, control characters, 10,000 characters) never crashes.
  it('survives hostile input', () => {
    for (const q of ['用地.*+?^${}()|[]\\', '🏭💰🚀 用地', 'a\u0001\u001b[31mb', '用'.repeat(10_000)]) {
      const r = search(q, '--json');
      expect(r.code, q.slice(0, 20)).toBe(0);
      expect(Array.isArray(JSON.parse(r.stdout).results)).toBe(true);
    }
    for (const q of ['.*+?^${}()|[]\\', '🏭💰🚀', '\u0001\u0002']) {
      const r = search(q);
      expect(r.code, q).toBe(2);
      expect(r.stderr).toContain('没有可检索的文字');
    }
  });

  // Ensure wrong option values are usage errors naming the fix.
  it('rejects an unknown --policy and a bad --limit with exit 2', () => {
    const p = search('用地', '--policy', 'lnd');
    expect(p.code).toBe(2);
    expect(p.stderr).toContain('是否应为 "land"');
    const l = search('用地', '--limit', '0');
    expect(l.code).toBe(2);
    expect(l.stderr).toContain('--limit');
  });

  // Ensure a compiled index of another version is rebuilt rather than crashing, and written back.
  it('rebuilds an index of another version and writes it back', () => {
    const stale = join(tempDir('hb-stale-'), '.handbook');
    expect(runCli(['build', '--out', stale]).code).toBe(0);
    const file = join(stale, 'handbook.json');
    const compiled = readCompiled(file);
    compiled.artefacts.search = { version: -1, index: 'not an index' };
    writeFileSync(file, JSON.stringify(compiled));
    const r = runCli(['search', '用地指标', '--json', '--out', stale]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results[0].clause).toBe('land.2.1');
    expect(r.stderr).toBe('');
    expect((readCompiled(file).artefacts.search as { version: number }).version).not.toBe(-1);
  });

  // Ensure -i without a terminal says what to do instead of hanging.
  it('refuses live search without a terminal', () => {
    const r = search('-i');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('终端');
  });
});

describe('handbook show', () => {
  // Ensure a clause shows its place, its text and its provisions with their rules in words.
  it('shows a clause with its provisions', () => {
    const r = show('land.2.1');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('二、用地指标保障');
    expect(r.stdout).toContain('（一）用地指标倾斜。');
    expect(r.stdout).toContain('land.quota-priority');
    expect(r.stdout).toMatch(/条件：.*重大回归项目/);
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  // Ensure a provision shows what it grants, its rule, its tiers and the clause's text.
  it('shows a provision with tiers', () => {
    const r = show('fiscal.hq-settlement-reward');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('总部落户奖励');
    expect(r.stdout).toContain('数额');
    expect(r.stdout).toContain('条文：');
  });

  // Ensure a policy shows its header, its sections and all its provisions.
  it('shows a whole policy', () => {
    const r = show('finance');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('关于支持浙商创业创新的金融服务意见');
    expect(r.stdout).toContain('[示例文本]');
    expect(r.stdout).toContain('二、信贷服务');
    expect(r.stdout).toContain('finance.listing-cultivation');
  });

  // Ensure a section, a clause and a provision of a document that is not confirmed say so in their heading.
  it('tags the headings of partial and illustrative documents', () => {
    expect(show('land.2').stdout.split('\n')[0]).toMatch(/\[部分核实\]$/);
    expect(show('land.2.1').stdout.split('\n')[0]).toMatch(/\[部分核实\]$/);
    expect(show('fiscal.hq-settlement-reward').stdout.split('\n')[0]).toMatch(/\[示例文本\]$/);
    expect(show('opinions.1.1').stdout.split('\n')[0]).not.toMatch(/\[/);
  });

  // Ensure an unknown id is an input error with a suggestion.
  it('rejects an unknown id with a suggestion', () => {
    const r = show('land.2.9');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('未找到 id 或标题为“land.2.9”');
    expect(r.stderr).toMatch(/相近的有：\n {2}land\.2\.\d/);
  });
});

describe('handbook with no arguments', () => {
  // Ensure that without a terminal the bare command prints the help (live search needs a TTY).
  it('prints help when not on a terminal', () => {
    const r = runCli([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('用法：');
    expect(r.stdout).toContain('search');
  });
});
