// The profile library in memory: values against facts.yaml, YAML/JSON with lines, --set,
// JSON objects, the JSON Schema, RFC 4180 CSV and batch rows. Fixture: test/check/fixtures/mini.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { compileDir } from '../../src/validate/index.js';
import { parseProfileText } from '../../src/profile/read.js';
import { applySets, readProfileObject } from '../../src/profile/fields.js';
import fc from 'fast-check';
import { closest, profileSpec, readTextValue, readTypedValue } from '../../src/profile/values.js';
import { formatDiagnostic } from '../../src/diagnostics/index.js';
import { profileJsonSchema } from '../../src/profile/schema.js';
import { CsvSplitter, csvCell } from '../../src/profile/csv.js';
import { BatchReader, CsvMatrix, JsonLines, sniffBatchFormat } from '../../src/profile/batch.js';
import { check, nextQuestions } from '../../src/eligibility/check.js';
import { explain, toReport } from '../../src/eligibility/report.js';
import { clauseLabel } from '../../src/words/index.js';

const MINI = fileURLToPath(new URL('./fixtures/mini/', import.meta.url));
const handbook = compileDir(MINI).handbook!;
const spec = profileSpec(handbook.facts, handbook.derived);
const fact = (id: string) => handbook.facts.find((f) => f.id === id)!;

describe('values', () => {
  // Ensure text numbers are parsed strictly, with a hint for thousands separators, units and full-width digits.
  it.each([
    ['12000', 12000],
    ['6.5', 6.5],
    [' 0 ', 0],
  ])('reads the number %j', (text, value) => {
    expect(readTextValue(fact('paid_in_wan'), text, spec)).toEqual({ ok: true, value });
  });

  it.each([
    ['12,000', /去掉千分位逗号，写作 12000/],
    ['1.2万', /不要带单位/],
    ['１２０００', /半角数字/],
    ['abc', /应为数字（单位：万元），实际为 "abc"$/],
    ['1e5', /应为数字/],
  ])('refuses the number %j with a hint', (text, message) => {
    const r = readTextValue(fact('paid_in_wan'), text, spec);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('profile/type');
      expect(r.message).toMatch(message);
    }
  });

  // Ensure min and max of facts.yaml bound numbers, from text and from files alike.
  it('checks the declared range', () => {
    expect(readTextValue(fact('paid_in_wan'), '-1', spec)).toMatchObject({ ok: false, code: 'profile/range' });
    expect(readTypedValue(fact('rd_ratio_pct'), 101, spec)).toMatchObject({ ok: false, code: 'profile/range', message: '应 ≤ 100%，实际为 101' });
    expect(readTypedValue(fact('rd_ratio_pct'), 100, spec)).toEqual({ ok: true, value: 100 });
  });

  // Ensure the documented boolean words are accepted, 1/0 only as text, and anything else refused.
  it('reads booleans as documented', () => {
    for (const [t, v] of [['true', true], ['FALSE', false], ['是', true], ['否', false], ['yes', true], ['No', false], ['1', true], ['0', false]] as const) {
      expect(readTextValue(fact('needs_land'), t, spec)).toEqual({ ok: true, value: v });
    }
    expect(readTypedValue(fact('needs_land'), '是', spec)).toEqual({ ok: true, value: true });
    expect(readTypedValue(fact('needs_land'), 1, spec)).toMatchObject({ ok: false, code: 'profile/type' });
    expect(readTextValue(fact('needs_land'), '也许', spec)).toMatchObject({ ok: false, code: 'profile/type' });
  });

  // Ensure an enum value outside the declared list is refused with the closest value suggested.
  it('refuses an enum value with "did you mean"', () => {
    const r = readTextValue(fact('investor_origin'), '省外浙江', spec);
    expect(r).toMatchObject({ ok: false, code: 'profile/value' });
    if (!r.ok) expect(r.message).toContain('"省外浙商"');
  });

  // Ensure a number written as a quoted string in a file is refused (files are typed), and empty means unknown.
  it('keeps files typed and treats empty as unknown', () => {
    expect(readTypedValue(fact('paid_in_wan'), '12000', spec)).toMatchObject({ ok: false, message: expect.stringContaining('不要加引号') });
    expect(readTypedValue(fact('paid_in_wan'), null, spec)).toEqual({ ok: true, value: undefined });
    expect(readTextValue(fact('region'), '  ', spec)).toEqual({ ok: true, value: undefined });
  });

  // Ensure "did you mean" also finds an id the word is a prefix of.
  it('suggests ids by spelling or by prefix', () => {
    expect(closest('paid_in', spec.fields)).toContain('paid_in_wan');
    expect(closest('needs_lnd', spec.fields)).toContain('needs_land');
    expect(closest('zzz', spec.fields)).toBe('');
  });
});

describe('parseProfileText', () => {
  // Ensure a YAML profile yields typed facts and the name.
  it('reads a YAML profile', () => {
    const r = parseProfileText('name: 甲公司\ninvestor_origin: 省外浙商\npaid_in_wan: 12000\nneeds_land: true\n', 'p.yaml', spec);
    expect(r).toEqual({ name: '甲公司', profile: { investor_origin: '省外浙商', paid_in_wan: 12000, needs_land: true }, issues: [] });
  });

  // Ensure a JSON profile is read too, with lines for its problems.
  it('reads JSON with lines', () => {
    const r = parseProfileText('{\n  "paid_in_wan": 5,\n  "region": "上海"\n}\n', 'p.json', spec);
    expect(r.profile).toEqual({ paid_in_wan: 5 });
    expect(r.issues).toEqual([expect.objectContaining({ code: 'profile/value', field: 'region', file: 'p.json', line: 3, column: 13 })]);
  });

  // Ensure every problem of a file is reported at once, each with field, line and column.
  it('reports every problem with its position', () => {
    const text = 'investor_origin: 省外浙江\npaid_in_wan: 12,000\nneeds_lnd: true\nreturn_project: true\nrd_ratio_pct: [1]\n';
    const r = parseProfileText(text, 'bad.yaml', spec);
    expect(r.issues.map((i) => [i.code, i.field, i.line, i.column])).toEqual([
      ['profile/value', 'investor_origin', 1, 18],
      ['profile/type', 'paid_in_wan', 2, 14],
      ['profile/unknown-field', 'needs_lnd', 3, 1],
      ['profile/unknown-field', 'return_project', 4, 1],
      ['profile/type', 'rd_ratio_pct', 5, 15],
    ]);
    expect(formatDiagnostic(r.issues[2]!)).toBe('bad.yaml:3:1: error 未知字段 "needs_lnd"（是否应为 "needs_land"？） [profile/unknown-field]');
    expect(r.issues[3]!.message).toMatch(/派生事实/);
  });

  // Ensure syntax errors, duplicate keys and a non-mapping document are problems with lines.
  it('reports malformed files', () => {
    expect(parseProfileText('a: [1\nb: 2\n', 'x.yaml', spec).issues[0]).toMatchObject({ code: 'profile/syntax', line: 2 });
    expect(parseProfileText('paid_in_wan: 1\npaid_in_wan: 2\n', 'x.yaml', spec).issues[0]).toMatchObject({ code: 'profile/syntax', line: 2 });
    expect(parseProfileText('- 1\n', 'x.yaml', spec).issues[0]).toMatchObject({ code: 'profile/not-a-map', line: 1 });
    expect(parseProfileText('', 'x.yaml', spec)).toEqual({ profile: {}, issues: [] });
  });

  // Ensure --set overrides a file, unsets with an empty value, and reports bad pairs.
  it('applies --set', () => {
    const r = applySets(parseProfileText('paid_in_wan: 1\nregion: 杭州\n', 'p.yaml', spec), ['paid_in_wan=20', 'region=', 'name=乙', 'needs_land=是'], spec);
    expect(r).toEqual({ name: '乙', profile: { paid_in_wan: 20, needs_land: true }, issues: [] });
    const bad = applySets({ profile: {}, issues: [] }, ['oops', 'nope=1', 'paid_in_wan=x'], spec);
    expect(bad.issues.map((i) => [i.code, i.field, i.file])).toEqual([
      ['profile/set-syntax', '', '--set'],
      ['profile/unknown-field', 'nope', '--set'],
      ['profile/type', 'paid_in_wan', '--set'],
    ]);
  });

  // Ensure a plain object (a JSON Lines row) is validated like a file.
  it('validates plain objects', () => {
    expect(readProfileObject({ name: 'x', paid_in_wan: 3, contact: 12 }, spec)).toEqual({ name: 'x', profile: { paid_in_wan: 3, contact: '12' }, issues: [] });
    expect(readProfileObject([1], spec).issues[0]!.code).toBe('profile/not-a-map');
  });
});

describe('profileJsonSchema', () => {
  // Ensure the schema is generated from facts.yaml: every fact with its type, enum, range and label, nothing else allowed.
  it('mirrors facts.yaml', () => {
    const s = profileJsonSchema(handbook) as { properties: Record<string, Record<string, unknown>>; additionalProperties: boolean };
    expect(Object.keys(s.properties)).toEqual(['name', ...handbook.facts.map((f) => f.id)]);
    expect(s.additionalProperties).toBe(false);
    expect(s.properties.paid_in_wan).toEqual({ title: '到位资金', description: fact('paid_in_wan').question, type: ['number', 'null'], minimum: 0, 'x-unit': '万元' });
    expect(s.properties.rd_ratio_pct).toMatchObject({ minimum: 0, maximum: 100 });
    expect(s.properties.region!.enum).toEqual(['杭州', '宁波', '温州', null]);
    expect(s.properties.needs_land!.type).toEqual(['boolean', 'null']);
  });
});

describe('CsvSplitter', () => {
  const split = (text: string) => {
    const s = new CsvSplitter();
    const out: { line: number; fields: string[] }[] = [];
    text.split('\n').forEach((l, i) => {
      const r = s.push(l, i + 1);
      if (r) out.push({ line: r.line, fields: r.fields });
    });
    return { out, open: s.unterminated() };
  };

  // Ensure RFC 4180 quoting: commas, doubled quotes and line breaks inside quotes, a BOM and CRs dropped.
  it('parses quoted fields across lines', () => {
    const { out, open } = split('\uFEFFa,b\r\n"x, y","say ""hi"""\n"multi\nline",z\n,\n');
    expect(out).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['multi\nline', 'z'] },
      { line: 5, fields: ['', ''] },
      { line: 6, fields: [''] },
    ]);
    expect(open).toBeUndefined();
  });

  // Ensure a quote left open is reported at the line where its record began.
  it('reports an unterminated quote', () => {
    expect(split('a\n"open\nstill').open).toBe(2);
  });

  // Ensure cells are quoted when needed and formulas defused in text cells.
  it('writes cells', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "x"')).toBe('"say ""x"""');
    expect(csvCell('=1+1', true)).toBe("'=1+1");
    expect(csvCell(null)).toBe('');
  });
});

describe('BatchReader', () => {
  const rows = (format: 'csv' | 'jsonl', text: string) => {
    const r = new BatchReader(format, spec, 'b');
    const out = [];
    for (const [i, l] of text.split('\n').entries()) {
      const row = r.push(l, i + 1);
      if (row) out.push(row);
    }
    const last = r.end();
    if (last) out.push(last);
    return { reader: r, out };
  };

  // Ensure CSV rows become profiles (empty cell = unknown) and bad rows carry their line and every problem.
  it('reads CSV rows and reports bad ones', () => {
    const { out } = rows('csv', 'name,paid_in_wan,needs_land,region\n甲,12000,是,杭州\n乙,,,\n丙,12k,maybe,上海\n\n丁,1,2,3,4');
    expect(out.map((r) => [r.line, r.name, r.profile, r.issues.map((i) => `${i.code}:${i.field}`)])).toEqual([
      [2, '甲', { paid_in_wan: 12000, needs_land: true, region: '杭州' }, []],
      [3, '乙', {}, []],
      [4, '丙', {}, ['profile/type:paid_in_wan', 'profile/type:needs_land', 'profile/value:region']],
      [5, undefined, {}, ['batch/empty-line:']],
      [6, undefined, {}, ['batch/columns:']],
    ]);
  });

  // Ensure a header with an unknown or repeated column stops the file with a header problem.
  it('refuses a bad header', () => {
    const { reader, out } = rows('csv', 'name,paid_in,name\n甲,1,x');
    expect(reader.headerIssues.map((i) => [i.code, i.field])).toEqual([
      ['batch/header', 'paid_in'],
      ['batch/header', 'name'],
    ]);
    expect(out).toEqual([]);
  });

  // Ensure JSON Lines rows are validated like files, with syntax errors and empty lines reported.
  it('reads JSON Lines', () => {
    const { out } = rows('jsonl', '{"name":"甲","paid_in_wan":3}\n{"paid_in_wan":"3"}\n{oops\n\n[1]');
    expect(out.map((r) => [r.line, r.issues.map((i) => i.code)])).toEqual([
      [1, []],
      [2, ['profile/type']],
      [3, ['profile/syntax']],
      [4, ['batch/empty-line']],
      [5, ['profile/not-a-map']],
    ]);
    expect(out[0]!.profile).toEqual({ paid_in_wan: 3 });
  });

  // Ensure the input format follows the extension, else the first line.
  it('sniffs the format', () => {
    expect(sniffBatchFormat('a.CSV', '{')).toBe('csv');
    expect(sniffBatchFormat('a.jsonl', 'x')).toBe('jsonl');
    expect(sniffBatchFormat('-', '\uFEFF{"a":1}')).toBe('jsonl');
    expect(sniffBatchFormat('-', 'name,region')).toBe('csv');
  });

  // Ensure the hand-built JSON line is exactly what JSON.stringify would give.
  it('writes JSON lines equal to JSON.stringify', () => {
    const profile = { investor_origin: '省外浙商', paid_in_wan: 12000, registered_capital_wan: 20000 };
    const result = check(handbook, profile, { on: '2026-11-30', reasons: false });
    const line = new JsonLines().line({ line: 7, name: '甲"', profile, issues: [] }, result);
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toEqual({
      line: 7,
      name: '甲"',
      results: result.decisions.map((d) => ({ id: d.id, status: d.status, amount: d.amount, missing: d.missing, toQualify: d.toQualify, nextTier: d.nextTier })),
      summary: result.summary,
    });
  });

  // Ensure the matrix has a column per provision, amount columns for tiered provisions, a to_qualify column per provision in words, and a bad row's error.
  it('writes the CSV matrix', () => {
    const m = new CsvMatrix(handbook);
    const toQualify = ['reward.contribution', 'reward.settlement', 'reward.green-land', 'old.rd', 'future.land'].map((id) => `${id}.to_qualify`).join(',');
    expect(m.header()).toBe(`line,name,reward.contribution,reward.settlement,reward.green-land,old.rd,future.land,reward.settlement.amount,${toQualify},eligible,undetermined,ineligible,not_in_force,error\r\n`);
    const profile = { investor_origin: '省外浙商', paid_in_wan: 12000, registered_capital_wan: 20000 };
    const good = m.row({ line: 2, name: '甲', profile, issues: [] }, check(handbook, profile, { on: '2026-11-30' }));
    expect(good).toBe('2,甲,符合,符合,待定,不在有效期内,不在有效期内,200,,若注册资本达到 100000 万元，可享受 500万元,若确认不属于重污染、高耗能行业，且项目需要新增建设用地，即可享受,,,2,1,0,2,\r\n');
    const bad = m.row({ line: 3, profile: {}, issues: [{ severity: 'error', code: 'profile/type', field: 'paid_in_wan', message: '应为数字' }] }, undefined);
    expect(bad).toBe('3,,,,,,,,,,,,,,,,,paid_in_wan：应为数字\r\n');
  });
});

describe('eligibility additions', () => {
  const profile = { investor_origin: '省外浙商', paid_in_wan: 12000 } as const;

  // Ensure reasons:false changes nothing but the words.
  it('check without reasons decides the same', () => {
    const full = check(handbook, profile, { on: '2026-11-30' });
    const fast = check(handbook, profile, { on: '2026-11-30', reasons: false });
    expect(fast.decisions.map((d) => [d.id, d.status, d.amount, d.missing])).toEqual(full.decisions.map((d) => [d.id, d.status, d.amount, d.missing]));
    expect(fast.decisions.every((d) => d.reasons.length === 0)).toBe(true);
  });

  // Ensure nextQuestions without a date treats every policy as in force, and with one skips those not in force.
  it('nextQuestions with and without a date', () => {
    const all = nextQuestions(handbook, profile).map((q) => q.fact.id);
    const on = nextQuestions(handbook, profile, { on: '2026-11-30' }).map((q) => q.fact.id);
    expect(all).toContain('rd_ratio_pct');
    expect(on).not.toContain('rd_ratio_pct');
    expect(on[0]).toBe('registered_capital_wan');
  });

  // Ensure reasons are words built from the rule and the profile, with the actual value.
  it('reasons in words', () => {
    const d = check(handbook, { ...profile, high_pollution: true }, { on: '2026-11-30' }).decisions;
    expect(d.find((x) => x.id === 'reward.contribution')!.reasons).toEqual(['属于回归项目 ✓', '到位资金 12000万元 ≥ 10000万元 ✓']);
    expect(d.find((x) => x.id === 'reward.green-land')!.reasons).toContain('不属于重污染、高耗能行业 ✗');
  });

  // Ensure the report keeps the contract's keys and filters with `only`, the summary staying whole.
  it('toReport', () => {
    const result = check(handbook, profile, { on: '2026-11-30' });
    const r = toReport(handbook, result, { name: '甲', only: ['eligible'] });
    expect(Object.keys(r)).toEqual(['handbook', 'name', 'on', 'results', 'summary']);
    expect(r.results.map((x) => x.id)).toEqual(['reward.contribution']);
    expect(Object.keys(r.results[0]!)).toEqual(['id', 'policy', 'title', 'status', 'amount', 'missing', 'reasons', 'toQualify', 'nextTier', 'source']);
    expect(r.summary).toEqual({ eligible: 1, ineligible: 0, undetermined: 2, not_in_force: 2 });
  });

  // Ensure an explanation marks the tier check() chose, and clause labels read as printed.
  it('explain picks the tier check() picks', () => {
    const p = { ...profile, registered_capital_wan: 20000 };
    const e = explain(handbook, p, check(handbook, p, { on: '2026-11-30' }), 'reward.settlement')!;
    expect(e.tiers.map((t) => [t.condition, t.value, t.chosen])).toEqual([
      ['注册资本 ≥ 100000万元', false, false],
      ['注册资本 ≥ 10000万元', true, true],
      ['注册资本 ≥ 5000万元', true, false],
    ]);
    expect(e.clause).toBe('一（二）');
    expect(clauseLabel(e.policy, 'reward.1')).toBe('一');
  });
});
