// `handbook export --sql` against a real PostgreSQL server that this file starts itself
// (bench/sql-engines.js starts it): the exported DDL creates the table, the profiles go in through psql's
// \copy, the exported query runs, and every status is compared with the evaluator's —
// `check --batch` through the real CLI for 10,000 generated profiles of the bundled
// handbook, and every combination of values for a fixture that uses every operator.
// Skipped, with the reason, when the PostgreSQL server binaries are not installed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { Profile } from '../../src/model/index.js';
import { check } from '../../src/eligibility/check.js';
import { POLICIES, runCli } from '../helpers/cli.js';
// The server, the generator and the CSV reader are shared with test/export/engines.test.ts and bench/sql.js.
import { findPostgres, generateProfiles, parseCsv, profilesCsv as toCsv, startPostgres, writeShared, type Postgres } from '../../bench/sql-engines.js';
import { compileOrFail, crossProduct, OPS_VALUES } from './engines.js';

const OPS = fileURLToPath(new URL('./fixtures/ops/', import.meta.url));
const ON = '2026-11-30';
const found = findPostgres();
const skipReason = 'reason' in found ? found.reason : undefined;

/** Creates the table with the exported DDL, loads the CSV with \copy, runs the exported query. */
function runExport(pg: Postgres, table: string, extra: string[], csv: string): Record<string, string>[] {
  const ddl = runCli(['export', '--sql', '--ddl', '--table', table, ...extra]);
  expect(ddl.code, ddl.stderr).toBe(0);
  const query = runCli(['export', '--sql', '--table', table, ...extra]);
  expect(query.code, query.stderr).toBe(0);
  const csvPath = writeShared(pg, `${table}.csv`, csv);
  const load = writeShared(pg, `${table}-load.sql`, `${ddl.stdout}\\copy "${table}" FROM '${csvPath}' WITH (FORMAT csv, HEADER true)\n`);
  const loaded = pg.psql(['-f', load]);
  expect(loaded.status, loaded.stderr).toBe(0);
  return parseCsv(pg.runFile(writeShared(pg, `${table}-query.sql`, query.stdout)));
}

describe.skipIf(skipReason !== undefined)('export --sql on PostgreSQL', () => {
  let pg: Postgres;
  beforeAll(() => {
    if ('bin' in found) pg = startPostgres(found.bin);
  }, 120_000);
  afterAll(() => pg?.stop());

  it('gives, for 10,000 generated profiles with unknowns, the same status as check --batch for every provision', () => {
    // Ensure the SQL and the evaluator agree provision by provision on the bundled handbook.
    const handbook = compileOrFail(POLICIES);
    const rows = generateProfiles(handbook, 10_000, 20261130);
    const csv = toCsv(handbook, rows);
    const csvPath = writeShared(pg, 'profiles.csv', csv);
    const batch = runCli(['check', '--batch', csvPath, '--on', ON]);
    expect(batch.code, batch.stderr).toBe(0);
    const expected = new Map<string, Map<string, string>>();
    for (const line of batch.stdout.trim().split('\n')) {
      const j = JSON.parse(line) as { name: string; results: { id: string; status: string }[] };
      expected.set(j.name, new Map(j.results.map((r) => [r.id, r.status])));
    }
    expect(expected.size).toBe(10_000);

    const got = runExport(pg, 'enterprises', ['--on', ON], csv);
    expect(got).toHaveLength(10_000);
    const ids = handbook.policies.flatMap((p) => p.provisions.map((pr) => pr.id));
    expect(Object.keys(got[0]!)).toEqual(['name', ...ids]);
    const mismatches: string[] = [];
    const seen = new Map(ids.map((id) => [id, new Set<string>()]));
    for (const row of got) {
      const want = expected.get(row['name']!);
      expect(want, `row ${row['name']} missing from check --batch`).toBeDefined();
      for (const id of ids) {
        seen.get(id)!.add(row[id]!);
        if (row[id] !== want!.get(id)) mismatches.push(`${row['name']} ${id}: SQL ${row[id]}, check ${want!.get(id)}`);
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
    // The data reaches every outcome of every provision, so the comparison means something.
    for (const [id, statuses] of seen) expect([...statuses].sort(), id).toEqual(['eligible', 'ineligible', 'undetermined']);
  }, 120_000);

  it('agrees with the evaluator on every combination of values for every operator, quotes and NULLs included', () => {
    // Ensure each operator, boolean facts, not/any/all, nested derived facts and quoted values mean the same in SQL.
    const handbook = compileOrFail(OPS);
    const profiles = crossProduct(OPS_VALUES);
    const rows = profiles.map((profile, i) => ({ name: `p${i}`, profile }));
    const got = runExport(pg, 'ops_table', ['--dir', OPS, '--on', '2012-06-01'], toCsv(handbook, rows));
    expect(got).toHaveLength(rows.length);
    const byName = new Map(got.map((r) => [r['name']!, r]));
    const mismatches: string[] = [];
    for (const { name, profile } of rows) {
      for (const d of check(handbook, profile, { on: '2012-06-01', reasons: false }).decisions) {
        const sql = byName.get(name)![d.id];
        if (sql !== d.status) mismatches.push(`${JSON.stringify(profile)} ${d.id}: SQL ${sql}, evaluator ${d.status}`);
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  }, 120_000);

  it('marks provisions of policies out of force on --on as not_in_force, and ignores dates without it', () => {
    // Ensure --on gives not_in_force exactly where check does, and no date means every policy counts.
    const handbook = compileOrFail(OPS);
    const rows = [{ name: 'a', profile: { flag_b: true } as Profile }];
    const dated = runExport(pg, 'dated', ['--dir', OPS, '--on', '2020-01-01'], toCsv(handbook, rows));
    expect(dated[0]!['old.flag']).toBe('not_in_force');
    expect(dated[0]!['ops.not']).toBe('ineligible');
    const undated = runExport(pg, 'undated', ['--dir', OPS], toCsv(handbook, rows));
    expect(undated[0]!['old.flag']).toBe('eligible');
  }, 60_000);

  it('reads a table without a name column with --no-name, in a schema given as --table schema.table', () => {
    // Ensure --no-name and a qualified table name produce SQL that runs.
    const handbook = compileOrFail(OPS);
    const created = pg.psql(['-c', 'CREATE SCHEMA "my schema"']);
    expect(created.status, created.stderr).toBe(0);
    const ddl = runCli(['export', '--sql', '--ddl', '--no-name', '--dir', OPS, '--table', 'my schema.profiles']);
    const query = runCli(['export', '--sql', '--no-name', '--dir', OPS, '--table', 'my schema.profiles']);
    const insert = `INSERT INTO "my schema"."profiles" ("amount", "flag_a") VALUES (200, true), (NULL, NULL);\n`;
    const setup = pg.psql(['-f', writeShared(pg, 'noname.sql', ddl.stdout + insert)]);
    expect(setup.status, setup.stderr).toBe(0);
    const got = parseCsv(pg.runFile(writeShared(pg, 'noname-query.sql', query.stdout)));
    expect(Object.keys(got[0]!)).toEqual(handbook.policies.flatMap((p) => p.provisions.map((pr) => pr.id)));
    expect(got.map((r) => r['ops.gte'])).toEqual(['eligible', 'undetermined']);
    expect(got.map((r) => r['ops.fact'])).toEqual(['eligible', 'undetermined']);
  }, 60_000);

  it('becomes a view when prefixed with CREATE VIEW … AS, as docs/SQL.md shows', () => {
    // Ensure the documented view recipe runs: the query's leading comments and final ; do not get in the way.
    const rows = [true, false, undefined].map((flag_a, i) => ({ name: `v${i}`, profile: (flag_a === undefined ? {} : { flag_a }) as Profile }));
    runExport(pg, 'view_src', ['--dir', OPS], toCsv(compileOrFail(OPS), rows));
    const query = runCli(['export', '--sql', '--dir', OPS, '--table', 'view_src']);
    const view = pg.psql(['-f', writeShared(pg, 'view.sql', `CREATE VIEW ops_status AS\n${query.stdout}`)]);
    expect(view.status, view.stderr).toBe(0);
    const counted = parseCsv(pg.runFile(writeShared(pg, 'count.sql', `SELECT "ops.fact", count(*) AS n FROM ops_status GROUP BY 1 ORDER BY 1;`)));
    expect(counted.map((r) => r['ops.fact'])).toEqual(['eligible', 'ineligible', 'undetermined']);
  }, 60_000);
});

if (skipReason !== undefined) {
  console.warn(`test/export/postgres.test.ts skipped: ${skipReason}`);
  describe('export --sql on PostgreSQL (skipped)', () => {
    it.skip(`needs a PostgreSQL server: ${skipReason}`, () => {});
  });
}
