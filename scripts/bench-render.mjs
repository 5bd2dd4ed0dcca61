// Benchmark (not a test): `handbook render --pdf` against bare `chromium --headless
// --print-to-pdf` printing the same HTML, interleaved in the same run; and `handbook render --html`.
// Usage: npm run build:ts && node scripts/bench-render.mjs [runs=7]
// Goal: render --pdf within 1.5× of bare Chromium; render --html under a second.
//
// Fair baseline: every bare run gets a FRESH empty --user-data-dir, as playwright-core gives
// our render (a warm default profile such as ~/.config/chromium is slower and flatters the ratio).
// Set HANDBOOK_RENDER_TIMING=1 to also print our render's per-phase timestamps (stderr).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'handbook.js');
const runs = Number(process.argv[2] ?? 7);
const dir = mkdtempSync(join(tmpdir(), 'handbook-bench-'));
const chromium = process.env.HANDBOOK_CHROMIUM ?? '/usr/bin/chromium';
const env = { ...process.env, CI: 'true', NO_COLOR: '1' };
const date = ['--date', '2026-11-30'];

const time = (cmd, args, options = {}) => {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return { ms, stderr: String(r.stderr) };
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

// The compiled handbook first, as a user would have it.
const out = join(dir, '.handbook');
execFileSync(process.execPath, [bin, 'build', '--out', out], { env, stdio: 'ignore' });
const html = join(dir, 'booklet.html');
const htmlMs = [];
for (let i = 0; i < runs; i++) htmlMs.push(time(process.execPath, [bin, 'render', '--out', out, '--html', html, ...date], { env }).ms);

// The same flags as bench/run.js's Booklet section.
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--no-pdf-header-footer'];
const bareRun = () => {
  const profile = mkdtempSync(join(tmpdir(), 'hb-chr-'));
  try {
    return time(chromium, [...flags, `--user-data-dir=${profile}`, `--print-to-pdf=${join(dir, 'bare.pdf')}`, pathToFileURL(html).href]).ms;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
};
const oursRun = () => time(process.execPath, [bin, 'render', '--out', out, '--pdf', join(dir, 'ours.pdf'), ...date], { env });

// One warm-up of each (file cache), then interleaved runs.
bareRun();
oursRun();
const bare = [];
const ours = [];
const phases = [];
for (let i = 0; i < runs; i++) {
  bare.push(bareRun());
  const r = oursRun();
  ours.push(r.ms);
  if (r.stderr.includes('[timing]')) phases.push(r.stderr.split('\n').filter((l) => l.startsWith('[timing]')).join('\n'));
}
const ratio = median(ours) / median(bare);
console.log(`render --html: median ${median(htmlMs).toFixed(0)} ms (${range(htmlMs)}) (goal < 1000 ms)`);
console.log(`bare chromium --print-to-pdf (fresh profile): median ${median(bare).toFixed(0)} ms (${range(bare)})`);
console.log(`render --pdf: median ${median(ours).toFixed(0)} ms (${range(ours)}) — ${ratio.toFixed(2)}× bare (goal ≤ 1.5×)`);
if (phases.length) console.log(`\nphases of the last render --pdf:\n${phases.at(-1)}`);
rmSync(dir, { recursive: true, force: true });
