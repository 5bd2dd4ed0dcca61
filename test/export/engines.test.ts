// `handbook export --sql` on the engines besides one PostgreSQL server (postgres.test.ts): a
// sharded PostgreSQL (a coordinator whose table is partitioned by hash of `name` into two
// postgres_fdw foreign tables on two more private servers), SQLite (Debian's sqlite3 shell) and
// DuckDB (@duckdb/node-api). On each, the table the export's `--ddl` creates is loaded with the
// same 10,000 generated profiles of the bundled handbook, the exported query runs unchanged
// (the exact text the CLI printed), and every status is compared with `check --batch` on the
// same CSV, row by row and provision by provision; then every combination of values of the
// operator fixture is compared with the evaluator. An engine that is not installed is skipped
// with the reason; every server and temporary directory is removed in afterAll.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { POLICIES, runCli } from '../helpers/cli.js';
import {
  batchStatuses,
  compareStatuses,
  findDuckdb,
  findPostgres,
  findSqlite,
  generateProfiles,
  partitionedDdl,
  postgresVersion,
  profilesCsv,
  runDuckdb,
  runSqlite,
  startShardedPostgres,
  type Row,
  type ShardedPostgres,
} from '../../bench/sql-engines.js';
import { compileOrFail, crossProduct, evaluatorStatuses, exportedSql, OPS_VALUES, provisionIds } from './engines.js';

const OPS = fileURLToPath(new URL('./fixtures/ops/', import.meta.url));
const ON = '2026-11-30';
const OPS_ON = '2012-06-01';
const ROWS = 10_000;

const handbook = compileOrFail(POLICIES);
const ids = provisionIds(handbook);
const columns = ['name', ...handbook.facts.map((f) => f.id)];
// Booleans as 1/0: what every engine loads as a boolean (SQLite's .import included) and check --batch reads.
const profiles = generateProfiles(handbook, ROWS, 20261130);
const csv = profilesCsv(handbook, profiles, 'digits');
const ops = compileOrFail(OPS);
const opsRows = crossProduct(OPS_VALUES).map((profile, i) => ({ name: `p${i}`, profile }));
const opsCsv = profilesCsv(ops, opsRows, 'digits');

let work: string | undefined;
let expected: Map<string, Map<string, string>>;
let bundled: { ddl: string; query: string };
let opsSql: { ddl: string; query: string };

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'handbook-engines-'));
  const csvPath = join(work, 'profiles.csv');
  writeFileSync(csvPath, csv);
  const batch = runCli(['check', '--batch', csvPath, '--on', ON]);
  expect(batch.code, batch.stderr).toBe(0);
  expected = batchStatuses(batch.stdout);
  expect(expected.size).toBe(ROWS);
  bundled = exportedSql(['--on', ON]);
  opsSql = exportedSql(['--dir', OPS, '--table', 'ops_table', '--on', OPS_ON]);
}, 120_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The engine's rows agree with check --batch on every decision, and the data reaches every status. */
function expectSameAsBatch(got: Row[]): void {
  expect(got).toHaveLength(ROWS);
  expect(Object.keys(got[0]!)).toEqual(['name', ...ids]);
  const r = compareStatuses(ids, got, expected);
  expect(r.mismatches).toEqual([]);
  expect(r.decisions).toBe(ROWS * ids.length);
  // Every provision reaches all three outcomes in this data, so the comparison means something.
  for (const [id, statuses] of r.seen) expect([...statuses].sort(), id).toEqual(['eligible', 'ineligible', 'undetermined']);
}

/** The engine's rows for the operator fixture agree with the evaluator on every combination. */
function expectSameAsEvaluator(got: Row[]): void {
  expect(got).toHaveLength(opsRows.length);
  const r = compareStatuses(provisionIds(ops), got, evaluatorStatuses(ops, opsRows, OPS_ON));
  expect(r.mismatches).toEqual([]);
  expect(r.decisions).toBe(opsRows.length * provisionIds(ops).length);
}

const pgFound = findPostgres();
const shardSkip = 'reason' in pgFound ? pgFound.reason : pgFound.fdw ? undefined : 'postgres_fdw is not installed (it comes with Debian\'s postgresql package)';

describe.skipIf(shardSkip !== undefined)('export --sql on PostgreSQL sharded with postgres_fdw (a coordinator and two shards)', () => {
  let pg: ShardedPostgres | undefined;
  beforeAll(() => {
    if ('bin' in pgFound) pg = startShardedPostgres(pgFound.bin, 2);
    try {
      pg!.load({ ddl: bundled.ddl, csv });
      pg!.load({ ddl: opsSql.ddl, csv: opsCsv, table: 'ops_table' });
    } catch (e) {
      pg?.stop(); // the servers go even if a hook after a failed beforeAll did not run
      throw e;
    }
    console.info(`test/export/engines.test.ts: PostgreSQL ${postgresVersion(pg!.coordinator)} × 3 servers, postgres_fdw`);
  }, 180_000);
  afterAll(() => pg?.stop());

  it('keeps the rows on the shards: the coordinator\'s partitions are foreign tables, and each shard holds its part', () => {
    // Ensure the data really is sharded: no rows on the coordinator itself, both shards non-empty, all 10,000 there.
    const parts = pg!.coordinator.run(
      `SELECT c.relname, c.relkind, s.srvname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_foreign_table f ON f.ftrelid = c.oid JOIN pg_foreign_server s ON s.oid = f.ftserver WHERE i.inhparent = '"enterprises"'::regclass ORDER BY 1`,
    );
    expect(parts.trim().split('\n')).toEqual(['relname,relkind,srvname', 'enterprises_shard0,f,enterprises_shard0', 'enterprises_shard1,f,enterprises_shard1']);
    const counts = pg!.shardCounts();
    expect(counts.every((n) => n > ROWS / 4), String(counts)).toBe(true);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(ROWS);
    expect(pg!.coordinator.run('SELECT count(*) AS n FROM ONLY "enterprises"').trim()).toBe('n\n0');
    // The coordinator's table is the exported DDL made partitioned, nothing else (docs/SQL.md's sed).
    expect(partitionedDdl(bundled.ddl).replace(') PARTITION BY HASH ("name");', ');')).toBe(bundled.ddl);
  });

  it('runs the exported query unchanged on the coordinator through both shards, with the same status as check --batch for every row and provision', () => {
    // Ensure the query reads the shards through postgres_fdw, and that sharding changes no status.
    const plan = pg!.coordinator.run(`EXPLAIN ${bundled.query.replace(/;\s*$/, '')}`);
    expect(plan.match(/Foreign Scan/g)?.length, plan).toBe(2);
    expectSameAsBatch(pg!.query(bundled.query));
  }, 120_000);

  it('agrees with the evaluator on every combination of values of the operator fixture, read through the shards', () => {
    // Ensure quotes, NULLs and every operator survive postgres_fdw (conditions may be pushed down to the shards).
    expectSameAsEvaluator(pg!.query(opsSql.query, 'ops_table'));
  }, 60_000);
});

const sqliteFound = findSqlite();
if ('version' in sqliteFound) console.info(`test/export/engines.test.ts: SQLite ${sqliteFound.version} (sqlite3 shell)`);
describe.skipIf('reason' in sqliteFound)('export --sql on SQLite (the sqlite3 shell)', () => {
  it('gives the same status as check --batch for 10,000 profiles loaded with .import and empty cells made NULL', () => {
    // Ensure the default dialect runs on SQLite as exported, with SQLite's NULL logic giving the evaluator's answers.
    expectSameAsBatch(runSqlite({ ...bundled, csv, columns }));
  }, 120_000);

  it('agrees with the evaluator on every combination of values of the operator fixture', () => {
    // Ensure IN/NOT IN with NULL, quotes, a backslash and booleans stored as 1/0 mean the same in SQLite.
    expectSameAsEvaluator(runSqlite({ ...opsSql, csv: opsCsv, columns: ['name', ...ops.facts.map((f) => f.id)], table: 'ops_table' }));
  }, 60_000);

  it('without the NULLIF step would be wrong: an empty cell is text, not unknown (why docs/SQL.md has it)', () => {
    // Ensure the documented UPDATE is needed: with '' left in a number column, '' > 0 is true in SQLite.
    const got = runSqlite({ ...opsSql, csv: 'name,origin,amount,contact,flag_a,flag_b\nempty,,,,,\n', columns: ['name'], table: 'ops_table' });
    expect(got[0]!['ops.gt']).toBe('eligible');
    const fixed = runSqlite({ ...opsSql, csv: 'name,origin,amount,contact,flag_a,flag_b\nempty,,,,,\n', columns: ['name', ...ops.facts.map((f) => f.id)], table: 'ops_table' });
    expect(fixed[0]!['ops.gt']).toBe('undetermined');
  });
});

const duckFound = await findDuckdb();
if ('version' in duckFound) console.info(`test/export/engines.test.ts: DuckDB ${duckFound.version} (@duckdb/node-api)`);
describe.skipIf('reason' in duckFound)('export --sql on DuckDB (@duckdb/node-api)', () => {
  it('gives the same status as check --batch for 10,000 profiles loaded with COPY … FROM', async () => {
    // Ensure the default dialect runs on DuckDB as exported.
    expectSameAsBatch(await runDuckdb({ ...bundled, csv }));
  }, 120_000);

  it('agrees with the evaluator on every combination of values of the operator fixture', async () => {
    // Ensure DuckDB's IN, NOT IN and string literals give the evaluator's answers, NULLs included.
    expectSameAsEvaluator(await runDuckdb({ ...opsSql, csv: opsCsv, table: 'ops_table' }));
  }, 60_000);
});

for (const [engine, found] of [
  ['sharded PostgreSQL', shardSkip === undefined ? {} : { reason: shardSkip }],
  ['SQLite', sqliteFound],
  ['DuckDB', duckFound],
] as const) {
  if ('reason' in found) {
    console.warn(`test/export/engines.test.ts: ${engine} skipped: ${found.reason}`);
    describe(`export --sql on ${engine} (skipped)`, () => {
      it.skip(`needs ${engine}: ${found.reason}`, () => {});
    });
  }
}
