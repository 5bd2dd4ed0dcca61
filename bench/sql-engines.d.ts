import type { SpawnSyncReturns } from 'node:child_process';
import type { Handbook, Profile } from '../src/model/index.js';

export interface NamedProfile {
  name: string;
  profile: Profile;
}
export type Row = Record<string, string>;
/** Filled in by the run functions: milliseconds to load the table and to run the query and read its rows. */
export interface Timings {
  load?: number;
  query?: number;
}

export function thresholds(handbook: Handbook): Map<string, number[]>;
export function generateProfiles(handbook: Handbook, n: number, seed: number): NamedProfile[];
export function profilesCsv(handbook: Handbook, rows: readonly NamedProfile[], booleans?: 'words' | 'digits'): string;
export function batchStatuses(jsonl: string): Map<string, Map<string, string>>;
export function compareStatuses(
  ids: readonly string[],
  rows: readonly Row[],
  expected: ReadonlyMap<string, ReadonlyMap<string, string>>,
): { rows: number; decisions: number; mismatches: string[]; mismatchCount: number; seen: Map<string, Set<string>> };
export function parseCsv(text: string): Row[];

export interface Postgres {
  /** The socket directory (also a directory the server and the client can both read). */
  dir: string;
  host: string;
  port: number;
  user: string;
  /** Runs psql with the given arguments (and -X, -q, -v ON_ERROR_STOP=1). */
  psql(args: string[]): SpawnSyncReturns<string>;
  /** Runs an SQL file with psql; stdout as CSV with a header (`psql --csv`). */
  runFile(path: string): string;
  /** Runs one command with psql -c; stdout as CSV with a header. */
  run(sql: string): string;
  stop(): void;
}
export function findPostgres(): { bin: string; version: string; fdw: boolean } | { reason: string };
export function startPostgres(bin: string): Postgres;
export function writeShared(pg: Postgres, name: string, text: string): string;
export function runPostgres(pg: Postgres, job: { ddl: string; query: string; csv: string; table?: string }, timings?: Timings): Row[];
export function postgresVersion(pg: Postgres): string;
export function partitionedDdl(ddl: string): string;

export interface ShardedPostgres {
  coordinator: Postgres;
  shards: Postgres[];
  load(job: { ddl: string; csv: string; table?: string }): void;
  shardCounts(table?: string): number[];
  query(query: string, table?: string): Row[];
  stop(): void;
}
export function startShardedPostgres(bin: string, shardCount?: number): ShardedPostgres;

export function findSqlite(): { version: string } | { reason: string };
export function sqliteNullEmpty(columns: readonly string[], table?: string): string;
export function runSqlite(job: { ddl: string; query: string; csv: string; columns: readonly string[]; table?: string }, timings?: Timings): Row[];

export function findDuckdb(): Promise<{ version: string } | { reason: string }>;
export function runDuckdb(job: { ddl: string; query: string; csv: string; table?: string }, timings?: Timings): Promise<Row[]>;
