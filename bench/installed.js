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
  const prefixRO = join(work, 'prefix-ro');
  try {
    chmodSync(work, 0o755);
    const npmEnv = { ...process.env, npm_config_cache: join(work, 'npm-cache'), npm_config_logs_dir: join(work, 'npm-logs'), npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' };
    log('installed: npm pack');
    // dist/ and policies/.handbook/ are fresh (`npm run bench` builds first): pack them as they are.
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, env: npmEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    const asNobody = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;
    for (const p of asNobody ? [prefix, prefixRO] : [prefix]) {
      log(`installed: npm install -g --prefix ${p}`);
      execFileSync('npm', ['install', '--global', '--prefix', p, join(work, packed[0].filename)], { cwd: work, env: npmEnv, stdio: 'ignore' });
    }
    // The read-only install is never run by root, who would write its stat cache regardless of modes.
    if (asNobody) readOnly(prefixRO);
    const bin = join(prefix, 'bin', 'handbook');
    const binRO = join(prefixRO, 'bin', 'handbook');
    const elsewhere = join(work, 'elsewhere');
    mkdirSync(elsewhere, { mode: 0o755 });
    const profile = join(prefix, 'lib', 'node_modules', 'policy-handbook', 'examples', 'major-return-emerging.yaml');
    const nobody = (argv) => ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...argv];
    const user = { HOME: join(work, 'home'), XDG_CACHE_HOME: join(work, 'cache') };
    const noHome = { HOME: '/nonexistent', XDG_CACHE_HOME: '' };
    /** Two environments: the caller's (as bench/run.js runs its commands) and a clean one. */
    const envs = [
      { name: 'this environment', vars: { ...process.env, NO_COLOR: '1' } },
      { name: 'clean environment', vars: { PATH: process.env.PATH, NO_COLOR: '1' } },
    ];
    const rows = [
      { name: '`node -e 0` (baseline)', argv: [process.execPath, '-e', '0'], env: user },
      { name: 'installed `handbook search 用地指标`', argv: [bin, 'search', '用地指标'], env: user },
      { name: 'installed `handbook check <profile>`', argv: [bin, 'check', profile, '--on', '2026-11-30'], env: user },
      { name: 'the repository\'s `handbook search 用地指标` (reference)', argv: [process.execPath, join(ROOT, 'bin', 'handbook.js'), 'search', '用地指标'], env: user },
      { name: 'the repository\'s `handbook check <profile>` (reference)', argv: [process.execPath, join(ROOT, 'bin', 'handbook.js'), 'check', profile, '--on', '2026-11-30'], env: user },
      ...(asNobody
        ? [
            { name: 'read-only install, as `nobody`: `search 用地指标`', argv: nobody([binRO, 'search', '用地指标']), env: noHome },
            { name: 'read-only install, as `nobody`: `check <profile>`', argv: nobody([binRO, 'check', profile, '--on', '2026-11-30']), env: noHome },
          ]
        : []),
    ];
    log('installed: timing');
    // Every row in every environment once per round, `runs` rounds after one warm-up round.
    const samples = envs.map(() => rows.map(() => []));
    for (let round = -1; round < runs; round++) {
      envs.forEach((e, i) =>
        rows.forEach((row, k) => {
          const [cmd, ...args] = row.argv;
          const t0 = process.hrtime.bigint();
          const r = spawnSync(cmd, args, { cwd: elsewhere, env: { ...e.vars, ...row.env }, stdio: ['ignore', 'ignore', 'pipe'] });
          const t = Number(process.hrtime.bigint() - t0) / 1e6;
          if (r.status !== 0) throw new Error(`${row.argv.join(' ')} failed: ${r.stderr}`);
          if (String(r.stderr) !== '') throw new Error(`${row.argv.join(' ')} wrote to stderr (recompiled?): ${r.stderr}`);
          if (round >= 0) samples[i][k].push(t);
        }),
      );
    }
    const m = samples.map((perRow) => perRow.map(median));
    const cell = (i, k) => `${ms(m[i][k])} ms | ${(m[i][k] / m[i][0]).toFixed(2)}×`;
    return [
      '## Installed package, cold start from another folder',
      '',
      '`npm pack` of this checkout, installed with `npm install -g --prefix` into a temporary folder; each command',
      `run ${runs} times from an unrelated folder, in rounds that alternate every row and both environments; median`,
      'wall-clock time and the ratio to `node -e 0` of the same environment. The package ships the compiled bundled',
      'handbook (policies/.handbook/) and its warmed code cache, so no command compiles anything (each run is checked',
      'to print nothing on stderr). The repository\'s own commands, from the same folder, for reference.' +
        (asNobody
          ? ' The read-only rows: a second install, made read-only and never run by root, its commands run by `nobody` with no writable HOME or cache, so that no stat cache can be kept and every run hashes the sources.'
          : ''),
      '"This environment" is the caller\'s variables, as in the cold-start table above (here `NODE_EXTRA_CA_CERTS` makes',
      'every Node start, `node -e 0` included, load a CA bundle); "clean" has only PATH and HOME.',
      'Target: `search` and `check` within 1.6×.',
      '',
      `| command | ${envs.map((e) => `${e.name} | ratio`).join(' | ')} |`,
      `|---|${envs.map(() => '---|---').join('|')}|`,
      ...rows.map((row, k) => `| ${row.name} | ${envs.map((_, i) => cell(i, k)).join(' | ')} |`),
    ].join('\n');
  } finally {
    try {
      writable(prefixRO);
    } catch {
      // not installed
    }
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(installedBench({ runs: Number(process.env.BENCH_RUNS ?? 15), log: (s) => process.stderr.write(s + '\n') }) + '\n');
}
