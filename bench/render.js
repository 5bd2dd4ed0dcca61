#!/usr/bin/env node
// The booklet's render time (a benchmark, not a test): `handbook render --pdf` against bare
// `chromium --headless --print-to-pdf` printing the same HTML file, interleaved in one run so
// both see the same machine; and `handbook render --html` against `node -e 0`.
// Fair baseline: every bare run gets a fresh empty --user-data-dir, as playwright-core gives
// our render (a warm profile is faster and would flatter the ratio). Medians with their range.
//
//   node bench/render.js                 # 5 runs each → the BENCHMARKS.md section on stdout
//   node bench/render.js --runs 9
//   import { renderBench } from './render.js'   // from bench/run.js
//
// Needs a build (npm run build:ts) and Chromium (HANDBOOK_CHROMIUM, else /usr/bin/chromium).

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'handbook.js');
const DATE = ['--date', '2026-11-30'];
/** The flags bare Chromium prints with: headless, no first-run work, no header or footer. */
const BARE_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--no-pdf-header-footer'];

function timed(cmd, args, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} 失败：${String(r.stderr).split('\n')[0]}`);
  return ms;
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor((s.length - 1) / 2)], min: s[0], max: s[s.length - 1] };
}

const fmt = (st) => `${st.median.toFixed(0)} ms (${st.min.toFixed(0)}–${st.max.toFixed(0)})`;

/**
 * Measures the booklet's render and returns its BENCHMARKS.md section (Markdown), or a
 * "Not measured" section when Chromium or the render command is missing.
 */
export function renderBench({ runs = 5, chromium = process.env.HANDBOOK_CHROMIUM ?? '/usr/bin/chromium', log = () => {} } = {}) {
  const env = { ...process.env, CI: 'true', NO_COLOR: '1' };
  if (!existsSync(chromium) || spawnSync(process.execPath, [BIN, 'render', '--help'], { env }).status !== 0) {
    return '## Booklet\n\nNot measured: `render` or Chromium not available in this run.';
  }
  const dir = mkdtempSync(join(tmpdir(), 'hb-bench-render-'));
  try {
    const out = join(dir, '.handbook');
    execFileSync(process.execPath, [BIN, 'build', '--out', out], { env, stdio: 'ignore' });
    const html = join(dir, 'booklet.html');
    const renderHtml = () => timed(process.execPath, [BIN, 'render', '--out', out, '--html', html, ...DATE], env);
    const renderPdf = () => timed(process.execPath, [BIN, 'render', '--out', out, '--pdf', join(dir, 'ours.pdf'), ...DATE], env);
    const bare = () => {
      const profile = mkdtempSync(join(tmpdir(), 'hb-chr-'));
      try {
        return timed(chromium, [...BARE_FLAGS, `--user-data-dir=${profile}`, `--print-to-pdf=${join(dir, 'bare.pdf')}`, pathToFileURL(html).href], env);
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    };
    const node = () => timed(process.execPath, ['-e', '0'], env);

    // One warm-up of each (the file cache), then interleaved runs: both see the same moments.
    renderHtml();
    bare();
    renderPdf();
    node();
    const samples = { node: [], html: [], bare: [], pdf: [] };
    for (let i = 0; i < runs; i++) {
      samples.node.push(node());
      samples.html.push(renderHtml());
      samples.bare.push(bare());
      samples.pdf.push(renderPdf());
      log(`render bench: run ${i + 1}/${runs}`);
    }
    const st = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, stats(v)]));
    const kib = (p) => `${Math.round(statSync(p).size / 1024)} KiB`;
    return [
      '## Booklet',
      '',
      '`render --pdf` (Debian Chromium over the DevTools protocol, including its table-of-contents pass) against',
      `bare \`chromium --headless --print-to-pdf\` printing the same HTML file, each with a new empty profile, interleaved, median of ${runs} runs each.`,
      'Targets: `render --pdf` within 1.5× of bare Chromium; `render --html` under a second.',
      `The HTML is ${kib(html)}; the PDFs ${kib(join(dir, 'ours.pdf'))} (ours, tagged, with bookmarks) and ${kib(join(dir, 'bare.pdf'))} (bare).`,
      '',
      '| what | time | ratio |',
      '|---|---|---|',
      `| bare \`chromium --print-to-pdf\` (baseline) | ${fmt(st.bare)} | 1.00× |`,
      `| \`handbook render --pdf\` | ${fmt(st.pdf)} | ${(st.pdf.median / st.bare.median).toFixed(2)}× |`,
      `| \`node -e 0\` (baseline) | ${fmt(st.node)} | 1.00× |`,
      `| \`handbook render --html\` | ${fmt(st.html)} | ${(st.html.median / st.node.median).toFixed(2)}× of \`node -e 0\` |`,
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--runs');
  const runs = i > 0 ? Number(process.argv[i + 1]) : 5;
  process.stdout.write(renderBench({ runs, log: (s) => process.stderr.write(s + '\n') }) + '\n');
}
