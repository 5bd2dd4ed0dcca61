#!/usr/bin/env node
// `handbook check --batch` throughput and peak memory (a benchmark, not a test).
// Generates CSV files of N profiles (every fact of the bundled handbook as a column, about
// 15% of cells empty = unknown, a deterministic PRNG so every run reads the same rows),
// runs the real CLI under `/usr/bin/time -f '%e %M'` with its output sent to /dev/null
// (the same sink for every size; `--sink pipe` sends it through a pipe to `cat` instead),
// and prints a Markdown table: rows, seconds, profiles per second, peak RSS.
// Medians of `--runs` runs (default 3) up to 100k rows; one run for larger files.
//
//   node bench/batch.js                          # 10k, 100k, 1M rows → Markdown on stdout
//   node bench/batch.js --sizes 10000,100000 --runs 5 --sink pipe
//   node bench/batch.js --format csv             # the CSV matrix instead of JSON Lines
//   node bench/batch.js --input jsonl            # JSON Lines profiles instead of a CSV
//   node bench/batch.js --json                   # the measurements as JSON instead
//   import { batchBench, batchTable } from './batch.js'   // from bench/run.js
//
// Needs a build (npm run build:ts) and GNU time at /usr/bin/time.

import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from './mulberry32.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'handbook.js');
const ON = '2026-11-30';

/** The bundled handbook's facts (policies/facts.yaml) and the values a generated profile draws from. */
const FACTS = {
  region: ['杭州', '宁波', '温州', '嘉兴', '湖州', '绍兴', '金华', '衢州', '舟山', '台州', '丽水'],
  investor_origin: ['省外浙商', '境外浙商', '省内企业', '其他'],
  paid_in_wan: 60000,
  registered_capital_wan: 150000,
  industry: ['战略性新兴产业', '先进制造业', '现代服务业', '海洋经济', '现代农业', '传统制造业'],
  high_pollution: ['true', 'false', '是', '否'],
  size: ['大型', '中型', '小型', '微型'],
  revenue_wan: 80000,
  high_tech: ['true', 'false', 'yes', 'no'],
  headquarters: ['否', '区域总部', '总部'],
  import_export: ['true', 'false'],
  needs_land: ['是', '否'],
  talent: ['无', '省级', '国家级'],
  rd_ratio_pct: 15,
};
const UNKNOWN_SHARE = 0.15;

/**
 * Writes `rows` generated profiles to `path` (streamed, so 1M rows need no memory): a CSV, or
 * with `input: 'jsonl'` the same profiles as JSON Lines (numbers as numbers, true/false as
 * booleans, an unknown fact left out).
 */
export async function writeProfiles(path, rows, seed = 42, input = 'csv') {
  const rnd = mulberry32(seed); // same seed → same file on every machine
  const facts = Object.entries(FACTS);
  const out = createWriteStream(path);
  let chunk = input === 'csv' ? ['name', ...facts.map(([f]) => f)].join(',') + '\n' : '';
  for (let i = 0; i < rows; i++) {
    let line = `企业${i}`;
    let json = `{"name":"企业${i}"`;
    for (const [fact, values] of facts) {
      line += ',';
      if (rnd() < UNKNOWN_SHARE) continue;
      let cell;
      if (Array.isArray(values)) cell = values[Math.floor(rnd() * values.length)];
      else cell = values < 100 ? (Math.round(rnd() * values * 10) / 10).toString() : Math.round(rnd() * values).toString();
      line += cell;
      json += `,"${fact}":${Array.isArray(values) && cell !== 'true' && cell !== 'false' ? JSON.stringify(cell) : cell}`;
    }
    chunk += (input === 'csv' ? line : json + '}') + '\n';
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** One run of the CLI under GNU time: wall seconds and peak RSS in KiB. */
function timed(args, sink, cwd) {
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const to = sink === 'pipe' ? '| cat > /dev/null' : '> /dev/null';
  // time measures the CLI alone (not `cat`); its report goes to a file, the CLI's stderr is kept.
  const report = join(cwd, 'time.txt');
  const script = `/usr/bin/time -o '${report}' -f '%e %M' '${process.execPath}' ${quoted} ${to}`;
  const r = spawnSync('/bin/sh', ['-c', script], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const text = spawnSync('cat', [report], { encoding: 'utf8' }).stdout.trim().split('\n').pop() ?? '';
  const m = /^([\d.]+) (\d+)$/.exec(text);
  if (r.status !== 0 || !m) throw new Error(`handbook ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-500)} ${text}`);
  return { seconds: Number(m[1]), rssKb: Number(m[2]), stderr: r.stderr };
}

/**
 * Measures `check --batch` at each size. Returns one entry per size: rows, runs, median
 * seconds, profiles per second, median peak RSS (MiB), and every sample.
 */
export async function batchBench({ sizes = [10_000, 100_000, 1_000_000], runs = 3, sink = 'null', format = 'jsonl', input = 'csv', log = () => {} } = {}) {
  if (!existsSync('/usr/bin/time')) throw new Error('GNU time (/usr/bin/time) is needed');
  const dir = mkdtempSync(join(tmpdir(), 'hb-batch-bench-'));
  try {
    const out = join(dir, '.handbook');
    const b = spawnSync(process.execPath, [BIN, 'build', '--out', out], { cwd: ROOT, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`handbook build failed: ${b.stderr}`);
    // The baseline: what an idle Node process occupies on this machine.
    const idle = timed(['-e', '0'], sink, dir);
    // Start-up and handbook loading: the same command on a file with a header and no rows.
    const empty = join(dir, 'profiles-0.csv');
    await writeProfiles(empty, 0);
    const startSamples = [];
    for (let i = 0; i < Math.max(runs, 3); i++) startSamples.push(timed([BIN, 'check', '--batch', empty, '--format', format, '--out', out, '--on', ON], sink, dir).seconds);
    const startup = median(startSamples);
    const results = [];
    for (const rows of sizes) {
      const file = join(dir, `profiles-${rows}.${input}`);
      await writeProfiles(file, rows, 42, input);
      const n = rows > 100_000 ? 1 : runs;
      const samples = [];
      for (let i = 0; i < n; i++) {
        const s = timed([BIN, 'check', '--batch', file, '--format', format, '--out', out, '--on', ON], sink, dir);
        if (!s.stderr.includes(`共 ${rows} 家企业：已判断 ${rows} 家，0 行有错误`)) throw new Error(`unexpected summary: ${s.stderr.slice(-300)}`);
        samples.push(s);
        log(`${rows} rows, run ${i + 1}/${n}: ${s.seconds} s, ${(s.rssKb / 1024).toFixed(0)} MiB`);
      }
      rmSync(file);
      const seconds = median(samples.map((s) => s.seconds));
      results.push({
        rows,
        runs: n,
        seconds,
        profilesPerSecond: Math.round(rows / seconds),
        profilesPerSecondAfterStartup: seconds > startup ? Math.round(rows / (seconds - startup)) : undefined,
        peakRssMiB: median(samples.map((s) => s.rssKb)) / 1024,
        samples: samples.map((s) => ({ seconds: s.seconds, peakRssMiB: s.rssKb / 1024 })),
      });
    }
    return { sink, format, input, idleRssMiB: idle.rssKb / 1024, startupSeconds: startup, results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The measurements as a Markdown table (with the idle `node -e 0` RSS as a reference line). */
export function batchTable({ sink, format = 'jsonl', input = 'csv', idleRssMiB, startupSeconds, results }) {
  const n = (x) => (x === undefined ? 'n/a' : x.toLocaleString('en'));
  const lines = ['| rows | seconds | profiles/s | profiles/s after start-up | peak RSS |', '|---:|---:|---:|---:|---:|'];
  for (const r of results) {
    const range = r.samples.length > 1 ? ` (${Math.min(...r.samples.map((s) => s.seconds))}–${Math.max(...r.samples.map((s) => s.seconds))})` : '';
    lines.push(`| ${n(r.rows)} | ${r.seconds.toFixed(2)}${range} | ${n(r.profilesPerSecond)} | ${n(r.profilesPerSecondAfterStartup)} | ${r.peakRssMiB.toFixed(0)} MiB |`);
  }
  const runs = results.map((r) => `${n(r.rows)}: ${r.runs === 1 ? 'one run' : `median of ${r.runs}`}`).join(', ');
  lines.push('', `${input === 'csv' ? 'CSV' : 'JSON Lines'} input, ${format === 'csv' ? 'CSV matrix' : 'JSON Lines'} output to ${sink === 'pipe' ? 'a pipe (`| cat > /dev/null`)' : '/dev/null'}; ${runs}; start-up (a file with no rows) ${startupSeconds.toFixed(2)} s; \`node -e 0\` peaks at ${idleRssMiB.toFixed(0)} MiB here.`);
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i === -1 ? undefined : process.argv[i + 1];
  };
  const options = {
    sizes: (arg('--sizes') ?? '10000,100000,1000000').split(',').map(Number),
    runs: Number(arg('--runs') ?? 3),
    sink: arg('--sink') === 'pipe' ? 'pipe' : 'null',
    format: arg('--format') === 'csv' ? 'csv' : 'jsonl',
    input: arg('--input') === 'jsonl' ? 'jsonl' : 'csv',
    log: (s) => process.stderr.write(s + '\n'),
  };
  const m = await batchBench(options);
  process.stdout.write((process.argv.includes('--json') ? JSON.stringify(m, null, 2) : batchTable(m)) + '\n');
}
