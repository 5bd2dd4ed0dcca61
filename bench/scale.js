#!/usr/bin/env node
// The scale benchmark: synthetic handbooks of N policies (bench/synth.js) built and searched
// by the real CLI, each figure from fresh processes measured by GNU time (wall seconds and
// peak RSS). In: --sizes (default 1000,10000), --seed, --runs (cold searches per query),
// --work (a scratch folder, default a new one under the system's temp dir; removed unless
// --keep). Out: a Markdown section on stdout (progress on stderr), for BENCHMARKS.md.
// Baseline: ripgrep (`rg -F -l`) over the same Markdown for the same literal queries; skipped
// with a note when `rg` is not installed. Nothing here is asserted by tests.
//
//   node bench/scale.js                       # both sizes, ~5 minutes on 2 cores
//   node bench/scale.js --sizes 1000 --runs 3

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateHandbook } from './synth.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'handbook.js');
/** Literal queries: domain words the generator uses, none chosen for the index's sake. */
export const QUERIES = ['用地指标', '融资担保', '高新技术企业', '人才公寓', '出口信用保险'];
const TARGETS = { buildSeconds: 30, buildMiB: 1536, searchSeconds: 1 };

function parseArgs(argv) {
  const o = { sizes: [1000, 10000], seed: 1, runs: 3, work: undefined, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--sizes') o.sizes = argv[++i].split(',').map(Number);
    else if (a === '--seed') o.seed = Number(argv[++i]);
    else if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a === '--work') o.work = argv[++i];
    else if (a === '--keep') o.keep = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

const env = { ...process.env, NO_COLOR: '1' };
const hasTime = existsSync('/usr/bin/time');

/** Runs a command once as a fresh process: wall seconds and peak RSS (MiB) from GNU time. */
function measure(cmd, args) {
  if (!hasTime) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { env, maxBuffer: 1 << 30 });
    return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, mib: undefined, status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
  }
  const r = spawnSync('/usr/bin/time', ['-f', '@@TIME %e %M %U %S', cmd, ...args], { env, maxBuffer: 1 << 30 });
  const stderr = String(r.stderr);
  const m = /@@TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
  return {
    seconds: m ? Number(m[1]) : NaN,
    mib: m ? Number(m[2]) / 1024 : undefined,
    cpu: m ? Number(m[3]) + Number(m[4]) : undefined,
    status: r.status,
    stdout: String(r.stdout),
    stderr: stderr.replace(/@@TIME.*\s*$/, ''),
  };
}

function folderBytes(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? folderBytes(p) : statSync(p).size;
  }
  return n;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};
const sec = (x) => (x >= 10 ? x.toFixed(1) : x.toFixed(2)) + ' s';
const mib = (x) => (x === undefined ? '–' : x >= 1024 ? `${(x / 1024).toFixed(2)} GiB` : `${x.toFixed(0)} MiB`);
const size = (bytes) => (bytes >= 1 << 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`);
const mark = (ok) => (ok ? '✓' : '✗ (target missed)');

export function runScale(options) {
  const o = { ...parseArgs([]), ...options };
  const work = o.work ?? mkdtempSync(join(tmpdir(), 'hb-scale-'));
  const hasRg = spawnSync('rg', ['--version']).status === 0;
  const rows = [];
  const log = (s) => process.stderr.write(s + '\n');
  for (const n of o.sizes) {
    const dir = join(work, `policies-${n}`);
    const out = join(work, `out-${n}`);
    rmSync(out, { recursive: true, force: true });
    log(`scale: generating ${n} policies…`);
    const gen = generateHandbook({ n, seed: o.seed, dir, force: true });
    log(`scale: building ${n}…`);
    const build = measure(process.execPath, [BIN, 'build', '--dir', dir, '--out', out]);
    if (build.status !== 0) throw new Error(`build of ${n} policies failed:\n${build.stderr}`);
    const compiled = folderBytes(out);
    // The first search after a build may do one-time work (a stat cache); report it apart.
    const first = measure(process.execPath, [BIN, 'search', QUERIES[0], '--dir', dir, '--out', out, '--json']);
    const search = [];
    const rg = [];
    let hits = 0;
    for (const q of QUERIES) {
      for (let i = 0; i < o.runs; i++) {
        const r = measure(process.execPath, [BIN, 'search', q, '--dir', dir, '--out', out, '--json']);
        if (r.status !== 0) throw new Error(`search ${q} failed:\n${r.stderr}`);
        if (i === 0) hits += JSON.parse(r.stdout).results.length;
        search.push(r);
        if (hasRg) rg.push(measure('rg', ['-F', '-l', q, dir]));
      }
    }
    rows.push({
      n,
      sourceBytes: gen.bytes,
      build,
      compiled,
      first,
      searchSeconds: median(search.map((r) => r.seconds)),
      searchCpu: median(search.map((r) => r.cpu ?? NaN)),
      searchMaxSeconds: Math.max(...search.map((r) => r.seconds)),
      searchMiB: median(search.map((r) => r.mib ?? 0)),
      rgSeconds: hasRg ? median(rg.map((r) => r.seconds)) : undefined,
      hits,
    });
    log(`scale: ${n} done (build ${sec(build.seconds)}, search ${sec(rows.at(-1).searchSeconds)})`);
  }
  if (!o.keep && !o.work) rmSync(work, { recursive: true, force: true });

  const lines = [
    '## Scale: synthetic handbooks of 1,000 and 10,000 policies',
    '',
    `Generated by \`bench/synth.js\` (seed ${o.seed}; 800–3000 characters of body, 1–4 provisions`,
    'each, rules over the 14 facts), then `handbook build --dir GEN --out OUT` and cold',
    `\`handbook search QUERY --json\` processes (${o.runs} runs × ${QUERIES.length} literal queries: ${QUERIES.join('、')}),`,
    'each a fresh process measured by GNU time (wall clock, peak RSS). Baseline: `rg -F -l QUERY GEN`',
    'over the same Markdown, same queries. Search times are medians of all runs (max in brackets);',
    'CPU is user + system seconds of the process (wall time also counts waiting for a shared CPU);',
    `the first search after a build is shown apart. Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'},`,
    `${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, shared with other work.`,
    '',
    '| policies | sources | build (CPU) | build peak RSS | compiled size | first search after build | cold search (max) | search CPU | search peak RSS | ripgrep | targets |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const targets = [
      r.n >= 10000 ? `build ≤ 30 s ${mark(r.build.seconds <= TARGETS.buildSeconds)}` : '',
      r.n >= 10000 ? `build ≤ 1.5 GiB ${mark((r.build.mib ?? 0) <= TARGETS.buildMiB)}` : '',
      r.n >= 10000 ? `search ≤ 1 s ${mark(r.searchSeconds <= TARGETS.searchSeconds)}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    lines.push(
      `| ${r.n.toLocaleString('en')} | ${size(r.sourceBytes)} | ${sec(r.build.seconds)} (${r.build.cpu === undefined ? '–' : sec(r.build.cpu)}) | ${mib(r.build.mib)} | ${size(r.compiled)} | ${sec(r.first.seconds)} | ${sec(r.searchSeconds)} (${sec(r.searchMaxSeconds)}) | ${Number.isNaN(r.searchCpu) ? '–' : sec(r.searchCpu)} | ${mib(r.searchMiB)} | ${r.rgSeconds === undefined ? 'rg not installed' : sec(r.rgSeconds)} | ${targets || '–'} |`,
    );
  }
  if (!hasRg) lines.push('', 'ripgrep is not installed here (`apt-get install -y ripgrep`), so its column is empty.');
  if (!hasTime) lines.push('', '`/usr/bin/time` is missing: peak RSS is not measured and times include the spawn.');
  return lines.join('\n') + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(runScale(parseArgs(process.argv.slice(2))));
}
