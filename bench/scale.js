#!/usr/bin/env node
// The scale benchmark: the bundled handbook (14 policies) and synthetic handbooks of N
// policies (bench/synth.js) built and searched by the real CLI, each figure from fresh
// processes measured by GNU time (wall seconds and peak RSS). In: --sizes (default
// 14,1000,10000; 14 means the bundled policies/), --seed, --runs (cold searches per query),
// --work (a scratch folder, default a new one under the system's temp dir; removed unless
// --keep). Out: a Markdown section on stdout (progress on stderr), for BENCHMARKS.md.
// Baselines, measured in the same run: `node -e 0`, alternated with every search (the ratio
// of medians is the figure), and ripgrep (`rg -F -l`) over the same Markdown for the same
// literal queries (skipped with a note when `rg` is not installed). Nothing here is asserted
// by tests.
//
//   node bench/scale.js                       # all three sizes, ~5 minutes on 2 cores
//   node bench/scale.js --sizes 14,1000 --runs 3

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateHandbook } from './synth.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'handbook.js');
/** Queries: domain words the generator uses, none chosen for the index's sake; one word, then several. */
export const QUERIES = ['用地指标', '融资担保', '高新技术企业', '人才公寓', '出口信用保险', '小微企业 贷款 担保', '研发费用加计扣除 高新技术企业 所得税'];
/** The literal ones, which ripgrep is also asked for. */
const LITERAL = QUERIES.filter((q) => !q.includes(' '));
/** Targets at 10,000 policies (issue #17): search within 2× `node -e 0`, compiled within 1.5× the sources, build within 15 s and 1 GiB. */
const TARGETS = { buildSeconds: 15, buildMiB: 1024, searchRatio: 2, sizeRatio: 1.5 };
const BUNDLED = 14;

function parseArgs(argv) {
  const o = { sizes: [BUNDLED, 1000, 10000], seed: 1, runs: 3, work: undefined, keep: false };
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

function sourceBytes(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isFile() && /\.(md|yaml)$/.test(e.name)) n += statSync(join(dir, e.name)).size;
  return n;
}

export function runScale(options) {
  const o = { ...parseArgs([]), ...options };
  const work = o.work ?? mkdtempSync(join(tmpdir(), 'hb-scale-'));
  const hasRg = spawnSync('rg', ['--version']).status === 0;
  const rows = [];
  const log = (s) => process.stderr.write(s + '\n');
  for (const n of o.sizes) {
    const bundled = n === BUNDLED;
    const dir = bundled ? join(ROOT, 'policies') : join(work, `policies-${n}`);
    const out = join(work, `out-${n}`);
    rmSync(out, { recursive: true, force: true });
    if (!bundled) {
      log(`scale: generating ${n} policies…`);
      generateHandbook({ n, seed: o.seed, dir, force: true });
    }
    log(`scale: building ${n}…`);
    const build = measure(process.execPath, [BIN, 'build', '--dir', dir, '--out', out]);
    if (build.status !== 0) throw new Error(`build of ${n} policies failed:\n${build.stderr}`);
    const compiled = folderBytes(out);
    // The first search after a build may do one-time work (a stat cache); report it apart.
    const first = measure(process.execPath, [BIN, 'search', QUERIES[0], '--dir', dir, '--out', out, '--json']);
    const search = [];
    const multi = [];
    const node = [];
    const rg = [];
    let hits = 0;
    for (let i = 0; i < o.runs; i++) {
      for (const q of QUERIES) {
        // Alternated: a `node -e 0`, then the search, so both see the same machine.
        node.push(measure(process.execPath, ['-e', '0']));
        const r = measure(process.execPath, [BIN, 'search', ...q.split(' '), '--dir', dir, '--out', out, '--json']);
        if (r.status !== 0) throw new Error(`search ${q} failed:\n${r.stderr}`);
        if (i === 0) hits += JSON.parse(r.stdout).results.length;
        (q.includes(' ') ? multi : search).push(r);
        if (hasRg && LITERAL.includes(q)) rg.push(measure('rg', ['-F', '-l', q, dir]));
      }
    }
    const nodeSeconds = median(node.map((r) => r.seconds));
    const nodeCpu = median(node.map((r) => r.cpu ?? NaN));
    rows.push({
      n,
      bundled,
      sourceBytes: sourceBytes(dir),
      build,
      compiled,
      first,
      nodeSeconds,
      nodeCpu,
      searchSeconds: median(search.map((r) => r.seconds)),
      multiSeconds: median(multi.map((r) => r.seconds)),
      searchCpu: median([...search, ...multi].map((r) => r.cpu ?? NaN)),
      searchMaxSeconds: Math.max(...search.map((r) => r.seconds), ...multi.map((r) => r.seconds)),
      searchMiB: median([...search, ...multi].map((r) => r.mib ?? 0)),
      rgSeconds: hasRg ? median(rg.map((r) => r.seconds)) : undefined,
      hits,
    });
    log(`scale: ${n} done (build ${sec(build.seconds)}, search ${sec(rows.at(-1).searchSeconds)}, node -e 0 ${sec(nodeSeconds)})`);
  }
  if (!o.keep && !o.work) rmSync(work, { recursive: true, force: true });

  const ratio = (x, base) => `${(x / base).toFixed(2)}×`;
  const lines = [
    '## Scale: cold search at 14, 1,000 and 10,000 policies',
    '',
    'The bundled handbook (14 policies) and handbooks generated by `bench/synth.js` (seed ' + o.seed + '; 800–3000 characters of',
    'body, 1–4 provisions each, rules over the 14 facts), each built by `handbook build --dir GEN --out OUT`, then',
    `searched by cold \`handbook search QUERY --json\` processes: ${o.runs} runs of ${QUERIES.length} queries (one-word: ${LITERAL.join('、')};`,
    `several words: ${QUERIES.filter((q) => q.includes(' ')).map((q) => `“${q}”`).join('、')}), each run right after a \`node -e 0\``,
    'measured the same way (GNU time: wall clock, peak RSS). The ratio is the median search over the median',
    '`node -e 0` of the same run; CPU is user + system seconds of a search, with its ratio to `node -e 0`\'s (wall',
    'time also counts waiting for a shared CPU: on a loaded machine the CPU ratio is the steadier figure). Baseline for the literal queries: `rg -F -l QUERY GEN` over the same Markdown. The first search after',
    'a build (which writes the stat cache) is shown apart. Compiled size is the output folder against the sources',
    `(Markdown and YAML). Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, shared with other work.`,
    '',
    '| policies | sources | compiled (ratio) | build (CPU) | build peak RSS | `node -e 0` | cold search, one word (ratio) | several words (ratio) | max | search CPU (ratio) | search peak RSS | first after build | ripgrep | targets |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const big = r.n >= 10000;
    const targets = [
      big ? `search ≤ ${TARGETS.searchRatio}× ${mark(Math.max(r.searchSeconds, r.multiSeconds) <= TARGETS.searchRatio * r.nodeSeconds)}` : '',
      big ? `size ≤ ${TARGETS.sizeRatio}× ${mark(r.compiled <= TARGETS.sizeRatio * r.sourceBytes)}` : '',
      big ? `build ≤ ${TARGETS.buildSeconds} s ${mark(r.build.seconds <= TARGETS.buildSeconds)}` : '',
      big ? `build ≤ 1 GiB ${mark((r.build.mib ?? 0) <= TARGETS.buildMiB)}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    lines.push(
      `| ${r.bundled ? '14 (bundled)' : r.n.toLocaleString('en')} | ${size(r.sourceBytes)} | ${size(r.compiled)} (${ratio(r.compiled, r.sourceBytes)}) | ${sec(r.build.seconds)} (${r.build.cpu === undefined ? '–' : sec(r.build.cpu)}) | ${mib(r.build.mib)} | ${sec(r.nodeSeconds)} | ${sec(r.searchSeconds)} (${ratio(r.searchSeconds, r.nodeSeconds)}) | ${sec(r.multiSeconds)} (${ratio(r.multiSeconds, r.nodeSeconds)}) | ${sec(r.searchMaxSeconds)} | ${Number.isNaN(r.searchCpu) ? '–' : `${sec(r.searchCpu)} (${ratio(r.searchCpu, r.nodeCpu)})`} | ${mib(r.searchMiB)} | ${sec(r.first.seconds)} | ${r.rgSeconds === undefined ? 'rg not installed' : sec(r.rgSeconds)} | ${targets || '–'} |`,
    );
  }
  if (!hasRg) lines.push('', 'ripgrep is not installed here (`apt-get install -y ripgrep`), so its column is empty.');
  if (!hasTime) lines.push('', '`/usr/bin/time` is missing: peak RSS is not measured and times include the spawn.');
  return lines.join('\n') + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(runScale(parseArgs(process.argv.slice(2))));
}
