// The compiled file's format (schema version 2, docs/SEARCH.md "On disk"): the same input gives
// the same bytes, what is read back is what was written, each text is stored once, and a file
// of another schema version is refused and recompiled.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { compileArtefacts } from '../../src/artefacts.js';
import { COMPILED_FILE, loadHandbook, readCompiled, serializeCompiled, toCompiled, writeCompiled, SCHEMA_VERSION } from '../../src/compiled/index.js';
import { dedupe, restore } from '../../src/compiled/policy-text.js';
import { DiagnosticBag } from '../../src/diagnostics/index.js';
import { readHandbookDir } from '../../src/load/read.js';
import { compileSources } from '../../src/validate/index.js';
import { POLICIES } from '../helpers/cli.js';

function compiled() {
  const bag = new DiagnosticBag();
  const files = readHandbookDir(POLICIES, bag);
  const { handbook } = compileSources(files, bag);
  return toCompiled(handbook!, files, compileArtefacts(handbook!));
}

describe('compiled file format', () => {
  // Ensure two compiles of the same sources, each with its own search index, give the same bytes.
  it('is byte-identical for the same input', () => {
    const a = serializeCompiled(compiled());
    const b = serializeCompiled(compiled());
    expect(a.equals(b)).toBe(true);
    const out = mkdtempSync(join(tmpdir(), 'hb-format-'));
    try {
      // The streamed writer gives the same bytes as the in-memory one.
      writeCompiled(join(out, COMPILED_FILE), compiled());
      expect(readFileSync(join(out, COMPILED_FILE)).equals(a)).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  // Ensure reading the file back gives the handbook, the sources and the search artefact that were written.
  it('reads back what was written', () => {
    const c = compiled();
    const out = mkdtempSync(join(tmpdir(), 'hb-format-'));
    try {
      writeCompiled(join(out, COMPILED_FILE), c);
      const back = readCompiled(join(out, COMPILED_FILE));
      expect(back.schemaVersion).toBe(SCHEMA_VERSION);
      expect(back).toEqual(JSON.parse(JSON.stringify(c)));
      // The search artefact read back serialises to the very JSON of the one built (what the booklet's page embeds).
      expect(JSON.stringify(back.artefacts['search'])).toBe(JSON.stringify(c.artefacts['search']));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  // Ensure a clause's text and Markdown and the preamble are stored once (as places in the body) and restored exactly.
  it('stores each policy text once', () => {
    const c = compiled();
    let references = 0;
    for (const p of c.handbook.policies) {
      const heavy = { preamble: p.preamble, body: p.body, bodyLine: p.bodyLine, sections: p.sections };
      const stored = dedupe(heavy);
      const json = JSON.stringify(stored);
      for (const s of p.sections) for (const cl of s.clauses) if (cl.markdown.length > 20) expect(json.split(cl.markdown).length - 1).toBe(1);
      references += (json.match(/"markdown":\[/g) ?? []).length;
      expect(restore(JSON.parse(json))).toEqual(heavy);
    }
    expect(references).toBeGreaterThan(50);
  });

  // Ensure a file of the previous layout (schema version 1) is not read but recompiled, with the reason.
  it('refuses another schema version and recompiles', async () => {
    const out = mkdtempSync(join(tmpdir(), 'hb-format-'));
    try {
      const path = join(out, COMPILED_FILE);
      writeCompiled(path, compiled());
      const bytes = readFileSync(path);
      const header = `"schemaVersion":${SCHEMA_VERSION},`;
      const at = bytes.indexOf(header);
      expect(at).toBeGreaterThan(0);
      bytes.write(`"schemaVersion":1,`, at, 'utf8');
      writeFileSync(path, bytes);
      const loaded = await loadHandbook({ dir: POLICIES, out, artefacts: true });
      expect(loaded.from).toBe('sources');
      expect(loaded.staleReason).toContain(`格式版本为 1，本程序需要 ${SCHEMA_VERSION}`);
      expect(loaded.handbook?.policies.length).toBeGreaterThan(5);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
