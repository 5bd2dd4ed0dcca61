// A throwaway PostgreSQL server for the SQL export tests: Debian's `postgresql` server
// binaries (/usr/lib/postgresql/<ver>/bin), a temporary data directory, no TCP at all —
// only a unix socket in that directory on a private port — and trust auth. As root,
// initdb/postgres refuse to run, so they run as the `postgres` user (runuser).
// psql is the client (postgresql-client); no npm driver.

import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Postgres {
  /** Runs an SQL file with psql; stdout as CSV with a header (`psql --csv`). */
  runFile(path: string): string;
  /** Runs psql with the given arguments (and -X, -v ON_ERROR_STOP=1). */
  psql(args: string[]): SpawnSyncReturns<string>;
  /** A directory the server and the client can both read (for SQL and CSV files). */
  dir: string;
  stop(): void;
}

/** The newest installed server's bin directory, or a reason why there is none. */
export function findPostgres(): { bin: string } | { reason: string } {
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
  return { bin: join(root, versions[0]!, 'bin') };
}

function check(r: SpawnSyncReturns<string>, what: string): SpawnSyncReturns<string> {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** Starts a private server; call stop() when done (it also removes the data directory). */
export function startPostgres(bin: string): Postgres {
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'handbook-pg-'));
  const data = join(dir, 'data');
  const user = asRoot ? 'postgres' : (process.env.USER ?? 'postgres');
  if (asRoot) chownSync(dir, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()));
  const server = (cmd: string, args: string[]) => spawnSync(asRoot ? 'runuser' : join(bin, cmd), asRoot ? ['-u', 'postgres', '--', join(bin, cmd), ...args] : args, { encoding: 'utf8', cwd: dir });
  check(server('initdb', ['-D', data, '-U', user, '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync']), 'initdb');
  const port = 54329 + Math.floor(Math.random() * 1000);
  // listen_addresses='' : no TCP; the socket lives in our own directory.
  const options = `-c listen_addresses='' -c unix_socket_directories='${dir}' -p ${port} -c fsync=off`;
  check(server('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']), 'pg_ctl start');
  const env = { ...process.env, PGHOST: dir, PGPORT: String(port), PGUSER: user, PGDATABASE: 'postgres', PGCLIENTENCODING: 'UTF8', PGOPTIONS: '' };
  const psql = (args: string[]) => spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...args], { encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 });
  let stopped = false;
  return {
    dir,
    psql,
    runFile: (path) => check(psql(['--csv', '-f', path]), `psql -f ${path}`).stdout,
    stop: () => {
      if (stopped) return;
      stopped = true;
      server('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes a file into the server's directory, readable by both sides. */
export function writeShared(pg: Postgres, name: string, text: string): string {
  const path = join(pg.dir, name);
  writeFileSync(path, text);
  return path;
}
