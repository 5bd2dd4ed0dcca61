// `handbook check` and `handbook schema` through the real bin/handbook.js: the report,
// --json, --explain, --only, --on, standard input, and every kind of bad profile with
// its message and exit code. Fixture handbook: test/check/fixtures/mini.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const MINI = fileURLToPath(new URL('./fixtures/mini/', import.meta.url));
const TMP = tempDir('hb-check-');
const OUT = join(TMP, 'out');
const ON = ['--on', '2026-11-30'];
const mini = (...args: string[]) => ['check', '--dir', MINI, '--out', OUT, ...ON, ...args];
const file = (name: string, text: string): string => {
  const p = join(TMP, name);
  writeFileSync(p, text);
  return p;
};
const RETURNEE = ['--set', 'investor_origin=省外浙商', '--set', 'paid_in_wan=12000'];

describe('handbook check: the report', () => {
  // Ensure the terminal report has the three groups, amounts from tiers, reasons in words and missing facts.
  it('prints 符合, 待定, 不符合 with reasons, amounts and what to ask', () => {
    const r = runCli(mini(...RETURNEE, '--set', 'registered_capital_wan=20000', '--set', 'name=甲公司'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('测试汇编 0.0.1 · 适用性判断 · 甲公司 · 2026-11-30');
    expect(r.stdout).toMatch(/符合（2）[\s\S]*待定（1）[\s\S]*不符合（0）[\s\S]*不在有效期内（2）/);
    expect(r.stdout).toContain('✓ 总部落户奖励  200万元  reward.settlement');
    expect(r.stdout).toContain('《测试奖励办法》（示例）一（二）');
    expect(r.stdout).toContain('· 到位资金 12000万元 ≥ 10000万元 ✓');
    expect(r.stdout).toContain('还需了解：新增建设用地需求（needs_land）、重污染高耗能行业（high_pollution）');
    expect(r.stdout).toContain('有效期：2010-01-01 至 2015-12-31');
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  // Ensure an ineligible provision says which condition failed, in words.
  it('explains 不符合 with the failed condition', () => {
    const r = runCli(mini(...RETURNEE, '--set', 'needs_land=是', '--set', 'high_pollution=是', '--only', 'ineligible'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('· 不属于重污染、高耗能行业 ✗');
    expect(r.stdout).not.toMatch(/^符合（/m);
  });

  // Ensure colours appear on request (FORCE_COLOR) and never with NO_COLOR or when piped.
  it('colours only when asked', () => {
    const coloured = runCli(mini(...RETURNEE), { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(coloured.stdout).toMatch(/\x1b\[32m/);
  });

  // Ensure --explain prints the whole trace, the tiers with the chosen one, and the clause's text.
  it('--explain prints the whole trace', () => {
    const r = runCli(mini(...RETURNEE, '--set', 'registered_capital_wan=20000', '--explain', 'reward.settlement'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ 投资方类别为省外浙商或境外浙商（实际：省外浙商）');
    expect(r.stdout).toContain('✓ 注册资本 ≥ 10000万元 → 200万元  ← 适用');
    expect(r.stdout).toContain('（二）总部落户奖励。按注册资本给予一次性奖励。');
  });

  // Ensure an unknown --explain id is a usage error with a suggestion.
  it('--explain of an unknown id', () => {
    const r = runCli(mini(...RETURNEE, '--explain', 'reward.settle'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('没有 id 为 "reward.settle" 的条目（是否应为 "reward.settlement"？）');
  });
});

describe('handbook check --json', () => {
  // Ensure the JSON contract: keys, statuses, amount object, missing fact ids, reasons, source with clause.
  it('prints the documented contract', () => {
    const r = runCli(mini(...RETURNEE, '--set', 'registered_capital_wan=20000', '--json'));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['handbook', 'name', 'on', 'results', 'summary']);
    expect(j.handbook).toEqual({ title: '测试汇编', version: '0.0.1' });
    expect(j.on).toBe('2026-11-30');
    expect(j.summary).toEqual({ eligible: 2, ineligible: 0, undetermined: 1, not_in_force: 2 });
    const byId = Object.fromEntries(j.results.map((x: { id: string }) => [x.id, x]));
    expect(byId['reward.settlement']).toEqual({
      id: 'reward.settlement',
      policy: 'reward',
      title: '总部落户奖励',
      status: 'eligible',
      amount: { value: 200, unit: '万元', text: '200万元' },
      missing: [],
      reasons: ['属于回归项目 ✓', '注册资本 20000万元 ≥ 5000万元 ✓'],
      toQualify: [],
      nextTier: { amount: { value: 500, unit: '万元', text: '500万元' }, toQualify: [[{ fact: 'registered_capital_wan', op: '>=', value: 100000 }]] },
      source: { file: '01-reward.md', line: 20, clause: 'reward.1.2' },
    });
    expect(byId['reward.green-land'].missing).toEqual(['needs_land', 'high_pollution']);
    expect(byId['old.rd'].status).toBe('not_in_force');
  });

  // Ensure --on decides which policies are in force: not yet, in force, expired.
  it.each([
    ['2012-06-01', 'eligible', 'not_in_force'],
    ['2031-01-01', 'not_in_force', 'eligible'],
    ['2011-06-01', 'eligible', 'not_in_force'],
  ])('--on %s', (on, oldStatus, futureStatus) => {
    const r = runCli(['check', '--dir', MINI, '--out', OUT, '--on', on, '--set', 'rd_ratio_pct=5', '--set', 'needs_land=1', '--set', 'region=杭州', '--json']);
    const j = JSON.parse(r.stdout);
    const status = (id: string) => j.results.find((x: { id: string }) => x.id === id).status;
    expect(status('old.rd')).toBe(oldStatus);
    expect(status('future.land')).toBe(futureStatus);
    if (on === '2011-06-01') expect(status('reward.contribution')).toBe('not_in_force');
  });

  // Ensure --only filters the results but leaves the summary whole.
  it('--only filters results', () => {
    const j = JSON.parse(runCli(mini(...RETURNEE, '--json', '--only', 'undetermined,not_in_force')).stdout);
    expect(j.results.map((x: { status: string }) => x.status).sort()).toEqual(['not_in_force', 'not_in_force', 'undetermined', 'undetermined']);
    expect(j.summary.eligible).toBe(1);
  });

  // Ensure a profile is read from standard input (YAML or JSON), and --set overrides it.
  it('reads - from standard input', () => {
    const r = runCli(mini('-', '--set', 'paid_in_wan=20000', '--json'), { input: '{"name": "乙", "investor_origin": "境外浙商", "paid_in_wan": 1}' });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.name).toBe('乙');
    expect(j.results[0].reasons).toEqual(['属于回归项目 ✓', '到位资金 20000万元 ≥ 10000万元 ✓']);
  });

  // Ensure --json --explain adds the full trace for the one provision.
  it('--json --explain adds the trace', () => {
    const j = JSON.parse(runCli(mini(...RETURNEE, '--json', '--explain', 'reward.contribution')).stdout);
    expect(j.results).toHaveLength(1);
    expect(j.results[0].trace.kind).toBe('all');
    expect(j.results[0].trace.children[1].text).toBe('到位资金 12000万元 ≥ 10000万元');
  });
});

describe('handbook check: bad profiles', () => {
  const cases: { name: string; args: string[]; input?: string; code: number; stderr: RegExp[] }[] = [
    {
      name: 'a value outside the enum, with did-you-mean and the line',
      args: [file('enum.yaml', 'investor_origin: 省外浙江\n')],
      code: 1,
      stderr: [/enum\.yaml:1:18: error 字段 investor_origin："省外浙江" 不是可选的取值，应为 省外浙商、境外浙商、省内企业、其他 之一（是否应为 "省外浙商"？） \[profile\/value\]/],
    },
    {
      name: 'a wrong type (text in a number)',
      args: [file('type.yaml', 'region: 杭州\npaid_in_wan: 一万二\n')],
      code: 1,
      stderr: [/type\.yaml:2:14: error 字段 paid_in_wan：应为数字（单位：万元），实际为 "一万二" \[profile\/type\]/],
    },
    {
      name: 'a number written with a thousands separator',
      args: [file('comma.yaml', 'paid_in_wan: 12,000\n')],
      code: 1,
      stderr: [/comma\.yaml:1:14: .*请去掉千分位逗号，写作 12000/],
    },
    {
      name: 'an unknown field, with did-you-mean',
      args: [file('unknown.yaml', 'needs_lnd: true\n')],
      code: 1,
      stderr: [/unknown\.yaml:1:1: error 未知字段 "needs_lnd"（是否应为 "needs_land"？） \[profile\/unknown-field\]/],
    },
    {
      name: 'a derived fact given as a field',
      args: [file('derived.yaml', 'return_project: true\n')],
      code: 1,
      stderr: [/derived\.yaml:1:1: .*"return_project" 是派生事实（回归项目）/],
    },
    {
      name: 'out of range',
      args: [file('range.json', '{\n  "rd_ratio_pct": 101\n}\n')],
      code: 1,
      stderr: [/range\.json:2:19: error 字段 rd_ratio_pct：应 ≤ 100%，实际为 101 \[profile\/range\]/],
    },
    {
      name: 'a malformed YAML file',
      args: [file('syntax.yaml', 'paid_in_wan: [1\nregion: 杭州\n')],
      code: 1,
      stderr: [/syntax\.yaml:2:1: error YAML 语法错误/],
    },
    {
      name: 'an unclosed quote, reported at the opening quote (not where the parser gives up)',
      args: [file('quote.yaml', 'region: 杭州\nname: "甲公司\nsize: 小型\npaid_in_wan: 1\n')],
      code: 1,
      stderr: [/quote\.yaml:2:7: error YAML 语法错误：引号未闭合.*\[profile\/syntax\]/],
    },
    {
      name: 'malformed JSON on standard input',
      args: ['-'],
      input: '{"paid_in_wan": 1,, }',
      code: 1,
      stderr: [/^-:1:\d+: error .*\[profile\/syntax\]/m],
    },
    {
      name: 'a list instead of a mapping',
      args: [file('list.yaml', '- paid_in_wan: 1\n')],
      code: 1,
      stderr: [/list\.yaml:1:1: error 画像应为“字段: 值”的映射.*\[profile\/not-a-map\]/],
    },
    {
      name: 'a duplicate key',
      args: [file('dup.yaml', 'region: 杭州\nregion: 宁波\n')],
      code: 1,
      stderr: [/dup\.yaml:2:1: error 键重复/],
    },
    {
      name: 'a duplicate key in a JSON profile (JSON.parse alone would keep the last)',
      args: [file('dup.json', '{\n  "region": "杭州",\n  "region": "宁波"\n}\n')],
      code: 1,
      stderr: [/dup\.json:3:3: error 字段 region：键重复.*\[profile\/syntax\]/],
    },
    {
      name: 'a file that is not UTF-8',
      args: [file('gbk.yaml', '')].map((p) => (writeFileSync(p, Buffer.from([0x72, 0x65, 0x67, 0x69, 0x6f, 0x6e, 0x3a, 0x20, 0xba, 0xbc, 0x0a])), p)),
      code: 1,
      stderr: [/gbk\.yaml:1:9: error 画像文件不是合法的 UTF-8 文本/],
    },
    {
      name: 'a missing file',
      args: [join(TMP, 'nope.yaml')],
      code: 1,
      stderr: [/nope\.yaml: error 无法读取画像文件：文件不存在/],
    },
    {
      name: 'bad --set values, all reported',
      args: ['--set', 'high_pollution=maybe', '--set', 'paid_in_wan=1.2万', '--set', 'oops'],
      code: 1,
      stderr: [/--set: error 字段 high_pollution：应为 是\/否/, /--set: error 字段 paid_in_wan：.*不要带单位/, /--set "oops" 应写成 事实id=值/, /画像有 3 处错误，未做判断。/],
    },
    { name: 'no profile at all (usage)', args: [], code: 2, stderr: [/请给出企业画像/] },
    { name: 'a bad --on date (usage)', args: ['--set', 'region=杭州', '--on', '2026-02-30'], code: 2, stderr: [/--on "2026-02-30" 不是有效日期/] },
    { name: 'a bad --only (usage)', args: ['--set', 'region=杭州', '--only', 'eligble'], code: 2, stderr: [/--only "eligble" 无法识别.*是否应为 "eligible"/] },
  ];

  // Ensure each kind of bad profile is reported with its field, position and code, nothing evaluated, and the right exit code.
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const args = ['check', '--dir', MINI, '--out', OUT, ...(c.args.some((a) => a === '--on') ? [] : ON), ...c.args];
    const r = runCli(args, c.input !== undefined ? { input: c.input } : {});
    expect(r.code, r.stderr).toBe(c.code);
    expect(r.stdout).toBe('');
    for (const re of c.stderr) expect(r.stderr).toMatch(re);
  });
});

describe('handbook schema profile', () => {
  // Ensure the schema printed is generated from the handbook's facts.yaml.
  it('prints a JSON Schema of the profile', () => {
    const r = runCli(['schema', 'profile', '--dir', MINI, '--out', OUT]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(s.properties)).toEqual(['name', 'investor_origin', 'paid_in_wan', 'registered_capital_wan', 'high_pollution', 'needs_land', 'rd_ratio_pct', 'region', 'contact']);
  });

  // Ensure an unknown schema kind is a usage error.
  it('refuses an unknown kind', () => {
    const r = runCli(['schema', 'profle', '--dir', MINI, '--out', OUT]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('未知的 schema 种类 "profle"');
  });
});

describe('handbook ask without a terminal', () => {
  // Ensure ask refuses to run without a TTY, pointing to check, with exit code 2.
  it('says to use check and exits 2', () => {
    const r = runCli(['ask', '--dir', MINI, '--out', OUT]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('请使用 handbook check');
  });
});
