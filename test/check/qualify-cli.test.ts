// What it would take to qualify, through the real bin/handbook.js on the bundled handbook:
// `check --json` carries toQualify and nextTier, the terminal report, --only and --explain
// say them in words, and batch JSON Lines and the CSV matrix carry them per provision.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { POLICIES, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const TMP = tempDir('hb-qualify-');
const OUT = join(TMP, 'out');
const base = (...args: string[]) => ['check', '--dir', POLICIES, '--out', OUT, '--on', '2026-11-30', ...args];
/** 省外浙商, 6000万元 paid in, 总部 with 6000万元 capital, not high-tech, not polluting. */
const NEAR = ['--set', 'investor_origin=省外浙商', '--set', 'paid_in_wan=6000', '--set', 'headquarters=总部', '--set', 'registered_capital_wan=6000', '--set', 'high_tech=否', '--set', 'high_pollution=否'];

describe('check --json: toQualify', () => {
  // Ensure each result carries toQualify (the rule's thresholds) and nextTier, as docs/CHECK.md shows.
  it('gives the ways to qualify and the next tier', () => {
    const r = runCli(base(...NEAR, '--json'));
    expect(r.code).toBe(0);
    const byId = Object.fromEntries(JSON.parse(r.stdout).results.map((x: { id: string }) => [x.id, x]));
    expect(byId['fiscal.contribution-reward'].toQualify).toEqual([[{ fact: 'paid_in_wan', op: '>=', value: 10000 }]]);
    expect(byId['fiscal.contribution-reward'].nextTier).toBeNull();
    expect(byId['tax.high-tech-rate'].toQualify).toEqual([[{ fact: 'high_tech', op: '=', value: true }]]);
    expect(byId['land.green-channel'].toQualify).toEqual([[{ fact: 'needs_land', op: '=', value: true }]]);
    expect(byId['fiscal.hq-settlement-reward']).toMatchObject({
      status: 'eligible',
      toQualify: [],
      nextTier: { amount: { value: 200, unit: '万元', text: '200万元' }, toQualify: [[{ fact: 'registered_capital_wan', op: '>=', value: 10000 }]] },
    });
    // A fixed fact is never asked to change: 清洁生产 needs high_pollution, known false.
    expect(byId['environment.cleaner-production'].toQualify).toEqual([]);
  });
});

describe('check: the ways in words', () => {
  // Ensure the terminal report says each way under its provision, a change with how far, a confirmation with 确认.
  it('prints them under each provision', () => {
    const r = runCli(base(...NEAR));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('→ 若到位资金达到 10000 万元（再增加 4000 万元），即可享受');
    expect(r.stdout).toContain('→ 若是经认定的高新技术企业，即可享受');
    expect(r.stdout).toContain('→ 若确认项目需要新增建设用地，即可享受');
    expect(r.stdout).toContain('→ 若注册资本达到 10000 万元（再增加 4000 万元），可享受 200万元');
    const block = r.stdout.slice(r.stdout.indexOf('清洁生产改造补助'));
    expect(block.slice(0, block.indexOf('\n\n'))).not.toContain('→');
  });

  // Ensure --only keeps the words for the groups it shows.
  it('--only ineligible shows them too', () => {
    const r = runCli(base(...NEAR, '--only', 'ineligible'));
    expect(r.stdout).toContain('→ 若到位资金达到 50000 万元（再增加 44000 万元），即可享受');
    expect(r.stdout).not.toContain('可享受 200万元');
  });

  // Ensure --explain has a section with the ways, and one for the next tier.
  it('--explain shows them', () => {
    const r = runCli(base(...NEAR, '--explain', 'science.rd-center'));
    expect(r.stdout).toContain('如何才能享受：');
    expect(r.stdout).toContain('→ 若是经认定的高新技术企业，并确认研发投入占比达到 3%，即可享受');
    expect(r.stdout).toContain('→ 若确认所属产业为战略性新兴产业，且研发投入占比达到 3%，即可享受');
    const tier = runCli(base(...NEAR, '--explain', 'fiscal.hq-settlement-reward'));
    expect(tier.stdout).toContain('更高档次（200万元）：');
  });
});

describe('check --batch: toQualify', () => {
  const csv = join(TMP, 'p.csv');
  writeFileSync(csv, 'name,investor_origin,paid_in_wan,high_tech,high_pollution,industry\n甲,省外浙商,6000,否,否,先进制造业\n乙,,,,,\n');

  // Ensure each JSON Lines result carries toQualify and nextTier, the same as check --json for that profile.
  it('JSON Lines rows carry them, as check --json does', () => {
    const r = runCli(['check', '--dir', POLICIES, '--out', OUT, '--on', '2026-11-30', '--batch', csv]);
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(Object.keys(rows[0].results[0])).toEqual(['id', 'status', 'amount', 'missing', 'toQualify', 'nextTier']);
    const single = JSON.parse(runCli(base('--set', 'investor_origin=省外浙商', '--set', 'paid_in_wan=6000', '--set', 'high_tech=否', '--set', 'high_pollution=否', '--set', 'industry=先进制造业', '--json')).stdout);
    expect(rows[0].results.map((x: { toQualify: unknown; nextTier: unknown }) => [x.toQualify, x.nextTier])).toEqual(
      single.results.map((x: { toQualify: unknown; nextTier: unknown }) => [x.toQualify, x.nextTier]),
    );
    const byId = Object.fromEntries(rows[1].results.map((x: { id: string }) => [x.id, x]));
    expect(byId['tax.high-tech-rate'].toQualify).toEqual([[{ fact: 'high_tech', op: '=', value: true }]]);
  });

  // Ensure the CSV matrix has a to_qualify column per provision, in words, empty where nothing can help.
  it('the CSV matrix has a to_qualify column per provision', () => {
    const r = runCli(['check', '--dir', POLICIES, '--out', OUT, '--on', '2026-11-30', '--batch', csv, '--format', 'csv']);
    expect(r.code).toBe(0);
    const [header, first, second] = r.stdout.replace(/^\uFEFF/, '').trimEnd().split('\r\n').map((l) => l.split(','));
    const col = (id: string) => header!.indexOf(`${id}.to_qualify`);
    expect(header!.filter((h) => h.endsWith('.to_qualify'))).toHaveLength(28);
    expect(first![col('fiscal.contribution-reward')]).toBe('若到位资金达到 10000 万元，即可享受');
    expect(first![col('headquarters.major-project')]).toBe('若到位资金达到 50000 万元，即可享受');
    expect(first![col('industry.tech-upgrade-subsidy')]).toBe('');
    expect(first![col('environment.cleaner-production')]).toBe('');
    expect(first![col('opinions.return-project-service')]).toBe('');
    expect(second![col('tax.high-tech-rate')]).toBe('若确认是经认定的高新技术企业，即可享受');
    expect(first).toHaveLength(header!.length);
  });
});
