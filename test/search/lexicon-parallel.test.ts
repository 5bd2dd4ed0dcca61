// Building the search index of a large handbook: the corpus is read once (corpus.ts), runs are
// segmented a few per Intl.Segmenter call, the lexicon's trie cuts runs, and a worker thread
// (parallel.ts, run for real from dist/: `npm test` builds first) segments a share of the runs
// and learns the traditional forms. Each must give exactly what the plain way gives.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import MiniSearch from 'minisearch';
import fc from 'fast-check';
import { DiagnosticBag } from '../../src/diagnostics/index.js';
import { readHandbookDir, type SourceFile } from '../../src/load/read.js';
import { compileSources } from '../../src/validate/index.js';
import type { Handbook } from '../../src/model/index.js';
import { serializeCompiled, toCompiled } from '../../src/compiled/index.js';
import { PARALLEL_FROM_CHARS } from '../../src/artefacts.js';
import { DEFAULT_OPTIONS, buildSearchIndex, domainWords, miniSearchOptions, searchDocuments, type SearchIndexArtefact } from '../../src/search-index/build.js';
import { Corpus } from '../../src/search-index/corpus.js';
import { MAX_WORD_LENGTH, buildLexicon, forIndexing, segmentRuns, toLexicon } from '../../src/search-index/lexicon.js';
import { normalizeText } from '../../src/search-index/normalize.js';
import { lexiconWorker, traditionalConverters } from '../../src/search-index/parallel.js';
import { tokenizeNormalized } from '../../src/search-index/tokenize.js';
import { POLICIES, ROOT, runCli } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'hb-lexicon-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Compiled {
  handbook: Handbook;
  files: SourceFile[];
}

function compile(dir: string): Compiled {
  const bag = new DiagnosticBag();
  const files = readHandbookDir(dir, bag);
  const result = compileSources(files, bag);
  if (!result.handbook) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return { handbook: result.handbook, files };
}

/** What segmentRuns finds, one Intl.Segmenter call per run (as the lexicon was first built). */
function segmentAlone(runs: readonly string[], times: ArrayLike<number>): { words: Set<string>; pairs: Map<string, number> } {
  const segmenter = new Intl.Segmenter('zh-Hans', { granularity: 'word' });
  const stop = toLexicon({ words: [], t2s: '', chars: '' });
  const words = new Set<string>();
  const pairs = new Map<string, number>();
  runs.forEach((run, r) => {
    let previous: string | undefined;
    for (const { segment: w } of segmenter.segment(run)) {
      if (w.length >= 2) {
        if (w.length <= MAX_WORD_LENGTH && !stop.stopWords.has(w)) words.add(w);
        previous = undefined;
        continue;
      }
      if (previous !== undefined && !stop.stopChars.has(w) && !stop.stopChars.has(previous)) pairs.set(previous + w, (pairs.get(previous + w) ?? 0) + times[r]!);
      previous = w;
    }
  });
  return { words, pairs };
}

/** MiniSearch's own index of the handbook, with the artefact's options and lexicon, postings sorted by term. */
function miniSearchIndex(handbook: Handbook, artefact: SearchIndexArtefact): Record<string, unknown> {
  const ms = new MiniSearch(miniSearchOptions(artefact.options, toLexicon(artefact.lexicon)));
  ms.addAll(searchDocuments(handbook));
  const json = ms.toJSON();
  return { ...json, index: [...json.index].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)) };
}

/** The compiled file's bytes (as latin1 text, to compare): the artefact as `handbook build` writes it. */
function compiledText(c: Compiled, search: SearchIndexArtefact): string {
  return serializeCompiled(toCompiled(c.handbook, c.files, { search })).toString('latin1');
}

let bundled: Compiled;
let large: Compiled;
let largeDir: string;
let converters: ((s: string) => string)[];

beforeAll(() => {
  largeDir = join(work, 'large');
  // Large enough for `handbook build` to use the worker (see PARALLEL_FROM_CHARS).
  const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'synth.js'), '--n', '400', '--seed', '3', '--out', largeDir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  bundled = compile(POLICIES);
  large = compile(largeDir);
  converters = traditionalConverters();
});

describe('reading the corpus once', () => {
  // Ensure the lexicon from the corpus read once is the lexicon of buildLexicon over every normalised text.
  it('gives the lexicon buildLexicon gives', () => {
    for (const { handbook } of [bundled, large]) {
      const docs = searchDocuments(handbook);
      const texts = docs.flatMap((d) => [d.title, d.section, d.text, d.provisions].map((t) => normalizeText(t)));
      const expected = buildLexicon({ texts, domain: domainWords(handbook), toTraditional: converters });
      expect(buildSearchIndex(handbook, { toTraditional: converters }).lexicon).toEqual(expected);
    }
  });

  // Ensure the corpus reads a text into the tokenizer's pieces and the lexicon's runs (common text without regular expressions).
  it('reads pieces and runs as the regular expressions do', () => {
    const PIECES = /〔((?:19|20)\d\d)〕(\d+)号|\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;
    const part = fc.constantFrom('用地', '指标', '号', '号文', '〔2011〕', '〔1999〕', '〔2101〕', '119号', '12', '浙委', 'ai', 'STEM', ' ', '，', '。', '（', '）', 'é', '〇', '々', '☃', '𠀀', '[2011]', '〔', '〕');
    fc.assert(
      fc.property(fc.array(part, { maxLength: 10 }), (parts) => {
        const text = parts.join('');
        const doc = { id: 'x', policy: 'x', kind: 'policy' as const, title: '', provisions: '', section: '', text, meta: '' };
        const corpus = new Corpus([doc], DEFAULT_OPTIONS.fields);
        const t = corpus.textOf[DEFAULT_OPTIONS.fields.indexOf('text')]!;
        const read: string[] = [];
        for (let p = corpus.programStart.data[t]!; p < corpus.programEnd.data[t]!; p++) {
          const piece = corpus.program.data[p]!;
          read.push(piece < 0 ? `term ${corpus.terms[~piece]}` : `run ${corpus.runs[piece]}`);
        }
        const normalized = normalizeText(text);
        const expected = [...normalized.matchAll(PIECES)].flatMap((m) =>
          m[1] !== undefined ? [`term ${m[0]}`, `term ${m[1]}`, `term ${m[2]}`] : [/^\p{Script=Han}/u.test(m[0]) ? `run ${m[0]}` : `term ${m[0]}`],
        );
        expect(read).toEqual(expected);
        const runs = normalized.match(/\p{Script=Han}+/gu) ?? [];
        const lexicon = corpus.lexiconRunsInOrder();
        expect(lexicon.runs).toEqual([...new Set(runs)]);
        expect([...lexicon.times]).toEqual(lexicon.runs.map((r) => runs.filter((x) => x === r).length));
      }),
      { numRuns: 2000 },
    );
  });

  // Ensure the index is MiniSearch's own for the same documents, lexicon and tokenizer.
  it('indexes as MiniSearch.add does', () => {
    const index = buildSearchIndex(bundled.handbook, { toTraditional: converters });
    expect(JSON.parse(JSON.stringify(index.index))).toEqual(miniSearchIndex(bundled.handbook, index));
  });

  // Ensure a text the lexicon does not read (a meta line) is indexed normalised with the traditional forms learned.
  it('folds traditional characters of a document number as the index always did', () => {
    const handbook: Handbook = structuredClone(bundled.handbook);
    const policy = handbook.policies.find((p) => p.number?.endsWith('号'))!;
    policy.number = policy.number!.replace(/号$/, '號');
    const index = buildSearchIndex(handbook, { toTraditional: converters });
    const t2s = toLexicon(index.lexicon).t2s;
    expect(t2s.get('號')).toBe('号');
    expect(index.lexicon.chars).not.toContain('號');
    expect(JSON.parse(JSON.stringify(index.index))).toEqual(miniSearchIndex(handbook, index));
    const terms = (JSON.parse(JSON.stringify(index.index)) as { index: [string, unknown][] }).index.map(([t]) => t);
    expect(terms).toContain(policy.number!.replace(/^[^〔]*/, '').replace('號', '号'));
    expect(terms).not.toContain('號');
  });

  // Ensure segmenting runs a few per call (joined by line breaks) finds what segmenting each run alone finds.
  it('segments runs as one run at a time would', () => {
    for (const { handbook } of [bundled, large]) {
      const { runs, times } = new Corpus(searchDocuments(handbook), DEFAULT_OPTIONS.fields).lexiconRunsInOrder();
      const segmented = segmentRuns(runs, times);
      const alone = segmentAlone(runs, times);
      expect(segmented.words.length).toBeGreaterThan(100);
      expect(new Set(segmented.words)).toEqual(alone.words);
      expect(segmented.pairs).toEqual(alone.pairs);
    }
  });

  // Ensure the trie of an indexing lexicon cuts every text as the plain lexicon does.
  it('cuts with the trie as without it', () => {
    const index = buildSearchIndex(large.handbook);
    const plain = toLexicon(index.lexicon);
    const fast = forIndexing(plain);
    for (const doc of searchDocuments(large.handbook).slice(0, 3000)) {
      const text = normalizeText(doc.text);
      expect(tokenizeNormalized(text, fast)).toEqual(tokenizeNormalized(text, plain));
    }
  });
});

describe('the lexicon worker', () => {
  // Ensure the worker answers itself (no fallback) and the index is byte for byte the single-thread one.
  it('builds the same index as one thread', () => {
    for (const c of [bundled, large]) {
      const alone = buildSearchIndex(c.handbook, { toTraditional: converters });
      const worker = lexiconWorker()!;
      expect(worker).toBeDefined();
      const jobs: { answers: number }[] = [];
      const parallel = buildSearchIndex(c.handbook, {
        helper: {
          share: worker.share,
          start: (job) => {
            const started = worker.start(job);
            jobs.push(started);
            return started;
          },
        },
      });
      expect(jobs.map((j) => j.answers)).toEqual([2]);
      expect(parallel.lexicon.t2s.length).toBeGreaterThan(0);
      expect(parallel.lexicon).toEqual(alone.lexicon);
      expect(compiledText(c, parallel)).toBe(compiledText(c, alone));
    }
  });

  // Ensure `handbook build` (the bundled CLI) uses the worker on a large handbook and writes the single-thread bytes.
  it('is used by the bundled CLI with the same output', () => {
    expect(large.handbook.policies.reduce((n, p) => n + p.body.length, 0)).toBeGreaterThanOrEqual(PARALLEL_FROM_CHARS);
    const out = join(work, 'out');
    const r = runCli(['build', '--dir', largeDir, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('HANDBOOK_LEXICON_WORKER');
    const written = readFileSync(join(out, 'handbook.json'), 'latin1');
    expect(written).toBe(compiledText(large, buildSearchIndex(large.handbook, { toTraditional: converters })));
  });
});
