// Benchmark (not a test): `handbook check` cold start against `node -e 0`, batch throughput,
// and batch peak memory for 10k and 100k rows. Run after a build: node test/check/bench.mjs
// Prints numbers and the targets of the eligibility issue; exits 0 either way.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'handbook.js');
const TMP = mkdtempSync(join(tmpdir(), 'hb-bench-'));
const OUT = join(TMP, 'out');
const ON = ['--on', '2026-11-30'];

function timeIt(args, runs = 15) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'ignore'] });
    if (r.status !== 0) throw new Error(`${args.join(' ')} → ${r.status}`);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Peak RSS (MB) and seconds of a CLI run, measured inside the process. */
function measured(args) {
  const script = `const { run } = await import(${JSON.stringify(join(ROOT, 'dist/cli/main.js'))});
const t = performance.now(); await run(${JSON.stringify(args)});
process.stderr.write('\\nBENCH ' + (performance.now() - t) + ' ' + process.resourceUsage().maxRSS + '\\n');`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'pipe'] });
  const m = /BENCH ([\d.]+) (\d+)/.exec(r.stderr);
  return { seconds: Number(m[1]) / 1000, rssMb: Math.round(Number(m[2]) / 1024) };
}

function csv(rows) {
  const origins = ['省外浙商', '境外浙商', '省内企业', '其他'];
  const industries = ['战略性新兴产业', '先进制造业', '现代服务业', '海洋经济', '现代农业', '传统制造业'];
  const sizes = ['大型', '中型', '小型', '微型', ''];
  const lines = ['name,investor_origin,paid_in_wan,registered_capital_wan,industry,high_pollution,size,revenue_wan,high_tech,headquarters,import_export,needs_land,talent,rd_ratio_pct'];
  for (let i = 0; i < rows; i++) {
    lines.push([`企业${i}`, origins[i % 4], (i * 7919) % 100000, (i * 104729) % 150000, industries[i % 6], i % 3 ? 'false' : 'true', sizes[i % 5], (i * 31) % 90000, i % 2 ? '是' : '否', ['否', '区域总部', '总部'][i % 3], i % 2, i % 5 ? 'yes' : '', ['无', '省级', '国家级'][i % 3], (i % 100) / 10].join(','));
  }
  return lines.join('\n') + '\n';
}

spawnSync(process.execPath, [BIN, 'build', '--out', OUT], { stdio: 'ignore' });
const profile = join(TMP, 'p.yaml');
writeFileSync(profile, 'investor_origin: 省外浙商\npaid_in_wan: 12000\nneeds_land: true\n');

const base = timeIt(['-e', '0']);
const cold = timeIt([BIN, 'check', profile, '--out', OUT, ...ON]);
console.log(`node -e 0: ${base.toFixed(0)} ms; handbook check: ${cold.toFixed(0)} ms → ${(cold / base).toFixed(2)}× (target ≤ 1.6×)`);

for (const rows of [10_000, 100_000]) {
  const file = join(TMP, `${rows}.csv`);
  writeFileSync(file, csv(rows));
  const m = measured(['check', '--batch', file, '--out', OUT, ...ON]);
  console.log(`batch ${rows} rows: ${m.seconds.toFixed(2)} s, ${Math.round(rows / m.seconds)} profiles/s (target ≥ 20000), peak RSS ${m.rssMb} MB`);
}
