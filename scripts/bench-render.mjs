// Benchmark (not a test): `handbook render --pdf` against bare `chromium --headless
// --print-to-pdf` printing the same HTML, in the same run; and `handbook render --html`.
// Usage: npm run build:ts && node scripts/bench-render.mjs [runs=5]
// Goal: render --pdf within 1.5× of bare Chromium; render --html under a second.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'handbook.js');
const runs = Number(process.argv[2] ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'handbook-bench-'));
const chromium = process.env.HANDBOOK_CHROMIUM ?? '/usr/bin/chromium';
const env = { ...process.env, CI: 'true', SOURCE_DATE_EPOCH: '1767225600' };

const time = (fn) => {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The compiled handbook first, as a user would have it.
execFileSync(process.execPath, [bin, 'build', '--out', join(dir, '.handbook')], { env, stdio: 'ignore' });
const html = join(dir, 'booklet.html');
const htmlMs = [];
for (let i = 0; i < runs; i++) htmlMs.push(time(() => execFileSync(process.execPath, [bin, 'render', '--out', join(dir, '.handbook'), '--html', html], { env, stdio: 'ignore' })));

const flags = ['--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--no-pdf-header-footer'];
if (process.getuid?.() === 0) flags.unshift('--no-sandbox');
const bare = [];
const ours = [];
for (let i = 0; i < runs; i++) {
  bare.push(time(() => execFileSync(chromium, [...flags, `--print-to-pdf=${join(dir, 'bare.pdf')}`, pathToFileURL(html).href], { stdio: 'ignore' })));
  ours.push(time(() => execFileSync(process.execPath, [bin, 'render', '--out', join(dir, '.handbook'), '--pdf', join(dir, 'ours.pdf')], { env, stdio: 'ignore' })));
}
const ratio = median(ours) / median(bare);
console.log(`render --html: median ${median(htmlMs).toFixed(0)} ms (goal < 1000 ms)`);
console.log(`bare chromium --print-to-pdf: median ${median(bare).toFixed(0)} ms`);
console.log(`render --pdf: median ${median(ours).toFixed(0)} ms — ${ratio.toFixed(2)}× bare (goal ≤ 1.5×)`);
