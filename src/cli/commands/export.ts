//! `handbook export --sql [FILE]`: every provision compiled into one SQL query over a table
//! of enterprise profiles (one column per fact), or with `--ddl` that table's CREATE TABLE.
//! Thin shell over src/export/sql.ts (loaded lazily); to stdout, or to FILE atomically.

import type { Command } from 'commander';
import { STDOUT_PATH, outputPathsOk, writeOutput } from '../output.js';
import { suggestion } from '../../diagnostics/index.js';
import { EXIT_INPUT, EXIT_OK, err, handbookOptions, out, requireHandbook, type HandbookOptions } from '../context.js';
import { parseOn, usage } from '../options.js';
import { writeErr, shownText } from '../terminal-text.js';
import { shownPath } from '../written-files.js';

interface ExportOptions extends HandbookOptions {
  sql?: string | boolean;
  ddl?: boolean;
  table?: string;
  dialect?: string;
  on?: string;
  name: boolean;
}

/** Names accepted by --dialect → the dialect written. */
const DIALECTS: Record<string, 'ansi' | 'spark' | 'clickhouse'> = {
  ansi: 'ansi',
  postgresql: 'ansi',
  postgres: 'ansi',
  trino: 'ansi',
  sqlite: 'ansi',
  duckdb: 'ansi',
  spark: 'spark',
  clickhouse: 'clickhouse',
};

export function registerExport(program: Command): void {
  handbookOptions(
    program
      .command('export')
      .description('导出手册：--sql 把全部条目的适用规则编译为一条标准 SQL 查询（或 --ddl 建表语句）')
      .option('--sql [file]', '导出 SQL；给出 FILE 时写入该文件（原子写入），否则（或 FILE 为 -）输出到标准输出')
      .option('--ddl', '改为输出企业画像表的 CREATE TABLE 语句（每个事实一列）')
      .option('--table <name>', '表名，可带库名如 analytics.enterprises（默认：enterprises）')
      .option('--dialect <name>', 'SQL 方言：ansi（默认；PostgreSQL、SQLite、DuckDB、Trino）、spark（Spark SQL）、clickhouse')
      .option('--on <YYYY-MM-DD>', '按该日期判断有效期：不在有效期内的条目为 not_in_force（默认不考虑有效期）')
      .option('--no-name', '表中没有 name 列：查询只给出各条目的状态'),
  )
    .addHelpText(
      'after',
      `
示例：
  $ handbook export --sql --ddl > 建表.sql                 企业画像表（每个事实一列，NULL 为未知）
  $ handbook export --sql > 适用状态.sql                    每家企业每个条目的状态
  $ handbook export --sql 适用状态.sql --table analytics.enterprises --on 2026-11-30
  $ handbook export --sql --dialect clickhouse | clickhouse-client --multiquery
  $ psql -d 数据库 -f 适用状态.sql --csv > 结果.csv

状态：eligible 符合、ineligible 不符合、undetermined 待定（所需事实未知）、not_in_force 不在有效期内（仅 --on）。
各数据库的用法见 docs/SQL.md。`,
    )
    .action(async (opts: ExportOptions) => {
      if (opts.sql === undefined) {
        usage('请指定导出格式：--sql（目前唯一的格式）。\n（使用 handbook export --help 查看用法）');
        return;
      }
      if (typeof opts.sql === 'string' && !outputPathsOk([opts.sql])) return;
      const dialectName = opts.dialect ?? 'ansi';
      const table = opts.table ?? 'enterprises';
      const dialect = DIALECTS[dialectName.toLowerCase()];
      if (!dialect) {
        usage(`--dialect "${dialectName}" 无法识别，应为 ansi、postgresql、sqlite、duckdb、trino、spark 或 clickhouse 之一${suggestion(dialectName, Object.keys(DIALECTS))}`);
        return;
      }
      const on = opts.on === undefined ? undefined : parseOn(opts.on);
      if (opts.on !== undefined && on === undefined) return;
      const sql = await import('../../export/sql.js');
      const tableProblem = sql.tableNameProblem(table);
      if (tableProblem) {
        usage(tableProblem);
        return;
      }
      const { handbook } = await requireHandbook(opts);
      if (!handbook) {
        process.exitCode = EXIT_INPUT;
        return;
      }
      const options = { table, dialect, name: opts.name, ...(on ? { on } : {}) };
      let text: string;
      try {
        text = opts.ddl ? sql.exportSqlDdl(handbook, options) : sql.exportSqlQuery(handbook, options);
      } catch (e) {
        if (!(e instanceof sql.SqlExportError)) throw e;
        writeErr(err.red(shownText(`无法导出 SQL：${e.message}`)) + '\n');
        process.exitCode = EXIT_INPUT;
        return;
      }
      if (typeof opts.sql === 'string' && opts.sql !== STDOUT_PATH) {
        const target = writeOutput(opts.sql, text);
        if (target === undefined) return;
        const n = handbook.policies.reduce((s, p) => s + p.provisions.length, 0);
        const what = opts.ddl ? `建表语句，${handbook.facts.length} 个事实列` : `查询，${n} 个条目`;
        writeErr(out.green(shownText(`已写出 ${shownPath(target)}（${what}，方言 ${dialect}）`)) + '\n');
      } else {
        process.stdout.write(text);
      }
      process.exitCode = EXIT_OK;
    });
}
