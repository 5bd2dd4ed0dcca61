//! The handbook as SQL: every provision's rule compiled into one standard SQL query.
//! In: a Handbook and options (table, dialect, optional date). Out: SQL text — a SELECT
//! over a table with one column per fact (named by the fact id, NULL = unknown) and an
//! optional `name`, giving `name` and one status column per provision ('eligible',
//! 'ineligible', 'undetermined'; 'not_in_force' only with a date); or the CREATE TABLE
//! statement of that table. SQL's NULL logic is the evaluator's Kleene logic, so a rule
//! maps to a boolean expression e and the status is
//! `CASE WHEN e THEN 'eligible' WHEN NOT e THEN 'ineligible' ELSE 'undetermined' END`.
//! Derived facts are expanded inline (the most portable form). Pure: no I/O.

import type { DerivedFact, Fact, FactType, Handbook, Rule, Scalar } from '../model/index.js';
import { operator, type SqlDialect } from '../eligibility/operators.js';
import { inForce } from '../eligibility/check.js';

/**
 * The SQL dialects written. `ansi`: standard SQL, double-quoted identifiers (PostgreSQL,
 * SQLite, DuckDB, Trino). `spark`: backquoted identifiers, backslash-escaped strings (Spark SQL, Databricks).
 * `clickhouse`: Nullable column types and `IN` spelt out as `=` … `OR` (ClickHouse's `IN`
 * is false, not NULL, for a NULL value).
 */
export type { SqlDialect };

export const SQL_DIALECTS: readonly SqlDialect[] = ['ansi', 'spark', 'clickhouse'];

export interface SqlExportOptions {
  /** The table's name; dotted parts (`analytics.enterprises`) are quoted one by one. Default `enterprises`. */
  table?: string;
  /** Default `ansi`. */
  dialect?: SqlDialect;
  /**
   * A date (YYYY-MM-DD): provisions of policies not in force on it get the constant
   * 'not_in_force'. Without it the export ignores dates: every policy counts as in force.
   */
  on?: string;
  /** The table has a `name` column, selected first (default true). */
  name?: boolean;
}

/** A handbook the SQL cannot express (a non-finite number in a rule). */
export class SqlExportError extends Error {}

export const DEFAULT_TABLE = 'enterprises';

/** The statuses the query can give. */
export const SQL_STATUSES = ['eligible', 'ineligible', 'undetermined', 'not_in_force'] as const;

/** Quotes one identifier for the dialect: `"a""b"` (ansi, clickhouse) or `` `a``b` `` (spark). */
export function quoteIdentifier(id: string, dialect: SqlDialect = 'ansi'): string {
  if (dialect === 'spark') return '`' + id.replaceAll('`', '``') + '`';
  if (dialect === 'clickhouse') return '"' + id.replaceAll('\\', '\\\\').replaceAll('"', '\\"') + '"';
  return '"' + id.replaceAll('"', '""') + '"';
}

/**
 * A string literal. Standard SQL doubles single quotes; Spark SQL and ClickHouse also
 * read backslash escapes inside literals, so there backslashes are doubled too (and Spark,
 * which joins adjacent literals `'a''b'` into `ab`, gets `\'`).
 */
export function sqlString(value: string, dialect: SqlDialect = 'ansi'): string {
  if (dialect === 'spark') return "'" + value.replaceAll('\\', '\\\\').replaceAll("'", "\\'") + "'";
  if (dialect === 'clickhouse') return "'" + value.replaceAll('\\', '\\\\').replaceAll("'", "''") + "'";
  return "'" + value.replaceAll("'", "''") + "'";
}

/** A rule's value as an SQL literal. */
export function sqlLiteral(value: Scalar, dialect: SqlDialect = 'ansi'): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new SqlExportError(`规则中的数值 ${String(value)} 无法写成 SQL`);
    // JavaScript's shortest round-trip form (12000, 6.5, 1e-7) is a valid numeric literal everywhere.
    return String(value);
  }
  return sqlString(value, dialect);
}

/** The table name, each dotted part quoted. */
export function quoteTableName(table: string, dialect: SqlDialect = 'ansi'): string {
  return table
    .split('.')
    .map((part) => quoteIdentifier(part, dialect))
    .join('.');
}

/** Why a `--table` value is not usable, or undefined when it is. */
export function tableNameProblem(table: string): string | undefined {
  if (table.split('.').some((part) => part.trim() === '')) return `表名 "${table}" 不可用：不能为空，各部分（以 . 分隔）也不能为空`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(table)) return `表名 "${table.replace(/[\u0000-\u001f\u007f]/g, '?')}" 不可用：含有控制字符`;
  return undefined;
}

interface Compiler {
  facts: ReadonlyMap<string, Fact>;
  derived: ReadonlyMap<string, DerivedFact>;
  dialect: SqlDialect;
}

/** A typed NULL boolean: the value of a rule that can never be known (an undeclared fact). */
function unknown(dialect: SqlDialect): string {
  return dialect === 'clickhouse' ? 'CAST(NULL AS Nullable(Bool))' : 'CAST(NULL AS BOOLEAN)';
}

function compileCompare(rule: Extract<Rule, { kind: 'compare' }>, c: Compiler): string {
  if (!c.facts.has(rule.fact)) return unknown(c.dialect);
  const col = quoteIdentifier(rule.fact, c.dialect);
  const values = Array.isArray(rule.value) ? rule.value : [rule.value];
  return operator(rule.op).sql(col, values.map((v) => sqlLiteral(v, c.dialect)), c.dialect);
}

/**
 * A rule as an SQL boolean expression over the fact columns: true, false, or NULL when
 * unknown, exactly as the evaluator's three-valued result. Compound parts are bracketed.
 *
 * @example
 * ruleToSql({ kind: 'compare', fact: 'paid_in_wan', op: 'gte', value: 10000 }, handbook);
 * // '"paid_in_wan" >= 10000'
 */
export function ruleToSql(rule: Rule, handbook: Pick<Handbook, 'facts' | 'derived'>, dialect: SqlDialect = 'ansi'): string {
  return compile(rule, { facts: new Map(handbook.facts.map((f) => [f.id, f])), derived: new Map(handbook.derived.map((d) => [d.id, d])), dialect }, []);
}

function compile(rule: Rule, c: Compiler, expanding: readonly string[]): string {
  switch (rule.kind) {
    case 'all':
    case 'any': {
      if (rule.of.length === 0) return rule.kind === 'all' ? 'TRUE' : 'FALSE';
      if (rule.of.length === 1) return compile(rule.of[0]!, c, expanding);
      return `(${rule.of.map((r) => compile(r, c, expanding)).join(rule.kind === 'all' ? ' AND ' : ' OR ')})`;
    }
    case 'not': {
      const inner = compile(rule.of, c, expanding);
      return bracketed(rule.of, c) ? `NOT ${inner}` : `NOT (${inner})`;
    }
    case 'fact':
      return c.facts.has(rule.fact) ? quoteIdentifier(rule.fact, c.dialect) : unknown(c.dialect);
    case 'derived': {
      const d = c.derived.get(rule.name);
      // Unknown or cyclic (the validator refuses both): unknown, as the evaluator says.
      if (!d || expanding.includes(rule.name)) return unknown(c.dialect);
      const inner = compile(d.rule, c, [...expanding, rule.name]);
      // The derived fact's label as a block comment (all four engines read /* */; PostgreSQL nests them,
      // so neither /* nor */ may appear inside).
      return `/* ${d.label.replace(/\*\//g, '* /').replace(/\/\*/g, '/ *').replace(/[\r\n\u2028\u2029]+/g, ' ')} */ ${bracketed(d.rule, c) ? inner : `(${inner})`}`;
    }
    case 'compare':
      return compileCompare(rule, c);
  }
}

/** Does the rule's SQL come in one pair of brackets already (so `NOT` needs none)? */
function bracketed(rule: Rule, c: Compiler): boolean {
  if (rule.kind === 'all' || rule.kind === 'any') return rule.of.length === 1 ? bracketed(rule.of[0]!, c) : rule.of.length > 1;
  // A derived fact is `/* label */ (…)`; an unknown or cyclic one a CAST(…), which NOT also takes as it is.
  return rule.kind === 'derived' && c.derived.has(rule.name);
}

/** Text safe inside a `--` comment: one line. */
function commentText(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}

function header(handbook: Handbook, lines: string[]): string[] {
  return [`-- ${commentText(`${handbook.meta.title} ${handbook.meta.version}`)}`, ...lines.map((l) => `-- ${l}`)];
}

/**
 * The query: `name` (unless `name: false`) and one status column per provision, named by
 * the provision id, in handbook order.
 *
 * @example
 * const sql = exportSqlQuery(handbook, { table: 'enterprises' });
 * // SELECT "name", CASE WHEN … THEN 'eligible' WHEN NOT (…) THEN 'ineligible' ELSE 'undetermined' END AS "land.quota-priority", …
 */
export function exportSqlQuery(handbook: Handbook, options: SqlExportOptions = {}): string {
  const dialect = options.dialect ?? 'ansi';
  const c: Compiler = { facts: new Map(handbook.facts.map((f) => [f.id, f])), derived: new Map(handbook.derived.map((d) => [d.id, d])), dialect };
  const columns: string[] = [];
  if (options.name !== false) columns.push(`  ${quoteIdentifier('name', dialect)}`);
  for (const policy of handbook.policies) {
    const inForceOn = options.on === undefined || inForce(policy, options.on);
    for (const provision of policy.provisions) {
      const alias = quoteIdentifier(provision.id, dialect);
      const note = `  -- ${commentText(`${provision.title}：《${policy.title}》${provision.clause}`)}`;
      if (!inForceOn) {
        columns.push(`${note}\n  'not_in_force' AS ${alias}`);
        continue;
      }
      const e = compile(provision.rule, c, []);
      const negated = bracketed(provision.rule, c) ? `NOT ${e}` : `NOT (${e})`;
      columns.push(
        `${note}\n  CASE\n    WHEN ${e} THEN 'eligible'\n    WHEN ${negated} THEN 'ineligible'\n    ELSE 'undetermined'\n  END AS ${alias}`,
      );
    }
  }
  if (columns.length === 0) throw new SqlExportError('手册中没有任何条目，无法导出查询');
  const dates =
    options.on === undefined
      ? '不考虑政策有效期：所有条目都按有效计算（加 --on YYYY-MM-DD 则不在有效期内的条目为 not_in_force）'
      : `日期 ${options.on}：不在有效期内的条目为 not_in_force`;
  return [
    ...header(handbook, [
      '每家企业每个条目的适用状态（handbook export --sql）',
      '状态：eligible 符合；ineligible 不符合；undetermined 待定（所需事实为 NULL，即未知）',
      dates,
    ]),
    'SELECT',
    columns.join(',\n'),
    `FROM ${quoteTableName(options.table ?? DEFAULT_TABLE, dialect)};`,
    '',
  ].join('\n');
}

const COLUMN_TYPES: Record<SqlDialect, Record<FactType, string>> = {
  // VARCHAR without a length and DOUBLE PRECISION are read by both PostgreSQL and Trino.
  ansi: { boolean: 'BOOLEAN', number: 'DOUBLE PRECISION', enum: 'VARCHAR', string: 'VARCHAR' },
  spark: { boolean: 'BOOLEAN', number: 'DOUBLE', enum: 'STRING', string: 'STRING' },
  clickhouse: { boolean: 'Nullable(Bool)', number: 'Nullable(Float64)', enum: 'Nullable(String)', string: 'Nullable(String)' },
};

function factComment(f: Fact): string {
  const parts = [f.label];
  if (f.unit) parts[0] += `（${f.unit}）`;
  if (f.values) parts.push(`取值：${f.values.join('、')}`);
  if (f.type === 'boolean') parts.push('true/false');
  return commentText(parts.join('；'));
}

/**
 * The CREATE TABLE statement of the table the query reads: `name` (unless `name: false`)
 * and one nullable column per fact, in declared order; NULL means unknown.
 *
 * @example
 * exportSqlDdl(handbook, { dialect: 'clickhouse' }); // CREATE TABLE "enterprises" ( … ) ENGINE = MergeTree ORDER BY tuple();
 */
export function exportSqlDdl(handbook: Handbook, options: SqlExportOptions = {}): string {
  const dialect = options.dialect ?? 'ansi';
  const types = COLUMN_TYPES[dialect];
  const rows: [string, string][] = [];
  if (options.name !== false) rows.push([`${quoteIdentifier('name', dialect)} ${types.string}`, '企业名称']);
  for (const f of handbook.facts) rows.push([`${quoteIdentifier(f.id, dialect)} ${types[f.type]}`, factComment(f)]);
  const width = Math.max(...rows.map(([def]) => def.length)) + 1;
  const body = rows.map(([def, note], i) => `  ${(def + (i < rows.length - 1 ? ',' : '')).padEnd(width)} -- ${note}`);
  const tail = dialect === 'clickhouse' ? ') ENGINE = MergeTree ORDER BY tuple();' : dialect === 'spark' ? ') USING parquet;' : ');';
  return [
    ...header(handbook, ['企业画像表：每个事实一列（列名即事实 id），NULL 表示未知（handbook export --sql --ddl）']),
    `CREATE TABLE ${quoteTableName(options.table ?? DEFAULT_TABLE, dialect)} (`,
    ...body,
    tail,
    '',
  ].join('\n');
}
