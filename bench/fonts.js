// The PDF's own faces (src/render/fonts.ts): what they cost and what they give, in one run.
// For the booklet printed once with the machine's fonts and once with fontconfig restricted to
// Noto CJK alone (Debian's fonts-noto-cjk, CFF outlines): the PDF's size, its fonts and how many
// are Type 3, and the render's time against the same render's median; and the font packages'
// install size against the whole of node_modules. Called from bench/run.js.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PACKAGES = ['@fontsource/noto-serif-sc', '@fontsource/noto-sans-sc', '@fontsource/lxgw-wenkai'];

/** Bytes of every file under dir (apparent size, as npm counts it). */
function size(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath ?? entry.path, entry.name)).size;
  }
  return total;
}

const mib = (b) => `${(b / 2 ** 20).toFixed(1)} MiB`;

/** Renders the booklet `runs` times under `env`; returns the median time, the PDF's size and its fonts. */
function renderPdf(root, bin, out, env, runs) {
  const pdf = join(out, `booklet-${Math.random().toString(36).slice(2)}.pdf`);
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [bin, 'render', '--out', join(out, '.handbook'), '--pdf', pdf, '--date', '2026-11-30'], { env, cwd: root });
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 0) throw new Error(String(r.stderr).split('\n')[0]);
  }
  samples.sort((a, b) => a - b);
  const rows = String(spawnSync('pdffonts', [pdf], { encoding: 'utf8' }).stdout).split('\n').slice(2).filter((l) => l.trim() !== '');
  return { median: samples[Math.floor(samples.length / 2)], bytes: statSync(pdf).size, fonts: rows.length, type3: rows.filter((l) => l.includes('Type 3')).length, cid: rows.filter((l) => /CID TrueType/.test(l)).length };
}

export function fontsBench({ root, bin, env, runs = 3 }) {
  const out = mkdtempSync(join(tmpdir(), 'hb-bench-fonts-'));
  try {
    const conf = join(out, 'fonts.conf');
    writeFileSync(conf, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>/usr/share/fonts/opentype/noto</dir><cachedir>${join(out, 'fc-cache')}</cachedir><include ignore_missing="yes">/etc/fonts/conf.d</include></fontconfig>\n`);
    spawnSync(process.execPath, [bin, 'build', '--out', join(out, '.handbook')], { env, cwd: root });
    const machine = renderPdf(root, bin, out, env, runs);
    const noto = renderPdf(root, bin, out, { ...env, FONTCONFIG_FILE: conf }, runs);
    const modules = join(root, 'node_modules');
    const fonts = PACKAGES.reduce((n, p) => n + size(join(modules, p)), 0);
    const all = size(modules);
    const row = (what, r) => `| ${what} | ${(r.bytes / 1024).toFixed(0)} KB | ${r.fonts} (${r.cid} CID TrueType, ${r.type3} Type 3) | ${r.median.toFixed(0)} ms | ${(r.median / machine.median).toFixed(2)}× |`;
    return [
      '## Booklet fonts',
      '',
      'The PDF is printed in the project\'s own faces (Noto Serif SC, Noto Sans SC, LXGW WenKai from @fontsource),',
      'whatever the machine has: the same booklet with the machine\'s fonts and with fontconfig restricted to Noto CJK',
      `alone (CFF faces, which Chromium can only draw as Type 3), median of ${runs} renders each, ratio to the first.`,
      'Target: no Type 3 font in either; the same size and time within 1.1× of each other.',
      '',
      '| fontconfig | PDF | fonts | render --pdf | ratio |',
      '|---|---|---|---|---|',
      row('the machine\'s (baseline)', machine),
      row('Noto CJK only', noto),
      '',
      `Install size of the three font packages: ${mib(fonts)} of ${mib(all)} in node_modules (${((fonts / all) * 100).toFixed(0)}%).`,
    ].join('\n');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
