// Tokenizer comparison on the bundled handbook: speed (µs per character, index side),
// relevance (recall@3 and MRR of test/relevance/queries.yaml), query latency, index size and
// the cost of loading an index. Run after `npm run build:ts`: node bench/tokenizers.js
// Figures are for orientation; docs/SEARCH.md records a run.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import { DiagnosticBag } from '../dist/diagnostics/index.js';
import { readHandbookDir } from '../dist/load/read.js';
import { compileSources } from '../dist/validate/index.js';
import { buildSearchIndex, searchHandbook, searchDocuments, lexiconOf, TOKENIZERS } from '../dist/search-index/index.js';
import { tokenizeWith } from '../dist/search-index/tokenize.js';
import { normalizeText } from '../dist/search-index/normalize.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const bag = new DiagnosticBag();
const { handbook } = compileSources(readHandbookDir(join(ROOT, 'policies'), bag), bag);
if (!handbook) throw new Error('the bundled handbook does not compile');
const queries = parse(readFileSync(join(ROOT, 'test/relevance/queries.yaml'), 'utf8')).queries;
const OpenCC = createRequire(import.meta.url)('opencc-js');
const toTraditional = [OpenCC.Converter({ from: 'cn', to: 'tw' }), OpenCC.Converter({ from: 'cn', to: 'hk' })];

const texts = searchDocuments(handbook).map((d) => normalizeText([d.title, d.section, d.text, d.provisions].join(' ')));
const chars = texts.reduce((n, t) => n + t.length, 0);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows = [];
for (const name of TOKENIZERS) {
  const t0 = performance.now();
  const artefact = buildSearchIndex(handbook, { tokenizer: name, toTraditional });
  const buildMs = performance.now() - t0;
  const lexicon = lexiconOf(artefact);
  const runs = [];
  for (let r = 0; r < 9; r++) {
    const s = performance.now();
    for (const t of texts) tokenizeWith(name, t, lexicon);
    runs.push(performance.now() - s);
  }
  let hits = 0;
  let rr = 0;
  for (const q of queries) {
    const res = searchHandbook(handbook, artefact, q.q, { limit: 10 });
    const i = res.results.findIndex((x) => (q.clause ? x.clause === q.clause : x.policy === q.policy));
    if (i >= 0 && i < 3) hits++;
    if (i >= 0) rr += 1 / (i + 1);
  }
  const times = [];
  for (let r = 0; r < 20; r++) {
    for (const q of queries) {
      const s = performance.now();
      searchHandbook(handbook, artefact, q.q, { limit: 10 });
      times.push(performance.now() - s);
    }
  }
  const json = JSON.stringify(artefact);
  const loads = [];
  for (let r = 0; r < 5; r++) {
    const s = performance.now();
    const parsed = JSON.parse(json);
    searchHandbook(handbook, parsed, '用地', {});
    loads.push(performance.now() - s);
  }
  rows.push({
    tokenizer: name,
    'µs/char': ((median(runs) * 1000) / chars).toFixed(2),
    'recall@3': (hits / queries.length).toFixed(3),
    MRR: (rr / queries.length).toFixed(3),
    'query p50 ms': median(times).toFixed(3),
    'index KB': (json.length / 1024).toFixed(0),
    'parse+load+1st query ms': median(loads).toFixed(1),
    'build ms': buildMs.toFixed(0),
  });
}
console.log(`corpus: ${texts.length} documents, ${chars} characters; ${queries.length} relevance queries`);
console.table(rows);
const lex = lexiconOf(buildSearchIndex(handbook, { toTraditional }));
console.log(`lexicon: ${lex.words.size} words, ${lex.t2s.size} traditional forms, ${lex.chars.size} characters`);
for (const sample of ['浙商回归项目用地报批', '小微企业信贷专营服务', '授信审批和信贷产品']) {
  for (const name of TOKENIZERS) console.log(`${sample} · ${name}: ${tokenizeWith(name, normalizeText(sample), lex).join('|')}`);
}
