// Runs the real bin/handbook.js as a child process (no mocks): exit code, stdout, stderr.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'handbook.js');
export const POLICIES = join(ROOT, 'policies');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The signal that ended the child (with `timeoutMs`, SIGTERM when it ran out of time). */
  signal?: NodeJS.Signals | null;
}

export function runCli(args: string[], options: { cwd?: string; input?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {}): CliResult {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}
