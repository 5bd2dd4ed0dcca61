// The installed npm package, measured as a user meets it: `npm pack` of this checkout (built
// by `npm run bench`), installed into a temporary prefix, its cold `search` and `check` run
// from another folder, against `node -e 0` in the same run, the runs alternating so that the
// machine's noise falls on all alike. When run as root, also the same install read-only and
// run by `nobody` (a system-wide install used by another user, with no writable HOME).
// `node bench/installed.js` prints the section; bench/run.js puts it into BENCHMARKS.md.

import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** chmod -R a-w, never following a symlink. */
function readOnly(path) {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return;
  if (st.isDirectory()) for (const name of readdirSync(path)) readOnly(join(path, name));
  chmodSync(path, st.mode & 0o7777 & ~0o222);
}

function writable(path) {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return;
  chmodSync(path, (st.mode & 0o7777) | 0o200);
  if (st.isDirectory()) for (const name of readdirSync(path)) writable(join(path, name));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

/**
 * Packs, installs and times; returns the BENCHMARKS.md section (Markdown).
 * @param {{ runs?: number, log?: (s: string) => void }} [options]
 */
export function installedBench({ runs = 15, log = () => {} } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'hb-bench-pkg-'));
  const prefix = join(work, 'prefix');
  try {
    chmodSync(work, 0o755);
    const npmEnv = { ...process.env, npm_config_cache: join(work, 'npm-cache'), npm_config_logs_dir: join(work, 'npm-logs'), npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' };
    log('installed: npm pack');
    // dist/ and policies/.handbook/ are fresh (`npm run bench` builds first): pack them as they are.
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, env: npmEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    log('installed: npm install -g --prefix …');
    execFileSync('npm', ['install', '--global', '--prefix', prefix, join(work, packed[0].filename)], { cwd: work, env: npmEnv, stdio: 'ignore' });
    const bin = join(prefix, 'bin', 'handbook');
    const elsewhere = join(work, 'elsewhere');
    mkdirSync(elsewhere, { mode: 0o755 });
    const profile = join(prefix, 'lib', 'node_modules', 'policy-handbook', 'examples', 'major-return-emerging.yaml');
    const env = { PATH: process.env.PATH, NO_COLOR: '1', HOME: join(work, 'home'), XDG_CACHE_HOME: join(work, 'cache') };
    const asNobody = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;
    const nobody = (argv) => ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', ...argv]];
    const rows = [
      ['`node -e 0` (baseline)', () => [process.execPath, ['-e', '0']]],
      ['installed `handbook search 用地指标`', () => [bin, ['search', '用地指标']]],
      ['installed `handbook check <profile>`', () => [bin, ['check', profile, '--on', '2026-11-30']]],
      ['the repository\'s `bin/handbook.js search 用地指标` (reference)', () => [process.execPath, [join(ROOT, 'bin', 'handbook.js'), 'search', '用地指标']]],
      ...(asNobody
        ? [
            ['read-only install, as `nobody`: `search 用地指标`', () => nobody([bin, 'search', '用地指标'])],
            ['read-only install, as `nobody`: `check <profile>`', () => nobody([bin, 'check', profile, '--on', '2026-11-30'])],
          ]
        : []),
    ];
    /** Runs every row once per round, `runs` rounds, after one warm-up round; the nobody rows after the prefix is made read-only. */
    const measure = (subset, nobodyEnv) => {
      const samples = subset.map(() => []);
      for (let round = -1; round < runs; round++) {
        subset.forEach(([, argv], k) => {
          const [cmd, args] = argv();
          const t0 = process.hrtime.bigint();
          const r = spawnSync(cmd, args, { cwd: elsewhere, env: nobodyEnv && k > 0 ? { ...env, HOME: '/nonexistent', XDG_CACHE_HOME: '' } : env, stdio: ['ignore', 'ignore', 'pipe'] });
          const t = Number(process.hrtime.bigint() - t0) / 1e6;
          if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
          if (String(r.stderr) !== '') throw new Error(`${cmd} ${args.join(' ')} wrote to stderr (recompiled?): ${r.stderr}`);
          if (round >= 0) samples[k].push(t);
        });
      }
      return samples.map(median);
    };
    log('installed: timing');
    const own = measure(rows.slice(0, 4), false);
    let ro = [];
    if (asNobody) {
      readOnly(prefix);
      ro = measure([rows[0], ...rows.slice(4)], true).slice(1);
    }
    const m = [...own, ...ro];
    const table = rows.map(([name], k) => `| ${name} | ${ms(m[k])} ms | ${(m[k] / m[0]).toFixed(2)}× |`);
    return [
      '## Installed package, cold start from another folder',
      '',
      '`npm pack` of this checkout, installed with `npm install -g --prefix` into a temporary folder; each command',
      `run ${runs} times from an unrelated folder, alternating with \`node -e 0\`; median wall-clock time and the ratio to`,
      '`node -e 0` of the same rounds. The package ships the compiled bundled handbook (policies/.handbook/), so no',
      'command compiles anything (each run is checked to print nothing on stderr); the repository\'s own command, from the',
      'same folder, for reference.' +
        (asNobody ? ' The read-only rows: the prefix made read-only, the commands run by `nobody` with no writable HOME or cache, so that every run also hashes the sources (no stat cache can be kept).' : ''),
      'Target: `search` and `check` within 1.6×.',
      '',
      '| command | time (median) | ratio to `node -e 0` |',
      '|---|---|---|',
      ...table,
    ].join('\n');
  } finally {
    try {
      writable(prefix);
    } catch {
      // not installed
    }
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(installedBench({ runs: Number(process.env.BENCH_RUNS ?? 15), log: (s) => process.stderr.write(s + '\n') }) + '\n');
}
