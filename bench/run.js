#!/usr/bin/env node
// `npm run bench`: measures the CLI in one run and rewrites BENCHMARKS.md.
// Every figure is a median with its range over repeated runs, and each is quoted as a
// ratio to a baseline measured in the same run (`node -e 0`, bare Chromium, ripgrep),
// because this machine is shared and noisy. Nothing here is asserted by tests.

import { spawnSync } from 'node:child_process';
import { cpus, totalmem, tmpdir } from 'node:os';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'handbook.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const env = { ...process.env, NO_COLOR: '1' };
const sections = [];

/** Runs a command `runs` times; returns wall-clock ms samples (and the last result). */
function time(cmd, args, runs = RUNS, options = {}) {
  const samples = [];
  let last;
  spawnSync(cmd, args, { env, cwd: options.cwd ?? ROOT, input: options.input ?? '' }); // warm the file cache
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    last = spawnSync(cmd, args, { env, cwd: options.cwd ?? ROOT, input: options.input ?? '', maxBuffer: 1 << 28 });
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { samples, last };
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))];
  return { median: q(0.5), p95: q(0.95), min: s[0], max: s[s.length - 1] };
}

const ms = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const fmt = (st) => `${ms(st.median)} ms (${ms(st.min)}–${ms(st.max)})`;

/** Peak RSS of a command in MiB, from GNU time when available. */
function peakRss(cmd, args, options = {}) {
  if (!existsSync('/usr/bin/time')) return undefined;
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { env, cwd: options.cwd ?? ROOT, input: options.input ?? '', maxBuffer: 1 << 28 });
  const kb = Number(String(r.stderr).trim().split('\n').pop());
  return Number.isFinite(kb) ? kb / 1024 : undefined;
}

function commandExists(name) {
  const r = spawnSync(process.execPath, [BIN, name, '--help'], { env });
  return r.status === 0;
}

// --- Cold whole-process times ---------------------------------------------------------
const out = mkdtempSync(join(tmpdir(), 'hb-bench-'));
// The bundled handbook's compiled output, where it lives (policies/.handbook/; bench/installed.js packs it).
spawnSync(process.execPath, [BIN, 'build'], { env, cwd: out });
const baseline = stats(time(process.execPath, ['-e', '0']).samples);
const commands = [
  ['search', ['search', '用地指标']],
  ['search --json', ['search', '小微企业贷款', '--json']],
  ['check', ['check', join(ROOT, 'examples', 'major-return-emerging.yaml'), '--on', '2026-11-30']],
  ['check --json', ['check', join(ROOT, 'examples', 'partial.yaml'), '--json', '--on', '2026-11-30']],
  ['list', ['list']],
  ['lint', ['lint']],
  ['build', ['build', '--out', join(out, 'b')]],
];
const rows = [[`\`node -e 0\` (baseline)`, fmt(baseline), '1.00×']];
for (const [name, args] of commands) {
  if (!commandExists(args[0])) {
    rows.push([`\`handbook ${name}\``, 'not available in this build', '']);
    continue;
  }
  const st = stats(time(process.execPath, [BIN, ...args], RUNS, { cwd: out }).samples);
  rows.push([`\`handbook ${name}\``, fmt(st), `${(st.median / baseline.median).toFixed(2)}×`]);
}
sections.push(
  [
    '## Cold start, whole process, bundled handbook',
    '',
    `Each command started ${RUNS} times as a fresh process after one warm-up run, from another folder`,
    '(the bundled handbook\'s compiled output is fresh, in policies/.handbook/). Median (min–max) wall-clock time, and the ratio',
    'of medians to `node -e 0` measured in the same run. Targets: `search` and `check` within 1.6×.',
    '',
    '| command | time | ratio to `node -e 0` |',
    '|---|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n'),
);

// --- The installed npm package (bench/installed.js) -------------------------------------
if (!process.env.BENCH_SKIP_INSTALLED) {
  const { installedBench } = await import('./installed.js');
  sections.push(installedBench({ runs: RUNS, log: (s) => process.stderr.write(s + '\n') }));
}

// --- In-process query latency -----------------------------------------------------------
try {
  const searchMod = await import(join(ROOT, 'dist', 'search-index', 'index.js'));
  const { compileDir } = await import(join(ROOT, 'dist', 'index.js'));
  const { handbook } = compileDir(join(ROOT, 'policies'));
  const artefact = searchMod.buildSearchIndex(handbook);
  const queries = ['用地指标', '小微企业贷款', '去国外参展有没有补贴', '总部落户奖励', '高层次人才安家', '环评', '研发费用加计扣除', '浙委〔2011〕119号', '上市培育', '技术改造补助'];
  for (let i = 0; i < 50; i++) for (const q of queries) searchMod.searchHandbook(handbook, artefact, q);
  const samples = [];
  for (let i = 0; i < 100; i++) {
    for (const q of queries) {
      const t0 = process.hrtime.bigint();
      searchMod.searchHandbook(handbook, artefact, q);
      samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  const st = stats(samples);
  sections.push(
    [
      '## In-process query latency',
      '',
      `${samples.length} queries (${queries.length} distinct, typed as users do) against the bundled handbook's index, after warm-up.`,
      `Target: p50 ≤ 2 ms.`,
      '',
      `| p50 | p95 | max |`,
      '|---|---|---|',
      `| ${st.median.toFixed(3)} ms | ${st.p95.toFixed(3)} ms | ${st.max.toFixed(3)} ms |`,
    ].join('\n'),
  );
} catch (e) {
  sections.push(`## In-process query latency\n\nNot measured: ${e.message.split('\n')[0]}`);
}

// --- Batch throughput and memory (bench/batch.js) ---------------------------------------
if (!process.env.BENCH_SKIP_BATCH) {
  const { batchBench, batchTable } = await import('./batch.js');
  const sizes = (process.env.BENCH_BATCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
  const log = (s) => process.stderr.write(s + '\n');
  const csv = await batchBench({ sizes, runs: 3, sink: 'null', format: 'jsonl', input: 'csv', log });
  const jsonl = await batchBench({ sizes, runs: 3, sink: 'null', format: 'jsonl', input: 'jsonl', log });
  sections.push(
    '## `check --batch` throughput and memory\n\n### CSV profiles\n\n' + batchTable(csv) + '\n\n### JSON Lines profiles\n\n' + batchTable(jsonl) +
      '\n\nThe same generated profiles in both. A JSON Lines row that is a flat object is read without JSON.parse' +
      ' (src/profile/json-line.ts): JSON.parse internalizes every string value of up to 10 characters, so each' +
      ' row\'s name went into V8\'s string table and the peak rose with the file (65/73/114 MiB at 10k/100k/1M' +
      ' rows in the run before). Each profile is then copied into one fixed shape (every fact a key), as CSV rows are.',
  );
}

// --- Linear time on hostile text (bench/linear.js) -----------------------------------------
if (!process.env.BENCH_SKIP_LINEAR) {
  const { runLinear } = await import('./linear.js');
  sections.push(await runLinear({ runs: 3, log: (s) => process.stderr.write(s + '\n') }));
}

// --- Scale: the bundled handbook and synthetic ones of 1,000 and 10,000 policies (bench/scale.js)
if (!process.env.BENCH_SKIP_SCALE) {
  const { runScale } = await import('./scale.js');
  const sizes = (process.env.BENCH_SCALE_SIZES ?? '14,1000,10000').split(',').map(Number);
  sections.push(runScale({ sizes, runs: 3 }).trim());
}

// --- SQL export on each engine, compared with check --batch (bench/sql.js) ---------------
if (!process.env.BENCH_SKIP_SQL) {
  const { sqlBench, sqlSection } = await import('./sql.js');
  sections.push(sqlSection(await sqlBench({ rows: 10_000, runs: 3, log: (s) => process.stderr.write(s + '\n') })));
}

// --- render --pdf against bare Chromium (bench/render.js) --------------------------------
if (!process.env.BENCH_SKIP_RENDER) {
  const { renderBench } = await import('./render.js');
  sections.push(renderBench({ runs: 5, log: (s) => process.stderr.write(s + '\n') }));
}

// --- The PDF's own faces --------------------------------------------------------------------
const chromium = process.env.HANDBOOK_CHROMIUM ?? '/usr/bin/chromium';
if (!process.env.BENCH_SKIP_FONTS && commandExists('render') && existsSync(chromium)) {
  const { fontsBench } = await import('./fonts.js');
  try {
    sections.push(fontsBench({ root: ROOT, bin: BIN, env }));
  } catch (e) {
    sections.push(`## Booklet fonts\n\nNot measured: ${e.message.split('\n')[0]}`);
  }
}

// --- Write ------------------------------------------------------------------------------
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const header = [
  '# Benchmarks',
  '',
  'Written by `npm run bench` (bench/run.js); do not edit by hand. Figures are from one run on the machine',
  'below, which is shared and noisy: read the ratios to the baselines measured in the same run, not the',
  'absolute times.',
  '',
  `- date: ${new Date().toISOString().slice(0, 10)}`,
  `- machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  '',
].join('\n');
writeFileSync(join(ROOT, 'BENCHMARKS.md'), header + '\n' + sections.join('\n\n') + '\n');
process.stdout.write(readFileSync(join(ROOT, 'BENCHMARKS.md'), 'utf8'));
