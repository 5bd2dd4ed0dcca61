#!/usr/bin/env node
// The SQL export on each engine the tests run it on (a benchmark, not a test): the same
// generated profiles of the bundled handbook (bench/sql-engines.js, booleans as 1/0) loaded into
// the table `export --sql --ddl` creates, the exported query run unchanged, and its statuses
// compared with `check --batch` on the same CSV, row by row and provision by provision. Reports
// per engine the rows and decisions compared, the mismatches (0 expected), and the time to load
// and to query (each a median over `runs`, whole client processes for psql and sqlite3,
// in-process for DuckDB), the query's as a ratio to `check --batch` measured in the same run.
//
//   node bench/sql.js                       # 10,000 rows, 3 runs → a Markdown section on stdout
//   node bench/sql.js --rows 100000 --runs 5
//   import { sqlBench, sqlSection } from './sql.js'   // from bench/run.js
//
// Needs a build (npm run build:ts). An engine that is not installed is reported as such.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  batchStatuses,
  compareStatuses,
  findDuckdb,
  findPostgres,
  findSqlite,
  generateProfiles,
  postgresVersion,
  profilesCsv,
  runDuckdb,
  runPostgres,
  runSqlite,
  startPostgres,
  startShardedPostgres,
} from './sql-engines.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'handbook.js');
const ON = '2026-11-30';
const SEED = 20261130;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function cli(args) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`handbook ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-500)}`);
  return r.stdout;
}

/** The exported DDL and query for a table name, as the CLI prints them. */
function exported(table) {
  return { ddl: cli(['export', '--sql', '--ddl', '--table', table]), query: cli(['export', '--sql', '--table', table, '--on', ON]), table };
}

/**
 * Measures every engine. Returns the baseline (`check --batch` on the CSV: median ms) and one
 * entry per engine: name, version or the reason it was not run, rows and decisions compared,
 * mismatches, median load and query ms and their samples.
 */
export async function sqlBench({ rows = 10_000, runs = 3, log = () => {} } = {}) {
  const { compileDir } = await import(join(ROOT, 'dist', 'index.js'));
  const { handbook } = compileDir(join(ROOT, 'policies'));
  const ids = handbook.policies.flatMap((p) => p.provisions.map((pr) => pr.id));
  const columns = ['name', ...handbook.facts.map((f) => f.id)];
  const csv = profilesCsv(handbook, generateProfiles(handbook, rows, SEED), 'digits');
  const dir = mkdtempSync(join(tmpdir(), 'hb-sql-bench-'));
  const cleanup = [];
  try {
    const csvPath = join(dir, 'profiles.csv');
    writeFileSync(csvPath, csv);
    let jsonl = '';
    const batchSamples = [];
    cli(['check', '--batch', csvPath, '--on', ON]); // warm the file cache
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      jsonl = cli(['check', '--batch', csvPath, '--on', ON]);
      batchSamples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const expected = batchStatuses(jsonl);
    log(`check --batch: ${median(batchSamples).toFixed(0)} ms`);

    const engines = [];
    /** Runs `once(run)` `runs` times (each returns rows and fills a timings object); compares the last. */
    const measure = async (name, version, once) => {
      const samples = [];
      let got = [];
      for (let i = 0; i < runs; i++) {
        const t = {};
        got = await once(i, t);
        samples.push(t);
        log(`${name}, run ${i + 1}/${runs}: load ${t.load.toFixed(0)} ms, query ${t.query.toFixed(0)} ms`);
      }
      const c = compareStatuses(ids, got, expected);
      engines.push({ name, version, rows: c.rows, decisions: c.decisions, mismatches: c.mismatchCount, load: median(samples.map((s) => s.load)), query: median(samples.map((s) => s.query)), samples });
    };
    const skipped = (name, reason) => engines.push({ name, reason });

    const pg = findPostgres();
    if ('reason' in pg) {
      skipped('PostgreSQL', pg.reason);
      skipped('PostgreSQL, 2 shards (postgres_fdw)', pg.reason);
    } else {
      const server = startPostgres(pg.bin);
      cleanup.push(() => server.stop());
      const version = postgresVersion(server);
      await measure('PostgreSQL', version, (i, t) => runPostgres(server, { ...exported(`enterprises_${i}`), csv }, t));
      server.stop();
      if (!pg.fdw) skipped('PostgreSQL, 2 shards (postgres_fdw)', 'postgres_fdw is not installed');
      else {
        const sharded = startShardedPostgres(pg.bin, 2);
        cleanup.push(() => sharded.stop());
        await measure(`PostgreSQL, 2 shards (postgres_fdw)`, `${version} × 3 servers`, (i, t) => {
          const job = exported(`enterprises_${i}`);
          let t0 = process.hrtime.bigint();
          sharded.load({ ...job, csv });
          t.load = Number(process.hrtime.bigint() - t0) / 1e6;
          t0 = process.hrtime.bigint();
          const got = sharded.query(job.query, job.table);
          t.query = Number(process.hrtime.bigint() - t0) / 1e6;
          return got;
        });
        sharded.stop();
      }
    }
    const sqlite = findSqlite();
    if ('reason' in sqlite) skipped('SQLite (sqlite3 shell)', sqlite.reason);
    else await measure('SQLite (sqlite3 shell)', sqlite.version, (i, t) => runSqlite({ ...exported('enterprises'), csv, columns }, t));
    const duck = await findDuckdb();
    if ('reason' in duck) skipped('DuckDB (@duckdb/node-api)', duck.reason);
    else await measure('DuckDB (@duckdb/node-api)', duck.version, (i, t) => runDuckdb({ ...exported('enterprises'), csv }, t));
    return { rows, runs, provisions: ids.length, batch: median(batchSamples), batchSamples, engines };
  } finally {
    for (const f of cleanup) f();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The measurements as BENCHMARKS.md's section. */
export function sqlSection({ rows, runs, provisions, batch, engines }) {
  const n = (x) => x.toLocaleString('en');
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const lines = [
    '## SQL export on each engine',
    '',
    `${n(rows)} generated profiles of the bundled handbook (about 30 % of facts unknown, numbers on and beside the rules' thresholds)`,
    `loaded into the table \`export --sql --ddl\` creates; the exported query (\`--on ${ON}\`) run unchanged; every status compared with`,
    `\`check --batch\` on the same CSV, row by row and provision by provision (${provisions} provisions). Load and query: medians of ${runs} runs,`,
    'each a fresh table; psql and sqlite3 times are whole client processes (the query time includes writing and reading back its CSV),',
    `DuckDB's are in-process. Baseline: \`check --batch\` on the same CSV, whole process, median ${s(batch)}.`,
    '',
    '| engine | version | rows compared | decisions compared | mismatches | load | query | query ÷ `check --batch` |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const e of engines) {
    if (e.reason) lines.push(`| ${e.name} | not run: ${e.reason} | | | | | | |`);
    else lines.push(`| ${e.name} | ${e.version} | ${n(e.rows)} | ${n(e.decisions)} | ${e.mismatches} | ${s(e.load)} | ${s(e.query)} | ${(e.query / batch).toFixed(2)}× |`);
  }
  lines.push('', 'Not run here: ClickHouse (Debian has only 18.16, older than the dialect needs), Trino and Spark (not installable here); see docs/SQL.md.');
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i === -1 ? undefined : process.argv[i + 1];
  };
  const m = await sqlBench({ rows: Number(arg('--rows') ?? 10_000), runs: Number(arg('--runs') ?? 3), log: (x) => process.stderr.write(x + '\n') });
  process.stdout.write((process.argv.includes('--json') ? JSON.stringify(m, null, 2) : sqlSection(m)) + '\n');
}
