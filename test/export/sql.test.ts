// The SQL generator in memory: quoting and escaping per dialect, each operator's SQL,
// derived facts, the query's and the DDL's shape. What the SQL *means* is checked on a
// real PostgreSQL server in postgres.test.ts.
import { describe, expect, it } from 'vitest';
import type { DerivedFact, Fact, Handbook, Policy, Rule } from '../../src/model/index.js';
import {
  exportSqlDdl,
  exportSqlQuery,
  quoteIdentifier,
  quoteTableName,
  ruleToSql,
  sqlString,
  SqlExportError,
  tableNameProblem,
  type SqlDialect,
} from '../../src/export/sql.js';

const at = { file: 'facts.yaml', line: 1, column: 1 };
const fact = (id: string, type: Fact['type'], extra: Partial<Fact> = {}): Fact => ({ id, type, label: id, question: id, source: at, ...extra });
const FACTS: Fact[] = [
  fact('origin', 'enum', { values: ['省外浙商', "O'Neil", '其他'], label: '投资方' }),
  fact('amount', 'number', { unit: '万元', label: '金额' }),
  fact('flag', 'boolean', { label: '标志' }),
  fact('contact', 'string'),
];
const DERIVED: DerivedFact[] = [
  { id: 'qualified', label: '合格', rule: { kind: 'compare', fact: 'amount', op: 'gt', value: 0 }, source: at },
  { id: 'big', label: '大', rule: { kind: 'all', of: [{ kind: 'derived', name: 'qualified' }, { kind: 'fact', fact: 'flag' }] }, source: at },
  { id: 'loop', label: '环', rule: { kind: 'derived', name: 'loop' }, source: at },
];

function policy(id: string, rules: Record<string, Rule>, dates: Partial<Policy> = {}): Policy {
  return {
    id,
    title: `${id} 办法`,
    issuer: '测试',
    date: '2012',
    effective: '2012-01-01',
    provenance: 'confirmed',
    sources: [],
    tags: [],
    file: `${id}.md`,
    preamble: '',
    body: '',
    bodyLine: 1,
    sections: [],
    provisions: Object.entries(rules).map(([slug, rule]) => ({
      id: `${id}.${slug}`,
      policy: id,
      title: slug,
      grants: '',
      rule,
      tiers: [],
      clause: `${id}.1.1`,
      source: { file: `${id}.md`, line: 1, column: 1 },
    })),
    ...dates,
  };
}

function handbook(policies: Policy[]): Handbook {
  return { meta: { title: '测试汇编', publisher: '测试', version: '1' }, facts: FACTS, derived: DERIVED, policies, synonyms: { groups: [] } };
}

const HB = handbook([
  policy('a', { one: { kind: 'fact', fact: 'flag' }, two: { kind: 'compare', fact: 'origin', op: 'in', value: ['省外浙商', "O'Neil"] } }),
  policy('old', { gone: { kind: 'fact', fact: 'flag' } }, { effective: '2010-01-01', expires: '2015-12-31' }),
]);

const sql = (rule: Rule, dialect: SqlDialect = 'ansi') => ruleToSql(rule, HB, dialect);

describe('quoting and escaping', () => {
  it.each([
    ['ansi', 'a"b', '"a""b"'],
    ['spark', 'a`b', '`a``b`'],
    ['clickhouse', 'a"b\\c', '"a\\"b\\\\c"'],
    ['ansi', 'land.quota-priority', '"land.quota-priority"'],
  ] as const)('quotes the %s identifier %s as %s', (dialect, id, expected) => {
    // Ensure an identifier with the dialect's quote character stays one identifier.
    expect(quoteIdentifier(id, dialect)).toBe(expected);
  });

  it.each([
    ['ansi', "it's \\ 好", "'it''s \\ 好'"],
    ['spark', "it's \\ 好", "'it\\'s \\\\ 好'"],
    ['clickhouse', "it's \\ 好", "'it''s \\\\ 好'"],
  ] as const)('escapes a %s string literal with a single quote and a backslash', (dialect, value, expected) => {
    // Ensure a value with ' or \ cannot end the literal early (Spark and ClickHouse read backslash escapes).
    expect(sqlString(value, dialect)).toBe(expected);
  });

  it('quotes each part of a dotted table name and refuses empty parts and control characters', () => {
    // Ensure --table analytics.enterprises names a table in a schema, and bad names are caught before any SQL.
    expect(quoteTableName('analytics.enterprises')).toBe('"analytics"."enterprises"');
    expect(quoteTableName('my db.t', 'spark')).toBe('`my db`.`t`');
    expect(tableNameProblem('analytics.enterprises')).toBeUndefined();
    expect(tableNameProblem('')).toContain('不能为空');
    expect(tableNameProblem('a..b')).toContain('不能为空');
    expect(tableNameProblem('a\nb')).toContain('控制字符');
  });
});

describe('rules as SQL expressions', () => {
  it.each<[string, Rule, string]>([
    ['equals', { kind: 'compare', fact: 'origin', op: 'equals', value: "O'Neil" }, `"origin" = 'O''Neil'`],
    ['not_equals', { kind: 'compare', fact: 'origin', op: 'not_equals', value: '其他' }, `"origin" <> '其他'`],
    ['in', { kind: 'compare', fact: 'origin', op: 'in', value: ['省外浙商', '其他'] }, `"origin" IN ('省外浙商', '其他')`],
    ['not_in', { kind: 'compare', fact: 'origin', op: 'not_in', value: ['其他'] }, `"origin" NOT IN ('其他')`],
    ['gt', { kind: 'compare', fact: 'amount', op: 'gt', value: 6.5 }, `"amount" > 6.5`],
    ['gte', { kind: 'compare', fact: 'amount', op: 'gte', value: 10000 }, `"amount" >= 10000`],
    ['lt', { kind: 'compare', fact: 'amount', op: 'lt', value: -1 }, `"amount" < -1`],
    ['lte', { kind: 'compare', fact: 'amount', op: 'lte', value: 0 }, `"amount" <= 0`],
    ['boolean equals', { kind: 'compare', fact: 'flag', op: 'equals', value: false }, `"flag" = FALSE`],
    ['boolean fact', { kind: 'fact', fact: 'flag' }, `"flag"`],
    ['not', { kind: 'not', of: { kind: 'fact', fact: 'flag' } }, `NOT ("flag")`],
    ['all', { kind: 'all', of: [{ kind: 'fact', fact: 'flag' }, { kind: 'compare', fact: 'amount', op: 'gt', value: 0 }] }, `("flag" AND "amount" > 0)`],
    ['any', { kind: 'any', of: [{ kind: 'fact', fact: 'flag' }, { kind: 'compare', fact: 'amount', op: 'gt', value: 0 }] }, `("flag" OR "amount" > 0)`],
    ['not of a group', { kind: 'not', of: { kind: 'any', of: [{ kind: 'fact', fact: 'flag' }, { kind: 'fact', fact: 'flag' }] } }, `NOT ("flag" OR "flag")`],
    ['one-item group', { kind: 'all', of: [{ kind: 'fact', fact: 'flag' }] }, `"flag"`],
    ['empty all', { kind: 'all', of: [] }, 'TRUE'],
    ['empty any', { kind: 'any', of: [] }, 'FALSE'],
    ['empty in list', { kind: 'compare', fact: 'origin', op: 'in', value: [] }, `("origin" <> "origin")`],
    ['empty not_in list', { kind: 'compare', fact: 'origin', op: 'not_in', value: [] }, `("origin" = "origin")`],
  ])('writes %s', (_name, rule, expected) => {
    // Ensure each rule node maps to the SQL operator with the same three-valued meaning.
    expect(sql(rule)).toBe(expected);
  });

  it('expands derived facts inline, nested ones too, with their labels as comments', () => {
    // Ensure a derived fact is its rule (NULL-propagating like any other), not a column that does not exist.
    expect(sql({ kind: 'derived', name: 'big' })).toBe('/* 大 */ (/* 合格 */ ("amount" > 0) AND "flag")');
    expect(sql({ kind: 'not', of: { kind: 'derived', name: 'qualified' } })).toBe('NOT /* 合格 */ ("amount" > 0)');
  });

  it('writes unknown (a typed NULL) for an undeclared fact, an unknown derived fact and a cycle, as the evaluator does', () => {
    // Ensure the generator never loops or names a missing column for input the validator would refuse.
    expect(sql({ kind: 'fact', fact: 'nope' })).toBe('CAST(NULL AS BOOLEAN)');
    expect(sql({ kind: 'derived', name: 'nope' })).toBe('CAST(NULL AS BOOLEAN)');
    expect(sql({ kind: 'derived', name: 'loop' })).toBe('/* 环 */ CAST(NULL AS BOOLEAN)');
    expect(sql({ kind: 'compare', fact: 'nope', op: 'gt', value: 1 }, 'clickhouse')).toBe('CAST(NULL AS Nullable(Bool))');
  });

  it('spells IN and NOT IN out as comparisons for ClickHouse, where NULL IN (…) is 0, not NULL', () => {
    // Ensure an unknown enum stays unknown on ClickHouse instead of turning "not in" true.
    expect(sql({ kind: 'compare', fact: 'origin', op: 'in', value: ['省外浙商', "O'Neil"] }, 'clickhouse')).toBe(`("origin" = '省外浙商' OR "origin" = 'O''Neil')`);
    expect(sql({ kind: 'compare', fact: 'origin', op: 'not_in', value: ['其他'] }, 'clickhouse')).toBe(`NOT ("origin" = '其他')`);
    expect(sql({ kind: 'compare', fact: 'origin', op: 'not_in', value: ['其他', '省外浙商'] }, 'clickhouse')).toBe(`NOT ("origin" = '其他' OR "origin" = '省外浙商')`);
  });

  it('uses backquoted identifiers and backslash-escaped strings for Spark SQL', () => {
    // Ensure the Spark dialect never relies on double-quoted identifiers or doubled quotes (Spark joins 'a''b' into ab).
    expect(sql({ kind: 'compare', fact: 'origin', op: 'in', value: ["O'Neil"] }, 'spark')).toBe("`origin` IN ('O\\'Neil')");
  });

  it('refuses a number that SQL cannot write', () => {
    // Ensure an infinite threshold is an error, not the invalid literal Infinity.
    expect(() => sql({ kind: 'compare', fact: 'amount', op: 'gt', value: Infinity })).toThrow(SqlExportError);
  });
});

describe('the query', () => {
  it('selects name, then one CASE per provision in handbook order, aliased by the provision id, from the table', () => {
    // Ensure the query's columns are the contract: name and the provision ids, in order.
    const q = exportSqlQuery(HB, { table: 'analytics.enterprises' });
    const aliases = [...q.matchAll(/ AS ("[^"]+")/g)].map((m) => m[1]);
    expect(aliases).toEqual(['"a.one"', '"a.two"', '"old.gone"']);
    expect(q).toMatch(/^SELECT\n {2}"name",\n/m);
    expect(q).toContain(`CASE\n    WHEN "flag" THEN 'eligible'\n    WHEN NOT ("flag") THEN 'ineligible'\n    ELSE 'undetermined'\n  END AS "a.one"`);
    expect(q.trimEnd().endsWith('FROM "analytics"."enterprises";')).toBe(true);
    expect(q).not.toContain('not_in_force\' AS');
  });

  it('gives the constant not_in_force to provisions of policies out of force on the date asked', () => {
    // Ensure --on decides validity as check does; in-force provisions keep their CASE.
    const q = exportSqlQuery(HB, { on: '2026-11-30' });
    expect(q).toContain(`'not_in_force' AS "old.gone"`);
    expect(q).toContain('END AS "a.one"');
    expect(exportSqlQuery(HB, { on: '2012-06-01' })).not.toContain(`'not_in_force' AS`);
  });

  it('leaves out name with name: false, and the default table is enterprises', () => {
    // Ensure --no-name gives a query for a table without a name column.
    const q = exportSqlQuery(HB, { name: false });
    expect(q).not.toContain('"name"');
    expect(q).toMatch(/^SELECT\n {2}-- one/m);
    expect(q).toContain('FROM "enterprises";');
  });

  it('keeps a title with a line break inside its comment', () => {
    // Ensure text from the handbook cannot escape a -- comment and become SQL.
    const evil = handbook([policy('x', { y: { kind: 'fact', fact: 'flag' } })]);
    evil.policies[0]!.provisions[0]!.title = '标题\nDROP TABLE enterprises; --';
    const q = exportSqlQuery(evil);
    expect(q.split('\n').filter((l) => l.includes('DROP TABLE'))).toEqual(['  -- 标题 DROP TABLE enterprises; --：《x 办法》x.1.1']);
  });

  it('refuses to write an empty SELECT list (no provisions and no name)', () => {
    // Ensure the query is always valid SQL: a handbook without provisions still selects name, or is refused.
    expect(exportSqlQuery(handbook([]))).toContain('SELECT\n  "name"\nFROM "enterprises";');
    expect(() => exportSqlQuery(handbook([]), { name: false })).toThrow(SqlExportError);
  });
});

describe('the CREATE TABLE statement', () => {
  it.each([
    ['ansi', ['"name" VARCHAR', '"origin" VARCHAR', '"amount" DOUBLE PRECISION', '"flag" BOOLEAN', '"contact" VARCHAR'], ');'],
    ['spark', ['`name` STRING', '`origin` STRING', '`amount` DOUBLE', '`flag` BOOLEAN', '`contact` STRING'], ') USING parquet;'],
    [
      'clickhouse',
      ['"name" Nullable(String)', '"origin" Nullable(String)', '"amount" Nullable(Float64)', '"flag" Nullable(Bool)', '"contact" Nullable(String)'],
      ') ENGINE = MergeTree ORDER BY tuple();',
    ],
  ] as const)('declares name and one nullable column per fact, in declared order, for %s', (dialect, columns, tail) => {
    // Ensure every fact has a column of a type the dialect knows, NULL allowed (= unknown).
    const ddl = exportSqlDdl(HB, { dialect, table: 'enterprises' });
    const defs = ddl
      .split('\n')
      .filter((l) => l.startsWith('  '))
      .map((l) => l.replace(/,?\s*--.*$/, '').trim());
    expect(defs).toEqual(columns);
    expect(ddl.trimEnd().endsWith(tail)).toBe(true);
    expect(ddl).toContain(`CREATE TABLE ${quoteIdentifier('enterprises', dialect)} (`);
  });

  it('comments each column with its label, unit and allowed values, and leaves name out with name: false', () => {
    // Ensure the DDL says what to put in each column; --no-name drops the name column.
    const ddl = exportSqlDdl(HB);
    expect(ddl).toMatch(/"origin" VARCHAR, +-- 投资方；取值：省外浙商、O'Neil、其他/);
    expect(ddl).toMatch(/"amount" DOUBLE PRECISION, +-- 金额（万元）/);
    expect(ddl).toMatch(/"contact" VARCHAR +-- contact\n\);/);
    expect(exportSqlDdl(HB, { name: false })).not.toContain('"name"');
  });
});
