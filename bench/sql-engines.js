// The database engines the SQL export is compared on, shared by the tests (test/export/) and the
// benchmark (bench/sql.js): generated profiles of a handbook as CSV, and for each engine a way to
// load that CSV into the table `handbook export --sql --ddl` creates and run the exported query
// unchanged, giving its result as rows of strings keyed by column.
//
// - PostgreSQL: private servers (Debian's `postgresql`, /usr/lib/postgresql/<ver>/bin): initdb in
//   a temporary directory, no TCP — only a unix socket in that directory on a private port — and
//   trust auth; as root they run as the `postgres` user (runuser). psql is the client.
// - Sharded PostgreSQL: three such servers; on the coordinator the table is partitioned by hash of
//   `name`, each partition a postgres_fdw foreign table on one of the two shards.
// - SQLite: Debian's `sqlite3` command-line shell, a database file in a temporary directory.
// - DuckDB: the `@duckdb/node-api` package, an in-memory database.
//
// Nothing here is a mock: every engine is the real one.

import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from './mulberry32.js';

// --- Profiles ---------------------------------------------------------------------------

/** Every number a rule compares a fact with, by fact: the values where the answer flips. */
export function thresholds(handbook) {
  const out = new Map();
  const walk = (r) => {
    if (r.kind === 'all' || r.kind === 'any') r.of.forEach(walk);
    else if (r.kind === 'not') walk(r.of);
    else if (r.kind === 'compare') for (const v of [r.value].flat()) if (typeof v === 'number') out.set(r.fact, [...(out.get(r.fact) ?? []), v]);
  };
  for (const d of handbook.derived) walk(d.rule);
  for (const p of handbook.policies) for (const pr of p.provisions) [pr.rule, ...pr.tiers.map((t) => t.when)].forEach(walk);
  return out;
}

/**
 * n profiles of the handbook from a seed (the same rows on every machine): each fact unknown
 * with probability 0.3, numbers on, beside and between the rules' thresholds, names with
 * quotes and commas; each name is unique (it ends in the row number).
 */
export function generateProfiles(handbook, n, seed) {
  const random = mulberry32(seed);
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const limits = thresholds(handbook);
  const names = ['企业', "O'Brien 贸易", '甲,乙 "合伙"', '之澜'];
  const rows = [];
  for (let i = 0; i < n; i++) {
    const profile = {};
    for (const f of handbook.facts) {
      if (random() < 0.3) continue;
      if (f.type === 'boolean') profile[f.id] = random() < 0.5;
      else if (f.type === 'enum') profile[f.id] = pick(f.values ?? ['']);
      else if (f.type === 'string') profile[f.id] = pick(['甲', "it's", '']) || '乙';
      else {
        const t = pick([...(limits.get(f.id) ?? []), 0, 1]);
        let v = pick([t, t, t - 1, t + 1, t - 0.5, t + 0.25, Math.round(random() * 2 * (t + 10) * 100) / 100]);
        if (f.min !== undefined) v = Math.max(v, f.min);
        if (f.max !== undefined) v = Math.min(v, f.max);
        profile[f.id] = v;
      }
    }
    rows.push({ name: `${pick(names)}${i}`, profile });
  }
  return rows;
}

/** A CSV cell: quoted when it holds a comma, a quote or a line break; a boolean as true/false or 1/0. */
function cell(v, booleans) {
  if (v === undefined) return '';
  const s = typeof v === 'boolean' && booleans === 'digits' ? (v ? '1' : '0') : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * The profiles as CSV: a header of `name` and the fact ids in declared order (the order of the
 * `--ddl` table's columns), an empty cell for an unknown fact. Booleans as `true`/`false`
 * (`booleans: 'words'`, the default) or `1`/`0` (`'digits'`: what SQLite's `.import` stores as
 * a number). Either is a valid `check --batch` input.
 */
export function profilesCsv(handbook, rows, booleans = 'words') {
  const ids = handbook.facts.map((f) => f.id);
  const lines = [['name', ...ids].join(',')];
  for (const r of rows) lines.push([cell(r.name, booleans), ...ids.map((id) => cell(r.profile[id], booleans))].join(','));
  return lines.join('\n') + '\n';
}

/** `check --batch` JSON Lines → name → provision id → status. */
export function batchStatuses(jsonl) {
  const expected = new Map();
  for (const line of jsonl.trim().split('\n')) {
    const j = JSON.parse(line);
    expected.set(j.name, new Map(j.results.map((r) => [r.id, r.status])));
  }
  return expected;
}

/**
 * Compares an engine's rows with `check --batch`'s statuses, row by row and provision by
 * provision. Returns the number of rows and decisions compared, the first mismatches, the
 * rows missing on either side, and the statuses seen per provision.
 */
export function compareStatuses(ids, rows, expected) {
  const mismatches = [];
  const seen = new Map(ids.map((id) => [id, new Set()]));
  const names = new Set();
  let decisions = 0;
  for (const row of rows) {
    names.add(row.name);
    const want = expected.get(row.name);
    if (!want) {
      mismatches.push(`${row.name}: not in check --batch`);
      continue;
    }
    for (const id of ids) {
      decisions++;
      seen.get(id).add(row[id]);
      if (row[id] !== want.get(id)) mismatches.push(`${row.name} ${id}: SQL ${row[id]}, check ${want.get(id)}`);
    }
  }
  for (const name of expected.keys()) if (!names.has(name)) mismatches.push(`${name}: missing from the SQL result`);
  return { rows: rows.length, decisions, mismatches: mismatches.slice(0, 20), mismatchCount: mismatches.length, seen };
}

/** CSV text (RFC 4180, as psql --csv and sqlite3 -csv write it) → rows keyed by the header's columns. */
export function parseCsv(text) {
  const records = [];
  let fields = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
      else if (ch === '"') (quoted = false), i++;
      else (field += ch), i++;
    } else if (ch === '"') (quoted = true), i++;
    else if (ch === ',') fields.push(field), (field = ''), i++;
    else if (ch === '\n' || ch === '\r') {
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else (field += ch), i++;
  }
  if (field !== '' || fields.length > 0) fields.push(field), records.push(fields);
  const [head, ...rest] = records;
  if (!head) return [];
  return rest.map((r) => Object.fromEntries(head.map((h, k) => [h, r[k]])));
}

function check(r, what) {
  if (r.error) throw new Error(`${what} failed: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${what} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** A string literal for an SQL statement the tests write themselves (not the export's). */
const literal = (s) => `'${String(s).replaceAll("'", "''")}'`;

/** Milliseconds `f` takes (the benchmark's `timings`; no test reads them). */
function elapsed(f) {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

// --- PostgreSQL -------------------------------------------------------------------------

/** The newest installed server's bin directory, or a reason why there is none. */
export function findPostgres() {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) return { reason: `no PostgreSQL server found (${root}/<ver>/bin/initdb); install it with: apt-get install postgresql` };
  const psql = spawnSync('psql', ['--version'], { encoding: 'utf8' });
  if (psql.status !== 0) return { reason: 'psql (postgresql-client) is not on PATH; install it with: apt-get install postgresql' };
  if (process.getuid?.() === 0 && spawnSync('id', ['postgres']).status !== 0) return { reason: 'running as root but there is no `postgres` user to run the server as' };
  const bin = join(root, versions[0], 'bin');
  const lib = spawnSync(join(bin, 'pg_config'), ['--pkglibdir'], { encoding: 'utf8' }).stdout?.trim() || join('/usr/lib/postgresql', versions[0], 'lib');
  return { bin, version: versions[0], fdw: existsSync(join(lib, 'postgres_fdw.so')) };
}

/** Starts a private server; call stop() when done (it also removes the data directory). */
export function startPostgres(bin) {
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'handbook-pg-'));
  const data = join(dir, 'data');
  const user = asRoot ? 'postgres' : (process.env.USER ?? 'postgres');
  if (asRoot) chownSync(dir, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()));
  const server = (cmd, args) => spawnSync(asRoot ? 'runuser' : join(bin, cmd), asRoot ? ['-u', 'postgres', '--', join(bin, cmd), ...args] : args, { encoding: 'utf8', cwd: dir });
  let started = false;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (started) server('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    check(server('initdb', ['-D', data, '-U', user, '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync']), 'initdb');
    // Each server has its own socket directory, so two servers on the same port number do not meet.
    const port = 54329 + Math.floor(Math.random() * 1000);
    // listen_addresses='' : no TCP; the socket lives in our own directory.
    const options = `-c listen_addresses='' -c unix_socket_directories='${dir}' -p ${port} -c fsync=off`;
    started = true;
    check(server('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']), 'pg_ctl start');
    const env = { ...process.env, PGHOST: dir, PGPORT: String(port), PGUSER: user, PGDATABASE: 'postgres', PGCLIENTENCODING: 'UTF8', PGOPTIONS: '' };
    const psql = (args) => spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...args], { encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 });
    return {
      dir,
      host: dir,
      port,
      user,
      psql,
      runFile: (path) => check(psql(['--csv', '-f', path]), `psql -f ${path}`).stdout,
      run: (sql) => check(psql(['--csv', '-c', sql]), `psql -c ${sql.slice(0, 60)}`).stdout,
      stop,
    };
  } catch (e) {
    stop();
    throw e;
  }
}

/** Writes a file into the server's directory, readable by both sides. */
export function writeShared(pg, name, text) {
  const path = join(pg.dir, name);
  writeFileSync(path, text);
  return path;
}

/**
 * Loads a CSV into the table `ddl` creates (psql's \copy) on one server, runs `query`; the
 * result as rows of strings.
 */
export function runPostgres(pg, { ddl, query, csv, table = 'enterprises' }, timings = {}) {
  const csvPath = writeShared(pg, `${table}.csv`, csv);
  const load = writeShared(pg, `${table}-load.sql`, `${ddl}\\copy "${table}" FROM ${literal(csvPath)} WITH (FORMAT csv, HEADER true)\n`);
  const queryPath = writeShared(pg, `${table}-query.sql`, query);
  timings.load = elapsed(() => check(pg.psql(['-f', load]), 'psql load'));
  let out = '';
  timings.query = elapsed(() => (out = pg.runFile(queryPath)));
  return parseCsv(out);
}

/**
 * Three servers: a coordinator and two shards. Call `load` once, then `query`; `stop()` stops
 * all three (and is safe to call when a start failed half-way: the servers started are stopped).
 */
export function startShardedPostgres(bin, shardCount = 2) {
  const servers = [];
  const stop = () => {
    for (const s of servers.reverse()) s.stop();
  };
  try {
    for (let i = 0; i <= shardCount; i++) servers.push(startPostgres(bin));
  } catch (e) {
    stop();
    throw e;
  }
  const [coordinator, ...shards] = servers;
  return {
    coordinator,
    shards,
    stop,
    /**
     * The sharded table: on each shard the table `ddl` creates, as exported; on the
     * coordinator the same DDL made `PARTITION BY HASH ("name")`, with one partition per
     * shard, a postgres_fdw foreign table over that shard's table. Then the CSV is loaded
     * through the coordinator (\copy routes each row to its shard).
     */
    load({ ddl, csv, table = 'enterprises' }) {
      const partitioned = partitionedDdl(ddl);
      for (const s of shards) check(s.psql(['-f', writeShared(s, `${table}-ddl.sql`, ddl)]), 'psql shard DDL');
      const fdw = shards.flatMap((s, i) => [
        `CREATE SERVER "${table}_shard${i}" FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host ${literal(s.host)}, port ${literal(s.port)}, dbname 'postgres', batch_size '1000', fetch_size '10000');`,
        `CREATE USER MAPPING FOR CURRENT_USER SERVER "${table}_shard${i}" OPTIONS (user ${literal(s.user)});`,
        `CREATE FOREIGN TABLE "${table}_shard${i}" PARTITION OF "${table}" FOR VALUES WITH (MODULUS ${shards.length}, REMAINDER ${i}) SERVER "${table}_shard${i}" OPTIONS (schema_name 'public', table_name ${literal(table)});`,
      ]);
      const csvPath = writeShared(coordinator, `${table}.csv`, csv);
      const script = ['CREATE EXTENSION IF NOT EXISTS postgres_fdw;', partitioned, ...fdw, `\\copy "${table}" FROM ${literal(csvPath)} WITH (FORMAT csv, HEADER true)`, ''].join('\n');
      check(coordinator.psql(['-f', writeShared(coordinator, `${table}-shards.sql`, script)]), 'psql coordinator setup');
    },
    /** The rows each shard holds itself (read on the shard, not through the coordinator). */
    shardCounts(table = 'enterprises') {
      return shards.map((s) => Number(parseCsv(s.run(`SELECT count(*) AS n FROM "${table}"`))[0].n));
    },
    /** Runs the query on the coordinator. */
    query(query, table = 'enterprises') {
      return parseCsv(coordinator.runFile(writeShared(coordinator, `${table}-query.sql`, query)));
    },
  };
}

/** The exported DDL with its closing `);` made `) PARTITION BY HASH ("name");` (docs/SQL.md's sed). */
export function partitionedDdl(ddl) {
  if (!/^\);$/m.test(ddl)) throw new Error('the DDL has no closing ");" line');
  return ddl.replace(/^\);$/m, ') PARTITION BY HASH ("name");');
}

/** The server's version as it reports it (`SELECT version()`). */
export function postgresVersion(pg) {
  return parseCsv(pg.run('SHOW server_version'))[0].server_version;
}

// --- SQLite -----------------------------------------------------------------------------

/** The sqlite3 shell's version, or a reason why there is none. */
export function findSqlite() {
  const r = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return { reason: 'the sqlite3 shell is not on PATH; install it with: apt-get install sqlite3' };
  return { version: r.stdout.trim().split(' ')[0] };
}

/**
 * The statements that make a `.import`ed table's empty cells NULL (unknown): `.import` stores an
 * empty CSV cell as the empty string. One UPDATE, every column (docs/SQL.md's recipe).
 */
export function sqliteNullEmpty(columns, table = 'enterprises') {
  const q = (id) => `"${id.replaceAll('"', '""')}"`;
  return `UPDATE ${q(table)} SET ${columns.map((c) => `${q(c)} = NULLIF(${q(c)}, '')`).join(', ')};\n`;
}

/**
 * A database file made from `ddl`, the CSV loaded with `.import --csv --skip 1` (so booleans
 * must be 1/0), empty cells made NULL, then `query`; one sqlite3 process, CSV out with a header.
 */
export function runSqlite({ ddl, query, csv, columns, table = 'enterprises' }, timings = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'handbook-sqlite-'));
  try {
    const csvPath = join(dir, 'profiles.csv');
    writeFileSync(csvPath, csv);
    const sqlite = (script, what) => {
      const r = check(spawnSync('sqlite3', ['-bail', join(dir, 'profiles.db')], { input: script, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }), what);
      if (r.stderr.trim() !== '') throw new Error(`${what}: sqlite3 said: ${r.stderr}`);
      return r.stdout;
    };
    timings.load = elapsed(() => sqlite([ddl, `.import --csv --skip 1 ${csvPath} ${table}`, sqliteNullEmpty(columns, table)].join('\n'), 'sqlite3 load'));
    let out = '';
    timings.query = elapsed(() => (out = sqlite(['.headers on', '.mode csv', query].join('\n'), 'sqlite3 query')));
    return parseCsv(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// --- DuckDB -----------------------------------------------------------------------------

/** DuckDB's version (`SELECT version()`), or a reason why the package does not load. */
export async function findDuckdb() {
  try {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const version = String((await c.runAndReadAll('SELECT version() AS v')).getRowObjects()[0].v);
    c.closeSync();
    db.closeSync();
    return { version };
  } catch (e) {
    return { reason: `@duckdb/node-api does not load (${String(e.message ?? e).split('\n')[0]}); run npm ci` };
  }
}

/** An in-memory database: `ddl`, the CSV loaded with COPY … FROM (empty cells are NULL), then `query`. */
export async function runDuckdb({ ddl, query, csv, table = 'enterprises' }, timings = {}) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const dir = mkdtempSync(join(tmpdir(), 'handbook-duckdb-'));
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    const csvPath = join(dir, 'profiles.csv');
    writeFileSync(csvPath, csv);
    let t0 = process.hrtime.bigint();
    await c.run(ddl);
    await c.run(`COPY "${table}" FROM ${literal(csvPath)} (FORMAT csv, HEADER true)`);
    timings.load = Number(process.hrtime.bigint() - t0) / 1e6;
    t0 = process.hrtime.bigint();
    const result = await c.runAndReadAll(query);
    const names = result.columnNames();
    const rows = result.getRows().map((r) => Object.fromEntries(names.map((n, i) => [n, r[i] === null ? '' : String(r[i])])));
    timings.query = Number(process.hrtime.bigint() - t0) / 1e6;
    return rows;
  } finally {
    c.closeSync();
    db.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}
