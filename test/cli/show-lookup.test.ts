// `show` by id in any case or by Chinese title, with near matches: the library lookup over the
// bundled handbook (cases as data: test/cases/lookup.yaml), and the CLI's words and exit codes.
import { describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DiagnosticBag } from '../../src/diagnostics/index.js';
import { readHandbookDir } from '../../src/load/read.js';
import { compileSources } from '../../src/validate/index.js';
import { everything, idOf, lookup } from '../../src/model/lookup.js';
import { PAGE_BYTES, type Directory } from '../../src/compiled/format.js';
import { POLICIES, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

interface LookupCase {
  name: string;
  query: string;
  found?: string;
  by?: string;
  candidates?: string[];
  near?: string[];
}

const cases = (parse(readFileSync(join(import.meta.dirname, '..', 'cases', 'lookup.yaml'), 'utf8')) as { lookup: LookupCase[] }).lookup;
const bag = new DiagnosticBag();
const handbook = compileSources(readHandbookDir(POLICIES, bag), bag).handbook!;

describe('lookup (test/cases/lookup.yaml)', () => {
  for (const c of cases) {
    // Ensure the name finds what the case says, or the candidates and near matches it lists.
    it(c.name, () => {
      const r = lookup(handbook, c.query);
      expect(r.found && idOf(r.found)).toBe(c.found);
      if (c.by) expect(r.matchedBy).toBe(c.by);
      if (c.candidates) expect(r.candidates.map(idOf)).toEqual(c.candidates);
      if (c.near) {
        expect(r.near.map(idOf).slice(0, c.near.length)).toEqual(c.near);
        if (c.near.length === 0) expect(r.near).toEqual([]);
      }
    });
  }
});

describe('lookup by id', () => {
  it('finds every id of the bundled handbook as the whole-handbook search does', () => {
    // Ensure looking in the policy an id begins with (the fast path) finds what searching everything finds.
    const all = everything(handbook);
    for (const f of all) expect(lookup(handbook, idOf(f))).toEqual({ found: all.find((g) => idOf(g) === idOf(f)), matchedBy: 'id', candidates: [], near: [] });
  });
});

describe('handbook show from a compiled file', () => {
  it("reads only the shown policy's text: another policy's corrupted text does not stop it", () => {
    // Ensure show decodes one policy's text, not every policy's: the last page of the texts is corrupted, land (whose text lies in the first page) still shows.
    const out = tempDir('hb-show-one-');
    expect(runCli(['build', '--out', out]).code).toBe(0);
    const clean = ['land', 'land.2.1', 'land.quota-priority'].map((id) => runCli(['show', id, '--out', out]));
    for (const r of clean) expect(r.code).toBe(0);
    const file = join(out, 'handbook.json');
    const bytes = readFileSync(file);
    const [, dirAt, dirLength] = /"directory":"(\d{12}),(\d{12})/.exec(bytes.toString('latin1', 0, 200))!;
    const dir = JSON.parse(bytes.toString('utf8', Number(dirAt), Number(dirAt) + Number(dirLength))) as Directory;
    const [textsAt, textsLength] = dir.policies.texts.span;
    // land is the second policy; its text group's offset and length are the third and fourth u32 of its index entry.
    const landEntry = bytes.subarray(dir.policies.index.span[0] + 24, dir.policies.index.span[0] + 48);
    expect(textsLength, 'the texts fill more than one page').toBeGreaterThan(PAGE_BYTES);
    expect(landEntry.readUInt32LE(8) + landEntry.readUInt32LE(12), "land's text lies in the first page").toBeLessThanOrEqual(PAGE_BYTES);
    bytes[textsAt + textsLength - 5]! ^= 0x21;
    writeFileSync(file, bytes);
    rmSync(join(out, 'sources.stat.json'), { force: true });
    ['land', 'land.2.1', 'land.quota-priority'].forEach((id, i) => {
      const r = runCli(['show', id, '--out', out]);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(clean[i]!.stdout);
    });
    // The corruption is seen where it is read: the last policy's text, and list (every policy's provisions).
    for (const args of [['show', 'headquarters'], ['list']]) {
      const r = runCli([...args, '--out', out]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/已损坏.*\[compiled\/corrupt\]/);
    }
  });
});

describe('handbook show NAME', () => {
  // Ensure a Chinese title shows the clause, and says which id it found.
  it('shows a clause by its title', () => {
    const r = runCli(['show', '用地指标倾斜']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('（id：land.2.1）');
    expect(r.stderr).toContain('按标题找到：land.2.1');
  });

  // Ensure an id in capitals is found.
  it('finds an id without regard to case', () => {
    const r = runCli(['show', 'LAND.QUOTA-PRIORITY']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('land.quota-priority');
  });

  // Ensure a word shared by several titles lists them, with exit code 1.
  it('lists the candidates of a shared word', () => {
    const r = runCli(['show', '补助']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('“补助”对应多处，请用 id 指明其中一个');
    expect(r.stderr).toMatch(/commerce\.2\.2 {2}境外展会补助/);
  });

  // Ensure a mistyped id suggests the near ones, in Chinese, with exit code 1.
  it('suggests near matches', () => {
    const r = runCli(['show', 'lnad.2.1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('未找到 id 或标题为“lnad.2.1”的政策、条文或条目。');
    expect(r.stderr).toMatch(/相近的有：\n {2}land\.2\.1 {2}用地指标倾斜/);
  });
});
