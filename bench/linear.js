#!/usr/bin/env node
// Linear time on any text (#15): hostile but valid inputs of doubling size through the
// library's own stages, in process, and the time ratio of each doubling (≈ 2 when linear,
// ≈ 4 when quadratic). A benchmark, not a test: nothing here is asserted.
// Inputs (one policy file added to test/fixtures/valid):
// - a Han run (one run of N characters): lint, then build with the search index;
// - a run of `<` (lint: body text extraction);
// - a link followed by N `[` (show's terminal text, and lint);
// - nested lists: N lists each 50 levels deep (lint and render to HTML), and one line nesting
//   2N levels (lint: refused by the depth limit, in time linear in N);
// - a search snippet over a Han run with thousands of matches;
// - bold phrases, N paragraphs of 20 (render to HTML).
// Each figure: the median of --runs runs (default 3).
//
//   node bench/linear.js            # Markdown section on stdout
//   node bench/linear.js --runs 5
//   import { runLinear } from './linear.js'   // from bench/run.js
//
// Needs a build (npm run build:ts).

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const VALID = join(ROOT, 'test', 'fixtures', 'valid');
const dist = (p) => import(pathToFileURL(join(ROOT, 'dist', p)).href);

const HAN = '浙江省支持科技型小微企业创业创新发展用地指标政策补助资金融资担保人才公寓';

/** A run of n Han characters (varied, so the segmenter has words to find). */
const hanRun = (n) => {
  let s = '';
  for (let i = 0; s.length < n; i++) s += HAN[(i * 7 + (i >> 3)) % HAN.length];
  return s.slice(0, n);
};

const CASES = [
  { name: 'Han run, lint', unit: 'characters', sizes: [250_000, 500_000, 1_000_000, 2_000_000], body: hanRun, stage: 'lint' },
  { name: 'Han run, build with the search index', unit: 'characters', sizes: [125_000, 250_000, 500_000, 1_000_000], body: hanRun, stage: 'build' },
  { name: '`<` run, lint', unit: '`<`', sizes: [500_000, 1_000_000, 2_000_000, 4_000_000], body: (n) => '<'.repeat(n), stage: 'lint' },
  { name: 'link then `[` run, lint', unit: '`[`', sizes: [500_000, 1_000_000, 2_000_000, 4_000_000], body: (n) => '[a](#child)' + '['.repeat(n), stage: 'lint' },
  { name: 'link then `[` run, show (terminal text)', unit: '`[`', sizes: [500_000, 1_000_000, 2_000_000, 4_000_000], body: (n) => '[a](#child)' + '['.repeat(n), stage: 'show' },
  {
    name: 'lists 50 levels deep, lint',
    unit: 'lists',
    sizes: [250, 500, 1000, 2000],
    body: (n) => Array.from({ length: n }, () => Array.from({ length: 50 }, (_, i) => '  '.repeat(i) + '- 项').join('\n')).join('\n\n段落。\n\n'),
    stage: 'lint',
  },
  {
    name: 'lists 50 levels deep, render to HTML',
    unit: 'lists',
    sizes: [10, 20, 40, 80],
    body: (n) => Array.from({ length: n }, () => Array.from({ length: 50 }, (_, i) => '  '.repeat(i) + '- 项').join('\n')).join('\n\n段落。\n\n'),
    stage: 'render',
  },
  {
    name: 'N `>` then N list markers on one line, lint (refused: body/too-deep)',
    unit: 'levels',
    sizes: [250_000, 500_000, 1_000_000, 2_000_000],
    body: (n) => '> '.repeat(n) + '- '.repeat(n) + '项',
    stage: 'lint',
  },
  { name: 'Han run, a search snippet (thousands of matches)', unit: 'characters', sizes: [125_000, 250_000, 500_000, 1_000_000], body: hanRun, stage: 'snippet' },
  {
    name: 'bold phrases, 20 per paragraph, render to HTML',
    unit: 'paragraphs',
    sizes: [50, 100, 200, 400],
    body: (n) => Array.from({ length: n }, () => '这是**重点**内容，'.repeat(20)).join('\n\n'),
    stage: 'render',
  },
];

function parseArgs(argv) {
  const o = { runs: 3 };
  for (let i = 0; i < argv.length; i++) if (argv[i] === '--runs') o.runs = Number(argv[++i]);
  return o;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runLinear({ runs = 3, log = () => {} } = {}) {
  const { compileSources } = await dist('validate/index.js');
  const { compileArtefacts } = await dist('artefacts.js');
  const { renderMarkdownFragment } = await dist('render/markdown.js');
  const { markdownLines } = await dist('cli/show-text.js');
  const { makeSnippet } = await dist('search-index/snippet.js');
  const { Chalk } = await import('chalk');
  const plain = new Chalk({ level: 0 });
  const base = ['facts.yaml', '00-parent.md', '01-child.md'].map((path) => ({ path, text: readFileSync(join(VALID, path), 'utf8') }));
  const policy = (body) => ({
    path: '02-linear.md',
    text: `---\nid: linear\ntitle: 线性\nissuer: 某厅\ndate: 2012\neffective: 2012-01-01\nprovenance: confirmed\nsources: [测试]\n---\n\n${body}\n`,
  });
  const stages = {
    lint: (body) => compileSources([...base, policy(body)]),
    build: (body) => {
      const r = compileSources([...base, policy(body)]);
      if (r.handbook) compileArtefacts(r.handbook);
      return r;
    },
    show: (body) => markdownLines(body, plain),
    snippet: (body) => makeSnippet(body, [body.slice(1000, 1002), body.slice(2000, 2003)]),
    render: (body) => renderMarkdownFragment(body, { key: 'linear', headingLevel: 4, ids: new Set() }),
  };
  const rows = [];
  for (const c of CASES) {
    const times = [];
    for (const n of c.sizes) {
      const body = c.body(n);
      await stages[c.stage](body); // warm-up
      const samples = [];
      for (let r = 0; r < runs; r++) {
        const t0 = process.hrtime.bigint();
        await stages[c.stage](body);
        samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      times.push(median(samples));
      log(`linear: ${c.name} ${n}: ${median(samples).toFixed(1)} ms`);
    }
    const ratios = times.slice(1).map((t, i) => (t / times[i]).toFixed(2) + '×');
    rows.push(`| ${c.name} | ${c.sizes.map((n) => n.toLocaleString('en-US')).join(' → ')} ${c.unit} | ${times.map((t) => (t >= 100 ? t.toFixed(0) : t.toFixed(1))).join(' → ')} ms | ${ratios.join(', ')} |`);
  }
  return [
    '## Linear time on hostile text',
    '',
    `Each input doubled three times and run through the library's stage in process (median of ${runs} runs after a warm-up;`,
    '`bench/linear.js`). Linear time doubles with the input (ratio ≈ 2×); quadratic would be ≈ 4×. Before #15, a 90,000-character',
    'Han run took 25–60 s to build, 100,000 `<` 12 s to lint and a link followed by many `[` 17 s to show.',
    '',
    '| input, stage | sizes | time | ratio per doubling |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const o = parseArgs(process.argv.slice(2));
  process.stdout.write((await runLinear({ runs: o.runs, log: (s) => process.stderr.write(s + '\n') })) + '\n');
}
