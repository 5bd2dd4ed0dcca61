// `handbook check --batch` through the real CLI: 1,000 generated CSV rows with bad rows
// mixed in, JSON Lines input, the CSV matrix, a bad header, and agreement with `check`.
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const TMP = tempDir('hb-batch-');
const OUT = join(TMP, 'out');
const MINI = fileURLToPath(new URL('./fixtures/mini/', import.meta.url));
const ON = ['--on', '2026-11-30'];

const COLUMNS = ['name', 'region', 'investor_origin', 'paid_in_wan', 'registered_capital_wan', 'industry', 'high_pollution', 'size', 'revenue_wan', 'high_tech', 'headquarters', 'import_export', 'needs_land', 'talent', 'rd_ratio_pct'];
const VALUES: Record<string, string[]> = {
  region: ['杭州', '宁波', '温州', '舟山', ''],
  investor_origin: ['省外浙商', '境外浙商', '省内企业', '其他', ''],
  industry: ['战略性新兴产业', '先进制造业', '现代服务业', '海洋经济', '现代农业', '传统制造业', ''],
  high_pollution: ['true', 'false', '是', '否', ''],
  size: ['大型', '中型', '小型', '微型', ''],
  high_tech: ['yes', 'no', '1', '0', ''],
  headquarters: ['否', '区域总部', '总部', ''],
  import_export: ['true', 'false', ''],
  needs_land: ['是', '否', ''],
  talent: ['无', '省级', '国家级', ''],
};
const NUMBERS = ['paid_in_wan', 'registered_capital_wan', 'revenue_wan', 'rd_ratio_pct'];

/** A deterministic pseudo-random generator, so a failure can be reproduced. */
function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

type BadKind = 'enum' | 'number' | 'extra-column' | 'empty-line';

/** 1,000 profiles as CSV; every 37th line is bad in one of four ways. Returns the text and the bad lines by kind. */
function generate(rows: number): { csv: string; bad: Map<number, BadKind>; good: number[] } {
  const r = rng(42);
  const lines = [COLUMNS.join(',')];
  const bad = new Map<number, BadKind>();
  const good: number[] = [];
  const kinds: BadKind[] = ['enum', 'number', 'extra-column', 'empty-line'];
  for (let i = 0; i < rows; i++) {
    const lineNo = lines.length + 1;
    const cells = COLUMNS.map((c) => {
      if (c === 'name') return i % 50 === 0 ? `"企业${i}, 有限公司"` : `企业${i}`;
      if (NUMBERS.includes(c)) return r() < 0.15 ? '' : String(Math.floor(r() * (c === 'rd_ratio_pct' ? 100 : 120000)));
      const v = VALUES[c]!;
      return v[Math.floor(r() * v.length)]!;
    });
    if (i % 37 === 5) {
      const kind = kinds[bad.size % kinds.length]!;
      bad.set(lineNo, kind);
      if (kind === 'enum') cells[2] = '省外浙江';
      if (kind === 'number') cells[3] = '一万二';
      if (kind === 'extra-column') cells.push('多余');
      lines.push(kind === 'empty-line' ? '' : cells.join(','));
    } else {
      good.push(lineNo);
      lines.push(cells.join(','));
    }
  }
  return { csv: lines.join('\n') + '\n', bad, good };
}

const data = generate(1000);
const csvPath = join(TMP, 'profiles.csv');
writeFileSync(csvPath, data.csv);

beforeAll(() => {
  const r = runCli(['build', '--out', OUT]);
  if (r.code !== 0) throw new Error(`handbook build 失败：${r.stderr}`);
});

describe('handbook check --batch (CSV, 1,000 rows)', () => {
  // Ensure exactly the bad rows are reported with their line numbers and kind, every other row answered, exit 1.
  it('reports the bad rows and answers all the others', () => {
    const r = runCli(['check', '--batch', csvPath, '--out', OUT, ...ON]);
    expect(r.code).toBe(1);
    const outputs = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(outputs).toHaveLength(1000);
    const answered = outputs.filter((o) => o.results).map((o) => o.line);
    expect(answered).toEqual(data.good);
    for (const o of outputs.filter((x) => x.results)) {
      expect(o.results).toHaveLength(28);
      expect(o.summary.eligible + o.summary.ineligible + o.summary.undetermined + o.summary.not_in_force).toBe(28);
    }
    const errors = outputs.filter((o) => o.errors);
    expect(new Map(errors.map((o) => [o.line, o.errors[0].code]))).toEqual(
      new Map(
        [...data.bad].map(([line, kind]) => [
          line,
          { enum: 'profile/value', number: 'profile/type', 'extra-column': 'batch/columns', 'empty-line': 'batch/empty-line' }[kind],
        ]),
      ),
    );
    // Human messages on stderr, each with file:line.
    const stderrLines = r.stderr.trimEnd().split('\n');
    const reported = stderrLines.filter((l) => l.startsWith(csvPath)).map((l) => Number(l.slice(csvPath.length + 1).split(':')[0]));
    expect(reported).toEqual([...data.bad.keys()]);
    const first = [...data.bad].find(([, k]) => k === 'enum')![0];
    expect(r.stderr).toContain(`${csvPath}:${first}: error 字段 investor_origin："省外浙江" 不是可选的取值`);
    expect(r.stderr).toMatch(/应有 15 列（与表头一致），实际 16 列/);
    expect(stderrLines.at(-1)).toBe(`共 1000 家企业：已判断 ${data.good.length} 家，${data.bad.size} 行有错误（2026-11-30）`);
  });

  // Ensure a quoted name with a comma survives, and a row's batch answer equals `check --json` on the same profile.
  it('agrees with check on the same profile', () => {
    const r = runCli(['check', '--batch', csvPath, '--out', OUT, ...ON]);
    const first = JSON.parse(r.stdout.split('\n')[0]!);
    expect(first.name).toBe('企业0, 有限公司');
    const row = data.csv.split('\n')[1]!.replace(/^"[^"]*",/, '').split(',');
    const sets = COLUMNS.slice(1).flatMap((c, i) => (row[i] === '' ? [] : ['--set', `${c}=${row[i]}`]));
    const single = JSON.parse(runCli(['check', '--out', OUT, ...ON, '--json', ...sets]).stdout);
    expect(first.results).toEqual(single.results.map((x: Record<string, unknown>) => ({ id: x.id, status: x.status, amount: x.amount, missing: x.missing, toQualify: x.toQualify, nextTier: x.nextTier })));
    expect(first.summary).toEqual(single.summary);
  });

  // Ensure a sample of rows across the file (not only the first) each equal `check --json` on the same profile.
  it('agrees with check on a sample of rows', () => {
    const r = runCli(['check', '--batch', csvPath, '--out', OUT, ...ON]);
    const byLine = new Map(r.stdout.trimEnd().split('\n').map((l) => [JSON.parse(l).line as number, JSON.parse(l)]));
    const text = data.csv.split('\n');
    const sample = [1, 2, 3, 4, 5, 6].map((k) => data.good[k * 160 + 1]!);
    for (const line of sample) {
      const cells = text[line - 1]!.split(',');
      const sets = COLUMNS.slice(1).flatMap((c, i) => (cells[i + 1] === '' ? [] : ['--set', `${c}=${cells[i + 1]}`]));
      const single = JSON.parse(runCli(['check', '--out', OUT, ...ON, '--json', ...sets]).stdout);
      const batch = byLine.get(line);
      expect(batch.name).toBe(cells[0]);
      expect(batch.results).toEqual(single.results.map((x: Record<string, unknown>) => ({ id: x.id, status: x.status, amount: x.amount, missing: x.missing, toQualify: x.toQualify, nextTier: x.nextTier })));
      expect(batch.summary).toEqual(single.summary);
    }
  });

  // Ensure --format csv writes a BOM, a header of provisions, one row per profile and the error in the last column.
  it('--format csv writes a matrix', () => {
    const r = runCli(['check', '--batch', csvPath, '--format', 'csv', '--out', OUT, ...ON]);
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('\uFEFFline,name,opinions.return-project-service,')).toBe(true);
    const lines = r.stdout.trimEnd().split('\r\n');
    expect(lines).toHaveLength(1001);
    const header = lines[0]!.split(',');
    expect(header.at(-1)).toBe('error');
    expect(header).toContain('fiscal.hq-settlement-reward.amount');
    const enumLine = [...data.bad].find(([, k]) => k === 'enum')![0];
    const badRow = lines.find((l) => l.startsWith(`${enumLine},`))!;
    expect(badRow).toMatch(/,"investor_origin：""省外浙江"" 不是可选的取值[^"]*""省外浙商""？）"$/);
    const goodRow = lines.find((l) => l.startsWith(`${data.good[1]},`))!.split(',');
    expect(goodRow.slice(2, 30).every((c) => ['符合', '不符合', '待定', '不在有效期内'].includes(c))).toBe(true);
  });
});

describe('handbook check --batch (other inputs)', () => {
  // Ensure JSON Lines input is read from standard input, bad lines reported, good ones answered.
  it('reads JSON Lines from standard input', () => {
    const input = ['{"name":"甲","investor_origin":"省外浙商","paid_in_wan":12000}', '{"paid_in_wan":"12000"}', 'not json', '{"region":"杭州"}', '{"region":"杭州", "region" :"宁波"}'].join('\n');
    const r = runCli(['check', '--batch', '-', '--dir', MINI, '--out', OUT, ...ON], { input });
    expect(r.code).toBe(1);
    const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(out.map((o) => [o.line, o.results ? 'ok' : o.errors[0].code])).toEqual([
      [1, 'ok'],
      [2, 'profile/type'],
      [3, 'profile/syntax'],
      [4, 'ok'],
      [5, 'profile/syntax'],
    ]);
    expect(r.stderr).toMatch(/^-:5:17: error 字段 region：键重复/m);
    expect(out[0].results.find((x: { id: string }) => x.id === 'reward.contribution').status).toBe('eligible');
    expect(r.stderr).toMatch(/^-:2:16: error 字段 paid_in_wan：/m);
  });

  // Ensure a header with an unknown column stops the file before any row, with exit 1.
  it('refuses a bad header', () => {
    const p = join(TMP, 'header.csv');
    writeFileSync(p, 'name,paid_in,needs_land\n甲,1,是\n');
    const r = runCli(['check', '--batch', p, '--dir', MINI, '--out', OUT, ...ON]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${p}:1: error 未知字段 "paid_in"（是否应为 "paid_in_wan"？） [batch/header]`);
  });

  // Ensure a clean file exits 0, and a .csv given as PROFILE is run as a batch.
  it('exits 0 when every row is good', () => {
    const p = join(TMP, 'clean.csv');
    writeFileSync(p, '\uFEFFname,paid_in_wan,investor_origin\r\n"甲 ""一号""",12000,省外浙商\r\n乙,,\r\n');
    const r = runCli(['check', p, '--dir', MINI, '--out', OUT, ...ON]);
    expect(r.code).toBe(0);
    const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(out.map((o) => [o.line, o.name, o.summary.eligible])).toEqual([
      [2, '甲 "一号"', 1],
      [3, '乙', 0],
    ]);
  });

  // Ensure options that make no sense with --batch are usage errors.
  it('refuses --explain with --batch', () => {
    const r = runCli(['check', '--batch', csvPath, '--explain', 'x', '--out', OUT]);
    expect(r.code).toBe(2);
  });
});
