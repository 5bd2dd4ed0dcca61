// The compiled store holds no file open after a load: a long-running program (a build script
// making briefs for a whole batch) can load a handbook as often as it likes.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { compileDir } from '../../src/validate/index.js';
import { loadHandbook, toCompiled, writeCompiled, COMPILED_FILE } from '../../src/compiled/index.js';
import { compileArtefacts } from '../../src/artefacts.js';
import { readHandbookDir } from '../../src/load/read.js';
import { DiagnosticBag } from '../../src/diagnostics/index.js';
import { POLICIES } from '../helpers/cli.js';
import { searchHandbook, type SearchIndexArtefact } from '../../src/search-index/index.js';
import { storeOf } from '../../src/search-index/store.js';

const openFiles = () => readdirSync('/proc/self/fd').length;

function compiledCopy(): { out: string; cleanup: () => void } {
  const out = mkdtempSync(join(tmpdir(), 'hb-fd-'));
  const { handbook } = compileDir(POLICIES);
  const files = readHandbookDir(POLICIES, new DiagnosticBag());
  writeCompiled(join(out, COMPILED_FILE), toCompiled(handbook!, files, compileArtefacts(handbook!)));
  return { out, cleanup: () => rmSync(out, { recursive: true, force: true }) };
}

describe('compiled store: file descriptors', () => {
  // Ensure 50 loads (each reading policy texts lazily afterwards) leave no descriptor open.
  it('leaves no descriptor open after loads and lazy reads', async () => {
    const { out, cleanup } = compiledCopy();
    try {
      const before = openFiles();
      for (let i = 0; i < 50; i++) {
        const loaded = await loadHandbook({ dir: POLICIES, out, artefacts: true });
        expect(loaded.from).toBe('compiled');
        // A lazy part: the policy's body is read after the load has returned.
        expect(loaded.handbook!.policies[1]!.sections.length).toBeGreaterThan(0);
      }
      expect(openFiles()).toBe(before);
    } finally {
      cleanup();
    }
  });

  // Ensure searches of a stored index (each reading dictionary blocks, postings, records and policies) leave no descriptor open.
  it('leaves no descriptor open after searches', async () => {
    const { out, cleanup } = compiledCopy();
    try {
      const loaded = await loadHandbook({ dir: POLICIES, out, artefacts: true });
      const index = loaded.artefacts['search'] as SearchIndexArtefact;
      expect(storeOf(index)).toBeDefined();
      const before = openFiles();
      for (const q of ['用地指标', '小微企业贷款', '企业名称冠浙江字样', '浙委〔2011〕119号', '关于支持浙商创业创新的金融服务意见']) {
        expect(searchHandbook(loaded.handbook!, index, q).results.length).toBeGreaterThan(0);
        expect(openFiles()).toBe(before);
      }
    } finally {
      cleanup();
    }
  });

  // Ensure a lazy read never applies old offsets to a file a build has since replaced.
  it('refuses a lazy read from a compiled file replaced after the load', async () => {
    const { out, cleanup } = compiledCopy();
    try {
      const loaded = await loadHandbook({ dir: POLICIES, out });
      const path = join(out, COMPILED_FILE);
      writeFileSync(`${path}.new`, '{}');
      renameSync(`${path}.new`, path);
      expect(() => loaded.handbook!.policies[2]!.body).toThrow(/被改写/);
    } finally {
      cleanup();
    }
  });
});
