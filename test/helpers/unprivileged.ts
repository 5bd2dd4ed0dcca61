// Runs a command as a user who cannot write where the tests put read-only things: `nobody`
// (through setpriv) when the tests run as root, for whom file modes mean nothing; else the
// tests' own user, with those things made read-only by chmod. No mocks: the kernel refuses.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `argv` as the unprivileged user with exactly `env` (plus PATH), in `cwd`. */
export function runUnprivileged(argv: string[], options: { cwd: string; env?: Record<string, string> }): Run {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', NO_COLOR: '1', HOME: asRoot ? '/nonexistent' : (process.env.HOME ?? '/nonexistent'), ...options.env };
  const [cmd, args] = asRoot
    ? ['setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', ...argv]]
    : [argv[0]!, argv.slice(1)];
  const r = spawnSync(cmd, args, { cwd: options.cwd, env, encoding: 'utf8', input: '', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Makes `path` (recursively) readable and not writable by anyone, as `chmod -R a-w,a+rX` (symlinks are left alone). */
export function makeReadOnly(path: string): void {
  const walk = (p: string) => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) return;
    if (st.isDirectory()) for (const name of readdirSync(p)) walk(join(p, name));
    chmodSync(p, ((st.mode & 0o7777) & ~0o222) | (st.isDirectory() || st.mode & 0o100 ? 0o555 : 0o444));
  };
  walk(path);
}

/** Undoes makeReadOnly (gives the owner write again) so that the folder can be removed. */
export function makeWritable(path: string): void {
  const walk = (p: string) => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) return;
    chmodSync(p, (st.mode & 0o7777) | 0o200);
    if (st.isDirectory()) for (const name of readdirSync(p)) walk(join(p, name));
  };
  walk(path);
}

/** Makes `path` a folder the unprivileged user can write (its owner, when we are root). */
export function makeTheirs(path: string): void {
  if (asRoot) chownSync(path, NOBODY, NOBODY);
  chmodSync(path, 0o755);
}

/** Lets the unprivileged user into a temp folder of ours (mkdtemp makes them 0700). */
export function letIn(path: string): void {
  chmodSync(path, 0o755);
}
